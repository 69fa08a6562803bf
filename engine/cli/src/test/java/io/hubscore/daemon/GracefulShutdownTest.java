package io.hubscore.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.Runs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as a real process, on its schedules or once: SIGTERM finishes the current batch and exits 0. */
class GracefulShutdownTest {

    @TempDir
    Path dir;

    @Test
    void sigterm_stops_the_daemon_cleanly_with_exit_0_and_nothing_queued_is_lost() throws Exception {
        try (PortalHarness harness = PortalHarness.start(dir, 2_000, 31L, "overwrite")) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    "io.hubscore.cli.Main", "run", "--config", harness.configFile.toString(), "--base-url",
                    harness.simulator.baseUrl().toString());
            builder.environment().putAll(PortalHarness.ENV);
            builder.redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile());
            Process daemon = builder.start();
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() ->
                        Files.exists(harness.ledgerFile) && finishedRuns(harness.ledgerFile).contains("pull-contacts"));

                daemon.destroy(); // SIGTERM

                assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon stops");
                assertEquals(0, daemon.exitValue(), () -> log(dir));
            } finally {
                daemon.destroyForcibly();
            }
            try (Ledger ledger = Ledger.open(harness.ledgerFile)) {
                assertTrue(ledger.read(tx -> tx.outbox().pendingCount()) >= 0,
                        "the ledger opens: the lock was released");
                List<Runs.Run> unfinished = ledger.read(tx -> tx.runs().lastOfEachJob()).stream()
                        .filter(r -> r.endedAt() == null).toList();
                assertEquals(List.of(), unfinished, "every job run that started was finished and recorded");
            }
        }
    }

    @Test
    void sigterm_stops_a_run_once_that_waits_for_rate_budget_with_exit_0_and_nothing_lost() throws Exception {
        SimulatorOptions hubSpot = SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN).withMaxPer10s(100);
        try (PortalHarness harness = PortalHarness.start(dir, 500, 32L, "overwrite", Clock.systemUTC(), hubSpot)) {
            harness.admin("/__sim/limits", "{\"otherClientsPer10s\":100,\"otherClientsForMs\":600000}");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    "io.hubscore.cli.Main", "run", "--once", "--config", harness.configFile.toString(),
                    "--base-url", harness.simulator.baseUrl().toString());
            builder.environment().putAll(PortalHarness.ENV);
            builder.redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile());
            Process run = builder.start();
            try {
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() ->
                        harness.simulator.stats().rateLimited("TEN_SECONDLY_ROLLING") > 0);

                run.destroy(); // SIGTERM while it waits for budget

                assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the run stops");
                assertEquals(0, run.exitValue(), () -> log(dir));
            } finally {
                run.destroyForcibly();
            }
            assertTrue(log(dir).contains("cycle stopped"), log(dir));
            try (Ledger ledger = Ledger.open(harness.ledgerFile)) {
                List<Runs.Run> unfinished = ledger.read(tx -> tx.runs().lastOfEachJob()).stream()
                        .filter(r -> r.endedAt() == null).toList();
                assertEquals(List.of(), unfinished, "the interrupted job run was finished and recorded");
            }
        }
    }

    private static List<String> finishedRuns(Path ledgerFile) {
        try (Ledger ledger = Ledger.openReadOnly(ledgerFile)) {
            return ledger.read(tx -> tx.runs().lastOfEachJob()).stream().filter(r -> r.endedAt() != null)
                    .map(Runs.Run::job)
                    .toList();
        } catch (RuntimeException e) {
            return List.of(); // the daemon is still creating it
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("daemon.log"));
        } catch (java.io.IOException e) {
            return "no log";
        }
    }
}
