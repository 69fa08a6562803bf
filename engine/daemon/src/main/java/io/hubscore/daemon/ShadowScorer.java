package io.hubscore.daemon;

import io.hubscore.config.LoadResult;
import io.hubscore.config.Problem;
import io.hubscore.config.ShadowConfig;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.ScoringStates.ScoringState;
import io.hubscore.ledger.Shadows;
import io.hubscore.scoring.BandState;
import io.hubscore.scoring.ScoreResult;
import io.hubscore.scoring.ScoringModel;
import io.hubscore.scoring.TransitionDecision;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shadow model: the candidate named by the live config's {@code shadow.config}, scored for every contact the
 * score job scores, in the score job's transaction, from the same state. Its bands move under its own bands,
 * hysteresis, cooldown and suppressions, starting from no band (its first bands are first assignments); its scores,
 * bands and counted changes go to the ledger only, never to the outbox, so nothing of it reaches HubSpot and the live
 * model's decisions are untouched. When a candidate starts (at the first score run that sees it), every contact is
 * marked for scoring, so the shadow covers the whole portal from then on. A missing or invalid candidate is logged
 * once, with its located problems, and ignored. One per daemon, shared by the score job and the pulls that score
 * the pages they store; its work runs inside their ledger transactions, one at a time.
 */
final class ShadowScorer {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowScorer.class);

    private final LiveConfig config;
    private String loadedText;
    private LiveConfig.Active candidate;
    private String reported;

    ShadowScorer(LiveConfig config) {
        this.config = config;
    }

    /** Scores {@code states} under the shadow model at {@code now} and records it in {@code tx}; nothing without one. */
    synchronized void score(Ledger.Tx tx, Collection<ScoringState> states, Instant now) {
        Optional<LiveConfig.Active> shadow = candidate();
        if (shadow.isEmpty()) {
            return;
        }
        ScoringModel model = shadow.get().model();
        String fingerprint = model.fingerprint();
        long at = now.toEpochMilli();
        if (tx.shadows().start(new Shadows.Model(fingerprint, model.version(), shadow.get().text(), at))) {
            int marked = tx.contacts().markAllDirty();
            LOG.info("shadow model {} ({}) started: scoring {} contacts under it beside the live model",
                    model.version(), fingerprint.substring(0, 12), marked);
        }
        if (states.isEmpty()) {
            return;
        }
        boolean readsDeals = PullEngagements.needsDeals(config.active().config());
        List<Long> ids = states.stream().map(ScoringState::id).toList();
        Map<Long, Shadows.Band> bands = tx.shadows().bands(ids, fingerprint);
        List<Shadows.Band> scored = new ArrayList<>(states.size());
        List<Shadows.Move> moves = new ArrayList<>();
        for (ScoringState state : states) {
            Shadows.Band before = bands.get(state.id());
            BandState previous = before == null ? null : new BandState(before.band(),
                    Instant.ofEpochMilli(before.since()),
                    before.lastTransitionAt() == null ? null : Instant.ofEpochMilli(before.lastTransitionAt()));
            ScoreResult result = model.score(Decisions.input(state, model, previous, readsDeals, now));
            long since = before == null ? at : before.since();
            Long lastTransitionAt = before == null ? null : before.lastTransitionAt();
            if (result.transition() instanceof TransitionDecision.Fires fires) {
                since = at;
                lastTransitionAt = at;
                moves.add(new Shadows.Move(state.id(), fingerprint, fires.from(), fires.to(), at));
            } else if (before != null && !before.band().equals(result.band())) {
                since = at;
            }
            scored.add(new Shadows.Band(state.id(), fingerprint, result.band(), since, lastTransitionAt,
                    result.score(), at));
        }
        tx.shadows().record(scored, moves);
    }

    /** The candidate in force: the live config's shadow file, read again when it changed; empty when none is usable. */
    private Optional<LiveConfig.Active> candidate() {
        ShadowConfig shadow = config.active().config().shadow();
        if (shadow == null) {
            candidate = null;
            loadedText = null;
            return Optional.empty();
        }
        Path file;
        String text;
        try {
            file = Path.of(shadow.config());
            text = Files.readString(file);
        } catch (java.io.IOException | InvalidPathException e) {
            report(shadow.config(), "shadow.config: cannot read " + shadow.config() + " (" + e.getMessage()
                    + "); the shadow model is ignored, the live model is not affected");
            candidate = null;
            loadedText = null;
            return Optional.empty();
        }
        if (text.equals(loadedText)) {
            return Optional.ofNullable(candidate);
        }
        loadedText = text;
        LoadResult loaded = config.loadOther(file);
        if (loaded instanceof LoadResult.Invalid invalid) {
            candidate = null;
            report(text, "shadow.config: " + file + " is invalid; the shadow model is ignored, the live model is not "
                    + "affected:");
            for (Problem problem : invalid.problems()) {
                LOG.warn("  {}", problem.format());
            }
            return Optional.empty();
        }
        LoadResult.Valid valid = (LoadResult.Valid) loaded;
        candidate = LiveConfig.Active.of(valid.config(), valid.text());
        reported = null;
        return Optional.of(candidate);
    }

    /** Logs a problem with the shadow once, not on every batch while it lasts. */
    private void report(String key, String message) {
        if (!key.equals(reported)) {
            reported = key;
            LOG.warn(message);
        }
    }
}
