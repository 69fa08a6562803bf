package io.hubscore.daemon;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * Runs groups of work at once, one thread each (the first on the caller's thread), and returns when all ended: the
 * streams of one rate bucket run one after the other, the buckets side by side, so a wait in one (for its budget, or
 * a retry's backoff) never idles the other. The log context goes with each thread; an interrupt of the caller reaches
 * every group; the first failure is rethrown once all ended. Stateless.
 */
final class Lanes {

    private Lanes() {
    }

    static <T> void run(Collection<T> groups, Consumer<T> work) {
        List<T> all = new ArrayList<>(groups);
        if (all.isEmpty()) {
            return;
        }
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        RuntimeException[] failures = new RuntimeException[all.size()];
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i < all.size(); i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                if (mdc != null) {
                    MDC.setContextMap(mdc);
                }
                try {
                    work.accept(all.get(index));
                } catch (RuntimeException e) {
                    failures[index] = e;
                } finally {
                    MDC.clear();
                }
            }, Thread.currentThread().getName() + "-lane-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        try {
            work.accept(all.get(0));
        } catch (RuntimeException e) {
            failures[0] = e;
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    if (interrupted || Thread.currentThread().isInterrupted()) {
                        interrupted = true;
                        thread.interrupt();
                    }
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (RuntimeException failure : failures) {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
