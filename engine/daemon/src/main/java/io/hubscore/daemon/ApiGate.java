package io.hubscore.daemon;

import io.hubscore.client.AuthFailed;
import io.hubscore.client.BudgetState;
import io.hubscore.client.DailyLimitExhausted;
import io.hubscore.client.HubSpotFailure;
import io.hubscore.client.HubSpotClient;
import io.hubscore.client.HubSpotUnavailable;
import io.hubscore.client.MetricsSnapshot;
import io.hubscore.client.RateLimitHeaders;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.PortalState;
import io.hubscore.ledger.RateState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the daemon may call HubSpot now, and keeps the ledger and the client agreeing on it. The failures
 * that stop all calls become ledger state that survives a restart: a used-up daily budget (HubSpot's DAILY limit, or
 * this daemon's daily share of it) pauses every call until the reset, refused credentials stop calls and retry auth
 * on a slow schedule. A stored pause is re-checked with one call every {@link #PAUSE_RECHECK} (and at the start of
 * {@code run --once}) and lifted when HubSpot shows budget again; {@code hubscore resume} lifts it by hand, and a
 * running daemon lifts its client's pause when it sees that. What HubSpot's rate-limit headers last said and this
 * daemon's calls today are recorded for {@code status}. Thread-safe: state lives in the ledger and the client; the
 * decisions are serialised.
 */
final class ApiGate {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGate.class);

    /** How long to wait before trying refused credentials again. */
    static final Duration AUTH_RETRY = Duration.ofMinutes(5);
    /** How often a stored daily pause is re-checked with one call to HubSpot. */
    static final Duration PAUSE_RECHECK = Duration.ofMinutes(15);

    private final Ledger ledger;
    private final HubSpotClient client;
    private final Clock clock;
    /** The last {@code hubscore resume} this gate acted on; null when none. Guarded by {@code this}. */
    private String liftSeen;

    public ApiGate(Ledger ledger, HubSpotClient client, Clock clock) {
        this.ledger = ledger;
        this.client = client;
        this.clock = clock;
    }

    /**
     * At the daemon's start: continues the count of today's calls from the ledger (so the daily share holds across
     * restarts), and takes note of the last {@code hubscore resume} so only a later one is acted on.
     */
    public synchronized void restore() {
        ledger.read(tx -> tx.rateState().dailyCalls()).ifPresent(d -> client.restoreDailyCalls(d.day(), d.calls()));
        liftSeen = state(PortalState.Key.PAUSE_LIFTED).orElse(null);
    }

    /**
     * Throws {@link StepRunner.StepFailure} when calls are paused (daily limit) or auth is waiting for its next
     * retry. A pause whose time has come, or that HubSpot no longer confirms when it is due for a re-check, is
     * lifted; a pause lifted by {@code hubscore resume} is lifted in the client too.
     */
    public synchronized void check() {
        adoptResume();
        Optional<Long> until = pausedUntil();
        if (until.isPresent()) {
            long now = clock.millis();
            if (now >= until.get()) {
                clearPause();
                LOG.info("the daily API budget has reset: calls resume");
            } else if (now < lastChecked() + PAUSE_RECHECK.toMillis()) {
                throw paused();
            } else {
                try {
                    if (!recheck()) {
                        throw paused();
                    }
                } catch (HubSpotFailure e) {
                    throw failed(e);
                }
            }
        }
        Optional<String> retryAt = state(PortalState.Key.AUTH_RETRY_AT);
        if (retryAt.isPresent() && clock.millis() < Long.parseLong(retryAt.get())) {
            String failure = state(PortalState.Key.AUTH_FAILURE).orElse("refused");
            throw new StepRunner.StepFailure("HubSpot refused the credentials (" + failure + "); writing stopped, next"
                    + " auth attempt at " + Instant.ofEpochMilli(Long.parseLong(retryAt.get())), null);
        }
    }

    /**
     * Asks HubSpot now, whatever the re-check interval, whether a stored pause can be lifted (the start of
     * {@code run --once}); does nothing when calls are not paused. A failure is recorded and logged, not thrown:
     * the first job reports it.
     */
    public synchronized void recheckStoredPause() {
        adoptResume();
        Optional<Long> until = pausedUntil();
        if (until.isEmpty() || clock.millis() >= until.get()) {
            return;
        }
        try {
            recheck();
        } catch (HubSpotFailure e) {
            LOG.warn("could not ask HubSpot whether the daily budget is back: {}", failed(e).getMessage());
        }
    }

    /**
     * Records that calls work (lifting an auth failure), what HubSpot's rate-limit headers last said, this daemon's
     * calls today, and how much of the portal's daily budget HubSpot reports used, for {@code status}.
     *
     * @param metrics not read: the client's budget state carries the same headers, with the time they came
     */
    public synchronized void succeeded(MetricsSnapshot metrics) {
        record(client.budgetState());
        if (state(PortalState.Key.AUTH_RETRY_AT).isPresent()) {
            ledger.update(tx -> {
                tx.portalState().remove(PortalState.Key.AUTH_RETRY_AT);
                tx.portalState().remove(PortalState.Key.AUTH_FAILURE);
            });
            LOG.info("HubSpot accepts the credentials again: writing resumes");
        }
    }

    /**
     * Turns a failed call into the step failure to report, recording a pause or an auth failure first. Returns
     * the exception for the caller to throw.
     */
    public synchronized StepRunner.StepFailure failed(HubSpotFailure e) {
        long now = clock.millis();
        record(client.budgetState());
        if (e instanceof DailyLimitExhausted daily) {
            ledger.update(tx -> {
                tx.portalState().put(PortalState.Key.PAUSED_UNTIL, Long.toString(daily.resetAt().toEpochMilli()), now);
                tx.portalState().put(PortalState.Key.PAUSE_REASON, daily.reason(), now);
                tx.portalState().put(PortalState.Key.PAUSE_CHECKED_AT, Long.toString(now), now);
            });
            return new StepRunner.StepFailure("the daily API budget is used up (" + daily.reason()
                    + "): pausing all calls until " + daily.resetAt() + "; queued writes are kept; HubSpot is asked"
                    + " again every " + PAUSE_RECHECK.toMinutes() + " minutes, and `hubscore resume` lifts the pause"
                    + " by hand", e);
        }
        if (e instanceof AuthFailed) {
            long retryAt = now + AUTH_RETRY.toMillis();
            ledger.update(tx -> {
                tx.portalState().put(PortalState.Key.AUTH_FAILURE, e.getMessage(), now);
                tx.portalState().put(PortalState.Key.AUTH_RETRY_AT, Long.toString(retryAt), now);
            });
            return new StepRunner.StepFailure("HubSpot refused the credentials (" + e.getMessage()
                    + "): writing stopped, retrying auth at " + Instant.ofEpochMilli(retryAt), e);
        }
        if (e instanceof HubSpotUnavailable) {
            return new StepRunner.StepFailure(e.getMessage() + "; the next run retries", e);
        }
        return new StepRunner.StepFailure(e.getMessage(), e);
    }

    /** One call to HubSpot: lifts the stored pause when it shows budget again; returns whether it did. */
    private boolean recheck() {
        BudgetState state = client.recheckDailyBudget();
        long now = clock.millis();
        record(state);
        if (state.paused()) {
            ledger.update(tx -> {
                tx.portalState().put(PortalState.Key.PAUSED_UNTIL, Long.toString(state.pausedUntil().toEpochMilli()),
                        now);
                tx.portalState().put(PortalState.Key.PAUSE_REASON, state.pauseReason(), now);
                tx.portalState().put(PortalState.Key.PAUSE_CHECKED_AT, Long.toString(now), now);
            });
            LOG.info("asked HubSpot whether the daily budget is back: not yet ({}); still paused until {}",
                    state.pauseReason(), state.pausedUntil());
            return false;
        }
        clearPause();
        OptionalLong remaining = state.lastReported().dailyRemaining();
        LOG.info("HubSpot shows daily budget again{}: the pause is lifted and calls resume",
                remaining.isPresent() ? " (" + remaining.getAsLong() + " calls left today)" : "");
        return true;
    }

    /** A {@code hubscore resume} since the last look lifts the client's pause and starts today's count afresh. */
    private void adoptResume() {
        Optional<String> lifted = state(PortalState.Key.PAUSE_LIFTED);
        if (lifted.isPresent() && !lifted.get().equals(liftSeen)) {
            liftSeen = lifted.get();
            client.restoreDailyCalls(client.budgetState().day(), 0);
            client.liftDailyPause();
            LOG.info("the pause was lifted by `hubscore resume` at {}: calls resume", lifted.get());
        }
    }

    /** A portal fact as stored now. */
    private Optional<String> state(PortalState.Key key) {
        return ledger.read(tx -> tx.portalState().get(key));
    }

    private Optional<Long> pausedUntil() {
        return state(PortalState.Key.PAUSED_UNTIL).map(Long::parseLong);
    }

    private long lastChecked() {
        return state(PortalState.Key.PAUSE_CHECKED_AT).map(Long::parseLong).orElse(0L);
    }

    private StepRunner.StepFailure paused() {
        long until = pausedUntil().orElseThrow();
        String reason = state(PortalState.Key.PAUSE_REASON).orElse("daily limit reached");
        return new StepRunner.StepFailure("paused until " + Instant.ofEpochMilli(until) + ": the daily API budget is"
                + " used up (" + reason + "); queued writes are kept; HubSpot is asked again at "
                + Instant.ofEpochMilli(lastChecked() + PAUSE_RECHECK.toMillis())
                + ", and `hubscore resume` lifts the pause by hand", null);
    }

    private void clearPause() {
        ledger.update(tx -> {
            tx.portalState().remove(PortalState.Key.PAUSED_UNTIL);
            tx.portalState().remove(PortalState.Key.PAUSE_REASON);
            tx.portalState().remove(PortalState.Key.PAUSE_CHECKED_AT);
        });
    }

    /**
     * What HubSpot's headers last said (and so how much of the portal's daily budget is used) and this daemon's
     * calls today, for {@code status} and the next start.
     */
    private void record(BudgetState state) {
        long now = clock.millis();
        RateLimitHeaders h = state.lastReported();
        ledger.update(tx -> {
            if (state.reportedAt() != null) {
                long at = state.reportedAt().toEpochMilli();
                tx.rateState().putReported(new RateState.Reported(boxed(h.max()), boxed(h.remaining()),
                        boxed(h.intervalMillis()), boxed(h.daily()), boxed(h.dailyRemaining()), at));
            }
            tx.rateState().putDailyCalls(new RateState.DailyCalls(state.day(), state.callsToday(),
                    boxed(state.callsAllowedToday())), now);
        });
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
