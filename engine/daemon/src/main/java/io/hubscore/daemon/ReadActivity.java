package io.hubscore.daemon;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether a pull of the portal is reading now, and a signal each time one stored a page: the single writer sends only
 * full batches of 100 while reads go on (a partial batch would spend a request of the 10-second bucket the reads
 * share), waiting for the next page between them, and sends the rest once no pull reads. Thread-safe.
 */
final class ReadActivity {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int reading;
    private long version;

    /** A pull starts reading; pair with {@link #ended}. */
    void started() {
        lock.lock();
        try {
            reading++;
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void ended() {
        lock.lock();
        try {
            reading--;
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A pull stored a page (and may have queued writes). */
    void stored() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean reading() {
        lock.lock();
        try {
            return reading > 0;
        } finally {
            lock.unlock();
        }
    }

    /** The count of changes so far, to wait for the next one with {@link #awaitAfter}. */
    long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until something changed after {@code seen} (a page stored, a pull started or ended), at most {@code max}. */
    void awaitAfter(long seen, Duration max) throws InterruptedException {
        long left = max.toNanos();
        lock.lock();
        try {
            while (version == seen && left > 0) {
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} as a read: the writer holds partial batches until it ends. */
    <T> T reading(java.util.function.Supplier<T> work) {
        started();
        try {
            return work.get();
        } finally {
            ended();
        }
    }

}
