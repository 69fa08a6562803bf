package io.hubscore.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    /** What the general parser makes of {@code text}: the comparison value every search used before the fast path. */
    private static OptionalDouble parsed(String text) {
        try {
            return OptionalDouble.of(Instant.parse(text).toEpochMilli());
        } catch (DateTimeParseException e) {
            return OptionalDouble.empty();
        }
    }

    @Test
    void storedTimestampsCompareAsTheInstantsTheyName() {
        Random random = new Random(24);
        for (int i = 0; i < 20_000; i++) {
            // years 0 to 9999, leap days and the last millisecond of a day included
            Instant instant = Instant.ofEpochMilli(-62_167_219_200_000L
                    + (long) (random.nextDouble() * 315_537_897_599_999L));
            String text = Timestamps.iso(instant);
            assertEquals(OptionalDouble.of(instant.toEpochMilli()), Timestamps.number(text), text);
        }
    }

    @Test
    void textNearTheStoredFormReadsAsTheGeneralParserReadsIt() {
        for (String text : new String[] {"2024-02-29T23:59:59.999Z", "2023-02-29T10:00:00.000Z",
                "2026-04-31T10:00:00.000Z", "2026-13-01T10:00:00.000Z", "2026-00-10T10:00:00.000Z",
                "2026-01-01T24:00:00.000Z", "2026-01-01T10:60:00.000Z", "2026-01-01T10:00:60.000Z",
                "2026-01-01T10:00:00.00aZ", "2026-01-01 10:00:00.000Z", "2026-01-01T10:00:00.000+", "0000-01-01T00:00:00.000Z",
                "2026-01-01T10:00:00Z", "2026-01-01T10:00:00.5Z", "2026-01-01T10:00:00.123456Z"}) {
            assertEquals(parsed(text), Timestamps.number(text), text);
        }
    }
}
