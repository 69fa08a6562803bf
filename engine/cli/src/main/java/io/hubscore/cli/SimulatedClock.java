package io.hubscore.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's clock: the system clock plus an offset that jumps forward when the demo skips simulated time. Between
 * jumps time flows as it really does, so rate windows, retries and search lag behave as they would; a jump of a day
 * makes the portal, the daemon and its ledger all see the next day. Thread-safe.
 */
final class SimulatedClock extends Clock {

    private final Clock base;
    private final AtomicLong offsetMillis;

    SimulatedClock(Clock base) {
        this(base, new AtomicLong());
    }

    private SimulatedClock(Clock base, AtomicLong offsetMillis) {
        this.base = base;
        this.offsetMillis = offsetMillis;
    }

    /** Moves time forward by {@code by} at once. */
    void skip(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward, not by " + by);
        }
        offsetMillis.addAndGet(by.toMillis());
    }

    @Override
    public Instant instant() {
        return base.instant().plusMillis(offsetMillis.get());
    }

    @Override
    public long millis() {
        return base.millis() + offsetMillis.get();
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SimulatedClock(base.withZone(zone), offsetMillis); // the same time, skips included
    }
}
