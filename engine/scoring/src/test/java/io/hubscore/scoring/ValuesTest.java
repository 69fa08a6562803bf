package io.hubscore.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', value = {
        "1771113600000                 ~ 2026-02-15T00:00:00Z",
        "-86400000                     ~ 1969-12-31T00:00:00Z",
        "0                             ~ 1970-01-01T00:00:00Z",
        "'  1771113600000 '            ~ 2026-02-15T00:00:00Z",
        "2026-02-15                    ~ 2026-02-15T00:00:00Z",
        "2024-02-29                    ~ 2024-02-29T00:00:00Z",
        "2026-02-15T10:20:30Z          ~ 2026-02-15T10:20:30Z",
        "2026-02-15T10:20:30.5Z        ~ 2026-02-15T10:20:30.500Z",
        "2026-02-15T10:20:30.123456Z   ~ 2026-02-15T10:20:30.123Z",
        "2026-02-15T10:20:30.123456789Z ~ 2026-02-15T10:20:30.123Z",
        "2026-02-15T10:20:30+01:00     ~ 2026-02-15T09:20:30Z",
    })
    void readsEveryFormHubSpotUses(String text, String expected) {
        assertEquals(Instant.parse(expected).toEpochMilli(), Values.parseDate(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '~', value = {
        "'-'", "1234567890123456", "2026-02-30", "2023-02-29", "2026-13-01", "2026-00-10", "2026-1-15",
        "2026-02-15T24:00:00Z", "2026-02-15T10:60:00Z", "2026-02-15T10:20:30",
        "2026-02-1x", "12a", "yesterday", "２０２６-02-15",
    })
    void turnsDownWhatIsNotADate(String text) {
        assertEquals(Values.NO_DATE, Values.parseDate(text), text);
    }

    /** Absent is null or blank, whatever char a value starts with: every char, alone and before text. */
    @Test
    void aValueIsAbsentExactlyWhenItIsNullOrBlank() {
        assertTrue(Values.isAbsent(null));
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            String alone = String.valueOf(c);
            assertEquals(alone.isBlank(), Values.isAbsent(alone), "char " + (int) c);
            assertFalse(Values.isAbsent(alone + "x"), "char " + (int) c + " before text");
            assertEquals(alone.isBlank(), Values.isAbsent(alone + " \t"), "char " + (int) c + " before spaces");
        }
    }

    /** The fast paths give exactly what java.time gives, and turn down exactly what it turns down. */
    @Test
    void agreesWithJavaTimeOnGeneratedText() {
        Random random = new Random(9);
        String alphabet = "0123456789-T:.Z+ x";
        int dates = 0;
        for (int i = 0; i < 200_000; i++) {
            String text = switch (random.nextInt(4)) {
                case 0 -> Long.toString(random.nextLong() % 1_000_000_000_000_000L);
                case 1 -> String.format("%04d-%02d-%02d", random.nextInt(10_000), random.nextInt(14), random.nextInt(33));
                case 2 -> String.format("%04d-%02d-%02dT%02d:%02d:%02d%sZ", 1900 + random.nextInt(300),
                        random.nextInt(14), random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62),
                        random.nextBoolean() ? "" : "." + Long.toString(random.nextLong() & Long.MAX_VALUE).substring(0,
                                random.nextInt(12)));
                default -> mutate(random, "2026-02-15T10:20:30.123Z", alphabet);
            };

            long expected = reference(text);
            dates += expected == Values.NO_DATE ? 0 : 1;

            assertEquals(expected, Values.parseDate(text), text);
        }
        assertTrue(dates > 50_000, "too few generated dates were dates: " + dates);
    }

    private static String mutate(Random random, String text, String alphabet) {
        char[] chars = text.toCharArray();
        chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
        return new String(chars);
    }

    /** Digits as epoch milliseconds (at most 15), yyyy-MM-dd as midnight UTC, else an ISO date-time with a zone. */
    private static long reference(String text) {
        String t = text.strip();
        if (t.matches("-?[0-9]+")) {
            return t.replace("-", "").length() <= 15 ? Long.parseLong(t) : Values.NO_DATE;
        }
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC).toInstant()
                        .toEpochMilli();
            }
            return DateTimeFormatter.ISO_DATE_TIME.parse(t, Instant::from).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return Values.NO_DATE;
        }
    }
}
