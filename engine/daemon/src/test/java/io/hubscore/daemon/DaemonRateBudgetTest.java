package io.hubscore.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.client.MetricsSnapshot;
import io.hubscore.client.RetryPolicy;
import io.hubscore.daemon.testing.FakeTime;
import io.hubscore.daemon.testing.MutableClock;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.PortalState;
import io.hubscore.ledger.Runs;
import io.hubscore.ledger.Scores;
import io.hubscore.ledger.Written;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon against a portal whose rate budget is taken by other clients, used up for the day, or raised. */
class DaemonRateBudgetTest {

    private static final SimulatorOptions OPEN = SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN)
            .withoutRateLimits();

    @TempDir
    Path dir;

    /** Nothing is left queued or parked, and every contact the ledger wrote carries the ledger's score and band. */
    private static void assertEveryContactWritten(PortalHarness harness) {
        Portal portal = harness.simulator.portal();
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            assertEquals(0L, (long) ledger.read(tx -> tx.outbox().pendingCount()), "nothing left queued");
            assertEquals(0L, (long) ledger.read(tx -> tx.outbox().parkedCount()), "nothing parked");
            int written = 0;
            for (String id : portal.contactIds()) {
                long contact = Long.parseLong(id);
                if (ledger.read(tx -> tx.written().values(contact)).isEmpty()) {
                    continue;
                }
                Scores.BandState state = ledger.read(tx -> tx.scores().bandState(contact)).orElseThrow();
                Map<String, String> inPortal = portal.contactProperties(id).orElseThrow();
                assertEquals(Integer.toString(state.score()), inPortal.get("hubscore_score"), "score of " + id);
                assertEquals(state.band(), inPortal.get("hubscore_band"), "band of " + id);
                written++;
            }
            assertTrue(written > portal.contactIds().size() / 2, "most contacts were written: " + written);
        }
    }

    private static Optional<String> state(PortalHarness harness, PortalState.Key key) {
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            return ledger.read(tx -> tx.portalState().get(key));
        }
    }

    private static Runs.Run lastRun(PortalHarness harness, String job) {
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            return ledger.read(tx -> tx.runs().lastOfEachJob()).stream().filter(r -> r.job().equals(job)).findFirst()
                    .orElseThrow();
        }
    }

    /** The one job whose last run failed. */
    private static Runs.Run failedRun(PortalHarness harness) {
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            return ledger.read(tx -> tx.runs().lastOfEachJob()).stream().filter(r -> r.error() != null).reduce((a,
                    b) -> {
                throw new AssertionError("more than one job failed: " + a + " and " + b);
            }).orElseThrow();
        }
    }

    @Nested
    class WaitingForTheBurstBudget {

        @Test
        void a_run_starved_of_budget_for_an_hour_waits_it_out_and_writes_every_contact() throws Exception {
            FakeTime time = new FakeTime(Instant.parse("2026-11-23T10:00:00Z"));
            SimulatorOptions hubSpot = SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN)
                    .withMaxPer10s(100).withSearchPerSecond(5);
            try (PortalHarness harness = PortalHarness.start(dir, 200, 41L, "overwrite", time, hubSpot)) {
                harness.rateLimit("burst-share: 1.0", "burst-limit: 100", "search-per-second: 4");
                harness.admin("/__sim/limits", "{\"otherClientsPer10s\":100,\"otherClientsForMs\":3600000}");
                Instant start = time.instant();

                boolean done;
                MetricsSnapshot metrics;
                try (Daemon daemon = harness.openDaemon(time)) {
                    done = daemon.runOnce(Duration.ofMinutes(10));
                    metrics = daemon.context().client().metrics();
                }

                assertTrue(done, "an hour of 429s did not end the run");
                assertTrue(time.instant().isAfter(start.plus(Duration.ofHours(1))), "it waited the hour out");
                long refused = harness.simulator.stats().rateLimited("TEN_SECONDLY_ROLLING");
                assertTrue(refused > 10L * RetryPolicy.defaults().maxAttempts(),
                        "far more 429s than the attempts a failing call gets: " + refused);
                assertTrue(metrics.budgetWaitMillis() >= 3_600_000, "waited " + metrics.budgetWaitMillis() + " ms");
                // the contacts are read through search, whose own bucket other clients do not use: the jobs that share
                // the starved 10-second bucket (engagement pages, the writer) are the ones that wait, and count it
                long jobsWait = 0;
                try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
                    for (String job : List.of("pull-contacts", "pull-engagements", "write-back")) {
                        jobsWait += ledger.read(tx -> tx.runs().lastFinished(job, 100)).stream()
                                .map(run -> run.counts().get("budget_wait_ms")).filter(java.util.Objects::nonNull)
                                .mapToLong(Long::parseLong).sum();
                    }
                }
                assertTrue(jobsWait >= 3_600_000, "the jobs' runs count their wait: " + jobsWait);
                assertNull(lastRun(harness, "pull-contacts").error());
                assertEveryContactWritten(harness);
            }
        }
    }

    @Nested
    class TheDailyBudget {

        @Test
        void the_daily_share_applies_to_the_daily_limit_hubspot_reports_and_holds_across_runs() throws Exception {
            MutableClock clock = new MutableClock();
            try (PortalHarness harness = PortalHarness.start(dir, 300, 42L, "overwrite", clock,
                    OPEN.withDailyLimit(60))) {
                harness.rateLimit("burst-share: 1.0", "burst-limit: 100000", "search-per-second: 1000",
                        "daily-share: 0.3");

                try (Daemon daemon = harness.openDaemon()) {
                    assertFalse(daemon.runOnce(Duration.ofSeconds(30)), "the share is used before the work is done");
                }

                assertEquals(18, harness.simulator.stats().totalRequests(), "30% of the 60 calls HubSpot reports");
                String reason = "this daemon's daily share is used: 18 calls today of the 18 it allows (30% of"
                        + " HubSpot's reported daily limit of 60)";
                assertEquals(Optional.of(reason), state(harness, PortalState.Key.PAUSE_REASON));
                String error = failedRun(harness).error();
                // the job that used the last call, or one that ran beside it and found the pause, says why
                assertTrue(error.contains("the daily API budget is used up (" + reason + ")"), error);

                try (Daemon daemon = harness.openDaemon()) { // the next `run --once`, the same day
                    assertFalse(daemon.runOnce(Duration.ofSeconds(30)));
                }

                assertEquals(19, harness.simulator.stats().totalRequests(),
                        "the next run only asks once whether budget is back: the day's count carried over");
                assertTrue(state(harness, PortalState.Key.PAUSED_UNTIL).isPresent());
            }
        }

        @Test
        void after_hubspot_raises_the_daily_limit_the_next_run_lifts_the_pause_and_finishes() throws Exception {
            MutableClock clock = new MutableClock();
            try (PortalHarness harness = PortalHarness.start(dir, 200, 43L, "overwrite", clock,
                    OPEN.withDailyLimit(10))) {
                harness.rateLimit("burst-share: 1.0", "burst-limit: 100000", "search-per-second: 1000",
                        "daily-share: 1.0");
                try (Daemon daemon = harness.openDaemon()) {
                    assertFalse(daemon.runOnce(Duration.ofSeconds(30)));
                }
                assertTrue(state(harness, PortalState.Key.PAUSED_UNTIL).isPresent(), "the day's 10 calls are used");

                harness.admin("/__sim/limits", "{\"daily\":100000}"); // a capacity pack is bought
                boolean done;
                try (Daemon daemon = harness.openDaemon()) {
                    done = daemon.runOnce(Duration.ofMinutes(1));
                }

                assertTrue(done, "the run asked HubSpot first, found budget and did its work");
                assertEquals(Optional.empty(), state(harness, PortalState.Key.PAUSED_UNTIL));
                assertEveryContactWritten(harness);
            }
        }

        @Test
        void a_running_daemon_asks_hubspot_again_after_15_minutes_and_resumes_when_budget_is_back() throws Exception {
            MutableClock clock = new MutableClock();
            try (PortalHarness harness = PortalHarness.start(dir, 200, 44L, "overwrite", clock,
                    OPEN.withDailyLimit(10))) {
                harness.rateLimit("burst-share: 1.0", "burst-limit: 100000", "search-per-second: 1000",
                        "daily-share: 1.0");
                try (Daemon daemon = harness.openDaemon()) {
                    assertFalse(daemon.runOnce(Duration.ofSeconds(30)));
                    harness.admin("/__sim/limits", "{\"daily\":100000}");
                    long requests = harness.simulator.stats().totalRequests();

                    assertNull(daemon.runStep("pull-contacts"), "still paused: the re-check is not due yet");
                    assertEquals(requests, harness.simulator.stats().totalRequests(), "no call before it is due");

                    clock.advance(ApiGate.PAUSE_RECHECK);
                    assertNotNull(daemon.runStep("pull-contacts"), "the re-check finds budget and the job runs");
                    assertTrue(daemon.runOnce(Duration.ofMinutes(1)));
                }
                assertEveryContactWritten(harness);
            }
        }
    }
}
