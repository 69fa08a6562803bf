package io.hubscore.client;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Pages fetched one at a time, only when the caller asks for the next: memory stays flat whatever
 * the portal size. Not thread-safe (one consumer).
 */
final class LazyPages<T> implements Iterator<Page<T>> {

    private final Function<String, Page<T>> fetch;
    private String cursor;
    private boolean finished;

    /** {@code fetch} maps a cursor (null for the first page) to that page. */
    LazyPages(String startAfter, Function<String, Page<T>> fetch) {
        this.cursor = startAfter;
        this.fetch = fetch;
    }

    @Override
    public boolean hasNext() {
        return !finished;
    }

    @Override
    public Page<T> next() {
        if (finished) {
            throw new NoSuchElementException();
        }
        Page<T> page = fetch.apply(cursor);
        if (page.isLast()) {
            finished = true;
        } else if (page.after().equals(cursor)) {
            throw new UnexpectedAnswer("HubSpot returned the same paging cursor twice (" + cursor + "); stopping to avoid a loop");
        }
        cursor = page.after();
        return page;
    }
}
