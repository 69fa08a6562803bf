package io.hubscore.daemon;

import io.hubscore.config.ConfigLoader;
import io.hubscore.config.Problem;
import io.hubscore.ledger.Scores;
import io.hubscore.scoring.ScoringModel;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rule that keeps versions honest: a version names one model. Once a version was released, a config that gives
 * the same version to a different model (a changed rule, band or suppression without a new version) is refused, by
 * the daemon at start and on reload (the last good model stays in force) and by {@code validate --ledger}, so the
 * version written to HubSpot and shown by {@code status} and {@code explain} always identifies the model that scored.
 * Stateless.
 */
public final class Releases {

    private Releases() {
    }

    /**
     * The problem with releasing {@code active} given the versions already {@code released}: its version was
     * released with another fingerprint. Located at {@code model.version} in the config's text.
     *
     * @param fileName the config file as the admin named it
     */
    public static Optional<Problem> versionReused(List<Scores.ModelVersion> released, LiveConfig.Active active,
            String fileName) {
        ScoringModel model = active.model();
        return released.stream()
                .filter(m -> m.version().equals(model.version()) && !m.fingerprint().equals(model.fingerprint()))
                .min(Comparator.comparingLong(Scores.ModelVersion::releasedAt))
                .map(m -> ConfigLoader.problemAt(fileName, active.text(), "model.version", "'" + model.version()
                        + "' was released on " + Instant.ofEpochMilli(m.releasedAt()).atZone(ZoneOffset.UTC)
                                .toLocalDate() + " with a different model; give this model a new version", null));
    }
}
