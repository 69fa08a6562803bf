package io.hubscore.connector.api;

import java.time.Duration;
import java.util.Objects;

/**
 * This daemon's share of the portal's API budget: {@code burstShare} requests per rolling
 * {@code window} (HubSpot's 10-second limit), {@code dailyShare} requests per portal day (0 means
 * no own cap; HubSpot's DAILY 429 still stops the client), and {@code searchPerSecond} for the
 * search endpoints, which carry no rate headers and have their own per-second limit.
 */
public record RateBudget(int burstShare, Duration window, long dailyShare, double searchPerSecond) {

    public RateBudget {
        Objects.requireNonNull(window, "window");
        if (burstShare < 1) {
            throw new IllegalArgumentException("burstShare must be at least 1, was " + burstShare);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (dailyShare < 0) {
            throw new IllegalArgumentException("dailyShare must not be negative, was " + dailyShare);
        }
        if (!(searchPerSecond > 0)) {
            throw new IllegalArgumentException("searchPerSecond must be positive, was " + searchPerSecond);
        }
    }

    /** HubSpot's smallest burst limit (100 per 10 s), no daily cap of our own, 4 searches per second. */
    public static RateBudget defaults() {
        return new RateBudget(100, Duration.ofSeconds(10), 0, 4);
    }
}
