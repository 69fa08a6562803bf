package io.hubscore.daemon;

import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.PortalState;
import io.hubscore.ledger.Scores;
import io.hubscore.ledger.ScoringStates;
import io.hubscore.scoring.ScoringModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The score job: drains dirty contacts in batches, in key order; for each batch it reads the contacts' scoring state
 * with a few set-based queries, lets {@link Decisions} score and decide each contact, and in one transaction appends
 * a score row when the result changed, moves the band state, records transitions (fired, or held by a cooldown or
 * suppression, each held change once), and queues the values to write when they differ from what was last queued.
 * The two cores share the work: the transaction that records a batch first reads the next one and hands it to a
 * worker thread, which decides it while this thread records, commits and reads again. A batch decided ahead is
 * recorded only if the ledger took no other write since the transaction that read it ({@link Ledger.Tx#writesBefore});
 * otherwise it is read and decided again. A new model version is recorded and every contact rescored under it. While
 * the backfill of a stream the config reads is not complete, it scores nothing and says which streams it waits for.
 * Not thread-safe; the scheduler never runs it twice at once.
 */
final class ScoreContacts implements SyncStep {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreContacts.class);

    private final SyncContext context;

    public ScoreContacts(SyncContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "score";
    }

    @Override
    public Map<String, Object> run() {
        LiveConfig.Active active = context.config().active();
        release(context, active);
        List<String> waiting = waitingFor(active);
        if (!waiting.isEmpty()) {
            long held = context.ledger().read(tx -> tx.contacts().dirtyCount());
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("held", held);
            counts.put("waiting_for", String.join(",", waiting));
            return counts;
        }
        boolean readsDeals = PullEngagements.needsDeals(active.config());
        int batchSize = context.batchSize();
        long[] counts = new long[3];
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "score-decide");
            t.setDaemon(true);
            return t;
        });
        try {
            Ahead ahead = null;
            long from = 0; // the lowest id the next batch may hold
            while (!Thread.currentThread().isInterrupted()) {
                Ahead decided = ahead;
                long start = from;
                Ahead[] next = new Ahead[1];
                long[] batch = context.ledger().write(tx -> {
                    Ahead current = decided;
                    if (current == null || tx.writesBefore() != current.writesBefore() + 1) {
                        if (current != null) {
                            current.decided().cancel(false);
                        }
                        List<Long> ids = dirtyAfter(tx, start - 1, batchSize);
                        if (ids.isEmpty()) {
                            return new long[3];
                        }
                        current = read(tx, ids, active, readsDeals, context.clock().instant(), Runnable::run);
                    }
                    tx.contacts().clearDirty(current.ids());
                    List<Long> nextIds = dirtyAfter(tx, current.ids().get(current.ids().size() - 1), batchSize);
                    if (!nextIds.isEmpty()) {
                        next[0] = read(tx, nextIds, active, readsDeals, context.clock().instant(), worker);
                    }
                    return record(tx, current, context.shadow());
                });
                if (batch[0] == 0) {
                    break;
                }
                for (int i = 0; i < counts.length; i++) {
                    counts[i] += batch[i];
                }
                ahead = next[0];
                if (ahead == null) {
                    break;
                }
                from = ahead.ids().get(0);
            }
        } finally {
            worker.shutdownNow();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scored", counts[0]);
        result.put("transitions", counts[1]);
        result.put("queued", counts[2]);
        return result;
    }

    /**
     * Up to {@code limit} dirty ids above {@code afterId}, lowest first; when there are none, the lowest ones (contacts
     * marked behind the batches since they began), unless the walk began at the lowest already.
     */
    private static List<Long> dirtyAfter(Ledger.Tx tx, long afterId, int limit) {
        List<Long> ids = tx.contacts().dirtyIdsAfter(afterId, limit);
        return ids.isEmpty() && afterId >= 0 ? tx.contacts().dirtyIds(limit) : ids;
    }

    /**
     * A batch read in one transaction and decided, on the worker or inline: its dirty ids, lowest first, its
     * contacts' states, the time it is scored at, how many write transactions came before the one that read it, and
     * its decisions.
     */
    private record Ahead(List<Long> ids, Collection<ScoringStates.ScoringState> states, Instant now,
            long writesBefore, FutureTask<Decided> decided) {
    }

    /** A batch's decisions and what recording them writes (score rows with their digests made already). */
    private record Decided(List<Decisions.Decision> decisions, List<ScoringStates.Recorded> records) {
    }

    /**
     * Reads the states of {@code ids} in {@code tx} and has {@code decider} decide them at {@code now} (on the
     * caller's thread when it is {@code Runnable::run}).
     */
    private static Ahead read(Ledger.Tx tx, List<Long> ids, LiveConfig.Active active, boolean readsDeals, Instant now,
            Executor decider) {
        Collection<ScoringStates.ScoringState> states = tx.scoringStates().loadForScoring(ids).values();
        FutureTask<Decided> decided = new FutureTask<>(() -> {
            List<Decisions.Decision> decisions = new ArrayList<>(states.size());
            List<ScoringStates.Recorded> records = new ArrayList<>(states.size());
            for (ScoringStates.ScoringState state : states) {
                Decisions.Decision d = Decisions.decide(state, active.model(), active.config().writeBack(),
                        readsDeals, now);
                decisions.add(d);
                records.add(d.toRecord());
            }
            return new Decided(decisions, records);
        });
        decider.execute(decided);
        return new Ahead(ids, states, now, tx.writesBefore(), decided);
    }

    /**
     * Records a batch's decisions in {@code tx} (waiting for the worker to finish them); returns how many contacts
     * were scored, fired or held a transition, and were queued.
     */
    private static long[] record(Ledger.Tx tx, Ahead batch, ShadowScorer shadow) {
        Decided decided;
        boolean interrupted = false;
        while (true) {
            try {
                decided = batch.decided().get();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the batch is finished all the same; the loop stops after it
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        tx.scoringStates().record(decided.records(), batch.now().toEpochMilli());
        shadow.score(tx, batch.states(), batch.now()); // the ledger only, never the outbox
        long[] n = new long[3];
        n[0] = batch.ids().size();
        for (Decisions.Decision d : decided.decisions()) {
            n[1] += d.transition().isPresent() ? 1 : 0;
            n[2] += d.write().isPresent() ? 1 : 0;
        }
        return n;
    }

    /**
     * Scores, in the transaction that stored a page, the contacts the page made dirty, when their data is whole:
     * the model in force is the one the score job released, and every stream the config reads has its backfill
     * done, except the contacts stream when the page is of contacts (a contact just stored holds its own record, and
     * the other streams hold the rest), and with a page of contacts a batch of the contacts still dirty from before
     * (stored while the data was not whole). Otherwise they stay dirty for the score job, which waits for whole data. Returns how many were
     * scored.
     */
    static long scoreStored(SyncContext context, Ledger.Tx tx, SyncStreams.Key stream, Collection<Long> touched) {
        if (touched.isEmpty() || !context.scoresPages().get()) {
            return 0;
        }
        LiveConfig.Active active = context.config().active();
        if (!tx.portalState().get(PortalState.Key.ACTIVE_MODEL).equals(Optional.of(active.model().fingerprint()))) {
            return 0;
        }
        List<SyncStreams.Key> others = new ArrayList<>(SyncStreams.required(active));
        if (stream.name().equals(SyncStreams.CONTACTS)) {
            others.removeIf(k -> k.name().equals(SyncStreams.CONTACTS));
        }
        if (!CheckpointedPull.incomplete(tx, others).isEmpty()) {
            return 0;
        }
        java.util.Set<Long> dirty = new java.util.LinkedHashSet<>(tx.contacts().dirtyAmong(touched));
        if (stream.name().equals(SyncStreams.CONTACTS)) {
            // contacts stored before the data was whole still wait: a batch of them goes with each page of contacts
            dirty.addAll(tx.contacts().dirtyIds(context.batchSize()));
        }
        if (dirty.isEmpty()) {
            return 0;
        }
        List<Long> ids = new ArrayList<>(dirty);
        Ahead batch = read(tx, ids, active, PullEngagements.needsDeals(active.config()), context.clock().instant(),
                Runnable::run);
        tx.contacts().clearDirty(ids);
        return record(tx, batch, context.shadow())[0];
    }

    /**
     * The streams whose backfill is not done yet for the active config (none when the data is whole), recorded for
     * {@code status} under {@link PortalState.Key#SCORING_WAITS_FOR} at every run that waits for them. A band decided
     * on partial data would fire a false transition when the rest arrives, so until every stream is whole no contact
     * is scored: their dirty marks wait, and every one is scored on whole data once it is.
     */
    private List<String> waitingFor(LiveConfig.Active active) {
        List<SyncStreams.Key> required = SyncStreams.required(active);
        long now = context.clock().millis();
        return context.ledger().write(tx -> {
            List<String> waiting = CheckpointedPull.incomplete(tx, required);
            Optional<String> recorded = tx.portalState().get(PortalState.Key.SCORING_WAITS_FOR);
            String names = String.join(", ", waiting);
            if (!waiting.isEmpty()) {
                tx.portalState().put(PortalState.Key.SCORING_WAITS_FOR, names, now);
                if (!recorded.equals(Optional.of(names))) {
                    LOG.info("scoring waits until the backfill of {} is complete: no band is decided on partial data",
                            names);
                }
            } else if (recorded.isPresent()) {
                tx.portalState().remove(PortalState.Key.SCORING_WAITS_FOR);
                LOG.info("every backfill is complete: scoring {} contacts on whole data", tx.contacts().dirtyCount());
            }
            return waiting;
        });
    }

    /**
     * Releases the model in force before a pull reads, so the pages it stores are scored under it; nothing when pulls
     * leave the scoring to the score job (a dry run), which releases it when it runs.
     */
    static void releaseBeforePages(SyncContext context) {
        if (context.scoresPages().get()) {
            release(context, context.config().active());
        }
    }

    /** Records the model version the first time it scores, and rescoring everything when the model changed. */
    static void release(SyncContext context, LiveConfig.Active active) {
        ScoringModel model = active.model();
        long now = context.clock().millis();
        context.ledger().update(tx -> {
            tx.scores().releaseModel(new Scores.ModelVersion(model.fingerprint(), model.version(), active.text(), now,
                    active.config().model().note()));
            Optional<String> current = tx.portalState().get(PortalState.Key.ACTIVE_MODEL);
            if (current.isEmpty() || !current.get().equals(model.fingerprint())) {
                int marked = tx.contacts().markAllDirty();
                tx.portalState().put(PortalState.Key.ACTIVE_MODEL, model.fingerprint(), now);
                if (current.isPresent()) {
                    LOG.info("model version {} ({}) is active: rescoring {} contacts", model.version(),
                            model.fingerprint().substring(0, 12), marked);
                }
            }
        });
    }

}
