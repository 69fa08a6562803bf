package io.hubscore.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import io.hubscore.ledger.Outbox;
import io.hubscore.ledger.Runs;
import io.hubscore.ledger.Scores;
import io.hubscore.ledger.Written;
import io.hubscore.scoring.ScoringModel;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.SimulatorOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            String text = Files.readString(harness.configFile, StandardCharsets.UTF_8);
            Files.writeString(harness.configFile, text.replaceAll("(?ms)^schedule:.*?\\n\\n",
                    "schedule:\n  pull-contacts: 1s\n  pull-engagements: 1s\n  score: 1s\n  write-back: 1s\n\n"));
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    "io.hubscore.cli.Main", "run", "--config", harness.configFile.toString(), "--base-url",
                    harness.simulator.baseUrl().toString());
            builder.environment().putAll(PortalHarness.ENV);
            builder.redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile());
            Process daemon = builder.start();
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() ->
                        Files.exists(harness.ledgerFile) && queuedOrDelivered(harness.ledgerFile) > 0);

                daemon.destroy(); // SIGTERM, while the scores are being queued and written

                assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon stops");
                assertEquals(0, daemon.exitValue(), () -> log(dir));
            } finally {
                daemon.destroyForcibly();
            }
            ScoringModel model = harness.liveConfig().active().model();
            Portal portal = harness.simulator.portal();
            try (Ledger ledger = Ledger.open(harness.ledgerFile)) { // it opens: the lock was released
                List<Runs.Run> unfinished = ledger.read(tx -> tx.runs().lastOfEachJob()).stream()
                        .filter(r -> r.endedAt() == null).toList();
                assertEquals(List.of(), unfinished, "every job run that started was finished and recorded");
                long queued = 0;
                long pending = 0;
                long delivered = 0;
                for (String id : portal.contactIds()) {
                    long contact = Long.parseLong(id);
                    Optional<Scores.Score> score = ledger.read(tx -> tx.scores().latest(contact));
                    if (score.isPresent() && harness.expected(model, id,
                            Instant.ofEpochMilli(score.get().scoredAt())).write()) {
                        queued++;
                    }
                    if (ledger.read(tx -> tx.outbox().lastQueued(contact)).isPresent()) {
                        pending++;
                        continue;
                    }
                    Map<String, String> written = ledger.read(tx -> tx.written().values(contact));
                    if (!written.isEmpty()) {
                        delivered++;
                        Map<String, String> inHubSpot = portal.contactProperties(id).orElseThrow();
                        written.forEach((property, value) ->
                                assertEquals(value, inHubSpot.get(property), property + " of contact " + id));
                    }
                }
                assertTrue(queued > 0, "scores were queued before the SIGTERM");
                assertEquals((long) queued, (long) (pending + delivered), "every queued write is still queued or was delivered"
                        + " (pending " + pending + ", delivered " + delivered + ")");
                assertEquals(0L, (long) ledger.read(tx -> tx.outbox().parkedCount()), "nothing parked");
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

    /** Writes the daemon has queued so far, delivered or not; 0 while it is still creating the ledger. */
    private static long queuedOrDelivered(Path ledgerFile) {
        try (Ledger ledger = Ledger.openReadOnly(ledgerFile)) {
            return ledger.read(tx -> tx.outbox().counts().pending() + tx.outbox().counts().delivered());
        } catch (LedgerException e) {
            return 0;
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
