package io.hubscore.daemon;

import io.hubscore.client.Changes;
import io.hubscore.client.Page;
import io.hubscore.ledger.Ledger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every stream (contacts, each engagement type, deals) is pulled: a backfill through the list endpoint whose
 * {@code after} cursor is stored with every page ({@code STREAM.backfill}), then a completeness check of what the
 * backfill stored against what HubSpot counts for records created up to the backfill's start ({@link Completeness};
 * {@code check} while it is due, {@code done} once it ran), then, from the next run on, incremental windows from
 * {@code STREAM.incremental}, whose checkpoint moves in the transaction that stores the window's last records. A stream is whole when its
 * backfill is {@code done} for the properties read now: when the set of properties read changes
 * ({@code STREAM.properties}), the backfill starts over. An interrupted run returns after its current batch and
 * leaves the checkpoints where they were: the next run reads the rest again, and stores are idempotent. Not
 * thread-safe; one run at a time.
 *
 * @param <T> the records of the stream
 */
final class CheckpointedPull<T> {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointedPull.class);

    static final String DONE = "done";
    /** The backfill read its last page; its completeness check is due. */
    static final String CHECK = "check";

    /** Stores a batch of records in the open transaction; returns the contacts it touched (their ids). */
    interface Store<T> {
        Collection<Long> store(Ledger.Tx tx, List<T> batch, long now);
    }

    /** An incremental window: its records, read lazily, and the checkpoint to store once they are stored. */
    record Window<T>(long nextCheckpoint, Supplier<Iterator<T>> records) {
        static <T> Window<T> of(Changes<T> changes) {
            return new Window<>(changes.nextCheckpoint(), changes::iterator);
        }
    }

    /** What a run read: records from the backfill and from the incremental window; contacts scored as they came. */
    record Counts(long backfilled, long changed, long scored) {
    }

    private final SyncContext context;
    private final PullStream<T> pull;
    private final String stream;
    private long scored;

    CheckpointedPull(SyncContext context, PullStream<T> pull) {
        this.context = context;
        this.pull = pull;
        this.stream = pull.name();
    }

    /** The streams among {@code keys} that are not whole: their backfill is not done for the properties read now. */
    static List<String> incomplete(Ledger.Tx tx, List<SyncStreams.Key> keys) {
        List<String> names = new ArrayList<>();
        for (SyncStreams.Key key : keys) {
            boolean sameProperties = tx.checkpoints().get(key.name() + ".properties").map(key.signature()::equals)
                    .orElse(false);
            boolean done = tx.checkpoints().get(key.name() + ".backfill").map(DONE::equals).orElse(false);
            if (!sameProperties || !done) {
                names.add(key.name());
            }
        }
        return names;
    }

    /** Whether a stream the active config reads has its backfill still to do. */
    static boolean backfilling(SyncContext context) {
        List<SyncStreams.Key> required = SyncStreams.required(context.config().active());
        return context.ledger().read(tx -> !incomplete(tx, required).isEmpty());
    }

    Counts run() {
        String cursor = start();
        long backfilled = 0;
        if (!cursor.equals(DONE)) {
            if (!cursor.equals(CHECK)) {
                // the next page is asked for while this one is stored and scored
                try (ReadAhead<Page<T>> pages = new ReadAhead<>(backfillPages(cursor.isEmpty() ? null : cursor),
                        stream, context.client()::countingBudgetWaitAsThisThread)) {
                    while (pages.hasNext()) {
                        Page<T> page = pages.next();
                        String next = page.next().orElse(CHECK);
                        long now = context.clock().millis();
                        context.ledger().update(tx -> {
                            Collection<Long> touched = pull.store().store(tx, page.results(), now);
                            tx.checkpoints().put(stream + ".backfill", next, now);
                            scored += ScoreContacts.scoreStored(context, tx, pull.key(), touched);
                        });
                        context.activity().stored();
                        backfilled += page.results().size();
                        if (Thread.currentThread().isInterrupted()) {
                            return new Counts(backfilled, 0, scored);
                        }
                    }
                }
            }
            if (!checkCompleteness()) {
                return new Counts(backfilled, 0, scored);
            }
            LOG.info("backfill of {} complete; changes made since it started are read by the next run", stream);
            // The first incremental window waits for the next run: it would read again every contact hubscore
            // wrote beside the backfill (a write moves lastmodifieddate), doubling this run's reads for nothing
            // that changes a score, while changes made by others since the backfill started are as fresh then.
            return new Counts(backfilled, 0, scored);
        }
        long changed = incremental();
        return new Counts(backfilled, changed, scored);
    }

    /**
     * The backfill's pages from {@code cursor}, through the endpoint chosen when it started: search (the window's
     * upper bound fixed then, the cursor an id) or the list endpoint.
     */
    private Iterator<Page<T>> backfillPages(String cursor) {
        Optional<String> via = context.ledger().read(tx -> tx.checkpoints().get(stream + ".via"));
        if (via.map(ReadPlan.Via::of).orElse(ReadPlan.Via.LIST) == ReadPlan.Via.SEARCH && pull.search() != null) {
            long upTo = context.ledger().read(tx -> tx.checkpoints().get(stream + ".backfill_started"))
                    .map(Long::parseLong).orElseThrow();
            return pull.search().apply(cursor, upTo);
        }
        return pull.backfill().apply(cursor);
    }

    /**
     * Compares what the backfill stored with what HubSpot counts for the records created up to the backfill's start
     * (or up to now minus the search lag, if that is earlier: search does not see newer records yet) and pulls what
     * is missing; then the backfill is done, whatever the check found (a remaining difference is recorded, not
     * retried). Returns false when interrupted first.
     */
    private boolean checkCompleteness() {
        long now = context.clock().millis();
        long started = context.ledger().read(tx -> tx.checkpoints().get(stream + ".backfill_started"))
                .map(Long::parseLong).orElse(now);
        long upTo = Math.min(started, now - context.current().sync().searchLag().toMillis());
        if (new Completeness(context).check(pull, upTo, Completeness.BY_BACKFILL).isEmpty()) {
            return false;
        }
        context.ledger().update(tx -> tx.checkpoints().put(stream + ".backfill", DONE, context.clock().millis()));
        return true;
    }

    /** Records the signature and starts a backfill when none is under way; returns the backfill cursor. */
    private String start() {
        long now = context.clock().millis();
        return context.ledger().write(tx -> {
            Optional<String> stored = tx.checkpoints().get(stream + ".properties");
            if (stored.isPresent() && !stored.get().equals(pull.key().signature())) {
                LOG.info("other properties of {} are read now: pulling every record again", stream);
                tx.checkpoints().delete(stream + ".backfill");
            }
            tx.checkpoints().put(stream + ".properties", pull.key().signature(), now);
            Optional<String> cursor = tx.checkpoints().get(stream + ".backfill");
            if (cursor.isPresent()) {
                return cursor.get();
            }
            tx.checkpoints().put(stream + ".backfill", "", now);
            tx.checkpoints().put(stream + ".backfill_started", Long.toString(now), now);
            ReadPlan.Via via = pull.search() == null ? ReadPlan.Via.LIST : ReadPlan.stored(tx, stream);
            tx.checkpoints().put(stream + ".via", via.stored(), now);
            // changes made while the backfill pages run are read by the first incremental window; one made a moment
            // before may not be in HubSpot's search index yet, so the window starts a search lag earlier
            if (tx.checkpoints().get(stream + ".incremental").isEmpty()) {
                long lag = context.current().sync().searchLag().toMillis();
                tx.checkpoints().put(stream + ".incremental", Long.toString(now - lag), now);
            }
            LOG.info("backfill of {} starts through the {} endpoint", stream, via.stored());
            return "";
        });
    }

    private long incremental() {
        long from = context.ledger().read(tx -> tx.checkpoints().get(stream + ".incremental")).map(Long::parseLong)
                .orElse(context.clock().millis());
        Window<T> window = pull.incremental().apply(from);
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
                context.ledger().update(tx -> pull.store().store(tx, chunk, now));
                count += chunk.size();
                if (Thread.currentThread().isInterrupted()) {
                    return count;
                }
            }
        }
        long now = context.clock().millis();
        context.ledger().update(tx -> {
            pull.store().store(tx, batch, now);
            tx.checkpoints().put(stream + ".incremental", Long.toString(window.nextCheckpoint()), now);
        });
        return count + batch.size();
    }
}
