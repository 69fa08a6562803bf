package io.hubscore.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as admins write them: a whole number and a unit, {@code 500ms}, {@code 45s}, {@code 5m},
 * {@code 12h}, {@code 30d}, {@code 2w}; ISO-8601 ({@code PT5M}) is accepted too.
 */
public final class Durations {

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d|w)");

    private Durations() {
    }

    /** Parses a duration, or returns null when the text is not one. */
    public static Duration parse(String text) {
        String t = text.strip();
        Matcher m = SHORT_FORM.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> null;
            };
        }
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return Duration.parse(t);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** Formats a duration in the largest whole unit, the way {@link #parse} reads it back. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        long[] sizes = {7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000};
        String[] units = {"w", "d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms != 0 && ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }
}
