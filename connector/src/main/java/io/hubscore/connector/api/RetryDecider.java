package io.hubscore.connector.api;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * The one place that decides, by failure type, whether an attempt is retried and after how long.
 * Rolling-window 429s wait out the window (or {@code Retry-After}); transient failures back off
 * exponentially with jitter, never less than their own minimum (423, 477, Retry-After); anything
 * else, and any failure on the last attempt, is not retried. Thread-safe: the injected random is
 * used under a lock.
 */
final class RetryDecider {

    private final RetryPolicy policy;
    private final Duration window;
    private final Random random;

    RetryDecider(RetryPolicy policy, Duration window, Random random) {
        this.policy = policy;
        this.window = window;
        this.random = random;
    }

    /** How long to wait before attempt {@code attempt + 1}, or empty to give up now. */
    Optional<Duration> afterFailure(HubScoreException failure, int attempt) {
        if (attempt >= policy.maxAttempts()) {
            return Optional.empty();
        }
        if (failure instanceof RateLimited limited) {
            return Optional.of(limited.retryAfter().orElseGet(() -> waitFor(limited.policy())));
        }
        if (failure instanceof TransientFailure trouble) {
            Duration backoff = backoff(attempt);
            return Optional.of(backoff.compareTo(trouble.minWait()) >= 0 ? backoff : trouble.minWait());
        }
        return Optional.empty();
    }

    private Duration waitFor(String policyName) {
        return "SECONDLY".equals(policyName) ? Duration.ofSeconds(1) : window;
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
