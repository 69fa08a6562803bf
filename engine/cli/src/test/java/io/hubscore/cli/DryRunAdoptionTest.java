package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.Scores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run on a snapshot of a portal hubscore already scores starts from the portal's own hubscore values, so it
 * predicts the transitions the daemon then fires on that portal, and does not rewrite every band change time.
 */
class DryRunAdoptionTest {

    @TempDir
    Path dir;

    @Test
    void a_dry_run_on_a_scored_portal_predicts_the_transitions_the_daemon_then_fires() throws Exception {
        try (PortalHarness harness = PortalHarness.start(dir, 600, 51L, "overwrite")) {
            runOnce(harness);
            harness.simulator.portal().simulateActivity(new Random(3), 300);
            runOnce(harness);
            String v1 = Files.readString(harness.configFile, StandardCharsets.UTF_8);
            Path candidate = dir.resolve("candidate.yaml");
            Files.writeString(candidate, v1.replace("version: \"icp-agency-1\"", "version: \"icp-agency-2\"")
                    .replace("      min: 30\n", "      min: 35\n").replace("      min: 15\n", "      min: 12\n"),
                    StandardCharsets.UTF_8);
            Path snapshot = dir.resolve("snapshot.json");
            harness.simulator.portal().save(snapshot);
            Path plan = dir.resolve("plan.json");
            ReportCommands cli = new ReportCommands();

            int exit = cli.run(Clock.systemUTC(), "dry-run", "--config", candidate.toString(), "--snapshot",
                    snapshot.toString(), "--out", plan.toString());
            long start = harness.clock.millis();
            Files.copy(candidate, harness.configFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            runOnce(harness);

            assertEquals(0, exit, cli.err.toString());
            JsonNode planned = ReportCommands.MAPPER.readTree(plan.toFile());
            Set<String> predicted = new HashSet<>();
            for (JsonNode t : planned.get("transitions")) {
                assertTrue(t.get("fired").asBoolean(), "nothing is held without a cooldown: " + t);
                predicted.add(t.get("contact").asText() + " " + t.get("from").asText() + " -> " + t.get("to").asText());
            }
            Set<String> fired = new HashSet<>();
            try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
                for (Scores.Transition t : ledger.read(tx -> tx.scores().transitions())) {
                    if (t.fired() && t.at() >= start) {
                        fired.add(t.contactId() + " " + t.fromBand() + " -> " + t.toBand());
                    }
                }
            }
            assertTrue(fired.size() > 20, "the change fires transitions: " + fired.size());
            assertEquals(fired, predicted, "the dry run's transitions are the daemon's");
            JsonNode summary = planned.get("summary");
            assertEquals(fired.size(), summary.get("transitions").get("fire").asLong());
            assertEquals("icp-agency-1", summary.get("from_version").asText(), "adopted from HubSpot's values");
            long bandChangedAt = 0;
            for (JsonNode write : planned.get("writes")) {
                if (write.get("property").asText().equals("hubscore_band_changed_at")) {
                    bandChangedAt++;
                }
            }
            assertTrue(bandChangedAt <= fired.size() && bandChangedAt > 0,
                    "band_changed_at is written only where the band changes: " + bandChangedAt + " for "
                            + fired.size() + " transitions");
            assertEquals(summary.get("writes").get("by_property").get("hubscore_band_changed_at").asLong(),
                    bandChangedAt, "the summary counts the plan's band_changed_at writes");
            cli.line("Starting from: icp-agency-1 \\(adopted from hubscore's values in HubSpot\\)");
            cli.line("Transitions: [0-9,]+ would fire; none held");
        }
    }

    private static void runOnce(PortalHarness harness) throws InterruptedException {
        try (Daemon daemon = harness.openDaemon()) {
            assertTrue(daemon.runOnce(Duration.ofMinutes(1)), "the cycle succeeds");
        }
    }
}
