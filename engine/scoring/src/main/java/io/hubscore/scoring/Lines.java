package io.hubscore.scoring;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Collects the explanation lines of one scoring call into an array sized for the model's most lines, and
 * hands them out as an immutable list over that array, so a score copies no list. Not thread-safe until
 * {@link #toList()}; the list it returns is immutable.
 */
final class Lines {

    private final Contribution[] lines;
    private int size;

    Lines(int capacity) {
        this.lines = new Contribution[capacity];
    }

    void add(Contribution line) {
        lines[size++] = line;
    }

    /** The lines so far; nothing may be added afterwards. */
    List<Contribution> toList() {
        return new Frozen(lines, size);
    }

    /** An immutable view of the first {@code size} lines; the array is never written again. */
    static final class Frozen extends AbstractList<Contribution> implements RandomAccess {

        private final Contribution[] lines;
        private final int size;

        private Frozen(Contribution[] lines, int size) {
            this.lines = lines;
            this.size = size;
        }

        @Override
        public Contribution get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("index " + index + ", size " + size);
            }
            return lines[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
