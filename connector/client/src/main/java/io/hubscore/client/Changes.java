package io.hubscore.client;

import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The records changed in a fixed window {@code [from, upTo]} (epoch ms), read lazily page by page,
 * and the checkpoint to store once they are all handled: {@code upTo} minus the search-lag margin,
 * so changes not yet indexed when the pull ran are read by the next pull (which may therefore see
 * some records twice, never miss one). Iterate once. Not thread-safe.
 */
public final class Changes<T> implements Iterable<T> {

    private final long from;
    private final long upTo;
    private final long nextCheckpoint;
    private final Supplier<Iterator<T>> records;
    private boolean consumed;

    Changes(long from, long upTo, long nextCheckpoint, Supplier<Iterator<T>> records) {
        this.from = from;
        this.upTo = upTo;
        this.nextCheckpoint = nextCheckpoint;
        this.records = records;
    }

    public long from() {
        return from;
    }

    public long upTo() {
        return upTo;
    }

    /** The checkpoint to persist after every record has been handled. */
    public long nextCheckpoint() {
        return nextCheckpoint;
    }

    @Override
    public Iterator<T> iterator() {
        if (consumed) {
            throw new IllegalStateException("changes can be iterated once");
        }
        consumed = true;
        return records.get();
    }

    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }
}
