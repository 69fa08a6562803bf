package io.hubscore.client;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the client knows of the portal's API budget at one moment: the rate-limit headers HubSpot last sent
 * ({@link RateLimitHeaders#NONE} and a null {@code reportedAt} before the first), this client's calls on the
 * current portal day and how many its daily share allows (empty: no own cap), and the daily pause, if any
 * ({@code pausedUntil} and {@code pauseReason} are null when calls are not paused). Immutable.
 */
public record BudgetState(
        RateLimitHeaders lastReported,
        Instant reportedAt,
        LocalDate day,
        long callsToday,
        OptionalLong callsAllowedToday,
        Instant pausedUntil,
        String pauseReason) {

    public BudgetState {
        Objects.requireNonNull(lastReported, "lastReported");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(callsAllowedToday, "callsAllowedToday");
        if ((pausedUntil == null) != (pauseReason == null)) {
            throw new IllegalArgumentException("a pause has both an end and a reason");
        }
    }

    public boolean paused() {
        return pausedUntil != null;
    }
}
