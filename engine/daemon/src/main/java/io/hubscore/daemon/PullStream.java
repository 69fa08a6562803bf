package io.hubscore.daemon;

import io.hubscore.client.Page;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * One pull stream with the ways its records are read and stored: the backfill's list pages after a cursor (null:
 * from the start), its search pages after an id up to a modified date (null when the stream is not read by search), the incremental window of records changed since a checkpoint (epoch ms), the records of given
 * ids (for the completeness check; ids HubSpot no longer has are left out), and the store, which is idempotent.
 * Immutable; its functions call HubSpot and are used by one job at a time.
 *
 * @param <T> the records of the stream
 */
record PullStream<T>(
        SyncStreams.Key key,
        Function<String, Iterator<Page<T>>> backfill,
        BiFunction<String, Long, Iterator<Page<T>>> search,
        LongFunction<CheckpointedPull.Window<T>> incremental,
        Function<List<String>, List<T>> byIds,
        CheckpointedPull.Store<T> store) {

    PullStream {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(backfill, "backfill");
        Objects.requireNonNull(incremental, "incremental");
        Objects.requireNonNull(byIds, "byIds");
        Objects.requireNonNull(store, "store");
    }

    String name() {
        return key.name();
    }
}
