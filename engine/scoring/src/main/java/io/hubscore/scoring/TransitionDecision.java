package io.hubscore.scoring;

import java.time.Instant;
import java.util.Objects;

/** Whether scoring a contact moves it to another band, and if not, what held the change back. */
public sealed interface TransitionDecision {

    /** No transition: the band did not change, or a first band was assigned and that is not counted. */
    None NONE = new None();

    /** No transition. */
    record None() implements TransitionDecision {
    }

    /**
     * The band changes and a transition is recorded.
     *
     * @param from the previous band; null for a counted first assignment
     */
    record Fires(String from, String to) implements TransitionDecision {
        public Fires {
            Objects.requireNonNull(to, "to");
        }
    }

    /** The band would change to {@code pending}, but the last transition is too recent; holds until {@code until}. */
    record HeldByCooldown(String pending, Instant until) implements TransitionDecision {
        public HeldByCooldown {
            Objects.requireNonNull(pending, "pending");
            Objects.requireNonNull(until, "until");
        }
    }

    /** The band would change to {@code pending}, but the named freeze-band suppression holds it. */
    record HeldBySuppression(String pending, String suppression) implements TransitionDecision {
        public HeldBySuppression {
            Objects.requireNonNull(pending, "pending");
            Objects.requireNonNull(suppression, "suppression");
        }
    }
}
