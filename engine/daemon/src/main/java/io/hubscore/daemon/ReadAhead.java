package io.hubscore.daemon;

import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.slf4j.MDC;

/**
 * Pages of a backfill read ahead: while the caller stores and scores a page, the next two are already being asked
 * for on a thread of its own, so the rate budget is not left idle for the time a page takes to store, even when one
 * store takes longer than the budget's spacing (a cold start, a busy ledger). A cursor (or the last id read) is known
 * as soon as a page arrives, so the next request needs nothing the caller does. Nothing is stored ahead: a page read
 * but not yet handed over is simply read again after a crash. What the reading thread throws is thrown to the caller
 * at the page it would have been, and nothing is read after it. Used by one thread; close it when done.
 *
 * @param <E> a page
 */
final class ReadAhead<E> implements Iterator<E>, AutoCloseable {

    private final Iterator<E> source;
    private final String what;
    private final ExecutorService reader;
    /** The reads asked for and not yet handed over, in order. */
    private final java.util.ArrayDeque<Future<Optional<E>>> ahead = new java.util.ArrayDeque<>();
    /** Set on the reading thread when the source threw: the reads after it return nothing. */
    private volatile boolean failed;

    /**
     * Starts reading the first element of {@code source} at once.
     *
     * @param what the stream, for the reading thread's name and an interrupted caller's message
     * @param onBehalf wraps what the reading thread runs, from the caller's thread (for example, so the reading
     *     thread's waits for rate budget count as the caller's)
     */
    ReadAhead(Iterator<E> source, String what, UnaryOperator<Runnable> onBehalf) {
        this.source = source;
        this.what = what;
        Map<String, String> logContext = MDC.getCopyOfContextMap(); // the portal and job, for the client's log lines
        // the executor makes its thread in the first submit below, on the caller's thread
        this.reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(onBehalf.apply(() -> {
                if (logContext != null) {
                    MDC.setContextMap(logContext);
                }
                r.run();
            }), "read-ahead-" + what);
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < DEPTH; i++) {
            ahead.addLast(reader.submit(this::readOne));
        }
    }

    /** How many pages are asked for ahead of the one handed over. */
    private static final int DEPTH = 2;

    private Optional<E> readOne() {
        if (failed) {
            return Optional.empty();
        }
        try {
            return source.hasNext() ? Optional.of(source.next()) : Optional.empty();
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public boolean hasNext() {
        return awaitAhead().isPresent();
    }

    @Override
    public E next() {
        Optional<E> element = awaitAhead();
        if (element.isEmpty()) {
            throw new NoSuchElementException();
        }
        ahead.pollFirst();
        ahead.addLast(reader.submit(this::readOne));
        return element.get();
    }

    private Optional<E> awaitAhead() {
        try {
            return ahead.peekFirst().get();
        } catch (InterruptedException e) {
            ahead.forEach(read -> read.cancel(true));
            Thread.currentThread().interrupt();
            throw new StepRunner.StepFailure("interrupted while waiting for the next page of " + what, e);
        } catch (CancellationException e) {
            throw new StepRunner.StepFailure("the read of " + what + " was stopped", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stops the reading thread; a page it is still reading is dropped. */
    @Override
    public void close() {
        ahead.forEach(read -> read.cancel(true));
        reader.shutdownNow();
    }
}
