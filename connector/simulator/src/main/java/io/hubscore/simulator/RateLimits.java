package io.hubscore.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * HubSpot's request limits: a rolling burst window (default 100 per 10 s), a daily budget that resets
 * at midnight UTC, and the search endpoints' own per-second limit. Decides whether a request is
 * admitted and which {@code X-HubSpot-RateLimit-*} headers go on its response. The limits can be changed
 * while the simulator runs ({@link #change}), and other clients of the same app can be made to use part or
 * all of the burst window for a while. Thread-safe: state is guarded by {@code this}.
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
    private final long windowMs;
    private int maxPerWindow;
    private int daily;
    private int searchPerSecond;
    private int otherClientsPerWindow;
    private Instant otherClientsUntil;
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
            if (window.size() + otherClients(now) >= maxPerWindow) {
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

    synchronized int dailyLimit() {
        return daily;
    }

    /**
     * Changes limits while the simulator runs; each argument is null to keep the current value, and a limit of 0
     * turns it off. {@code otherClients} requests of every burst window go to other clients of the same app (they
     * are not counted against the daily budget) until {@code otherClientsFor} has passed, or for good when it is
     * null.
     */
    synchronized void change(Integer maxPer10s, Integer daily, Integer searchPerSecond, Integer otherClients,
            Duration otherClientsFor) {
        if (maxPer10s != null) {
            this.maxPerWindow = maxPer10s;
        }
        if (daily != null) {
            this.daily = daily;
        }
        if (searchPerSecond != null) {
            this.searchPerSecond = searchPerSecond;
        }
        if (otherClients != null) {
            this.otherClientsPerWindow = otherClients;
            this.otherClientsUntil = otherClientsFor == null ? null : clock.instant().plus(otherClientsFor);
        }
    }

    /** The limits in force and today's use, for the admin endpoint. */
    synchronized Settings settings() {
        long now = clock.millis();
        rollDay(now);
        return new Settings(maxPerWindow, daily, searchPerSecond, otherClients(now),
                otherClientsPerWindow > 0 ? otherClientsUntil : null, usedToday);
    }

    /** What {@link #settings()} reports; {@code otherClientsUntil} is null when they stay (or there are none). */
    record Settings(int maxPer10s, int daily, int searchPerSecond, int otherClientsPer10s, Instant otherClientsUntil,
            long usedToday) {
    }

    private int otherClients(long now) {
        if (otherClientsPerWindow > 0 && otherClientsUntil != null && now >= otherClientsUntil.toEpochMilli()) {
            otherClientsPerWindow = 0;
            otherClientsUntil = null;
        }
        return otherClientsPerWindow;
    }

    Instant dailyResetsAt() {
        return Instant.ofEpochMilli((Math.floorDiv(clock.millis(), DAY_MS) + 1) * DAY_MS);
    }

    private List<String[]> headers(Bucket bucket, long now) {
        if (bucket == Bucket.STANDARD && maxPerWindow > 0 && daily > 0) {
            return List.of(burstMax(), burstRemaining(now), burstInterval(), dailyMax(), dailyRemaining());
        }
        if (bucket == Bucket.STANDARD && maxPerWindow > 0) {
            return List.of(burstMax(), burstRemaining(now), burstInterval());
        }
        if (daily > 0) {
            return List.of(dailyMax(), dailyRemaining());
        }
        return List.of();
    }

    private String[] burstMax() {
        return new String[] {"X-HubSpot-RateLimit-Max", Integer.toString(maxPerWindow)};
    }

    private String[] burstRemaining(long now) {
        return new String[] {"X-HubSpot-RateLimit-Remaining",
            Integer.toString(Math.max(0, maxPerWindow - window.size() - otherClients(now)))};
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
