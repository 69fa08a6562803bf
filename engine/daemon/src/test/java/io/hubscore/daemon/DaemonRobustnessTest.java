package io.hubscore.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.client.RetryPolicy;
import io.hubscore.daemon.testing.FakeTime;
import io.hubscore.daemon.testing.MutableClock;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.simulator.FaultKind;
import io.hubscore.simulator.FaultTarget;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.ledger.Conflicts;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import io.hubscore.ledger.PortalState;
import io.hubscore.ledger.RateState;
import io.hubscore.ledger.Scores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon under faults, limits, revoked credentials, other writers and config changes. */
class DaemonRobustnessTest {

    private static final SimulatorOptions OPEN = SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN)
            .withoutRateLimits();

    @TempDir
    Path dir;

    /** Every contact the ledger wants written has exactly the ledger's score and band in the simulator. */
    private static void assertPortalMatchesLedger(PortalHarness harness) {
        Portal portal = harness.simulator.portal();
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            assertEquals(0L, (long) ledger.read(tx -> tx.outbox().pendingCount()), "nothing left queued");
            assertEquals(0L, (long) ledger.read(tx -> tx.outbox().parkedCount()), "nothing parked");
            int checked = 0;
            for (String id : portal.contactIds()) {
                Map<String, String> written = ledger.read(tx -> tx.written().values(Long.parseLong(id)));
                if (written.isEmpty()) {
                    continue;
                }
                Scores.BandState state = ledger.read(tx -> tx.scores().bandState(Long.parseLong(id))).orElseThrow();
                Map<String, String> inPortal = portal.contactProperties(id).orElseThrow();
                assertEquals(Integer.toString(state.score()), inPortal.get("hubscore_score"), "score of " + id);
                assertEquals(state.band(), inPortal.get("hubscore_band"), "band of " + id);
                checked++;
            }
            assertTrue(checked > 0, "some contacts were written");
        }
    }

    private static boolean runUntilDone(PortalHarness harness, int attempts) throws InterruptedException {
        for (int i = 0; i < attempts; i++) {
            try (Daemon daemon = harness.openDaemon()) {
                if (daemon.runOnce(Duration.ofMinutes(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Nested
    class Faults {

        @Test
        void server_errors_resets_and_broken_bodies_lose_no_write() throws Exception {
            try (PortalHarness harness = PortalHarness.start(dir, 300, 3L, "overwrite")) {
                harness.simulator.faults().set(FaultKind.SERVER_ERROR_500, 0.08).set(FaultKind.BAD_GATEWAY_502, 0.04)
                        .set(FaultKind.SERVICE_UNAVAILABLE_503, 0.04).set(FaultKind.CONNECTION_RESET, 0.04)
                        .set(FaultKind.TRUNCATED_JSON, 0.03).set(FaultKind.MALFORMED_JSON, 0.03);

                boolean done = runUntilDone(harness, 6);

                assertTrue(done, "the daemon gets through the faults");
                assertTrue(harness.simulator.stats().faultsByKind().values().stream().mapToLong(Long::longValue)
                        .sum() > 0, "faults were sent");
                assertPortalMatchesLedger(harness);
            }
        }

        @Test
        void writes_due_later_are_drained_on_the_injected_clock_and_sleeper_without_waiting_in_real_time()
                throws Exception {
            FakeTime time = new FakeTime(Instant.parse("2026-11-23T10:00:00Z"));
            try (PortalHarness harness = PortalHarness.start(dir, 200, 14L, "overwrite", time, OPEN)) {
                harness.simulator.faults().target(FaultTarget.of(FaultKind.SERVICE_UNAVAILABLE_503,
                        "POST /crm/v3/objects/contacts/batch/update").times(RetryPolicy.defaults().maxAttempts()));
                Instant start = time.instant();

                // the fake clock moves only when the daemon sleeps on it: a real sleep would never reach the due time
                boolean done = assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
                    try (Daemon daemon = harness.openDaemon(time)) {
                        return daemon.runOnce(Duration.ofHours(1));
                    }
                });

                assertTrue(done, "the batch HubSpot refused is sent again once it is due, in the same cycle");
                assertTrue(time.instant().isAfter(start.plusSeconds(5)), "the drain waited on the fake clock: "
                        + Duration.between(start, time.instant()));
                assertPortalMatchesLedger(harness);
            }
        }

        @Test
        void another_app_sharing_the_budget_slows_the_daemon_down_and_no_write_is_lost() throws Exception {
            SimulatorOptions hubSpotLimits = SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN)
                    .withMaxPer10s(100).withSearchPerSecond(5);
            try (PortalHarness harness = PortalHarness.start(dir, 300, 4L, "overwrite", Clock.systemUTC(),
                    hubSpotLimits)) {
                String text = Files.readString(harness.configFile, StandardCharsets.UTF_8);
                Files.writeString(harness.configFile, text.replaceAll("(?ms)^rate-limit:.*?\\n\\n",
                        "rate-limit:\n  burst-share: 1.0\n  burst-limit: 100\n  search-per-second: 4\n\n"));
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest otherApp = HttpRequest.newBuilder(
                        harness.simulator.baseUrl().resolve("/crm/v3/objects/contacts?limit=1"))
                        .header("Authorization", "Bearer " + SimulatorOptions.DEMO_TOKEN).build();
                ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
                load.scheduleAtFixedRate(() -> {
                    try {
                        http.send(otherApp, HttpResponse.BodyHandlers.discarding());
                    } catch (java.io.IOException | InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, 0, 200, TimeUnit.MILLISECONDS);
                boolean done;
                try {
                    done = runUntilDone(harness, 3);
                } finally {
                    load.shutdownNow();
                }

                assertTrue(done);
                assertPortalMatchesLedger(harness);
            }
        }

        @Test
        void the_daily_limit_pauses_every_call_until_the_reset_and_keeps_queued_writes() throws Exception {
            MutableClock clock = new MutableClock();
            SimulatorOptions daily = OPEN.withDailyLimit(12);
            try (PortalHarness harness = PortalHarness.start(dir, 300, 5L, "overwrite", clock, daily)) {
                String text = Files.readString(harness.configFile, StandardCharsets.UTF_8);
                Files.writeString(harness.configFile, text.replace("rate-limit:\n", "rate-limit:\n  daily-share: 1.0\n"));
                try (Daemon daemon = harness.openDaemon()) {
                    assertFalse(daemon.runOnce(Duration.ofSeconds(30)), "the budget runs out");
                    long requests = harness.simulator.stats().totalRequests();
                    assertFalse(daemon.runOnce(Duration.ofSeconds(30)), "still paused");
                    assertEquals(requests + 1, harness.simulator.stats().totalRequests(),
                            "no call while paused but the one that asks whether budget is back");
                    assertTrue(daemon.context().ledger().read(tx -> tx.portalState().get(PortalState.Key.PAUSED_UNTIL))
                            .isPresent());
                }

                boolean done = false;
                for (int day = 0; day < 10 && !done; day++) { // a small budget: a day's share at a time
                    clock.advance(Duration.ofDays(1));
                    done = runUntilDone(harness, 1);
                }

                assertTrue(done, "calls resume after each reset until everything is written");
                assertPortalMatchesLedger(harness);
                try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
                    RateState.BudgetUsed used = ledger.read(tx -> tx.rateState().budgetUsed()).orElseThrow();
                    assertEquals(12, used.daily(), "HubSpot's daily limit as its headers said");
                    assertTrue(used.used() > 0 && used.used() <= 12, used.toString());
                }
            }
        }

        @Test
        void a_revoked_token_stops_writing_retries_auth_slowly_and_keeps_queued_writes() throws Exception {
            MutableClock clock = new MutableClock();
            try (PortalHarness harness = PortalHarness.start(dir, 200, 6L, "overwrite", clock, OPEN)) {
                try (Daemon daemon = harness.openDaemon()) {
                    for (String job : List.of("pull-contacts", "pull-engagements", "score")) {
                        assertNotNull(daemon.runStep(job), job);
                    }
                }
                long queued = pending(harness);
                assertTrue(queued > 0);
                try (PortalSimulator revoked = PortalSimulator.start(
                        OPEN.withToken("another-token").withClock(clock), harness.simulator.portal());
                        Daemon daemon = harness.openDaemon(revoked.baseUrl())) {
                    assertFalse(daemon.runOnce(Duration.ofSeconds(30)), "the token is refused");
                    long requests = revoked.stats().totalRequests();
                    assertFalse(daemon.runOnce(Duration.ofSeconds(30)));
                    assertEquals(requests, revoked.stats().totalRequests(), "auth is not retried at once");
                    assertTrue(daemon.context().ledger().read(tx -> tx.portalState().get(PortalState.Key.AUTH_FAILURE))
                            .isPresent());
                }
                assertEquals(queued, pending(harness), "queued writes are kept");

                clock.advance(ApiGate.AUTH_RETRY.plusSeconds(1));
                boolean done = runUntilDone(harness, 1);

                assertTrue(done, "auth is retried after the wait and writing resumes");
                assertPortalMatchesLedger(harness);
            }
        }

        private long pending(PortalHarness harness) {
            try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
                return ledger.read(tx -> tx.outbox().pendingCount());
            }
        }
    }

    @Nested
    class Ownership {

        @Test
        void under_overwrite_an_edited_band_is_recorded_and_restored() throws Exception {
            try (PortalHarness harness = PortalHarness.start(dir, 200, 8L, "overwrite")) {
                assertTrue(runUntilDone(harness, 1));
                String id = writtenContact(harness);
                String ours = harness.simulator.portal().contactProperties(id).orElseThrow().get("hubscore_band");
                String theirs = ours.equals("Hot") ? "Cold" : "Hot";
                harness.simulator.portal().updateContact(id, Map.of("hubscore_band", theirs));

                assertTrue(runUntilDone(harness, 1));

                assertEquals(ours, harness.simulator.portal().contactProperties(id).orElseThrow().get("hubscore_band"));
                List<Conflicts.Conflict> conflicts;
                try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
                    conflicts = ledger.read(tx -> tx.conflicts().forContact(Long.parseLong(id)));
                }
                assertEquals(1, conflicts.size());
                assertEquals(theirs, conflicts.get(0).theirs());
                assertEquals("overwrite", conflicts.get(0).policy());
                assertNotNull(conflicts.get(0).clearedAt(), "resolved once ours was restored");
                assertTrue(conflicts(harness).isEmpty(), "nothing left open");
            }
        }

        private String writtenContact(PortalHarness harness) {
            return harness.simulator.portal().contactIds().stream()
                    .filter(id -> harness.simulator.portal().contactProperties(id).orElseThrow()
                            .containsKey("hubscore_band"))
                    .findFirst().orElseThrow();
        }

        private List<Conflicts.Conflict> conflicts(PortalHarness harness) {
            try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
                return ledger.read(tx -> tx.conflicts().open(100));
            }
        }
    }

    @Nested
    class OneDaemonPerLedger {

        @Test
        void a_second_daemon_on_the_same_ledger_is_refused() throws Exception {
            try (PortalHarness harness = PortalHarness.start(dir, 10, 10L, "overwrite");
                    Daemon first = harness.openDaemon()) {

                LedgerException refused = assertThrows(LedgerException.class, harness::openDaemon);

                assertTrue(refused.getMessage().contains("in use by another hubscore daemon"), refused.getMessage());
                assertTrue(first.runOnce(Duration.ofMinutes(1)), "the first daemon keeps its ledger and runs a cycle");
                assertTrue(harness.simulator.portal().allContactProperties().values().stream()
                        .anyMatch(p -> p.containsKey("hubscore_score")), "the first daemon wrote its scores");
            }
        }
    }

    @Nested
    class ConfigChanges {

        @Test
        void a_new_model_version_is_recorded_and_every_contact_rewritten_under_it() throws Exception {
            try (PortalHarness harness = PortalHarness.start(dir, 200, 12L, "overwrite");
                    Daemon daemon = harness.openDaemon()) {
                assertTrue(daemon.runOnce(Duration.ofMinutes(1)));
                String text = Files.readString(harness.configFile, StandardCharsets.UTF_8);
                Files.writeString(harness.configFile, text.replace("\"icp-agency-1\"", "\"icp-agency-2\"")
                        .replace("points: 20\n        max-points: 20", "points: 25\n        max-points: 25"));

                assertEquals(Map.of("reloaded", 1L), daemon.runStep("watch-config"));
                assertTrue(daemon.runOnce(Duration.ofMinutes(1)));

                assertEquals(2, daemon.context().ledger().read(tx -> tx.scores().models()).size());
                long rewritten = harness.simulator.portal().contactIds().stream()
                        .map(id -> harness.simulator.portal().contactProperties(id).orElseThrow())
                        .filter(p -> "icp-agency-2".equals(p.get("hubscore_model_version"))).count();
                long written = harness.simulator.portal().contactIds().stream()
                        .map(id -> harness.simulator.portal().contactProperties(id).orElseThrow())
                        .filter(p -> p.containsKey("hubscore_model_version")).count();
                assertEquals(written, rewritten, "every written contact carries the new version");
            }
        }

        @Test
        void an_invalid_config_is_reported_and_the_last_good_one_stays() throws Exception {
            try (PortalHarness harness = PortalHarness.start(dir, 10, 13L, "overwrite");
                    Daemon daemon = harness.openDaemon()) {
                String version = daemon.context().config().active().model().version();
                Files.writeString(harness.configFile, "model:\n  version: [broken\n");

                Map<String, ?> counts = daemon.runStep("watch-config");

                assertEquals(Map.of(), counts);
                assertEquals(version, daemon.context().config().active().model().version());
            }
        }
    }
}
