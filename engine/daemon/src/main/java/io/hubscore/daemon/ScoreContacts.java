package io.hubscore.daemon;

import io.hubscore.config.EngagementType;
import io.hubscore.config.WriteBackConfig;
import io.hubscore.ledger.Contacts;
import io.hubscore.ledger.Engagements;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.PortalState;
import io.hubscore.ledger.Scores;
import io.hubscore.scoring.BandState;
import io.hubscore.scoring.ContactSnapshot;
import io.hubscore.scoring.Contribution;
import io.hubscore.scoring.DataQualityNote;
import io.hubscore.scoring.EngagementEvent;
import io.hubscore.scoring.ScoreResult;
import io.hubscore.scoring.ScoringInput;
import io.hubscore.scoring.ScoringModel;
import io.hubscore.scoring.TransitionDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The score job: drains dirty contacts in batches, scores each with the active model, and in the same transaction
 * appends a score row when the result changed, moves the band state, records transitions (fired, or held by a
 * cooldown or suppression, each held change once), and queues the values to write when they differ from what was
 * last queued. A new model version is recorded and every contact rescored under it. While the backfill of a stream
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
        releaseIfNew(active);
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
            long[] batch = context.ledger().write(tx -> {
                List<Long> ids = tx.contacts().dirtyIds(batchSize);
                long[] n = new long[3];
                for (long id : ids) {
                    Outcome outcome = scoreOne(tx, id, active, now);
                    n[1] += outcome.transitions;
                    n[2] += outcome.queued ? 1 : 0;
                }
                tx.contacts().clearDirty(ids);
                n[0] = ids.size();
                return n;
            });
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
     * The streams whose backfill is not done yet for the active config (none when the data is whole), recorded for
     * {@code status} under {@link PortalState.Key#SCORING_WAITS_FOR} at every run that waits for them. A band decided
     * on partial data would fire a false transition when the rest arrives, so until every stream is whole no contact
     * is scored: their dirty flags wait, and every one is scored on whole data once it is.
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

    /** Records the model version the first time it scores, and rescoring everything when the model changed. */
    private void releaseIfNew(LiveConfig.Active active) {
        ScoringModel model = active.model();
        long now = context.clock().millis();
        context.ledger().update(tx -> {
            tx.scores().releaseModel(new Scores.ModelVersion(model.fingerprint(), model.version(), active.text(), now,
                    null));
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

    private record Outcome(int transitions, boolean queued) {
    }

    private Outcome scoreOne(Ledger.Tx tx, long id, LiveConfig.Active active, Instant now) {
        Optional<Contacts.Stored> stored = tx.contacts().get(id);
        if (stored.isEmpty() || stored.get().archived()) {
            return new Outcome(0, false);
        }
        ScoringModel model = active.model();
        List<EngagementEvent> events = new ArrayList<>();
        for (Engagements.Event e : tx.engagements().forContact(id)) {
            if (e.occurredAt() != null) {
                events.add(new EngagementEvent(EngagementType.valueOf(e.type().toUpperCase(Locale.ROOT)),
                        Instant.ofEpochMilli(e.occurredAt()), e.properties()));
            }
        }
        boolean openDeal = PullEngagements.needsDeals(active.config()) && tx.deals().hasOpenDeal(id);
        Optional<Scores.BandState> state = tx.scores().bandState(id);
        BandState previous = state.map(s -> new BandState(s.band(), Instant.ofEpochMilli(s.since()),
                s.lastTransitionAt() == null ? null : Instant.ofEpochMilli(s.lastTransitionAt()))).orElse(null);
        ScoreResult result = model.score(new ScoringInput(new ContactSnapshot(Long.toString(id),
                stored.get().properties()), events, openDeal, previous, now));
        long at = now.toEpochMilli();

        Scores.Score row = row(id, result, at);
        Optional<Scores.Score> latest = tx.scores().latest(id);
        if (latest.isEmpty() || changed(latest.get(), row)) {
            tx.scores().append(row);
        }

        int transitions = 0;
        long since = state.map(Scores.BandState::since).orElse(at);
        Long lastTransitionAt = state.map(Scores.BandState::lastTransitionAt).orElse(null);
        TransitionDecision decision = result.transition();
        if (decision instanceof TransitionDecision.Fires fires) {
            since = at;
            lastTransitionAt = at;
            tx.scores().recordTransition(new Scores.Transition(id, fires.from(), fires.to(), result.score(),
                    result.fingerprint(), at, true, null, "score " + result.score()));
            transitions++;
        } else if (state.isPresent() && !result.band().equals(state.get().band())) {
            since = at; // the band moved without a counted transition (first assignment not counted)
        } else if (decision instanceof TransitionDecision.HeldByCooldown held) {
            transitions += recordHeld(tx, id, result, held.pending(), "cooldown",
                    "cooldown until " + held.until(), at);
        } else if (decision instanceof TransitionDecision.HeldBySuppression held) {
            transitions += recordHeld(tx, id, result, held.pending(), held.suppression(),
                    "suppression " + held.suppression() + " (" + actionName(result) + ")", at);
        }
        tx.scores().putBandState(new Scores.BandState(id, result.band(), since, lastTransitionAt, result.score(),
                result.fingerprint()));
        tx.suppressions().set(id, result.suppression() == null ? null : result.suppression().name(),
                result.suppression() == null ? null : actionName(result), at);

        boolean queued = false;
        if (result.write() && !tx.conflicts().hasOpen(id)) {
            Map<String, String> desired = desired(active.config().writeBack(), result, since);
            Optional<Map<String, String>> undelivered = tx.outbox().lastQueued(id);
            Map<String, String> last = undelivered.isPresent() ? undelivered.get() : tx.written().values(id);
            if (!desired.equals(last)) {
                tx.outbox().enqueue(id, desired, at);
                queued = true;
            }
        }
        return new Outcome(transitions, queued);
    }

    /** A held change is recorded once, not on every rescore while it stays held. */
    private static int recordHeld(Ledger.Tx tx, long id, ScoreResult result, String pending, String heldBy,
            String reason, long at) {
        List<Scores.Transition> history = tx.scores().transitions(id);
        if (!history.isEmpty()) {
            Scores.Transition last = history.get(history.size() - 1);
            if (!last.fired() && pending.equals(last.toBand()) && heldBy.equals(last.heldBy())) {
                return 0;
            }
        }
        tx.scores().recordTransition(new Scores.Transition(id, result.band(), pending, result.score(),
                result.fingerprint(), at, false, heldBy, reason));
        return 1;
    }

    private static String actionName(ScoreResult result) {
        return result.suppression() == null ? "suppression"
                : result.suppression().action().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether a new score says something the latest stored one does not (its time aside). */
    private static boolean changed(Scores.Score latest, Scores.Score row) {
        return latest.score() != row.score() || !latest.band().equals(row.band())
                || !latest.fingerprint().equals(row.fingerprint())
                || !latest.contributions().equals(row.contributions()) || !latest.notes().equals(row.notes());
    }

    /** The values hubscore owns for this contact, as HubSpot property strings. */
    static Map<String, String> desired(WriteBackConfig writeBack, ScoreResult result, long bandSince) {
        WriteBackConfig.PropertiesConfig p = writeBack.properties();
        Map<String, String> values = new LinkedHashMap<>();
        values.put(p.score(), Integer.toString(result.score()));
        values.put(p.band(), result.band());
        values.put(p.bandChangedAt(), Long.toString(bandSince));
        values.put(p.modelVersion(), result.modelVersion());
        if (writeBack.reasons() > 0) {
            values.put(p.reasons(), result.reasons(writeBack.reasons()));
        }
        return values;
    }

    /** The score row of a result: its explanation as the ledger keeps it. */
    static Scores.Score row(long id, ScoreResult result, long at) {
        List<Scores.Contribution> lines = new ArrayList<>(result.contributions().size());
        for (Contribution line : result.contributions()) {
            lines.add(new Scores.Contribution(line.name(), line.group().name().toLowerCase(Locale.ROOT),
                    line.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), line.rawPoints(), line.points()));
        }
        List<Scores.Note> notes = new ArrayList<>(result.notes().size());
        for (DataQualityNote note : result.notes()) {
            notes.add(new Scores.Note(note.source(), note.property(), note.message()));
        }
        return new Scores.Score(id, result.fingerprint(), result.score(), result.fit(), result.engagement(),
                result.band(), lines, notes, at);
    }
}
