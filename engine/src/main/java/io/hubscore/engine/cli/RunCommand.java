package io.hubscore.engine.cli;

import io.hubscore.config.ConfigLoader;
import io.hubscore.config.Problem;
import io.hubscore.engine.ledger.LedgerException;
import io.hubscore.engine.sync.Daemon;
import io.hubscore.engine.sync.LiveConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
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
            "With --once: one full cycle of every job, then waits until the outbox is drained, and exits.",
            "Exit 0 ok, 1 a job failed (see the log), 2 a problem with the config, ledger or credentials."
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
        if (baseUrl != null && (baseUrl.getScheme() == null || baseUrl.getHost() == null
                || !baseUrl.getScheme().startsWith("http"))) {
            err.println("hubscore run: --base-url: not an absolute http(s) URL: " + baseUrl);
            return ExitCodes.USER_ERROR;
        }
        Daemon daemon;
        try {
            LiveConfig live = LiveConfig.load(config, new ConfigLoader(environment).readingSecrets());
            daemon = Daemon.open(live, new Daemon.Options(baseUrl, ledger, clock, environment));
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
        return once ? runOnce(daemon) : runForever(daemon);
    }

    private int runOnce(Daemon daemon) throws InterruptedException {
        Thread main = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            main.interrupt(); // steps stop after their current batch
            awaitQuietly(finished);
        }, "hubscore-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (daemon) {
            return daemon.runOnce(drainTimeout) ? ExitCodes.OK : ExitCodes.UNEXPECTED;
        } finally {
            finished.countDown();
        }
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
