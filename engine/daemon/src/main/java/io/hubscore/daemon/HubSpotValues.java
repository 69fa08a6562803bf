package io.hubscore.daemon;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reading HubSpot's property strings where the daemon itself needs a value (timestamps, owned values). */
final class HubSpotValues {

    private HubSpotValues() {
    }

    /** A datetime property as epoch ms: HubSpot sends ISO-8601 or epoch milliseconds; null when absent or bad. */
    static Long epochMillis(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            if (text.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(text);
            }
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }

    /**
     * Whether HubSpot's value is the value hubscore wrote: numbers compare as numbers ("42" and "42.0"), datetimes
     * as instants (epoch ms and ISO-8601), anything else as text.
     */
    static boolean sameValue(String ours, String theirs) {
        if (ours == null || theirs == null) {
            return (ours == null || ours.isEmpty()) && (theirs == null || theirs.isEmpty());
        }
        if (ours.equals(theirs)) {
            return true;
        }
        try {
            return new BigDecimal(ours.strip()).compareTo(new BigDecimal(theirs.strip())) == 0;
        } catch (NumberFormatException e) {
            // not two numbers
        }
        Long a = epochMillis(ours);
        Long b = epochMillis(theirs);
        return a != null && a.equals(b);
    }
}
