package io.hubscore.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubscore.config.ConfigLoader;
import io.hubscore.daemon.testing.FakeTime;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerSql;
import io.hubscore.ledger.Scores;
import io.hubscore.simulator.SimulatorOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preview is a promise: it is checked against what the daemon then does with the same change at the same time, on
 * a real ledger file built by the daemon from a simulated portal over HTTP, contact by contact.
 */
class ModelPreviewTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private PortalHarness harness;

    @AfterEach
    void stopPortal() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void a_previewed_model_change_fires_holds_and_writes_exactly_what_the_daemon_then_does() throws Exception {
        FakeTime time = new FakeTime(Instant.parse("2026-11-02T09:00:00Z"));
        harness = PortalHarness.start(dir, 1_500, 21L, "overwrite", time,
                SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN).withoutRateLimits());
        String live = Files.readString(harness.configFile, StandardCharsets.UTF_8) + "\ntransitions:\n  cooldown: 7d\n";
        Files.writeString(harness.configFile, live, StandardCharsets.UTF_8);
        runOnce(time);
        time.advance(Duration.ofDays(1));
        harness.simulator.portal().simulateActivity(new Random(5), 600);
        runOnce(time);
        time.advance(Duration.ofDays(2));
        try (Daemon daemon = harness.openDaemon(time)) { // the live daemon pulls the latest changes
            daemon.runStep("pull-contacts"); // pulls pace their calls on the clock; scoring does not move it
            daemon.runStep("pull-engagements");
        }
        Files.writeString(harness.configFile, candidate(live), StandardCharsets.UTF_8);
        LiveConfig.Active candidate = LiveConfig.load(harness.configFile, new ConfigLoader(PortalHarness.ENV::get))
                .active();
        Map<Long, ModelPreview.Decided> previewed = new TreeMap<>();
        Map<Long, Integer> ledgerScores = new HashMap<>();
        ModelPreview.Report report;
        Instant at = time.instant();
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            ModelPreview.walk(ledger, candidate, at, d -> previewed.put(d.decision().id(), d));
            report = ModelPreview.report(ledger, candidate, at, PortalHarness.ENV::get);
            LedgerSql.rows(ledger, "SELECT contact_id, score FROM band_state")
                    .forEach(row -> ledgerScores.put(Long.parseLong(row.get(0)), Integer.parseInt(row.get(1))));
        }
        try (Daemon daemon = harness.openDaemon(time)) { // then the change reaches the daemon at that same time
            daemon.runStep("score");
            daemon.runStep("write-back");
        }

        long when = at.toEpochMilli();
        Map<Long, Scores.Transition> recorded = new HashMap<>();
        Map<Long, Scores.Transition> earlier = new HashMap<>();
        Map<Long, String> bands = new HashMap<>();
        Map<Long, Map<String, String>> queued = new HashMap<>();
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            for (Scores.Transition t : ledger.read(tx -> tx.scores().transitions())) {
                if (t.at() == when) {
                    recorded.put(t.contactId(), t);
                } else if (t.at() < when) {
                    earlier.put(t.contactId(), t);
                }
            }
            LedgerSql.rows(ledger, "SELECT contact_id, band FROM band_state")
                    .forEach(row -> bands.put(Long.parseLong(row.get(0)), row.get(1)));
            for (List<String> row : LedgerSql.rows(ledger,
                    "SELECT contact_id, properties FROM outbox WHERE created_at = ?", when)) {
                queued.put(Long.parseLong(row.get(0)), JSON.readValue(row.get(1), new TypeReference<>() { }));
            }
        }
        long fired = 0;
        long held = 0;
        for (ModelPreview.Decided d : previewed.values()) {
            long id = d.decision().id();
            assertEquals(d.decision().band().band(), bands.get(id), "band of contact " + id);
            assertEquals(d.decision().write().orElse(null), queued.get(id), "write of contact " + id);
            Scores.Transition t = recorded.get(id);
            if (d.fires()) {
                fired++;
                assertTrue(t != null && t.fired(), "a fired transition for contact " + id);
                assertEquals(d.before().band().map(Scores.BandState::band).orElse(null), t.fromBand(), "from " + id);
                assertEquals(d.decision().band().band(), t.toBand(), "to " + id);
            } else if (d.heldBy().isPresent()) {
                held++;
                Scores.Transition heldOne = t != null ? t : earlier.get(id);
                assertTrue(heldOne != null && !heldOne.fired(), "a held transition for contact " + id);
                assertEquals(d.heldBy().get(), heldOne.heldBy(), "what holds contact " + id);
                assertEquals(Optional.ofNullable(t).isPresent(), d.decision().transition().isPresent(),
                        "contact " + id + " is recorded as held now only when it was not already");
            } else {
                assertEquals(null, t, "no transition for contact " + id);
            }
        }
        assertEquals(previewed.size(), bands.size(), "every contact previewed");
        assertEquals(recorded.values().stream().filter(Scores.Transition::fired).count(), fired);
        assertEquals(queued.keySet(), previewed.values().stream().filter(d -> d.decision().write().isPresent())
                .map(d -> d.decision().id()).collect(java.util.stream.Collectors.toSet()), "the contacts written");
        assertTrue(fired > 10, "transitions fire: " + fired);
        assertTrue(held > 0, "changes are held: " + held);
        assertTrue(report.transitions().held().containsKey("cooldown"), "held by cooldown: " + report.transitions());
        assertEquals(fired, report.transitions().fire(), "the report counts the transitions that fire");
        assertEquals(held, report.transitions().held().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(queued.size(), report.writes().contacts(), "the report counts the contacts written");
        long bandChanges = previewed.values().stream().filter(d -> d.decision().write().isPresent())
                .filter(d -> !d.before().band().map(Scores.BandState::band).orElse("")
                        .equals(d.decision().band().band())).count();
        assertEquals(bandChanges, report.writes().byProperty().getOrDefault("hubscore_band_changed_at", 0L),
                "band_changed_at changes only for written contacts whose band changes");
        assertEquals("icp-agency-1", report.fromVersion());
        assertEquals("icp-agency-2", report.toVersion());
        assertTrue(report.changes().stream().anyMatch(c -> c.line().equals(
                "~ bands: Hot >= 30, Warm >= 15, Cold -> Hot >= 35, Warm >= 15, Cold")), report.changes().toString());
        assertTrue(report.changes().stream().anyMatch(c -> c.kind().equals("added")
                && c.item().equals("engagement rule page-views-25-plus")), report.changes().toString());

        // rules: the model in force and the candidate on the same data at the same time, so only the added rule moves
        // (not the decay of the two days since the contacts were last scored)
        long pageViews = previewed.values().stream().filter(d -> d.decision().result().contributions().stream()
                .anyMatch(line -> line.name().equals("page-views-25-plus") && line.micros() != 0)).count();
        assertTrue(pageViews > 0, "the added rule gives points: " + pageViews);
        assertEquals(List.of(new ModelPreview.RuleMovement("page-views-25-plus", pageViews)), report.rules());
        TreeMap<Integer, Long> before = new TreeMap<>();
        TreeMap<Integer, Long> after = new TreeMap<>();
        for (ModelPreview.Decided d : previewed.values()) {
            before.merge(ledgerScores.get(d.decision().id()), 1L, Long::sum);
            after.merge(d.decision().score().score(), 1L, Long::sum);
        }
        assertEquals(ModelPreview.deciles(before), report.scores().before(), "scores before: the ledger's");
        assertEquals(ModelPreview.deciles(after), report.scores().after(), "scores after: the candidate's");
        assertTrue(!report.scores().before().equals(report.scores().after()), "the change moves scores");
    }

    private void runOnce(FakeTime time) throws InterruptedException {
        try (Daemon daemon = harness.openDaemon(time)) {
            assertTrue(daemon.runOnce(Duration.ofMinutes(2)), "the cycle succeeds");
        }
    }

    /** Hot from 30 to 35, a 20-point rule, and a freeze-band suppression, under a new version. */
    private static String candidate(String live) {
        return live.replace("version: \"icp-agency-1\"", "version: \"icp-agency-2\"")
                .replace("      min: 30\n", "      min: 35\n")
                .replace("    events:\n", "      - name: page-views-25-plus\n        property: hs_analytics_num_page_views\n"
                        + "        operator: between\n        min: 25\n        points: 20\n    events:\n")
                .replace("    action: no-write\n", "    action: no-write\n  - name: open-opportunity\n    when:\n"
                        + "      property: lifecyclestage\n      operator: equals\n      value: opportunity\n"
                        + "    action: freeze-band\n");
    }
}
