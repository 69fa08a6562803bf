package io.hubscore.engine.scoring;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A set of model values (lower-cased, ignoring case as {@link Text} defines it) that answers "is this contact
 * value, or one of its {@code ;}-separated values, in the set?" without allocating: an open-addressing table
 * probed with a hash computed over the contact value's chars. Immutable and thread-safe after construction.
 */
final class FoldedSet {

    private final String[] table;
    private final int mask;
    private final List<String> sorted;
    /** The values as an array when there are few of them; null otherwise. */
    private final String[] small;

    FoldedSet(Collection<String> values) {
        TreeSet<String> folded = new TreeSet<>();
        for (String v : values) {
            folded.add(Text.fold(v.strip()));
        }
        this.sorted = List.copyOf(folded);
        this.small = folded.size() <= 6 ? folded.toArray(String[]::new) : null;
        int size = Integer.highestOneBit(Math.max(4, folded.size() * 4 - 1)) << 1;
        this.table = new String[size];
        this.mask = size - 1;
        for (String v : folded) {
            int i = v.hashCode() & mask;
            while (table[i] != null) {
                i = (i + 1) & mask;
            }
            table[i] = v;
        }
    }

    /** The values, folded and sorted: the canonical form for the model fingerprint. */
    List<String> sorted() {
        return sorted;
    }

    /** Whether {@code value[from, to)} is in the set, ignoring case. */
    boolean contains(String value, int from, int to) {
        if (small != null) {
            // a few values: comparing lengths first rejects most candidates without reading a char
            for (String candidate : small) {
                if (Text.equalsFolded(value, from, to, candidate)) {
                    return true;
                }
            }
            return false;
        }
        int i = Text.foldedHash(value, from, to) & mask;
        String candidate;
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
        if (value.indexOf(';') < 0) {
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
