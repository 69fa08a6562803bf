package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.testing.MutableClock;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Conflicts;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.Outbox;
import io.hubscore.ledger.PortalState;
import io.hubscore.ledger.Scores;
import io.hubscore.ledger.Written;
import io.hubscore.simulator.SimulatorOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What an admin's commands on a daemon's ledger change in what the daemon does next: {@code clear-conflict} hands a
 * contact back under {@code ownership: yield}, {@code resume} lifts the daily pause of a daemon that keeps running.
 */
class OperatorCommandsTest {

    @TempDir
    Path dir;

    @Test
    void under_yield_an_edited_band_is_recorded_and_left_alone_until_clear_conflict_hands_it_back() throws Exception {
        try (PortalHarness harness = PortalHarness.start(dir, 200, 9L, "yield")) {
            assertTrue(runOnce(harness));
            String id = writtenContact(harness);
            harness.simulator.portal().updateContact(id, Map.of("hubscore_band", "Warm", "hubscore_score", "1"));
            // a change that would move the score: still not written while the conflict is open
            harness.simulator.portal().updateContact(id, Map.of("hs_analytics_num_page_views", "250",
                    "num_conversion_events", "4"));
            long inputsBefore = harness.simulator.stats().batchUpdateInputs();

            assertTrue(runOnce(harness));

            Map<String, String> inPortal = harness.simulator.portal().contactProperties(id).orElseThrow();
            assertEquals("Warm", inPortal.get("hubscore_band"));
            assertEquals("1", inPortal.get("hubscore_score"));
            assertEquals(inputsBefore, harness.simulator.stats().batchUpdateInputs(), "nothing written");
            assertFalse(conflicts(harness).isEmpty());
            assertEquals("yield", conflicts(harness).get(0).policy());

            int cleared = Main.commandLine().execute("clear-conflict", "--config", harness.configFile.toString(),
                    "--contact", id);

            assertEquals(0, cleared);
            assertTrue(runOnce(harness));
            Map<String, String> reclaimed = harness.simulator.portal().contactProperties(id).orElseThrow();
            try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
                Scores.BandState state = ledger.read(tx -> tx.scores().bandState(Long.parseLong(id))).orElseThrow();
                assertEquals(Integer.toString(state.score()), reclaimed.get("hubscore_score"), "hubscore writes again");
                assertEquals(state.band(), reclaimed.get("hubscore_band"));
            }
            assertTrue(conflicts(harness).isEmpty(), "no open conflict is left");
        }
    }

    @Test
    void hubscore_resume_lifts_the_pause_of_a_running_daemon_at_its_next_job() throws Exception {
        MutableClock clock = new MutableClock();
        SimulatorOptions tenCallsADay = SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN)
                .withoutRateLimits().withDailyLimit(10);
        try (PortalHarness harness = PortalHarness.start(dir, 200, 45L, "overwrite", clock, tenCallsADay)) {
            harness.rateLimit("burst-share: 1.0", "burst-limit: 100000", "search-per-second: 1000",
                    "daily-share: 1.0");
            try (Daemon daemon = harness.openDaemon()) {
                assertFalse(daemon.runOnce(Duration.ofSeconds(30)));
                String reason = daemon.ledger().read(tx -> tx.portalState().get(PortalState.Key.PAUSE_REASON))
                        .orElseThrow();
                harness.admin("/__sim/limits", "{\"daily\":100000}");
                StringWriter out = new StringWriter();
                CommandLine cli = Main.commandLine();
                cli.setOut(new PrintWriter(out));

                int exit = cli.execute("resume", "--config", harness.configFile.toString());

                assertEquals(0, exit, "resume works while the daemon holds the ledger");
                assertTrue(out.toString().startsWith("Lifted the pause of portal icp-agency (" + reason
                        + "; it would have lasted until "), out.toString());
                assertNotNull(daemon.runStep("pull-contacts"), "the daemon's next job calls HubSpot again");
                assertTrue(daemon.runOnce(Duration.ofMinutes(1)));
            }
            assertEveryContactWritten(harness);
        }
    }

    /** Nothing is left queued or parked, and every contact the ledger wrote carries the ledger's score and band. */
    private static void assertEveryContactWritten(PortalHarness harness) {
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            assertEquals(0L, (long) ledger.read(tx -> tx.outbox().pendingCount()), "nothing left queued");
            assertEquals(0L, (long) ledger.read(tx -> tx.outbox().parkedCount()), "nothing parked");
            int written = 0;
            for (String id : harness.simulator.portal().contactIds()) {
                long contact = Long.parseLong(id);
                if (ledger.read(tx -> tx.written().values(contact)).isEmpty()) {
                    continue;
                }
                Scores.BandState state = ledger.read(tx -> tx.scores().bandState(contact)).orElseThrow();
                Map<String, String> inPortal = harness.simulator.portal().contactProperties(id).orElseThrow();
                assertEquals(Integer.toString(state.score()), inPortal.get("hubscore_score"), "score of " + id);
                assertEquals(state.band(), inPortal.get("hubscore_band"), "band of " + id);
                written++;
            }
            assertTrue(written > harness.simulator.portal().contactIds().size() / 2,
                    "most contacts were written: " + written);
        }
    }

    private static boolean runOnce(PortalHarness harness) throws InterruptedException {
        try (Daemon daemon = harness.openDaemon()) {
            return daemon.runOnce(Duration.ofMinutes(1));
        }
    }

    private static String writtenContact(PortalHarness harness) {
        return harness.simulator.portal().contactIds().stream()
                .filter(id -> harness.simulator.portal().contactProperties(id).orElseThrow()
                        .containsKey("hubscore_band"))
                .findFirst().orElseThrow();
    }

    private static List<Conflicts.Conflict> conflicts(PortalHarness harness) {
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            return ledger.read(tx -> tx.conflicts().open(100));
        }
    }
}
