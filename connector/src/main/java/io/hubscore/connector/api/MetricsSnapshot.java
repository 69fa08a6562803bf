package io.hubscore.connector.api;

import java.util.Map;
import java.util.Objects;

/**
 * A consistent-enough read of the client's counters for a metrics endpoint: HTTP requests sent
 * (every attempt), retries, 429s by HubSpot policy, latency, and the budget HubSpot last reported
 * ({@code lastRateLimit}, {@link RateLimitHeaders#NONE} before the first response). Immutable.
 */
public record MetricsSnapshot(
        long requests,
        long retries,
        Map<String, Long> http429ByPolicy,
        long transientFailures,
        long totalLatencyMillis,
        long maxLatencyMillis,
        RateLimitHeaders lastRateLimit) {

    public MetricsSnapshot {
        http429ByPolicy = Map.copyOf(http429ByPolicy);
        Objects.requireNonNull(lastRateLimit, "lastRateLimit");
    }

    public long http429Total() {
        return http429ByPolicy.values().stream().mapToLong(Long::longValue).sum();
    }

    public double meanLatencyMillis() {
        return requests == 0 ? 0 : (double) totalLatencyMillis / requests;
    }
}
