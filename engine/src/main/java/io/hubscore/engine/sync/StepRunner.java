package io.hubscore.engine.sync;

import io.hubscore.engine.ledger.Ledger;
import io.hubscore.engine.ledger.Runs;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a step the way every job runs: portal and job in the MDC, the run recorded in the ledger's
 * {@code runs} table with its counts or error, and one log line. A failing step never throws out of
 * here: the daemon keeps running and the next run retries. Thread-safe.
 */
public final class StepRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

    private final String portal;
    private final Ledger ledger;
    private final Clock clock;

    public StepRunner(String portal, Ledger ledger, Clock clock) {
        this.portal = portal;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Runs the step once; returns its counts, or null when it failed. */
    public Map<String, ?> run(SyncStep step) {
        MDC.put("portal", portal);
        MDC.put("job", step.name());
        long started = clock.millis();
        long seq = step.quietWhenIdle() ? -1 : ledger.write(c -> Runs.start(c, step.name(), started));
        try {
            Map<String, Object> counts = new LinkedHashMap<>(step.run());
            if (seq < 0 && counts.isEmpty()) {
                return counts;
            }
            long ended = clock.millis();
            ledger.write(c -> {
                Runs.finish(c, seq < 0 ? Runs.start(c, step.name(), started) : seq, ended, counts, null);
                return null;
            });
            LOG.info("{} done in {} ms: {}", step.name(), ended - started, format(counts));
            return counts;
        } catch (Exception e) {
            String error = describe(e);
            long ended = clock.millis();
            ledger.write(c -> {
                Runs.finish(c, seq < 0 ? Runs.start(c, step.name(), started) : seq, ended, Map.of(), error);
                return null;
            });
            if (e instanceof RuntimeException && !(e instanceof StepFailure)) {
                LOG.error("{} failed: {}", step.name(), error, e);
            } else {
                LOG.warn("{} failed: {}", step.name(), error);
            }
            return null;
        } finally {
            MDC.remove("job");
            MDC.remove("portal");
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
    public static class StepFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StepFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
