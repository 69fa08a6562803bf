package io.hubscore.daemon;

import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.ScoringStates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.MDC;

/**
 * The score job's batches, read and decided one ahead: while a batch is recorded in a write transaction, the next is
 * read on the ledger's read-aside connection and decided on a thread of its own, so reading and deciding share the
 * two cores with recording instead of waiting for it.
 *
 * <p>A batch read ahead is recorded as decided only when nothing but this job's previous batch was committed since its
 * snapshot began: that batch holds other contacts (the next batch's ids are all above its ids) and the job writes
 * nothing that the next batch's decisions read. Otherwise (a pull stored a page, an admin command wrote beside the
 * daemon) the batch's contacts still dirty are read and decided again inside the write transaction, as when nothing
 * is read ahead. The dirty contacts are walked by id; a walk that ends is followed by another from the lowest id,
 * which the job stops after when its first batch is not full, as it stopped before. Used by the one thread running
 * the score job; close it when done.
 */
final class DecidedAhead implements AutoCloseable {

    /** A batch read and decided at {@code now} from a snapshot taken after {@code commitsBefore} commits. */
    private record Batch(List<Long> ids, Map<Long, ScoringStates.ScoringState> states,
            List<Decisions.Decision> decisions, List<ScoringStates.Recorded> recorded, Instant now,
            long commitsBefore) {
    }

    private final SyncContext context;
    private final LiveConfig.Active active;
    private final boolean readsDeals;
    private final int batchSize;
    /** Reads and decides the next batch; made when a batch is full, so there may be another. */
    private ExecutorService reader;
    /** The commit of this job's latest batch: the ledger's count of commits once it committed; -1 before. */
    private long ownCommit = -1;

    DecidedAhead(SyncContext context, LiveConfig.Active active, boolean readsDeals, int batchSize) {
        this.context = context;
        this.active = active;
        this.readsDeals = readsDeals;
        this.batchSize = batchSize;
    }

    /** Scores every dirty contact; returns how many were scored, fired or held a transition, and were queued. */
    long[] drain() {
        long[] n = new long[3];
        boolean walkStarts = true;
        Batch batch = decide(-1);
        while (!Thread.currentThread().isInterrupted()) {
            boolean full = batch.ids().size() >= batchSize;
            Future<Batch> next = null;
            if (full) {
                long after = batch.ids().get(batch.ids().size() - 1);
                next = reader().submit(() -> decide(after));
            }
            record(batch, n);
            if (full) {
                batch = await(next);
                walkStarts = false;
            } else if (walkStarts) {
                break;
            } else {
                batch = decide(-1); // after the last batch's commit: contacts made dirty again below it
                walkStarts = true;
            }
        }
        return n;
    }

    /** Reads the next batch of dirty contacts above {@code after} from a snapshot, and decides each. */
    private Batch decide(long after) {
        Instant now = context.clock().instant();
        Ledger.Snapshot<Map.Entry<List<Long>, Map<Long, ScoringStates.ScoringState>>> read = context.ledger()
                .readAside(tx -> {
                    List<Long> ids = tx.contacts().dirtyIdsAfter(after, batchSize);
                    return Map.entry(ids, tx.scoringStates().loadForScoring(ids));
                });
        Map<Long, ScoringStates.ScoringState> states = read.value().getValue();
        List<Decisions.Decision> decisions = new ArrayList<>(states.size());
        List<ScoringStates.Recorded> recorded = new ArrayList<>(states.size());
        for (ScoringStates.ScoringState state : states.values()) {
            Decisions.Decision decision = Decisions.decide(state, active.model(), active.config().writeBack(),
                    readsDeals, now);
            decisions.add(decision);
            recorded.add(decision.toRecord());
        }
        return new Batch(read.value().getKey(), states, decisions, recorded, now, read.commitsBefore());
    }

    /** Records a batch, or reads and decides it again when something else was committed since it was read. */
    private void record(Batch batch, long[] n) {
        long[] commit = new long[1];
        long[] counts = context.ledger().write(tx -> {
            long before = tx.commitsBefore();
            commit[0] = before + 1;
            boolean current = before == batch.commitsBefore()
                    || before == batch.commitsBefore() + 1 && before == ownCommit;
            if (!current) {
                List<Long> dirty = new ArrayList<>(tx.contacts().dirtyAmong(batch.ids()));
                return ScoreContacts.score(tx, dirty, active, readsDeals, context.clock().instant(),
                        context.shadow());
            }
            tx.scoringStates().record(batch.recorded(), batch.now().toEpochMilli());
            context.shadow().score(tx, batch.states().values(), batch.now()); // the ledger only, never the outbox
            tx.contacts().clearDirty(batch.ids());
            return ScoreContacts.counts(batch.ids().size(), batch.decisions());
        });
        ownCommit = commit[0];
        for (int i = 0; i < n.length; i++) {
            n[i] += counts[i];
        }
    }

    private ExecutorService reader() {
        if (reader == null) {
            Map<String, String> logContext = MDC.getCopyOfContextMap(); // the portal and job, for log lines
            reader = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(() -> {
                    if (logContext != null) {
                        MDC.setContextMap(logContext);
                    }
                    r.run();
                }, "score-ahead");
                t.setDaemon(true);
                return t;
            });
        }
        return reader;
    }

    /**
     * The batch read ahead; what reading it threw is thrown here, as if read on this thread. Null when this thread is
     * interrupted while it waits.
     */
    private static Batch await(Future<Batch> next) {
        try {
            return next.get();
        } catch (InterruptedException e) {
            next.cancel(true);
            Thread.currentThread().interrupt(); // the job stops between batches, as asked
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.shutdownNow();
        }
    }
}
