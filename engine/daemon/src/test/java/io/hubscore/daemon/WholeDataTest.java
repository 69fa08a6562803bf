package io.hubscore.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.daemon.testing.MutableClock;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerSql;
import io.hubscore.ledger.Scores;
import io.hubscore.scoring.ScoreResult;
import io.hubscore.scoring.ScoringModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No transition before the data is whole: until the backfill of every stream the config reads is complete, the
 * score job decides no band, so a contact is scored and written once, on whole data, however the jobs interleave
 * with the backfills, a pause in the middle of one, or a config that adds a stream.
 */
class WholeDataTest {

    private static final SimulatorOptions OPEN = SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN)
            .withoutRateLimits();
    private static final List<String> WRITTEN = List.of("hubscore_score", "hubscore_band", "hubscore_model_version",
            "hubscore_reasons");

    @TempDir
    Path dir;

    /** The values hubscore wrote to each contact of the simulated portal, by contact id. */
    private static Map<String, Map<String, String>> written(PortalHarness harness) {
        Map<String, Map<String, String>> written = new TreeMap<>();
        harness.simulator.portal().allContactProperties().forEach((id, properties) -> {
            if (properties.containsKey("hubscore_score")) {
                Map<String, String> values = new TreeMap<>();
                WRITTEN.forEach(name -> values.put(name, properties.get(name)));
                written.put(id, values);
            }
        });
        return written;
    }

    private static void editConfig(PortalHarness harness, String from, String to) throws Exception {
        String text = Files.readString(harness.configFile, StandardCharsets.UTF_8);
        String edited = text.replace(from, to);
        assertNotEquals(text, edited, "the config contains " + from);
        Files.writeString(harness.configFile, edited, StandardCharsets.UTF_8);
    }

    /** Every event rule looks back further than the generated history, so no score depends on when it is taken. */
    private static void timeless(PortalHarness harness) throws Exception {
        String text = Files.readString(harness.configFile, StandardCharsets.UTF_8);
        Files.writeString(harness.configFile, text.replace("lookback: 90d", "lookback: 3650d"), StandardCharsets.UTF_8);
    }

    /** Every contact written carries the engine's score and band for the simulator's whole data. */
    private static void assertWrittenFromWholeData(PortalHarness harness, Ledger ledger) {
        ScoringModel model = harness.liveConfig().active().model();
        Map<String, Map<String, String>> written = written(harness);
        assertFalse(written.isEmpty(), "contacts were written");
        for (Map.Entry<String, Map<String, String>> e : written.entrySet()) {
            long id = Long.parseLong(e.getKey());
            Scores.Score row = ledger.read(tx -> tx.scores().latest(id)).orElseThrow();
            ScoreResult expected = harness.expected(model, e.getKey(), Instant.ofEpochMilli(row.scoredAt()));
            assertEquals(Integer.toString(expected.score()), e.getValue().get("hubscore_score"), "score of " + id);
            assertEquals(expected.band(), e.getValue().get("hubscore_band"), "band of " + id);
        }
    }

    @Nested
    class FirstStart {

        @Test
        void the_scheduled_daemons_first_start_fires_no_transition_and_writes_each_contact_once_like_a_once_run()
                throws Exception {
            int contacts = 1_000;
            long seed = 31L;
            Map<String, Map<String, String>> once;
            long onceInputs;
            try (PortalHarness harness = PortalHarness.start(Files.createDirectories(dir.resolve("once")), contacts,
                    seed, "overwrite")) {
                timeless(harness);
                try (Daemon daemon = harness.openDaemon()) {
                    assertTrue(daemon.runOnce(Duration.ofMinutes(2)));
                }
                once = written(harness);
                onceInputs = harness.simulator.stats().batchUpdateInputs();
            }
            // 20 requests per 10 s and 5 searches a second: the backfills page for several seconds (through both
            // buckets) while score and write-back run every second
            SimulatorOptions limited = OPEN.withMaxPer10s(20);
            try (PortalHarness harness = PortalHarness.start(Files.createDirectories(dir.resolve("scheduled")),
                    contacts, seed, "overwrite", Clock.systemUTC(), limited)) {
                timeless(harness);
                String text = Files.readString(harness.configFile, StandardCharsets.UTF_8);
                Files.writeString(harness.configFile, text
                        .replaceAll("(?ms)^schedule:.*?\\n\\n", "schedule:\n  pull-contacts: 1s\n"
                                + "  pull-engagements: 1s\n  score: 1s\n  write-back: 1s\n\n")
                        .replaceAll("(?ms)^rate-limit:.*?\\n\\n", "rate-limit:\n  burst-share: 1.0\n"
                                + "  burst-limit: 20\n  search-per-second: 5\n\n"), StandardCharsets.UTF_8);

                long waited;
                long fired;
                try (Daemon daemon = harness.openDaemon()) {
                    daemon.start();
                    Ledger ledger = daemon.context().ledger();
                    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() ->
                            written(harness).size() == once.size()
                                    && ledger.read(tx -> tx.outbox().pendingCount() == 0 && tx.contacts()
                                            .dirtyCount() == 0));
                    waited = LedgerSql.number(ledger, "SELECT COUNT(*) FROM runs WHERE job = 'score' AND started_at < "
                            + "(SELECT MAX(updated_at) FROM checkpoints WHERE stream LIKE '%.backfill')");
                    fired = ledger.read(tx -> tx.scores().firedTransitionCount());
                }

                assertTrue(waited >= 3, "score ran " + waited + " times while the backfills paged");
                assertEquals(0, fired, "transitions fired");
                assertEquals(onceInputs, harness.simulator.stats().batchUpdateInputs(), "each contact written once");
                assertEquals(once.size(), onceInputs);
                assertEquals(once, written(harness), "the same values as the --once run");
            }
        }
    }

    @Nested
    class PauseInTheBackfill {

        @Test
        void a_daily_pause_in_the_middle_of_the_engagement_backfill_holds_scoring_and_the_resumed_daemon_fires_no_transition()
                throws Exception {
            MutableClock clock = new MutableClock();
            int contacts = 300;
            // the contacts' 3 list pages, their completeness count and first incremental search, one page of emails
            SimulatorOptions daily = OPEN.withDailyLimit(contacts / 100 + 2 + 1);
            try (PortalHarness harness = PortalHarness.start(dir, contacts, 23L, "overwrite", clock, daily)) {
                harness.rateLimit("burst-share: 1.0", "burst-limit: 100000", "search-per-second: 1000",
                        "daily-share: 1.0"); // HubSpot's DAILY limit, not the daemon's own share, stops it
                Map<String, ?> held;
                try (Daemon daemon = harness.openDaemon()) {
                    assertFalse(daemon.runOnce(Duration.ofSeconds(30)), "the daily limit stops the cycle");
                    held = daemon.runStep("score"); // as the schedule runs it during the pause
                    daemon.runStep("write-back");
                    Ledger ledger = daemon.context().ledger();
                    assertEquals("done", ledger.read(tx -> tx.checkpoints().get("contacts.backfill")).orElseThrow());
                    assertNotEquals("done", ledger.read(tx -> tx.checkpoints().get("engagements.emails.backfill"))
                            .orElseThrow(), "paused in the middle of the engagements");
                    assertEquals(0L, LedgerSql.number(ledger, "SELECT COUNT(*) FROM scores"), "nothing scored");
                    assertEquals(0L, LedgerSql.number(ledger, "SELECT COUNT(*) FROM outbox"), "nothing queued");
                }
                assertEquals("engagements.emails,engagements.meetings", held.get("waiting_for"));
                assertEquals((long) contacts, held.get("held"));

                clock.advance(Duration.ofDays(1));
                try (PortalSimulator nextDay = PortalSimulator.start(OPEN.withClock(clock), harness.simulator.portal());
                        Daemon daemon = harness.openDaemon(nextDay.baseUrl())) {
                    assertTrue(daemon.runOnce(Duration.ofMinutes(1)), "the resumed cycle completes");
                    Ledger ledger = daemon.context().ledger();

                    assertEquals(0L, (long) ledger.read(tx -> tx.scores().firedTransitionCount()), "transitions fired");
                    assertWrittenFromWholeData(harness, ledger);
                    assertEquals(written(harness).size(), nextDay.stats().batchUpdateInputs(),
                            "each contact written once");
                }
            }
        }
    }

    @Nested
    class ConfigAddsAStream {

        @Test
        void a_config_that_adds_an_engagement_type_holds_scoring_until_its_backfill_is_whole() throws Exception {
            try (PortalHarness harness = PortalHarness.start(dir, 300, 24L, "overwrite");
                    Daemon daemon = harness.openDaemon()) {
                assertTrue(daemon.runOnce(Duration.ofMinutes(1)));
                Ledger ledger = daemon.context().ledger();
                Map<Long, String> before = bands(ledger);
                long scoreRows = LedgerSql.number(ledger, "SELECT COUNT(*) FROM scores");
                editConfig(harness, "\"icp-agency-1\"", "\"icp-agency-2\"");
                editConfig(harness, "    events:\n", "    events:\n      - name: call\n        type: calls\n"
                        + "        points: 20\n        max-points: 20\n        lookback: 90d\n");
                long changedAt = harness.clock.millis();

                assertEquals(Map.of("reloaded", 1L), daemon.runStep("watch-config"));
                Map<String, ?> held = daemon.runStep("score");

                assertEquals("engagements.calls", held.get("waiting_for"));
                assertEquals(scoreRows, LedgerSql.number(ledger, "SELECT COUNT(*) FROM scores"), "nothing scored");
                assertEquals(0L, (long) ledger.read(tx -> tx.outbox().pendingCount()), "nothing queued");

                assertTrue(daemon.runOnce(Duration.ofMinutes(1)));

                ScoringModel model = harness.liveConfig().active().model();
                long moved = 0;
                for (Map.Entry<Long, String> e : bands(ledger).entrySet()) {
                    long id = e.getKey();
                    List<Scores.Transition> fired = ledger.read(tx -> tx.scores().transitions(id)).stream()
                            .filter(t -> t.fired() && t.at() >= changedAt).toList();
                    Scores.Score row = ledger.read(tx -> tx.scores().latest(id)).orElseThrow();
                    String whole = harness.expected(model, Long.toString(id), Instant.ofEpochMilli(row.scoredAt()))
                            .band();
                    assertEquals(whole, e.getValue(), "band of " + id + " on whole data");
                    if (whole.equals(before.get(id))) {
                        assertEquals(List.of(), fired, "contact " + id + " kept its band");
                    } else {
                        assertEquals(1, fired.size(), "one transition for contact " + id);
                        assertEquals(before.get(id), fired.get(0).fromBand());
                        moved++;
                    }
                }
                assertTrue(moved > 0, "the calls rule moves some contacts");
            }
        }

        private Map<Long, String> bands(Ledger ledger) {
            Map<Long, String> bands = new HashMap<>();
            LedgerSql.rows(ledger, "SELECT contact_id, band FROM band_state")
                    .forEach(row -> bands.put(Long.parseLong(row.get(0)), row.get(1)));
            return bands;
        }
    }
}
