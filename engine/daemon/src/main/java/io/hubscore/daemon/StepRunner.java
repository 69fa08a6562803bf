package io.hubscore.daemon;

import io.hubscore.HubScoreException;
import io.hubscore.ledger.Ledger;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a step the way every job runs: portal and job in the MDC, the run recorded in the ledger's
 * {@code runs} table with its counts or error, and one log line. The time the step spent waiting for
 * HubSpot's rate budget is counted as {@code budget_wait_ms} when it is not zero. A failing step never
 * throws out of here: the daemon keeps running and the next run retries. Thread-safe.
 */
public final class StepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

    /** The count of a run's wait for rate budget, in milliseconds. */
    static final String BUDGET_WAIT = "budget_wait_ms";

    private final String portal;
    private final Ledger ledger;
    private final Clock clock;
    private final Supplier<Duration> budgetWaitOfThread;

    /** A runner for steps that make no HubSpot calls (no budget wait to count). */
    public StepRunner(String portal, Ledger ledger, Clock clock) {
        this(portal, ledger, clock, () -> Duration.ZERO);
    }

    /**
     * @param budgetWaitOfThread how long the calling thread has waited for rate budget in all (the client's
     *     {@code budgetWaitedByThisThread})
     */
    public StepRunner(String portal, Ledger ledger, Clock clock, Supplier<Duration> budgetWaitOfThread) {
        this.portal = portal;
        this.ledger = ledger;
        this.clock = clock;
        this.budgetWaitOfThread = budgetWaitOfThread;
    }

    /** Runs the step once; returns its counts, or null when it failed. */
    public Map<String, ?> run(SyncStep step) {
        MDC.put("portal", portal);
        MDC.put("job", step.name());
        long started = clock.millis();
        Duration waitedBefore = budgetWaitOfThread.get();
        long seq = step.quietWhenIdle() ? -1 : ledger.write(tx -> tx.runs().start(step.name(), started));
        try {
            Map<String, Object> counts = new LinkedHashMap<>(step.run());
            if (seq < 0 && counts.isEmpty()) {
                return counts;
            }
            addBudgetWait(counts, waitedBefore);
            long ended = clock.millis();
            ledger.update(tx -> {
                tx.runs().finish(seq < 0 ? tx.runs().start(step.name(), started) : seq, ended, counts, null);
            });
            LOG.info("{} done in {} ms: {}", step.name(), ended - started, format(counts));
            return counts;
        } catch (Exception e) {
            String error = describe(e);
            long ended = clock.millis();
            Map<String, Object> counts = new LinkedHashMap<>();
            addBudgetWait(counts, waitedBefore);
            ledger.update(tx -> {
                tx.runs().finish(seq < 0 ? tx.runs().start(step.name(), started) : seq, ended, counts, error);
            });
            String waited = counts.isEmpty() ? "" : " (" + format(counts) + ")";
            if (e instanceof RuntimeException && !(e instanceof StepFailure)) {
                LOG.error("{} failed{}: {}", step.name(), waited, error, e);
            } else {
                LOG.warn("{} failed{}: {}", step.name(), waited, error);
            }
            return null;
        } finally {
            MDC.remove("job");
            MDC.remove("portal");
        }
    }

    private void addBudgetWait(Map<String, Object> counts, Duration waitedBefore) {
        long waited = budgetWaitOfThread.get().minus(waitedBefore).toMillis();
        if (waited > 0) {
            counts.put(BUDGET_WAIT, waited);
        }
    }

    static String format(Map<String, ?> counts) {
        if (counts.isEmpty()) {
            return "nothing to do";
        }
        return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** An expected failure of a step (HubSpot down, paused), logged as one line without a stack trace. */
    public static final class StepFailure extends HubScoreException {
        private static final long serialVersionUID = 1L;

        public StepFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
