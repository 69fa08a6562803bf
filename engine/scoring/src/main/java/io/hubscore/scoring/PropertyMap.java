package io.hubscore.scoring;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The immutable property map of the input records: HubSpot property names to values, without null names or
 * values. Scoring looks up a few dozen names per contact, so lookup is what this map is built for: an
 * open-addressing table of names and values side by side, at most half full, probed from the name's cached
 * hash with a mask (the JDK's immutable maps reduce the hash with a division, which costs more than the rest
 * of a lookup). Thread-safe.
 */
final class PropertyMap extends AbstractMap<String, String> {

    private static final PropertyMap EMPTY = new PropertyMap(new String[2], new int[1], 0);

    /** Names at even indexes, each one's value at the next; a null name marks a free slot. */
    private final String[] table;
    /**
     * Each slot's name's hash: a probe reads a name only when its hash is the one looked for, so looking up a
     * property the contact does not have reads no name at all.
     */
    private final int[] hashes;
    /** Slots minus one; a power of two minus one. */
    private final int mask;
    private final int size;

    private PropertyMap(String[] table, int[] hashes, int size) {
        this.table = table;
        this.hashes = hashes;
        this.mask = table.length / 2 - 1;
        this.size = size;
    }

    /**
     * An immutable copy without null names or values (a null value means the property is absent), for maps of
     * a handful of properties such as an engagement's: the JDK's own immutable map, which keeps one property
     * in the map object itself.
     */
    static Map<String, String> copySmall(Map<String, String> properties) {
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                return Map.copyOf(copyPresent(properties));
            }
        }
        return Map.copyOf(properties);
    }

    /** An immutable copy without null names or values (a null value means the property is absent). */
    static PropertyMap copyPresent(Map<String, String> properties) {
        if (properties instanceof PropertyMap copy) {
            return copy;
        }
        int present = 0;
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            if (entry.getKey() != null && entry.getValue() != null) {
                present++;
            }
        }
        if (present == 0) {
            return EMPTY;
        }
        int slots = Integer.highestOneBit(present) << 2;
        String[] table = new String[2 * slots];
        int[] hashes = new int[slots];
        int mask = slots - 1;
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue();
            if (name == null || value == null) {
                continue;
            }
            int i = slot(name.hashCode(), mask);
            while (table[2 * i] != null) {
                i = (i + 1) & mask;
            }
            table[2 * i] = name;
            table[2 * i + 1] = value;
            hashes[i] = name.hashCode();
        }
        return new PropertyMap(table, hashes, present);
    }

    private static int slot(int hash, int mask) {
        return (hash ^ (hash >>> 16)) & mask;
    }

    @Override
    public String get(Object name) {
        if (name == null) {
            return null;
        }
        String[] t = table;
        int hash = name.hashCode();
        int i = slot(hash, mask);
        String candidate;
        while ((candidate = t[2 * i]) != null) {
            if (hashes[i] == hash && (candidate == name || candidate.equals(name))) {
                return t[2 * i + 1];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    @Override
    public boolean containsKey(Object name) {
        return get(name) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next = advance(0);

                    private int advance(int from) {
                        int i = from;
                        while (i < table.length && table[i] == null) {
                            i += 2;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < table.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (next >= table.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, String> entry = Map.entry(table[next], table[next + 1]);
                        next = advance(next + 2);
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
