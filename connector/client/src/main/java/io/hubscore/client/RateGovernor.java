package io.hubscore.client;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Throttles calls before HubSpot has to, and waits when HubSpot says so. The burst lane lets a call through when the
 * calls of the last window (and a small margin) leave room for it under the share, as HubSpot's rolling window counts
 * them; 3% of the portal's own limit stays unused for clock skew and latency jitter (a share below 97% of the limit,
 * which leaves that much to other apps already, is used whole). Within that, a resilience4j limiter
 * spaces calls at twice the share's even rate: a stream that stood still (a retry's backoff, a writer waiting for
 * its first batch) catches up on the budget it left unused instead of losing it, without sending a window's worth
 * at once. When the rate-limit headers show other apps using the same budget, each call takes extra permits so
 * this client slows to what is left. The search lane has
 * its own per-second limiter (search responses carry no headers). A rolling-window 429 holds every call of its
 * lane for {@code Retry-After} or the policy's window: waiting for budget is not a failure.
 *
 * <p>The daily budget: this client counts its calls per portal day and stops at its daily share of the limit
 * HubSpot's headers report (the configured limit until they do); HubSpot's DAILY 429, or a response showing no
 * daily calls left, stops calls too. Either pause lasts until midnight in the portal's zone, unless a re-check
 * ({@link #liftIfBudget}) finds budget again or it is lifted by hand.
 *
 * <p>Both limiters run on the injected {@link Clock}; every wait goes through the injected {@link Sleeper} (so it
 * is interruptible) and is counted in the metrics as time spent waiting for rate budget. Thread-safe: bookkeeping
 * is guarded by {@code this}; waits happen outside it.
 */
final class RateGovernor {

    /** Which budget a call draws on. */
    enum Lane {
        BURST,
        SEARCH,
        /** Exempt from the 10-second bucket (v4 association batch reads): counted against the daily budget only. */
        EXEMPT,
        UNMETERED,
        /** Paced and counted like {@link #BURST}, but let through while the daily budget is paused: the re-check. */
        RECHECK
    }

    private static final long NOISE_TOLERANCE = 2;
    private static final long SECOND_NANOS = 1_000_000_000L;
    /** Kept between a search and the one {@code searchPerSecond} searches before it, beyond a second. */
    private static final long SEARCH_MARGIN_NANOS = 25_000_000L;
    /** Kept beyond the window between a burst-lane call and the one a share's worth of permits before it. */
    private static final long BURST_MARGIN_NANOS = 100_000_000L;
    /** How much faster than the share's even rate the burst lane may send to catch up on budget left unused. */
    private static final int CATCH_UP = 2;

    private final Clock clock;
    private final Sleeper sleeper;
    private final RateBudget budget;
    private final ZoneId portalZone;
    private final ClientMetrics metrics;
    private final int pacedShare;
    private final RateLimiter burst;
    private final RateLimiter search;

    private final Deque<Long> ourCallsInWindow = new ArrayDeque<>();
    /** The burst lane's calls let through within the last window and margin: {nanos, permits} each. */
    private final Deque<long[]> burstInWindow = new ArrayDeque<>();
    private long burstPermitsInWindow;
    /** When the latest searches were let through (nanos), at most as many as a second allows. */
    private final Deque<Long> searchesInSecond = new ArrayDeque<>();
    private final int searchesPerSecond;
    private double slowdown = 1.0;
    private double extraPermitDebt;
    private Instant burstHeldUntil = Instant.MIN;
    private Instant searchHeldUntil = Instant.MIN;
    private LocalDate day;
    private long callsToday;
    private long reportedDailyLimit;
    private RateLimitHeaders lastReported = RateLimitHeaders.NONE;
    private Instant reportedAt;
    private Instant pausedUntil;
    private String pauseReason;

    RateGovernor(RateBudget budget, Clock clock, Sleeper sleeper, ZoneId portalZone, ClientMetrics metrics) {
        this.budget = budget;
        this.clock = clock;
        this.sleeper = sleeper;
        this.portalZone = portalZone;
        this.metrics = metrics;
        this.pacedShare = Math.min(budget.burstShare(), budget.burstLimit() - headroom(budget.burstLimit()));
        this.burst = limiter("hubspot-burst", budget.window().dividedBy((long) pacedShare * CATCH_UP));
        this.search = limiter("hubspot-search",
                Duration.ofNanos(Math.max(1, Math.round(1_000_000_000L / budget.searchPerSecond()))));
        this.searchesPerSecond = Math.max(1, (int) Math.floor(budget.searchPerSecond()));
        this.day = clock.instant().atZone(portalZone).toLocalDate();
    }

    /**
     * The calls of a 10-second limit left unused: 3% of it (none of a limit of 10 or less), as HubSpot's window and
     * ours never line up exactly.
     */
    static int headroom(long limit) {
        return limit <= 10 ? 0 : (int) Math.ceil(limit * 0.03);
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

    /**
     * Waits for a permit in {@code lane}; throws {@link DailyLimitExhausted} while the day's budget is gone (except
     * for the {@link Lane#RECHECK} lane).
     */
    void acquire(Lane lane) throws InterruptedException {
        if (lane == Lane.UNMETERED) {
            return;
        }
        if (lane == Lane.EXEMPT) {
            reserveDailyAndCountPermits(lane);
            return;
        }
        boolean searchLane = lane == Lane.SEARCH;
        waitWhileHeld(searchLane);
        int permits = reserveDailyAndCountPermits(lane);
        long waitNanos = (searchLane ? search : burst).reservePermission(permits);
        if (waitNanos < 0) {
            throw new IllegalStateException("rate limiter refused a reservation of " + permits + " permits");
        }
        waitFor(Duration.ofNanos(waitNanos));
        if (searchLane) {
            waitForSearchSecond();
        } else {
            waitForBurstWindow(permits);
        }
    }

    /**
     * Lets a burst-lane call taking {@code permits} through only when the permits let through within the last window
     * (and a margin) leave room for it under the paced share: no rolling window HubSpot counts sees more, however the
     * calls bunch up after a stream stood still.
     */
    private void waitForBurstWindow(int permits) throws InterruptedException {
        long span = budget.window().toNanos() + BURST_MARGIN_NANOS;
        while (true) {
            long wait;
            synchronized (this) {
                long now = nanos();
                while (!burstInWindow.isEmpty() && now - burstInWindow.peekFirst()[0] >= span) {
                    burstPermitsInWindow -= burstInWindow.pollFirst()[1];
                }
                if (burstInWindow.isEmpty() || burstPermitsInWindow + permits <= pacedShare) {
                    burstInWindow.addLast(new long[] {now, permits});
                    burstPermitsInWindow += permits;
                    long millis = clock.millis();
                    while (!ourCallsInWindow.isEmpty()
                            && ourCallsInWindow.peekFirst() <= millis - 10 * budget.window().toMillis()) {
                        ourCallsInWindow.removeFirst(); // kept for a window HubSpot reports, if ever much longer
                    }
                    ourCallsInWindow.addLast(millis);
                    return;
                }
                wait = burstInWindow.peekFirst()[0] + span - now;
            }
            waitFor(Duration.ofNanos(wait));
        }
    }

    /**
     * Lets a search through only when no second holds more than the searches a second allows. The limiter hands out
     * evenly spaced permits, but a search sent late in its slot and the next sent on time can fall into one second
     * with the ones before them: HubSpot answers that with a SECONDLY 429. So a search also waits until a second
     * (and a small margin) has passed since the one {@code searchesPerSecond} before it.
     */
    private void waitForSearchSecond() throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                long now = nanos();
                Long oldest = searchesInSecond.size() < searchesPerSecond ? null : searchesInSecond.peekFirst();
                if (oldest == null || now - oldest >= SECOND_NANOS + SEARCH_MARGIN_NANOS) {
                    if (oldest != null) {
                        searchesInSecond.pollFirst();
                    }
                    searchesInSecond.addLast(now);
                    return;
                }
                wait = oldest + SECOND_NANOS + SEARCH_MARGIN_NANOS - now;
            }
            waitFor(Duration.ofNanos(wait));
        }
    }

    /**
     * HubSpot answered 429 for a rolling policy: holds every call of the lane for {@code Retry-After}, or else the
     * window ({@code TEN_SECONDLY_ROLLING}) or a second ({@code SECONDLY}), and waits that out. Not a failure.
     */
    void waitOut(Lane lane, RateLimited limited) throws InterruptedException {
        boolean searchLane = lane == Lane.SEARCH;
        Duration wait = limited.retryAfter().orElseGet(
                () -> "SECONDLY".equals(limited.policy()) ? Duration.ofSeconds(1) : budget.window());
        synchronized (this) {
            Instant until = clock.instant().plus(wait);
            if (searchLane && until.isAfter(searchHeldUntil)) {
                searchHeldUntil = until;
            } else if (!searchLane && until.isAfter(burstHeldUntil)) {
                burstHeldUntil = until;
            }
        }
        waitWhileHeld(searchLane);
    }

    private void waitWhileHeld(boolean searchLane) throws InterruptedException {
        while (true) {
            Duration left;
            synchronized (this) {
                left = Duration.between(clock.instant(), searchLane ? searchHeldUntil : burstHeldUntil);
            }
            if (left.isNegative() || left.isZero()) {
                return;
            }
            waitFor(left);
        }
    }

    private void waitFor(Duration wait) throws InterruptedException {
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        sleeper.sleep(wait);
        metrics.budgetWaited(wait);
    }

    private synchronized int reserveDailyAndCountPermits(Lane lane) {
        Instant now = clock.instant();
        rollDay(now);
        if (lane != Lane.RECHECK) {
            if (pausedUntil != null) {
                throw new DailyLimitExhausted(pausedUntil, pauseReason);
            }
            OptionalLong allowed = callsAllowedToday();
            if (allowed.isPresent() && callsToday >= allowed.getAsLong()) {
                pause(now, shareUsed(allowed.getAsLong()));
                throw new DailyLimitExhausted(pausedUntil, pauseReason);
            }
        }
        callsToday++;
        if (lane == Lane.SEARCH || lane == Lane.EXEMPT) {
            return 1;
        }
        extraPermitDebt += slowdown - 1.0;
        int extra = (int) Math.floor(extraPermitDebt);
        extraPermitDebt -= extra;
        return 1 + extra;
    }

    /** Learns from a response's rate-limit headers the daily limit, and how much of the window other apps use. */
    void observe(RateLimitHeaders headers) {
        if (headers.isEmpty()) {
            return;
        }
        synchronized (this) {
            lastReported = headers;
            reportedAt = clock.instant();
            if (headers.daily().isPresent() && headers.daily().getAsLong() > 0) {
                reportedDailyLimit = headers.daily().getAsLong();
            }
            if (headers.dailyRemaining().isPresent() && headers.dailyRemaining().getAsLong() <= 0) {
                pause(clock.instant(), "HubSpot reports no daily calls left"
                        + headers.daily().stream().mapToObj(limit -> " of " + limit).findFirst().orElse(""));
            }
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
            long allowed = Math.max(1, Math.min(pacedShare, max - headroom(max) - others));
            slowdown = (double) pacedShare / allowed;
        }
    }

    /** HubSpot said DAILY: no call until the portal's next midnight. Returns that instant. */
    synchronized Instant pauseForTheDay() {
        pause(clock.instant(), "HubSpot answered 429 DAILY");
        return pausedUntil;
    }

    /**
     * After a re-check call answered with {@code headers}: lifts the pause when the day has budget for this client
     * (HubSpot does not report the daily calls used up, and its daily share is not used), pauses otherwise.
     */
    synchronized void liftIfBudget(RateLimitHeaders headers) {
        Instant now = clock.instant();
        rollDay(now);
        OptionalLong allowed = callsAllowedToday();
        if (headers.dailyRemaining().isPresent() && headers.dailyRemaining().getAsLong() <= 0) {
            pause(now, "HubSpot reports no daily calls left");
        } else if (allowed.isPresent() && callsToday >= allowed.getAsLong()) {
            pause(now, shareUsed(allowed.getAsLong()));
        } else {
            pausedUntil = null;
            pauseReason = null;
        }
    }

    /** Lifts a daily pause on the admin's word; calls go out again until HubSpot or the share says otherwise. */
    synchronized void liftPause() {
        pausedUntil = null;
        pauseReason = null;
    }

    /** Takes this client's count of calls on {@code day} (a portal day) from a previous run; ignored for another day. */
    synchronized void restoreCallsToday(LocalDate day, long calls) {
        rollDay(clock.instant());
        if (day.equals(this.day)) {
            callsToday = Math.max(0, calls);
        }
    }

    /** How many times slower than its share this client currently runs (1.0 when alone). */
    synchronized double slowdown() {
        return slowdown;
    }

    synchronized BudgetState state() {
        rollDay(clock.instant());
        return new BudgetState(lastReported, reportedAt, day, callsToday, callsAllowedToday(), pausedUntil,
                pauseReason);
    }

    private OptionalLong callsAllowedToday() {
        return budget.dailyCallsAllowed(portalDailyLimit());
    }

    private long portalDailyLimit() {
        return reportedDailyLimit > 0 ? reportedDailyLimit : budget.dailyLimit();
    }

    private String shareUsed(long allowed) {
        return String.format(Locale.ROOT, "this daemon's daily share is used: %d calls today of the %d it allows (%s%%"
                + " of %s daily limit of %d)", callsToday, allowed, percent(budget.dailyShare()),
                reportedDailyLimit > 0 ? "HubSpot's reported" : "the configured", portalDailyLimit());
    }

    private static String percent(double share) {
        String text = String.format(Locale.ROOT, "%.2f", share * 100);
        return text.replaceAll("\\.?0+$", "");
    }

    private void pause(Instant now, String reason) {
        pausedUntil = nextReset(now);
        pauseReason = reason;
    }

    /** A new portal day starts with no calls and without the previous day's pause. */
    private void rollDay(Instant now) {
        LocalDate today = now.atZone(portalZone).toLocalDate();
        if (!today.equals(day)) {
            day = today;
            callsToday = 0;
        }
        if (pausedUntil != null && !now.isBefore(pausedUntil)) {
            pausedUntil = null;
            pauseReason = null;
        }
    }

    private Instant nextReset(Instant now) {
        return now.atZone(portalZone).toLocalDate().plusDays(1).atStartOfDay(portalZone).toInstant();
    }
}
