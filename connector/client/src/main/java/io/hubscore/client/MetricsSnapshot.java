package io.hubscore.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A consistent-enough read of the client's counters for a metrics endpoint: HTTP requests sent
 * (every attempt), retries, 429s by HubSpot policy, latency, the budget HubSpot last reported
 * ({@code lastRateLimit}, {@link RateLimitHeaders#NONE} before the first response), and the time spent waiting
 * for rate budget ({@code budgetWaitMillis}: pacing to the share and waiting out 429s). Immutable;
 * {@link #asMap()} gives the same figures as named numbers.
 */
public record MetricsSnapshot(
        long requests,
        long retries,
        Map<String, Long> http429ByPolicy,
        long transientFailures,
        long totalLatencyMillis,
        long maxLatencyMillis,
        RateLimitHeaders lastRateLimit,
        long budgetWaitMillis) {

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

    /**
     * The snapshot as flat metric names and values, in a stable order, for a metrics endpoint:
     * {@code requests, retries, transient_failures, http_429, http_429_<policy>} (policy in lower
     * case), {@code latency_ms_total, latency_ms_max, latency_ms_mean}, {@code budget_wait_ms}, and the last reported
     * {@code rate_limit_max, rate_limit_remaining, rate_limit_interval_ms, rate_limit_daily,
     * rate_limit_daily_remaining}, each present only once HubSpot has sent it.
     */
    public Map<String, Number> asMap() {
        Map<String, Number> values = new LinkedHashMap<>();
        values.put("requests", requests);
        values.put("retries", retries);
        values.put("transient_failures", transientFailures);
        values.put("http_429", http429Total());
        new TreeMap<>(http429ByPolicy).forEach(
                (policy, count) -> values.put("http_429_" + policy.toLowerCase(Locale.ROOT), count));
        values.put("latency_ms_total", totalLatencyMillis);
        values.put("latency_ms_max", maxLatencyMillis);
        values.put("latency_ms_mean", meanLatencyMillis());
        values.put("budget_wait_ms", budgetWaitMillis);
        put(values, "rate_limit_max", lastRateLimit.max());
        put(values, "rate_limit_remaining", lastRateLimit.remaining());
        put(values, "rate_limit_interval_ms", lastRateLimit.intervalMillis());
        put(values, "rate_limit_daily", lastRateLimit.daily());
        put(values, "rate_limit_daily_remaining", lastRateLimit.dailyRemaining());
        return Collections.unmodifiableMap(values);
    }

    private static void put(Map<String, Number> values, String name, OptionalLong value) {
        if (value.isPresent()) {
            values.put(name, value.getAsLong());
        }
    }
}
