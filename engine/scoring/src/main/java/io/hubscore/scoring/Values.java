package io.hubscore.scoring;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Reads HubSpot property values: numbers as decimal strings, dates as epoch milliseconds, ISO-8601 date-times
 * with a zone or offset, or plain {@code yyyy-MM-dd} (midnight UTC). Never throws on bad text: a value that
 * cannot be read gives {@link Double#NaN} or {@link #NO_DATE}. Stateless and thread-safe.
 */
final class Values {

    /** What {@link #parseDate} returns for text that is not a date. */
    static final long NO_DATE = Long.MIN_VALUE;

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long DAYS_0000_TO_1970 = 719_528L;
    /** Exact powers of ten as doubles (every one up to 1e22 is exactly representable). */
    private static final double[] POWERS_OF_TEN = new double[19];

    static {
        double p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private Values() {
    }

    /** True when the value counts as absent: null, empty or only whitespace. */
    static boolean isAbsent(String value) {
        if (value == null || value.isEmpty()) {
            return true;
        }
        // no char after the space and before U+1680 is whitespace: most values are settled by their first char
        char first = value.charAt(0);
        return (first <= ' ' || first >= '\u1680') && value.isBlank();
    }

    /**
     * A decimal number such as {@code 12}, {@code -3.5} or {@code 1e3}, or NaN. Leading and trailing whitespace
     * is allowed; thousands separators, units, {@code NaN}, {@code Infinity} and hexadecimal are not.
     */
    static double parseNumber(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (start == end) {
            return Double.NaN;
        }
        int i = start;
        boolean negative = false;
        char first = text.charAt(i);
        if (first == '-' || first == '+') {
            negative = first == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int fractionDigits = 0;
        boolean point = false;
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 18) {
                    return slowNumber(text, start, end);
                }
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa != 0) {
                    digits++;
                }
                if (point) {
                    fractionDigits++;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else if (c == 'e' || c == 'E') {
                return slowNumber(text, start, end);
            } else {
                return Double.NaN;
            }
        }
        int length = end - start - (point ? 1 : 0) - (first == '-' || first == '+' ? 1 : 0);
        if (length == 0 || fractionDigits >= POWERS_OF_TEN.length) {
            return length == 0 ? Double.NaN : slowNumber(text, start, end);
        }
        // mantissa < 10^18 but may exceed 2^53: only then can the division round differently from parseDouble
        if (mantissa > (1L << 53)) {
            return slowNumber(text, start, end);
        }
        double value = fractionDigits == 0 ? mantissa : mantissa / POWERS_OF_TEN[fractionDigits];
        return negative ? -value : value;
    }

    /** The general form, checked by hand first so parseDouble never sees its own extras (NaN, 1d, 0x1p3). */
    private static double slowNumber(String text, int start, int end) {
        int i = start;
        if (text.charAt(i) == '-' || text.charAt(i) == '+') {
            i++;
        }
        int mantissaDigits = 0;
        boolean point = false;
        boolean exponent = false;
        int exponentDigits = 0;
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (exponent) {
                    exponentDigits++;
                } else {
                    mantissaDigits++;
                }
            } else if (c == '.' && !point && !exponent) {
                point = true;
            } else if ((c == 'e' || c == 'E') && !exponent && mantissaDigits > 0) {
                exponent = true;
                if (i + 1 < end && (text.charAt(i + 1) == '-' || text.charAt(i + 1) == '+')) {
                    i++;
                }
            } else {
                return Double.NaN;
            }
        }
        if (mantissaDigits == 0 || exponent && exponentDigits == 0) {
            return Double.NaN;
        }
        double value = Double.parseDouble(text.substring(start, end));
        return Double.isInfinite(value) ? Double.NaN : value;
    }

    /**
     * A date as epoch milliseconds, or {@link #NO_DATE}: epoch milliseconds as digits, {@code yyyy-MM-dd}
     * (midnight UTC, as HubSpot stores date properties), or an ISO-8601 date-time with {@code Z}, an offset or
     * a zone. A date-time without a zone is not a date: it would depend on where it is read.
     */
    static long parseDate(String text) {
        String t = text.strip();
        int n = t.length();
        if (n == 0) {
            return NO_DATE;
        }
        if (n < 10 || t.charAt(4) != '-') {
            long millis = epochMillis(t);
            if (millis != NO_DATE || allDigits(t)) {
                return millis;
            }
        } else if (n == 10 && t.charAt(7) == '-') {
            long day = epochDay(t);
            return day == NO_DATE ? NO_DATE : day * MILLIS_PER_DAY;
        }
        long fast = fastDateTime(t);
        if (fast != NO_DATE) {
            return fast;
        }
        try {
            return DateTimeFormatter.ISO_DATE_TIME.parse(t, Instant::from).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return NO_DATE;
        }
    }

    /** Epoch milliseconds from an optional minus sign and 1 to 15 digits; NO_DATE for any other text. */
    private static long epochMillis(String t) {
        boolean negative = t.charAt(0) == '-';
        int from = negative ? 1 : 0;
        int count = t.length() - from;
        if (count == 0 || count > 15) {
            return NO_DATE;
        }
        long value = digits(t, from, count);
        return value < 0 ? NO_DATE : negative ? -value : value;
    }

    /** Whether the text is an optional minus sign and then digits only (too many for a date, or a date). */
    private static boolean allDigits(String t) {
        int from = t.charAt(0) == '-' ? 1 : 0;
        if (from == t.length()) {
            return false;
        }
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, the form HubSpot's API returns, without the formatter. */
    private static long fastDateTime(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z'
                || t.charAt(4) != '-' || t.charAt(7) != '-') {
            return NO_DATE;
        }
        long day = epochDay(t);
        int hour = (int) digits(t, 11, 2);
        int minute = (int) digits(t, 14, 2);
        int second = (int) digits(t, 17, 2);
        if (day == NO_DATE || (hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return NO_DATE;
        }
        int millis = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (t.charAt(19) != '.' || fractionDigits == 0 || fractionDigits > 9 || digits(t, 20, fractionDigits) < 0) {
                return NO_DATE;
            }
            millis = (int) digits(t, 20, Math.min(3, fractionDigits));
            for (int i = fractionDigits; i < 3; i++) {
                millis *= 10;
            }
        }
        return day * MILLIS_PER_DAY + hour * 3_600_000L + minute * 60_000L + second * 1_000L + millis;
    }

    /** The epoch day of {@code yyyy-MM-dd} at the start of the text, whose dashes the caller checked. */
    private static long epochDay(String t) {
        int year = (int) digits(t, 0, 4);
        int month = (int) digits(t, 5, 2);
        int day = (int) digits(t, 8, 2);
        if ((year | month | day) < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
            return NO_DATE;
        }
        // LocalDate.toEpochDay's arithmetic, for a year from 0 to 9999
        long total = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400
                + (367 * month - 362) / 12 + day - 1;
        if (month > 2) {
            total -= isLeap(year) ? 1 : 2;
        }
        return total - DAYS_0000_TO_1970;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /**
     * The number written by {@code count} (at most 18) chars from {@code from}, or -1 when one of them is not a
     * digit: one pass that reads each char once and tests them all together at the end.
     */
    private static long digits(String t, int from, int count) {
        long value = 0;
        int notDigit = 0;
        for (int i = from, end = from + count; i < end; i++) {
            int d = t.charAt(i) - '0';
            notDigit |= d | (9 - d);
            value = value * 10 + d;
        }
        return notDigit < 0 ? -1 : value;
    }

    /** Shortens a value for a note, so a note never carries a whole free-text field. */
    static String quote(String value) {
        return quote(value, "");
    }

    /** {@link #quote(String)} followed by {@code then}, built in one go. */
    static String quote(String value, String then) {
        String v = value.length() <= 40 ? value : value.substring(0, 37) + "...";
        return "'" + v + "'" + then;
    }
}
