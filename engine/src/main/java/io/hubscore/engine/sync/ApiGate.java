package io.hubscore.engine.sync;

import io.hubscore.connector.api.AuthFailed;
import io.hubscore.connector.api.DailyLimitExhausted;
import io.hubscore.connector.api.HubScoreException;
import io.hubscore.connector.api.HubSpotUnavailable;
import io.hubscore.connector.api.MetricsSnapshot;
import io.hubscore.connector.api.RateLimitHeaders;
import io.hubscore.engine.ledger.Ledger;
import io.hubscore.engine.ledger.PortalState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the daemon may call HubSpot now, and turns the failures that stop all calls into ledger state
 * that survives a restart: HubSpot's DAILY limit pauses every call until the reset; refused credentials stop calls
 * and retry auth on a slow schedule. Both show in {@code status}. Thread-safe (state lives in the ledger).
 */
public final class ApiGate {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGate.class);

    /** How long to wait before trying refused credentials again. */
    static final Duration AUTH_RETRY = Duration.ofMinutes(5);
    static final String AUTH_RETRY_AT = "auth_retry_at";

    private final Ledger ledger;
    private final Clock clock;

    public ApiGate(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Throws {@link StepRunner.StepFailure} when calls are paused (daily limit) or auth is waiting for its next
     * retry; a pause whose time has come is lifted.
     */
    public void check() {
        long now = clock.millis();
        Optional<String> pausedUntil = ledger.read(c -> PortalState.get(c, PortalState.PAUSED_UNTIL));
        if (pausedUntil.isPresent()) {
            long until = Long.parseLong(pausedUntil.get());
            if (now < until) {
                throw new StepRunner.StepFailure("paused until " + Instant.ofEpochMilli(until)
                        + ": HubSpot's daily API limit is used up; queued writes are kept", null);
            }
            ledger.write(c -> {
                PortalState.remove(c, PortalState.PAUSED_UNTIL);
                PortalState.remove(c, PortalState.PAUSE_REASON);
                return null;
            });
            LOG.info("daily limit reset: calls resume");
        }
        Optional<String> retryAt = ledger.read(c -> PortalState.get(c, AUTH_RETRY_AT));
        if (retryAt.isPresent() && now < Long.parseLong(retryAt.get())) {
            String failure = ledger.read(c -> PortalState.get(c, PortalState.AUTH_FAILURE)).orElse("refused");
            throw new StepRunner.StepFailure("HubSpot refused the credentials (" + failure + "); writing stopped, next"
                    + " auth attempt at " + Instant.ofEpochMilli(Long.parseLong(retryAt.get())), null);
        }
    }

    /**
     * Records that calls work (lifting an auth failure) and how much of the portal's daily budget HubSpot reports
     * used, for {@code status}.
     */
    public void succeeded(MetricsSnapshot metrics) {
        RateLimitHeaders last = metrics.lastRateLimit();
        if (last.daily().isPresent() && last.dailyRemaining().isPresent() && last.daily().getAsLong() > 0) {
            long daily = last.daily().getAsLong();
            long used = Math.max(0, daily - last.dailyRemaining().getAsLong());
            long now = clock.millis();
            ledger.write(c -> {
                PortalState.put(c, "rate_budget_used_today", String.format(java.util.Locale.ROOT,
                        "%d of %d (%.1f%%)", used, daily, 100.0 * used / daily), now);
                return null;
            });
        }
        if (ledger.read(c -> PortalState.get(c, AUTH_RETRY_AT)).isPresent()) {
            ledger.write(c -> {
                PortalState.remove(c, AUTH_RETRY_AT);
                PortalState.remove(c, PortalState.AUTH_FAILURE);
                return null;
            });
            LOG.info("HubSpot accepts the credentials again: writing resumes");
        }
    }

    /**
     * Turns a failed call into the step failure to report, recording a pause or an auth failure first. Returns
     * the exception for the caller to throw.
     */
    public StepRunner.StepFailure failed(HubScoreException e) {
        long now = clock.millis();
        if (e instanceof DailyLimitExhausted daily) {
            ledger.write(c -> {
                PortalState.put(c, PortalState.PAUSED_UNTIL, Long.toString(daily.resetAt().toEpochMilli()), now);
                PortalState.put(c, PortalState.PAUSE_REASON, "DAILY limit reached", now);
                return null;
            });
            return new StepRunner.StepFailure("HubSpot's daily API limit is used up: pausing all calls until "
                    + daily.resetAt() + "; queued writes are kept", e);
        }
        if (e instanceof AuthFailed) {
            long retryAt = now + AUTH_RETRY.toMillis();
            ledger.write(c -> {
                PortalState.put(c, PortalState.AUTH_FAILURE, e.getMessage(), now);
                PortalState.put(c, AUTH_RETRY_AT, Long.toString(retryAt), now);
                return null;
            });
            return new StepRunner.StepFailure("HubSpot refused the credentials (" + e.getMessage()
                    + "): writing stopped, retrying auth at " + Instant.ofEpochMilli(retryAt), e);
        }
        if (e instanceof HubSpotUnavailable) {
            return new StepRunner.StepFailure(e.getMessage() + "; the next run retries", e);
        }
        return new StepRunner.StepFailure(e.getMessage(), e);
    }
}
