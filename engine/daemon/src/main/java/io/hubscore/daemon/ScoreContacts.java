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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The score job: drains dirty contacts in batches; for each batch it reads the contacts' scoring state with a few
 * set-based queries, lets {@link Decisions} score and decide each contact, and in the same transaction appends a
 * score row when the result changed, moves the band state, records transitions (fired, or held by a cooldown or
 * suppression, each held change once), and queues the values to write when they differ from what was last queued. A new model version is recorded and every contact rescored under it. While the backfill of a stream
 * the config reads is not complete, it scores nothing and says which streams it waits for. Not thread-safe; the
 * scheduler never runs it twice at once.
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
        long scored = 0;
        long transitions = 0;
        long queued = 0;
        int batchSize = context.batchSize();
        while (!Thread.currentThread().isInterrupted()) {
            Instant now = context.clock().instant();
            boolean readsDeals = PullEngagements.needsDeals(active.config());
            long[] batch = context.ledger().write(tx -> score(tx, tx.contacts().dirtyIds(batchSize), active,
                    readsDeals, now, context.shadow()));
            scored += batch[0];
            transitions += batch[1];
            queued += batch[2];
            if (batch[0] < batchSize) {
                break;
            }
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("scored", scored);
        counts.put("transitions", transitions);
        counts.put("queued", queued);
        return counts;
    }

    /**
     * Scores {@code ids} (dirty contacts) in the caller's transaction, records what it decided and clears their dirty
     * marks; returns how many were scored, fired or held a transition, and were queued.
     */
    static long[] score(Ledger.Tx tx, List<Long> ids, LiveConfig.Active active, boolean readsDeals, Instant now,
            ShadowScorer shadow) {
        Map<Long, ScoringStates.ScoringState> states = tx.scoringStates().loadForScoring(ids);
        List<Decisions.Decision> decisions = new ArrayList<>(states.size());
        for (ScoringStates.ScoringState state : states.values()) {
            decisions.add(Decisions.decide(state, active.model(), active.config().writeBack(), readsDeals, now));
        }
        Decisions.apply(tx, decisions, now.toEpochMilli());
        shadow.score(tx, states.values(), now); // the ledger only, never the outbox
        tx.contacts().clearDirty(ids);
        long[] n = new long[3];
        n[0] = ids.size();
        for (Decisions.Decision d : decisions) {
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
        return score(tx, new ArrayList<>(dirty), active, PullEngagements.needsDeals(active.config()), context.clock().instant(),
                context.shadow())[0];
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
