package io.hubscore.connector.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * HubSpot's request limits: a rolling burst window (default 100 per 10 s), a daily budget that resets
 * at midnight UTC, and the search endpoints' own per-second limit. Decides whether a request is
 * admitted and which {@code X-HubSpot-RateLimit-*} headers go on its response. Thread-safe.
 */
final class RateLimits {

    static final String TEN_SECONDLY = "TEN_SECONDLY_ROLLING";
    static final String DAILY = "DAILY";
    static final String SECONDLY = "SECONDLY";
    private static final long DAY_MS = 86_400_000L;

    /** Which limits a request is subject to. */
    enum Bucket {
        /** Burst window and daily budget, with headers. */
        STANDARD,
        /** Search's per-second limit and the daily budget, without headers. */
        SEARCH,
        /** Daily budget only (v4 association batch reads are exempt from the burst window), with daily headers. */
        BURST_EXEMPT
    }

    /** The outcome of {@link #admit}: the headers to send, and the policy refused by, or null when admitted. */
    record Admission(String refusedBy, List<String[]> headers) {
        boolean admitted() {
            return refusedBy == null;
        }
    }

    private static final Admission ADMITTED_SILENTLY = new Admission(null, List.of());

    private final Clock clock;
    private final int maxPerWindow;
    private final long windowMs;
    private final int daily;
    private final int searchPerSecond;
    private final ArrayDeque<Long> window = new ArrayDeque<>();
    private final ArrayDeque<Long> searchWindow = new ArrayDeque<>();
    private long day = Long.MIN_VALUE;
    private long usedToday;

    RateLimits(SimulatorOptions options, Clock clock) {
        this.clock = clock;
        this.maxPerWindow = options.maxPer10s();
        this.windowMs = options.window().toMillis();
        this.daily = options.dailyLimit();
        this.searchPerSecond = options.searchPerSecond();
    }

    synchronized Admission admit(Bucket bucket) {
        long now = clock.millis();
        rollDay(now);
        if (daily > 0 && usedToday >= daily) {
            return new Admission(DAILY, bucket == Bucket.SEARCH ? List.of() : headers(bucket, now));
        }
        if (bucket == Bucket.SEARCH) {
            if (searchPerSecond > 0) {
                evict(searchWindow, now - 1000);
                if (searchWindow.size() >= searchPerSecond) {
                    return new Admission(SECONDLY, List.of());
                }
                searchWindow.addLast(now);
            }
            usedToday++;
            return ADMITTED_SILENTLY;
        }
        if (bucket == Bucket.STANDARD && maxPerWindow > 0) {
            evict(window, now - windowMs);
            if (window.size() >= maxPerWindow) {
                return new Admission(TEN_SECONDLY, headers(bucket, now));
            }
            window.addLast(now);
        }
        usedToday++;
        return new Admission(null, headers(bucket, now));
    }

    synchronized long usedToday() {
        rollDay(clock.millis());
        return usedToday;
    }

    int dailyLimit() {
        return daily;
    }

    Instant dailyResetsAt() {
        return Instant.ofEpochMilli((Math.floorDiv(clock.millis(), DAY_MS) + 1) * DAY_MS);
    }

    private List<String[]> headers(Bucket bucket, long now) {
        if (bucket == Bucket.STANDARD && maxPerWindow > 0 && daily > 0) {
            return List.of(burstMax(), burstRemaining(), burstInterval(), dailyMax(), dailyRemaining());
        }
        if (bucket == Bucket.STANDARD && maxPerWindow > 0) {
            return List.of(burstMax(), burstRemaining(), burstInterval());
        }
        if (daily > 0) {
            return List.of(dailyMax(), dailyRemaining());
        }
        return List.of();
    }

    private String[] burstMax() {
        return new String[] {"X-HubSpot-RateLimit-Max", Integer.toString(maxPerWindow)};
    }

    private String[] burstRemaining() {
        return new String[] {"X-HubSpot-RateLimit-Remaining", Integer.toString(Math.max(0, maxPerWindow - window.size()))};
    }

    private String[] burstInterval() {
        return new String[] {"X-HubSpot-RateLimit-Interval-Milliseconds", Long.toString(windowMs)};
    }

    private String[] dailyMax() {
        return new String[] {"X-HubSpot-RateLimit-Daily", Integer.toString(daily)};
    }

    private String[] dailyRemaining() {
        return new String[] {"X-HubSpot-RateLimit-Daily-Remaining", Long.toString(Math.max(0, daily - usedToday))};
    }

    private void rollDay(long now) {
        long today = Math.floorDiv(now, DAY_MS);
        if (today != day) {
            day = today;
            usedToday = 0;
        }
    }

    private static void evict(ArrayDeque<Long> times, long olderThanOrAt) {
        while (!times.isEmpty() && times.peekFirst() <= olderThanOrAt) {
            times.pollFirst();
        }
    }
}
