package io.hubscore.config;

import java.time.Duration;

/**
 * When a band change counts as a transition.
 *
 * @param cooldown after a transition, the band holds for this long (the pending change is visible)
 * @param countFirstAssignment whether a contact's first band is recorded as a transition
 */
public record TransitionsConfig(
        @Default("0s") Duration cooldown,
        @Default("false") boolean countFirstAssignment) {
}
