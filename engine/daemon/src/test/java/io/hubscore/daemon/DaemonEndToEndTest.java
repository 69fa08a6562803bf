package io.hubscore.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.simulator.ActivityChange;
import io.hubscore.simulator.Portal;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerSql;
import io.hubscore.ledger.Scores;
import io.hubscore.scoring.ScoreResult;
import io.hubscore.scoring.ScoringModel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon end to end with the icp-agency example: a full cycle on a 10,000-contact simulated portal, a cycle
 * with no changes, and a cycle after simulated activity, each against its own simulator over HTTP on 127.0.0.1 with
 * a real ledger file.
 */
class DaemonEndToEndTest {

    @TempDir
    Path dir;

    private PortalHarness harness;

    @AfterEach
    void stopPortal() {
        if (harness != null) {
            harness.close();
        }
    }

    private boolean runOnce() throws InterruptedException {
        try (Daemon daemon = harness.openDaemon()) {
            return daemon.runOnce(Duration.ofMinutes(2));
        }
    }

    @Test
    void a_full_cycle_writes_the_engines_score_and_band_to_every_contact_not_suppressed() throws Exception {
        harness = PortalHarness.start(dir, 10_000, 7L, "overwrite");

        boolean ok = runOnce();

        assertTrue(ok, "the cycle succeeds");
        ScoringModel model = harness.liveConfig().active().model();
        Portal portal = harness.simulator.portal();
        int written = 0;
        int suppressed = 0;
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            for (String id : portal.contactIds()) {
                Scores.Score row = ledger.read(tx -> tx.scores().latest(Long.parseLong(id))).orElseThrow();
                ScoreResult expected = harness.expected(model, id, Instant.ofEpochMilli(row.scoredAt()));
                Map<String, String> inPortal = portal.contactProperties(id).orElseThrow();
                if (expected.write()) {
                    assertEquals(Integer.toString(expected.score()), inPortal.get("hubscore_score"), "score of " + id);
                    assertEquals(expected.band(), inPortal.get("hubscore_band"), "band of " + id);
                    assertEquals(model.version(), inPortal.get("hubscore_model_version"), "model version of " + id);
                    written++;
                } else {
                    assertFalse(inPortal.containsKey("hubscore_score"), "suppressed contact " + id + " is not written");
                    suppressed++;
                }
            }
        }
        assertTrue(written > 9_000, "written: " + written);
        assertTrue(suppressed > 0, "suppressed: " + suppressed);
    }

    @Test
    void a_second_cycle_with_no_changes_writes_nothing() throws Exception {
        harness = PortalHarness.start(dir, 2_000, 8L, "overwrite");
        assertTrue(runOnce(), "the first cycle succeeds");
        long inputsBefore = harness.simulator.stats().batchUpdateInputs();

        boolean ok = runOnce();

        assertTrue(ok, "the cycle succeeds");
        assertTrue(inputsBefore > 0, "the first cycle wrote");
        assertEquals(inputsBefore, harness.simulator.stats().batchUpdateInputs(), "the second wrote nothing");
    }

    @Test
    void after_activity_only_changed_contacts_are_rewritten_and_each_band_change_is_one_transition() throws Exception {
        harness = PortalHarness.start(dir, 2_000, 9L, "overwrite");
        assertTrue(runOnce(), "the first cycle succeeds");
        Map<Long, String> bandsBefore = bands();
        long inputsBefore = harness.simulator.stats().batchUpdateInputs();
        List<ActivityChange> changes = harness.simulator.portal().simulateActivity(new Random(11), 300);
        Set<Long> touched = new HashSet<>();
        for (ActivityChange change : changes) {
            touched.add(Long.parseLong(change.contactId()));
        }
        Instant before = harness.clock.instant();

        boolean ok = runOnce();

        assertTrue(ok, "the cycle succeeds");
        long inputs = harness.simulator.stats().batchUpdateInputs() - inputsBefore;
        assertTrue(inputs > 0 && inputs <= touched.size(), inputs + " inputs for " + touched.size() + " changed");
        Map<Long, String> bandsAfter = bands();
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            for (Map.Entry<Long, String> e : bandsAfter.entrySet()) {
                long id = e.getKey();
                List<Scores.Transition> fired = ledger.read(tx -> tx.scores().transitions(id)).stream()
                        .filter(t -> t.fired() && t.at() >= before.toEpochMilli()).toList();
                boolean changed = bandsBefore.containsKey(id) && !bandsBefore.get(id).equals(e.getValue());
                assertEquals(changed ? 1 : 0, fired.size(), "transitions of contact " + id);
                if (changed) {
                    assertTrue(touched.contains(id), "only changed contacts move: " + id);
                    assertEquals(bandsBefore.get(id), fired.get(0).fromBand());
                    assertEquals(e.getValue(), fired.get(0).toBand());
                }
            }
        }
    }

    private Map<Long, String> bands() {
        Map<Long, String> bands = new HashMap<>();
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            LedgerSql.rows(ledger, "SELECT contact_id, band FROM band_state")
                    .forEach(row -> bands.put(Long.parseLong(row.get(0)), row.get(1)));
        }
        return bands;
    }
}
