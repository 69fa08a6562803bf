package io.hubscore.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a score depends on besides the model: a score is a pure function of this and the model. Immutable.
 *
 * @param events the contact's engagements, in any order; copied
 * @param openDeal whether any of the contact's deals is open
 * @param previous the band state from the last scoring; null for a contact never scored
 * @param now the instant to score at: ages, lookback windows, decay and cooldowns are measured from it
 */
public record ScoringInput(
        ContactSnapshot contact, List<EngagementEvent> events, boolean openDeal, BandState previous, Instant now) {

    public ScoringInput {
        Objects.requireNonNull(contact, "contact");
        events = List.copyOf(events);
        Objects.requireNonNull(now, "now");
        try {
            now.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("now out of range: " + now, e);
        }
    }
}
