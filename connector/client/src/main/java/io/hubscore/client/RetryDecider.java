package io.hubscore.client;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * The one place that decides whether a failed attempt is retried and after how long: transient failures back
 * off exponentially with jitter, never less than their own minimum (423, 477, Retry-After), until the policy's
 * attempts are used. Rolling-window 429s are not failures and never come here: the {@link RateGovernor} waits
 * them out. Thread-safe: the injected random is used under a lock.
 */
final class RetryDecider {

    private final RetryPolicy policy;
    private final Random random;

    RetryDecider(RetryPolicy policy, Random random) {
        this.policy = policy;
        this.random = random;
    }

    /** How long to wait before the next attempt after failed attempt number {@code attempt}, or empty to give up. */
    Optional<Duration> afterFailure(TransientFailure failure, int attempt) {
        if (attempt >= policy.maxAttempts()) {
            return Optional.empty();
        }
        Duration backoff = backoff(attempt);
        return Optional.of(backoff.compareTo(failure.minWait()) >= 0 ? backoff : failure.minWait());
    }

    /** Half fixed, half random ("equal jitter"): base * 2^(attempt-1), capped. */
    private Duration backoff(int attempt) {
        long base = policy.baseBackoff().toMillis();
        long cap = policy.maxBackoff().toMillis();
        long exponential = attempt >= 31 ? cap : Math.min(cap, base << (attempt - 1));
        double jitter;
        synchronized (random) {
            jitter = random.nextDouble();
        }
        return Duration.ofMillis(exponential / 2 + Math.round(exponential / 2.0 * jitter));
    }
}
