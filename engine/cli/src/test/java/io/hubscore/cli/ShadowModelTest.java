package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerSql;
import io.hubscore.scoring.ScoringModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shadow model is scored beside the live one in the ledger only: HubSpot gets the live model's values, the ledger
 * holds the candidate's bands for every contact, an invalid candidate is ignored, and {@code compare} reports the
 * two from the ledger.
 */
class ShadowModelTest {

    @TempDir
    Path dir;

    private PortalHarness harness;
    private Path candidate;

    @BeforeEach
    void startWithAShadow() throws Exception {
        harness = PortalHarness.start(dir, 500, 61L, "overwrite");
        String live = Files.readString(harness.configFile, StandardCharsets.UTF_8);
        candidate = dir.resolve("candidate.yaml");
        Files.writeString(candidate, live.replace("version: \"icp-agency-1\"", "version: \"icp-agency-2\"")
                .replace("      min: 30\n", "      min: 35\n"), StandardCharsets.UTF_8);
        Files.writeString(harness.configFile, live + "\nshadow:\n  config: " + candidate + "\n  promote-when:\n"
                + "    min-duration: 0s\n    min-conversions: 0\n    lift-not-below-live: false\n",
                StandardCharsets.UTF_8);
    }

    @AfterEach
    void stopPortal() {
        harness.close();
    }

    private void runOnce() throws InterruptedException {
        try (Daemon daemon = harness.openDaemon()) {
            assertTrue(daemon.runOnce(Duration.ofMinutes(1)), "the cycle succeeds");
        }
    }

    @Test
    void the_shadow_scores_every_contact_into_the_ledger_and_hubspot_gets_only_the_live_model() throws Exception {
        runOnce();

        ScoringModel shadowModel = ScoringModel.compile(((LoadResult.Valid) new ConfigLoader(PortalHarness.ENV::get)
                .load(candidate)).config());
        Map<Long, String> live = new HashMap<>();
        Map<Long, String> shadow = new HashMap<>();
        long scoredAt;
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            LedgerSql.rows(ledger, "SELECT contact_id, band FROM band_state")
                    .forEach(r -> live.put(Long.parseLong(r.get(0)), r.get(1)));
            LedgerSql.rows(ledger, "SELECT contact_id, band FROM shadow_bands")
                    .forEach(r -> shadow.put(Long.parseLong(r.get(0)), r.get(1)));
            scoredAt = LedgerSql.number(ledger, "SELECT MAX(scored_at) FROM shadow_bands");
        }
        assertEquals(live.keySet(), shadow.keySet(), "every contact scored live is scored in shadow");
        long differ = 0;
        for (Map.Entry<Long, String> e : shadow.entrySet()) {
            String id = Long.toString(e.getKey());
            assertEquals(harness.expected(shadowModel, id, Instant.ofEpochMilli(scoredAt)).band(), e.getValue(),
                    "the shadow band of " + id + " is the candidate's");
            Map<String, String> inPortal = harness.simulator.portal().contactProperties(id).orElseThrow();
            if (inPortal.get("hubscore_band") != null) {
                assertEquals(live.get(e.getKey()), inPortal.get("hubscore_band"), "HubSpot holds the live band");
            }
            differ += e.getValue().equals(live.get(e.getKey())) ? 0 : 1;
        }
        assertTrue(differ > 0, "the models disagree on some contacts");

        ReportCommands cli = new ReportCommands();
        int exit = cli.run(Clock.systemUTC(), "compare", "--config", harness.configFile.toString(), "--json");

        assertEquals(0, exit, cli.err.toString());
        JsonNode report = ReportCommands.MAPPER.readTree(cli.out.toString());
        assertEquals("icp-agency-1", report.get("live_version").asText());
        assertEquals("icp-agency-2", report.get("shadow_version").asText());
        assertEquals(shadow.size(), report.get("contacts").asLong());
        assertEquals(shadow.size() - differ, report.get("agreeing").asLong());
        long hotToWarm = shadow.entrySet().stream().filter(e -> e.getValue().equals("Warm")
                && live.get(e.getKey()).equals("Hot")).count();
        for (JsonNode cell : report.get("movement")) {
            if (cell.get("live").asText().equals("Hot") && cell.get("shadow").asText().equals("Warm")) {
                assertEquals(hotToWarm, cell.get("contacts").asLong());
            }
        }
        // one cycle: every band under either model is a first band, which neither counts as a band entry
        for (JsonNode band : report.at("/conversion/bands")) {
            assertEquals(0, band.at("/live/entered").asLong(), band.toString());
            assertEquals(0, band.at("/shadow/entered").asLong(), band.toString());
        }
        assertEquals(List.of("Hot", "Warm", "Cold"), report.get("conversion").findValuesAsText("band"));
        assertEquals(0, report.at("/conversion/conversions").asLong());
        assertTrue(report.get("ready").asBoolean(), "the only gate left is a duration of 0s");
    }

    @Test
    void an_invalid_candidate_is_ignored_and_the_live_model_is_not_affected() throws Exception {
        Files.writeString(candidate, "model: [not, a, model]\n", StandardCharsets.UTF_8);

        runOnce();

        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            assertEquals(0, LedgerSql.number(ledger, "SELECT COUNT(*) FROM shadow_models"), "no shadow started");
            assertEquals(500, LedgerSql.number(ledger, "SELECT COUNT(*) FROM band_state"), "the live model scored");
        }
        ReportCommands cli = new ReportCommands();
        assertEquals(2, cli.run(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), "compare", "--config",
                harness.configFile.toString()));
        assertFalse(cli.err.toString().isBlank());
        assertEquals(List.of(), cli.lines());
    }
}
