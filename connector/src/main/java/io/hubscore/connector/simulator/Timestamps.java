package io.hubscore.connector.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalDouble;

/** HubSpot's timestamp formats: ISO-8601 with milliseconds in UTC on output; epoch ms or ISO on input. Stateless. */
final class Timestamps {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    static String iso(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    /**
     * A value as a number for comparisons: a plain number, an ISO instant or an ISO date (as epoch ms);
     * empty when it is none of these (e.g. {@code "12 employees"} or {@code ""}).
     */
    static OptionalDouble number(String value) {
        if (value == null || value.isEmpty()) {
            return OptionalDouble.empty();
        }
        char first = value.charAt(0);
        if ((first >= '0' && first <= '9') || first == '-' || first == '.') {
            if (value.length() >= 10 && value.charAt(4) == '-') {
                return date(value);
            }
            try {
                return OptionalDouble.of(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
        }
        return OptionalDouble.empty();
    }

    private static OptionalDouble date(String value) {
        try {
            if (value.length() == 10) {
                return OptionalDouble.of(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
            }
            return OptionalDouble.of(Instant.parse(value).toEpochMilli());
        } catch (DateTimeParseException e) {
            return OptionalDouble.empty();
        }
    }
}
