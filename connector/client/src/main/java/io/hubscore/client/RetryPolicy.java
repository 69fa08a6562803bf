package io.hubscore.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a failing call is retried: at most {@code maxAttempts} attempts in
 * all, exponential backoff from {@code baseBackoff} capped at {@code maxBackoff}, with jitter.
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {

    public RetryPolicy {
        Objects.requireNonNull(baseBackoff, "baseBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (baseBackoff.isNegative() || maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= baseBackoff <= maxBackoff, got " + baseBackoff + " and " + maxBackoff);
        }
    }

    /** Six attempts, 500 ms doubling up to 30 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30));
    }
}
