package io.hubscore.cli;

import io.hubscore.config.ConfigLoader;
import io.hubscore.config.Problem;
import io.hubscore.client.Sleeper;
import io.hubscore.ledger.LedgerException;
import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.LiveConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hubscore run}: the daemon for one portal, in the foreground. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        header = "Runs the sync daemon for one portal.",
        description = {
            "Runs the sync daemon for one portal in the foreground: pulls changes, scores, writes back, on the",
            "config's schedules, until SIGTERM (which finishes the current batch and exits 0).",
            "With --once: one full cycle of every job, then waits until the outbox is drained, and exits; waiting",
            "for HubSpot's rate budget is not a failure, and --deadline bounds the whole run.",
            "Exit 0 ok, 1 a job failed or the deadline passed (see the log), 2 a problem with the config, ledger or",
            "credentials."
        })
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The portal's sync config.")
    Path config;

    @Option(names = "--once", description = "Run one full cycle, drain the outbox, exit.")
    boolean once;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Call this HubSpot API base URL instead of portal.base-url (a proxy, a test portal).")
    URI baseUrl;

    @Option(names = "--ledger", paramLabel = "FILE", description = "Use this ledger file instead of portal.ledger.")
    Path ledger;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "With --once: how long to wait for queued writes (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "PT6H",
            description = "With --once: the longest the whole run may take, waits for rate budget included; then it"
                    + " stops after its current batch and exits 1 (ISO-8601, default ${DEFAULT-VALUE}).")
    Duration deadline;

    @Option(names = "--at", paramLabel = "INSTANT", hidden = true,
            description = "Run as if the time were INSTANT (reproducing a run; scores depend on the time).")
    String at;

    /** Where secrets referenced as {@code ${VAR}} are read from; tests supply their own. */
    UnaryOperator<String> environment = System::getenv;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Clock clock;
        try {
            clock = at == null ? Clock.systemUTC() : Clock.fixed(Instant.parse(at), ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            err.println("hubscore run: --at: not an ISO-8601 instant: " + at);
            return ExitCodes.USER_ERROR;
        }
        for (Duration bound : new Duration[] {drainTimeout, deadline}) {
            if (bound.isNegative() || bound.isZero()) {
                err.println("hubscore run: " + (bound == deadline ? "--deadline" : "--drain-timeout")
                        + " must be a positive duration, was " + bound);
                return ExitCodes.USER_ERROR;
            }
        }
        if (baseUrl != null && (baseUrl.getScheme() == null || baseUrl.getHost() == null
                || !baseUrl.getScheme().startsWith("http"))) {
            err.println("hubscore run: --base-url: not an absolute http(s) URL: " + baseUrl);
            return ExitCodes.USER_ERROR;
        }
        Daemon daemon;
        try {
            LiveConfig live = LiveConfig.load(config, new ConfigLoader(environment).readingSecrets());
            daemon = Daemon.open(live, new Daemon.Options(baseUrl, ledger, clock, environment, null,
                    Sleeper.real(), new Random()));
        } catch (LiveConfig.Rejected e) {
            for (Problem problem : e.problems()) {
                err.println(problem.format());
            }
            err.flush();
            return ExitCodes.USER_ERROR;
        } catch (Daemon.DaemonException | LedgerException e) {
            err.println("hubscore run: " + e.getMessage());
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        return once ? runOnce(daemon, err) : runForever(daemon);
    }

    /**
     * One cycle. SIGTERM and the deadline both interrupt it, so it stops after its current batch; the shutdown
     * hook then ends the JVM with this run's exit code, 0 after SIGTERM (left alone, a JVM that received SIGTERM
     * exits 143).
     */
    private int runOnce(Daemon daemon, PrintWriter err) {
        Thread main = Thread.currentThread();
        AtomicBoolean terminated = new AtomicBoolean();
        AtomicBoolean deadlinePassed = new AtomicBoolean();
        AtomicInteger exitCode = new AtomicInteger(ExitCodes.OK);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            terminated.set(true);
            main.interrupt(); // steps stop after their current batch
            awaitQuietly(finished);
            Runtime.getRuntime().halt(exitCode.get());
        }, "hubscore-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hubscore-deadline");
            t.setDaemon(true);
            return t;
        });
        timer.schedule(() -> {
            deadlinePassed.set(true);
            main.interrupt();
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        Daemon.Outcome outcome;
        try (daemon) {
            outcome = daemon.runCycle(drainTimeout);
        } finally {
            timer.shutdownNow();
        }
        Thread.interrupted(); // a stop request has been acted on
        int code = outcome == Daemon.Outcome.COMPLETED || outcome == Daemon.Outcome.STOPPED && terminated.get()
                ? ExitCodes.OK : ExitCodes.UNEXPECTED;
        if (outcome == Daemon.Outcome.STOPPED && !terminated.get() && deadlinePassed.get()) {
            err.println("hubscore run: --deadline " + deadline + " passed: stopped after the current batch; nothing is"
                    + " lost, the next run continues where this one stopped");
        }
        err.flush();
        exitCode.set(code);
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM arrived: the hook ends the JVM with this exit code
        }
        return code;
    }

    private int runForever(Daemon daemon) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close(); // running jobs finish their current batch
            stopped.countDown();
            Runtime.getRuntime().halt(ExitCodes.OK);
        }, "hubscore-shutdown"));
        daemon.start();
        stopped.await();
        return ExitCodes.OK;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
