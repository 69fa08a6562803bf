package io.hubscore.connector.api;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Throttles calls before HubSpot has to. The burst lane is a resilience4j limiter that hands out
 * one permit per {@code window / share}, so no rolling window ever sees more than the share; the
 * share keeps a small headroom for clock skew and latency jitter. When the rate-limit headers show
 * other apps using the same budget, each call takes extra permits so this client slows to what is
 * left. The search lane has its own per-second limiter (search responses carry no headers). The
 * daily share and HubSpot's DAILY 429 stop calls until midnight in the portal's zone.
 *
 * <p>Both limiters run on the injected {@link Clock} and every wait goes through the injected
 * {@link Sleeper}. Thread-safe: bookkeeping is guarded by {@code this}; waits happen outside it.
 */
final class RateGovernor {

    /** Which budget a call draws on. */
    enum Lane { BURST, SEARCH, UNMETERED }

    private static final long NOISE_TOLERANCE = 2;

    private final Clock clock;
    private final Sleeper sleeper;
    private final RateBudget budget;
    private final ZoneId portalZone;
    private final int pacedShare;
    private final RateLimiter burst;
    private final RateLimiter search;

    private final Deque<Long> ourCallsInWindow = new ArrayDeque<>();
    private double slowdown = 1.0;
    private double extraPermitDebt;
    private LocalDate day;
    private long callsToday;
    private Instant pausedUntil;

    RateGovernor(RateBudget budget, Clock clock, Sleeper sleeper, ZoneId portalZone) {
        this.budget = budget;
        this.clock = clock;
        this.sleeper = sleeper;
        this.portalZone = portalZone;
        int headroom = budget.burstShare() <= 10 ? 0 : (int) Math.ceil(budget.burstShare() * 0.03);
        this.pacedShare = budget.burstShare() - headroom;
        this.burst = limiter("hubspot-burst", budget.window().dividedBy(pacedShare));
        this.search = limiter("hubspot-search",
                Duration.ofNanos(Math.max(1, Math.round(1_000_000_000L / budget.searchPerSecond()))));
    }

    private RateLimiter limiter(String name, Duration permitEvery) {
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(permitEvery.isZero() ? Duration.ofNanos(1) : permitEvery)
                .timeoutDuration(Duration.ofDays(1))
                .build();
        return RateLimiter.of(name, config, this::nanos);
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Waits for a permit in {@code lane}; throws {@link DailyLimitExhausted} while the day's budget is gone. */
    void acquire(Lane lane) throws InterruptedException {
        if (lane == Lane.UNMETERED) {
            return;
        }
        int permits = reserveDailyAndCountPermits(lane);
        RateLimiter limiter = lane == Lane.SEARCH ? search : burst;
        long waitNanos = limiter.reservePermission(permits);
        if (waitNanos < 0) {
            throw new IllegalStateException("rate limiter refused a reservation of " + permits + " permits");
        }
        if (waitNanos > 0) {
            sleeper.sleep(Duration.ofNanos(waitNanos));
        }
        if (lane == Lane.BURST) {
            synchronized (this) {
                ourCallsInWindow.addLast(clock.millis());
            }
        }
    }

    private synchronized int reserveDailyAndCountPermits(Lane lane) {
        Instant now = clock.instant();
        if (pausedUntil != null) {
            if (now.isBefore(pausedUntil)) {
                throw new DailyLimitExhausted(pausedUntil, "waiting for the daily reset");
            }
            pausedUntil = null;
        }
        LocalDate today = now.atZone(portalZone).toLocalDate();
        if (!today.equals(day)) {
            day = today;
            callsToday = 0;
        }
        if (budget.dailyShare() > 0 && callsToday >= budget.dailyShare()) {
            pausedUntil = nextReset(now);
            throw new DailyLimitExhausted(pausedUntil, "this daemon's daily share of " + budget.dailyShare() + " calls is used");
        }
        callsToday++;
        if (lane != Lane.BURST) {
            return 1;
        }
        extraPermitDebt += slowdown - 1.0;
        int extra = (int) Math.floor(extraPermitDebt);
        extraPermitDebt -= extra;
        return 1 + extra;
    }

    /** Learns from a response's rate-limit headers how much of the window other apps are using. */
    void observe(RateLimitHeaders headers) {
        if (headers.dailyRemaining().isPresent() && headers.dailyRemaining().getAsLong() <= 0) {
            pauseForTheDay();
        }
        if (!headers.describesBurstWindow()) {
            return;
        }
        long max = headers.max().getAsLong();
        long remaining = headers.remaining().getAsLong();
        long interval = headers.intervalMillis().getAsLong();
        synchronized (this) {
            long horizon = clock.millis() - interval;
            while (!ourCallsInWindow.isEmpty() && ourCallsInWindow.peekFirst() <= horizon) {
                ourCallsInWindow.removeFirst();
            }
            long others = Math.max(0, (max - remaining) - ourCallsInWindow.size());
            if (others <= NOISE_TOLERANCE) {
                others = 0;
            }
            long headroom = budget.burstShare() - pacedShare;
            long allowed = Math.max(1, Math.min(pacedShare, max - headroom - others));
            slowdown = (double) pacedShare / allowed;
        }
    }

    /** HubSpot said DAILY: no call until the portal's next midnight. Returns that instant. */
    synchronized Instant pauseForTheDay() {
        pausedUntil = nextReset(clock.instant());
        return pausedUntil;
    }

    /** How many times slower than its share this client currently runs (1.0 when alone). */
    synchronized double slowdown() {
        return slowdown;
    }

    private Instant nextReset(Instant now) {
        return now.atZone(portalZone).toLocalDate().plusDays(1).atStartOfDay(portalZone).toInstant();
    }
}
