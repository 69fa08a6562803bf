package io.hubscore.client;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The client's counters. Thread-safe: every field is atomic (the per-thread wait is the calling thread's own);
 * {@link #snapshot()} copies them.
 */
final class ClientMetrics {

    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder transientFailures = new LongAdder();
    private final LongAdder totalLatencyMillis = new LongAdder();
    private final AtomicLong maxLatencyMillis = new AtomicLong();
    private final Map<String, LongAdder> http429 = new ConcurrentHashMap<>();
    private final AtomicReference<RateLimitHeaders> lastRateLimit = new AtomicReference<>(RateLimitHeaders.NONE);
    private final LongAdder budgetWaitNanos = new LongAdder();
    /** Each thread's waits, in the account it counts them in (its own, or the one it reads on behalf of). */
    private final ThreadLocal<AtomicLong> budgetWaitNanosOfThread = ThreadLocal.withInitial(AtomicLong::new);

    void requestCompleted(long latencyMillis) {
        requests.increment();
        totalLatencyMillis.add(latencyMillis);
        maxLatencyMillis.accumulateAndGet(latencyMillis, Math::max);
    }

    void retried() {
        retries.increment();
    }

    void transientFailure() {
        transientFailures.increment();
    }

    void rateLimited(String policy) {
        http429.computeIfAbsent(policy, p -> new LongAdder()).increment();
    }

    void rateLimitHeaders(RateLimitHeaders headers) {
        if (!headers.isEmpty()) {
            lastRateLimit.set(headers);
        }
    }

    /** The calling thread waited this long for rate budget (pacing or a 429). */
    void budgetWaited(Duration wait) {
        long nanos = wait.toNanos();
        budgetWaitNanos.add(nanos);
        budgetWaitNanosOfThread.get().addAndGet(nanos);
    }

    /** How long the calling thread has waited for rate budget in this client, in all. */
    Duration budgetWaitedByThisThread() {
        return Duration.ofNanos(budgetWaitNanosOfThread.get().get());
    }

    /** {@code work}, which counts the waits of the thread that runs it as the calling thread's. */
    Runnable countingWaitsAsThisThread(Runnable work) {
        AtomicLong account = budgetWaitNanosOfThread.get();
        return () -> {
            AtomicLong own = budgetWaitNanosOfThread.get();
            budgetWaitNanosOfThread.set(account);
            try {
                work.run();
            } finally {
                budgetWaitNanosOfThread.set(own);
            }
        };
    }

    MetricsSnapshot snapshot() {
        Map<String, Long> by = new TreeMap<>();
        http429.forEach((policy, count) -> by.put(policy, count.sum()));
        return new MetricsSnapshot(requests.sum(), retries.sum(), by, transientFailures.sum(),
                totalLatencyMillis.sum(), maxLatencyMillis.get(), lastRateLimit.get(),
                Duration.ofNanos(budgetWaitNanos.sum()).toMillis());
    }
}
