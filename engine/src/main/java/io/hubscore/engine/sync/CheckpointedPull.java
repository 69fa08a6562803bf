package io.hubscore.engine.sync;

import io.hubscore.connector.api.Changes;
import io.hubscore.connector.api.Page;
import io.hubscore.engine.ledger.Checkpoints;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every stream (contacts, each engagement type, deals) is pulled: a backfill through the list endpoint whose
 * {@code after} cursor is stored with every page ({@code STREAM.backfill}, {@code done} at the end), then
 * incremental windows from {@code STREAM.incremental}, whose checkpoint moves in the transaction that stores the
 * window's last records. When the set of properties read changes ({@code STREAM.properties}), the backfill starts
 * over. An interrupted run returns after its current batch and leaves the checkpoints where they were: the next
 * run reads the rest again, and stores are idempotent. Not thread-safe; one run at a time.
 *
 * @param <T> the records of the stream
 */
final class CheckpointedPull<T> {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointedPull.class);

    static final String DONE = "done";

    /** Stores a batch of records in the open transaction. */
    interface Store<T> {
        void store(Connection c, List<T> batch, long now) throws SQLException;
    }

    /** An incremental window: its records, read lazily, and the checkpoint to store once they are stored. */
    record Window<T>(long nextCheckpoint, Supplier<Iterator<T>> records) {
        static <T> Window<T> of(Changes<T> changes) {
            return new Window<>(changes.nextCheckpoint(), changes::iterator);
        }
    }

    /** What a run read: records from the backfill and from the incremental window. */
    record Counts(long backfilled, long changed) {
    }

    private final SyncContext context;
    private final String stream;
    private final String signature;
    private final Function<String, Iterator<Page<T>>> backfill;
    private final LongFunction<Window<T>> incremental;
    private final Store<T> store;

    /**
     * @param signature identifies the properties read; a new one restarts the backfill
     * @param backfill the list pages after a cursor (null: from the start)
     * @param incremental the window of records changed since a checkpoint (epoch ms)
     */
    CheckpointedPull(SyncContext context, String stream, String signature,
            Function<String, Iterator<Page<T>>> backfill, LongFunction<Window<T>> incremental, Store<T> store) {
        this.context = context;
        this.stream = stream;
        this.signature = signature;
        this.backfill = backfill;
        this.incremental = incremental;
        this.store = store;
    }

    Counts run() {
        String cursor = start();
        long backfilled = 0;
        if (!cursor.equals(DONE)) {
            Iterator<Page<T>> pages = backfill.apply(cursor.isEmpty() ? null : cursor);
            while (pages.hasNext()) {
                Page<T> page = pages.next();
                String next = page.next().orElse(DONE);
                long now = context.clock().millis();
                context.ledger().write(c -> {
                    store.store(c, page.results(), now);
                    Checkpoints.put(c, stream + ".backfill", next, now);
                    return null;
                });
                backfilled += page.results().size();
                if (Thread.currentThread().isInterrupted()) {
                    return new Counts(backfilled, 0);
                }
            }
            LOG.info("backfill of {} complete", stream);
        }
        return new Counts(backfilled, incremental());
    }

    /** Records the signature and starts a backfill when none is under way; returns the backfill cursor. */
    private String start() {
        long now = context.clock().millis();
        return context.ledger().write(c -> {
            Optional<String> stored = Checkpoints.get(c, stream + ".properties");
            if (stored.isPresent() && !stored.get().equals(signature)) {
                LOG.info("other properties of {} are read now: pulling every record again", stream);
                Checkpoints.delete(c, stream + ".backfill");
            }
            Checkpoints.put(c, stream + ".properties", signature, now);
            Optional<String> cursor = Checkpoints.get(c, stream + ".backfill");
            if (cursor.isPresent()) {
                return cursor.get();
            }
            Checkpoints.put(c, stream + ".backfill", "", now);
            // changes made while the backfill pages run are read by the first incremental window
            if (Checkpoints.get(c, stream + ".incremental").isEmpty()) {
                Checkpoints.put(c, stream + ".incremental", Long.toString(now), now);
            }
            LOG.info("backfill of {} starts", stream);
            return "";
        });
    }

    private long incremental() {
        long from = context.ledger().read(c -> Checkpoints.get(c, stream + ".incremental")).map(Long::parseLong)
                .orElse(context.clock().millis());
        Window<T> window = incremental.apply(from);
        Iterator<T> records = window.records().get();
        List<T> batch = new ArrayList<>();
        int size = context.batchSize();
        long count = 0;
        while (records.hasNext()) {
            batch.add(records.next());
            if (batch.size() >= size) {
                List<T> chunk = List.copyOf(batch);
                batch.clear();
                long now = context.clock().millis();
                context.ledger().write(c -> {
                    store.store(c, chunk, now);
                    return null;
                });
                count += chunk.size();
                if (Thread.currentThread().isInterrupted()) {
                    return count;
                }
            }
        }
        long now = context.clock().millis();
        context.ledger().write(c -> {
            store.store(c, batch, now);
            Checkpoints.put(c, stream + ".incremental", Long.toString(window.nextCheckpoint()), now);
            return null;
        });
        return count + batch.size();
    }
}
