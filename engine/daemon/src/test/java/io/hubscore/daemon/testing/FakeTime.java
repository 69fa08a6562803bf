package io.hubscore.daemon.testing;

import io.hubscore.client.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when something sleeps on it or a test advances it, shared by a simulator and a daemon so
 * that hours of waiting take no real time. Sleeping honours interrupts as {@link Thread#sleep} does. Thread-safe.
 */
public final class FakeTime extends Clock implements Sleeper {

    private final AtomicLong epochNanos;

    public FakeTime(Instant start) {
        this.epochNanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        advance(duration);
    }

    public void advance(Duration duration) {
        epochNanos.addAndGet(duration.toNanos());
    }

    @Override
    public Instant instant() {
        long nanos = epochNanos.get();
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("FakeTime is UTC only");
    }
}
