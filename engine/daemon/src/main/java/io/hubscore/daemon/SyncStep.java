package io.hubscore.daemon;

import java.util.Map;

/**
 * One job of the daemon (pull contacts, pull engagements, score, write back, decay rescore, ...).
 * A step keeps no state between runs in memory: everything it resumes from is in the ledger, so it
 * can run under any scheduler. Implementations need not be thread-safe: the scheduler never runs the
 * same step twice at once.
 */
interface SyncStep {

    /** The job's name in schedules, logs and the {@code runs} table, e.g. {@code pull-contacts}. */
    String name();

    /**
     * Does one run's work and returns what it counted (e.g. {@code pulled=120, dirty=4}); a value may also be a
     * short text (e.g. {@code waiting_for=deals}). Long work checks {@link Thread#isInterrupted()} between batches
     * and returns early, so a shutdown waits only for the current batch.
     */
    Map<String, ?> run() throws Exception;

    /**
     * Whether a run that found nothing to do goes unrecorded (no {@code runs} row, no log line); for frequent
     * polling steps such as the config watch.
     */
    default boolean quietWhenIdle() {
        return false;
    }
}
