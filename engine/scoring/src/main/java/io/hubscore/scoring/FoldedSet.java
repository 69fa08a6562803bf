package io.hubscore.scoring;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of model values (lower-cased, ignoring case as {@link Text} defines it) that answers "is this contact
 * value, or one of its {@code ;}-separated values, in the set?" without allocating: an open-addressing table
 * probed with a hash computed over the contact value's chars. A blank contact value (only whitespace) is in no
 * set, so callers need not test for one first. Immutable and thread-safe after construction.
 */
final class FoldedSet {

    private final char[][] table;
    private final int mask;
    private final List<String> sorted;
    /** The values when there are few of them; null otherwise. */
    private final char[][] small;
    /**
     * With {@code small}, spellings of its values that a whole contact value often has exactly (as the model
     * wrote it, lower case, upper case), each folding to its value: {@link String#equals} finds those several
     * times faster than comparing char by char. HubSpot's own option values are upper case.
     */
    private final String[] spellings;
    /**
     * Bit n set when some value is n chars long, bit 63 when some value is 63 or more: most values that are not
     * in the set are turned down by their length alone, before reading a char.
     */
    private final long lengths;
    /** The length of the shortest value; Integer.MAX_VALUE for an empty set. */
    private final int shortest;

    FoldedSet(Collection<String> values) {
        TreeSet<String> folded = new TreeSet<>();
        Set<String> spelled = new LinkedHashSet<>();
        for (String v : values) {
            String f = Text.fold(v.strip());
            folded.add(f);
            spelled.add(v.strip());
            spelled.add(f);
            spelled.add(f.toUpperCase(Locale.ROOT));
        }
        // a spelling that does not fold to a value (upper case may change the length, as ß to SS) is dropped
        spelled.removeIf(spelling -> spelling.isEmpty() || !folded.contains(Text.fold(spelling)));
        this.sorted = List.copyOf(folded);
        // an empty value could only ever equal a blank contact value, which counts as missing
        folded.remove("");
        long lengthBits = 0;
        int shortestLength = Integer.MAX_VALUE;
        for (String v : folded) {
            lengthBits |= 1L << Math.min(63, v.length());
            shortestLength = Math.min(shortestLength, v.length());
        }
        this.lengths = lengthBits;
        this.shortest = shortestLength;
        this.small = folded.size() <= 6 ? folded.stream().map(String::toCharArray).toArray(char[][]::new) : null;
        this.spellings = small == null ? null : spelled.toArray(String[]::new);
        int size = Integer.highestOneBit(Math.max(4, folded.size() * 4 - 1)) << 1;
        this.table = new char[size][];
        this.mask = size - 1;
        for (String v : folded) {
            int i = v.hashCode() & mask;
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
            table[i] = v.toCharArray();
        }
    }

    /** The values, folded and sorted: the canonical form for the model fingerprint. */
    List<String> sorted() {
        return sorted;
    }

    /** Whether {@code value[from, to)} is in the set, ignoring case. */
    boolean contains(String value, int from, int to) {
        if ((lengths & (1L << Math.min(63, to - from))) == 0) {
            return false;
        }
        if (small != null) {
            if (from == 0 && to == value.length()) {
                for (String spelling : spellings) {
                    if (value.equals(spelling)) {
                        return true;
                    }
                }
            }
            for (char[] candidate : small) {
                if (Text.equalsFolded(value, from, to, candidate)) {
                    return true;
                }
            }
            return false;
        }
        int i = Text.foldedHash(value, from, to) & mask;
        char[] candidate;
        while ((candidate = table[i]) != null) {
            if (Text.equalsFolded(value, from, to, candidate)) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    /**
     * Whether the whole value, or any of its {@code ;}-separated values (HubSpot's multi-select form, each
     * stripped of surrounding spaces), is in the set.
     */
    boolean containsAnyOf(String value) {
        int n = value.length();
        int from = 0;
        while (from < n && value.charAt(from) == ' ') {
            from++;
        }
        int to = n;
        while (to > from && value.charAt(to - 1) == ' ') {
            to--;
        }
        if (contains(value, from, to)) {
            return true;
        }
        // one of several values needs a separator besides itself
        if (n <= shortest || value.indexOf(';') < 0) {
            return false;
        }
        int start = 0;
        while (start <= n) {
            int end = value.indexOf(';', start);
            if (end < 0) {
                end = n;
            }
            int a = start;
            int b = end;
            while (a < b && value.charAt(a) == ' ') {
                a++;
            }
            while (b > a && value.charAt(b - 1) == ' ') {
                b--;
            }
            if (a < b && contains(value, a, b)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }
}
