package io.hubscore.client;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing. {@code after} is the cursor of the next page (persist it to resume a
 * backfill there); null on the last page. Immutable.
 */
public record Page<T>(List<T> results, String after) {

    public Page {
        results = List.copyOf(results);
    }

    public Optional<String> next() {
        return Optional.ofNullable(after);
    }

    public boolean isLast() {
        return after == null;
    }
}
