package io.hubscore.client;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * This daemon's share of the portal's API budget: {@code burstShare} requests per rolling {@code window}
 * (HubSpot's 10-second limit); {@code dailyShare} (0 to 1) of the portal's daily limit, which is
 * {@code dailyLimit} until HubSpot's {@code X-HubSpot-RateLimit-Daily} header reports it (0 means no own cap;
 * HubSpot's DAILY 429 still stops the client); and {@code searchPerSecond} for the search endpoints, which carry
 * no rate headers and have their own per-second limit. {@code burstLimit} is the portal's own 10-second limit the
 * share was taken from: the client keeps 3% of it unused (HubSpot's window and ours never line up exactly), so a share
 * below 97% of the limit is used whole.
 */
public record RateBudget(int burstShare, Duration window, double dailyShare, long dailyLimit, double searchPerSecond,
        int burstLimit) {

    /** HubSpot's smallest daily limit (Free and Starter), used until the headers report the portal's own. */
    public static final long SMALLEST_DAILY_LIMIT = 250_000;

    public RateBudget {
        Objects.requireNonNull(window, "window");
        if (burstShare < 1) {
            throw new IllegalArgumentException("burstShare must be at least 1, was " + burstShare);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (!(dailyShare >= 0 && dailyShare <= 1)) {
            throw new IllegalArgumentException("dailyShare must be 0 (no own cap) to 1, was " + dailyShare);
        }
        if (dailyLimit < 1) {
            throw new IllegalArgumentException("dailyLimit must be at least 1, was " + dailyLimit);
        }
        if (!(searchPerSecond > 0)) {
            throw new IllegalArgumentException("searchPerSecond must be positive, was " + searchPerSecond);
        }
        if (burstLimit < burstShare) {
            throw new IllegalArgumentException("burstLimit must be at least the share (" + burstShare + "), was "
                    + burstLimit);
        }
    }

    /** A budget taken from a portal whose 10-second limit is HubSpot's smallest, 100 (or the share, if more). */
    public RateBudget(int burstShare, Duration window, double dailyShare, long dailyLimit, double searchPerSecond) {
        this(burstShare, window, dailyShare, dailyLimit, searchPerSecond, Math.max(burstShare, 100));
    }

    /** A budget that assumes HubSpot's smallest daily limit until the headers report the portal's. */
    public RateBudget(int burstShare, Duration window, double dailyShare, double searchPerSecond) {
        this(burstShare, window, dailyShare, SMALLEST_DAILY_LIMIT, searchPerSecond);
    }

    /** HubSpot's smallest burst limit (100 per 10 s), no daily cap of our own, 4 searches per second. */
    public static RateBudget defaults() {
        return new RateBudget(100, Duration.ofSeconds(10), 0, 4);
    }

    /**
     * How many calls a day the share allows when the portal's daily limit is {@code portalDailyLimit} (rounded
     * down); empty when there is no own cap.
     */
    public OptionalLong dailyCallsAllowed(long portalDailyLimit) {
        return dailyShare == 0 ? OptionalLong.empty() : OptionalLong.of((long) Math.floor(portalDailyLimit * dailyShare));
    }
}
