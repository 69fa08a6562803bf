package io.hubscore.scoring;

import java.time.Instant;
import java.util.Objects;

/**
 * A contact's band as last decided. Immutable.
 *
 * @param band the band's name
 * @param since when the contact entered this band
 * @param lastTransitionAt when the last transition fired; null when none has (a first assignment that was not
 *     counted), in which case no cooldown applies
 */
public record BandState(String band, Instant since, Instant lastTransitionAt) {

    public BandState {
        Objects.requireNonNull(band, "band");
        Objects.requireNonNull(since, "since");
    }
}
