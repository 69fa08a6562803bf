package io.hubscore.daemon;

import io.hubscore.config.EngagementType;
import io.hubscore.config.WriteBackConfig;
import io.hubscore.ledger.Engagements;
import io.hubscore.ledger.Scores;
import io.hubscore.ledger.ScoringStates;
import io.hubscore.ledger.ScoringStates.ScoringState;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the score job decides for a contact, apart from doing it: {@link #decide} is pure (the contact's state as the
 * ledger holds it, a model, a time; no I/O), and {@link Decision#toRecord} is what the score job records of it. The
 * score job records its decisions; a preview decides from the same state and records nothing, so what it shows is
 * what the score job would do at that time.
 */
public final class Decisions {

    /** Engagement types by the name the ledger stores them under ({@code emails}, {@code calls}, ...). */
    private static final Map<String, EngagementType> STORED_TYPES = java.util.Arrays.stream(EngagementType.values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(t -> t.name().toLowerCase(Locale.ROOT), t -> t));

    private Decisions() {
    }

    /**
     * The score job's decision for one contact.
     *
     * @param result the model's result
     * @param at when it was scored (epoch ms)
     * @param latestDigest the digest of the contact's latest stored score; empty before its first score
     * @param transition the transition to record: fired, or held for the first time (a held change already recorded
     *     as held by the same reason is not recorded again); empty when none
     * @param band the band state after this score
     * @param suppression the suppression that holds the contact and its action's name; both null when none
     * @param write the values to queue for HubSpot; empty when nothing differs from what was last queued or written,
     *     when the result says not to write, or while a conflict holds the contact's writes
     */
    public record Decision(long id, ScoreResult result, long at, Optional<String> latestDigest,
            Optional<Scores.Transition> transition, Scores.BandState band, String suppression,
            String suppressionAction, Optional<Map<String, String>> write) {

        /**
         * The score row, with its explanation, made on each call: only recording needs it (and its digest), so a
         * preview of every contact never pays for it.
         */
        public Scores.Score score() {
            return row(id, result, at);
        }

        /**
         * What the score job records for this decision: the score row when it says something new (its digest
         * differs from the latest stored score's), the transition, band state, suppression and write.
         */
        public ScoringStates.Recorded toRecord() {
            Scores.Score row = score();
            String digest = row.digest();
            boolean newScore = latestDigest.map(latest -> !latest.equals(digest)).orElse(true);
            return new ScoringStates.Recorded(row, digest, newScore, transition, band, suppression, suppressionAction,
                    write);
        }

        /** Whether the contact's band changes (a first assignment included). */
        public boolean bandMoves(Optional<Scores.BandState> before) {
            return before.isEmpty() || !before.get().band().equals(band.band());
        }
    }

    /**
     * Scores one contact with {@code model} at {@code now} from its state in the ledger and decides what to record. A
     * contact the ledger has never scored starts from hubscore's values in HubSpot when it carries them
     * ({@link Adoption}).
     *
     * @param readsDeals whether the config reads deals (an open-deal suppression); when not, deals count as none
     */
    public static Decision decide(ScoringState state, ScoringModel model, WriteBackConfig writeBack,
            boolean readsDeals, Instant now) {
        long id = state.id();
        Optional<Scores.BandState> stored = Adoption.band(state, writeBack); // the ledger's, else HubSpot's
        BandState previous = stored.map(s -> new BandState(s.band(), Instant.ofEpochMilli(s.since()),
                s.lastTransitionAt() == null ? null : Instant.ofEpochMilli(s.lastTransitionAt()))).orElse(null);
        ScoreResult result = model.score(input(state, model, previous, readsDeals, now));
        long at = now.toEpochMilli();

        Optional<Scores.Transition> transition = Optional.empty();
        long since = stored.map(Scores.BandState::since).orElse(at);
        Long lastTransitionAt = stored.map(Scores.BandState::lastTransitionAt).orElse(null);
        TransitionDecision decision = result.transition();
        if (decision instanceof TransitionDecision.Fires fires) {
            since = at;
            lastTransitionAt = at;
            transition = Optional.of(new Scores.Transition(id, fires.from(), fires.to(), result.score(),
                    result.fingerprint(), at, true, null, "score " + result.score()));
        } else if (stored.isPresent() && !result.band().equals(stored.get().band())) {
            since = at; // the band moved without a counted transition (first assignment not counted)
        } else if (decision instanceof TransitionDecision.HeldByCooldown held) {
            transition = held(state, id, result, held.pending(), "cooldown", "cooldown until " + held.until(), at);
        } else if (decision instanceof TransitionDecision.HeldBySuppression held) {
            transition = held(state, id, result, held.pending(), held.suppression(),
                    "suppression " + held.suppression() + " (" + actionName(result) + ")", at);
        }
        Scores.BandState band = new Scores.BandState(id, result.band(), since, lastTransitionAt, result.score(),
                result.fingerprint());

        Optional<Map<String, String>> write = Optional.empty();
        if (result.write() && !state.openConflict()) {
            Map<String, String> desired = desired(writeBack, result, since);
            if (!desired.equals(Adoption.lastValues(state, writeBack))) {
                write = Optional.of(desired);
            }
        }
        String suppression = result.suppression() == null ? null : result.suppression().name();
        return new Decision(id, result, at, state.latestDigest(), transition, band, suppression,
                suppression == null ? null : actionName(result), write);
    }

    /**
     * {@code model}'s input for a contact as the ledger holds it, with {@code previous} as its band state. An
     * engagement carries only the properties the model's rules for its type read: the others would not change the
     * score, and leaving them out spares parsing them.
     */
    static ScoringInput input(ScoringState state, ScoringModel model, BandState previous, boolean readsDeals,
            Instant now) {
        List<EngagementEvent> events = new ArrayList<>(state.events().size());
        for (Engagements.Event e : state.events()) {
            if (e.occurredAt() != null) {
                EngagementType type = engagementType(e.type());
                events.add(new EngagementEvent(type, Instant.ofEpochMilli(e.occurredAt()),
                        only(e.properties(), model.eventProperties(type))));
            }
        }
        return new ScoringInput(new ContactSnapshot(Long.toString(state.id()), state.contact().properties()), events,
                readsDeals && state.openDeal(), previous, now);
    }

    /** The values of {@code properties} named in {@code read}; {@code properties} is not read when none is. */
    private static Map<String, String> only(Map<String, String> properties, List<String> read) {
        if (read.isEmpty()) {
            return Map.of();
        }
        Map<String, String> kept = new HashMap<>();
        for (String name : read) {
            String value = properties.get(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        return kept;
    }

    /** The engine's engagement type of a stored type name ({@code emails}, {@code calls}, ...). */
    private static EngagementType engagementType(String stored) {
        EngagementType type = STORED_TYPES.get(stored);
        return type != null ? type : EngagementType.valueOf(stored.toUpperCase(Locale.ROOT));
    }

    /** A held change is recorded once, not on every rescore while it stays held. */
    private static Optional<Scores.Transition> held(ScoringState state, long id, ScoreResult result, String pending,
            String heldBy, String reason, long at) {
        Optional<Scores.Transition> last = state.lastTransition();
        if (last.isPresent() && !last.get().fired() && pending.equals(last.get().toBand())
                && heldBy.equals(last.get().heldBy())) {
            return Optional.empty();
        }
        return Optional.of(new Scores.Transition(id, result.band(), pending, result.score(), result.fingerprint(), at,
                false, heldBy, reason));
    }

    private static String actionName(ScoreResult result) {
        return result.suppression() == null ? "suppression"
                : result.suppression().action().name().toLowerCase(Locale.ROOT).replace('_', '-');
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
        List<DataQualityNote> notes = result.notes();
        List<Scores.Note> stored = new ArrayList<>(notes.size());
        for (DataQualityNote note : notes) {
            stored.add(new Scores.Note(note.source(), note.property(), note.message()));
        }
        return new Scores.Score(id, result.fingerprint(), result.score(), result.fit(), result.engagement(),
                result.band(), lines, stored, at);
    }
}
