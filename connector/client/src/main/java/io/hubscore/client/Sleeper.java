package io.hubscore.client;

import java.time.Duration;

/**
 * Waits. Production wires {@link #real()} once, at the composition root; tests pass one that
 * advances a fake clock instead. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps the calling thread. */
    static Sleeper real() {
        return duration -> {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
            }
        };
    }
}
