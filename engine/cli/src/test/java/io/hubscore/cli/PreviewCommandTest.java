package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Ledger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubscore preview} through the real command line, on a ledger the daemon built from a simulated portal: the
 * report's figures agree with the ledger and with each other, and bad arguments are one message with exit 2. (That
 * the figures are what the daemon then does is the daemon module's {@code ModelPreviewTest}.)
 */
class PreviewCommandTest {

    @TempDir
    Path dir;

    final ReportCommands cli = new ReportCommands();

    @Test
    void the_preview_prints_and_saves_the_change_the_bands_the_movement_and_the_writes() throws Exception {
        try (PortalHarness harness = PortalHarness.start(dir, 400, 31L, "overwrite")) {
            try (Daemon daemon = harness.openDaemon()) {
                assertTrue(daemon.runOnce(Duration.ofMinutes(1)), "the daemon builds the ledger");
            }
            Path candidate = dir.resolve("candidate.yaml");
            Files.writeString(candidate, Files.readString(harness.configFile, StandardCharsets.UTF_8)
                    .replace("version: \"icp-agency-1\"", "version: \"icp-agency-2\"")
                    .replace("      min: 30\n", "      min: 35\n"), StandardCharsets.UTF_8);
            Path json = dir.resolve("preview.json");
            Map<String, Long> bands = new HashMap<>();
            try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
                bands.putAll(ledger.read(tx -> tx.scores().bandCounts()));
            }
            Instant at = harness.clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);

            int exit = cli.run(Clock.systemUTC(), "preview", "--config", candidate.toString(), "--at", at.toString(),
                    "--json", json.toString());

            assertEquals(0, exit, cli.err.toString());
            assertTrue(cli.out.toString().contains("~ bands: Hot >= 30, Warm >= 15, Cold -> Hot >= 35, Warm >= 15, Cold"),
                    cli.out.toString());
            cli.line("Preview of model icp-agency-2 \\([0-9a-f]{12}\\) against .* at " + at);
            cli.line("In force: icp-agency-1 \\([0-9a-f]{12}\\)");
            JsonNode report = ReportCommands.MAPPER.readTree(json.toFile());
            assertEquals("icp-agency-1", report.get("from_version").asText());
            assertEquals("icp-agency-2", report.get("to_version").asText());
            assertEquals(400, report.get("contacts").asLong());
            for (String band : new String[] {"Hot", "Warm", "Cold"}) {
                assertEquals(bands.getOrDefault(band, 0L), report.get("bands").get("before").get(band).asLong(),
                        "contacts in " + band + " before");
            }
            long moved = 0;
            long hotToWarm = 0;
            for (JsonNode cell : report.get("movement")) {
                moved += cell.get("contacts").asLong();
                if (cell.get("from").asText().equals("Hot") && cell.get("to").asText().equals("Warm")) {
                    hotToWarm = cell.get("contacts").asLong();
                }
            }
            assertEquals(400, moved, "every contact is in one cell of the movement matrix");
            assertEquals(bands.get("Hot") - report.get("bands").get("after").get("Hot").asLong(), hotToWarm,
                    "raising Hot only moves contacts from Hot to Warm");
            JsonNode writes = report.get("writes");
            long bandChangedAt = writes.get("by_property").get("hubscore_band_changed_at").asLong();
            assertTrue(bandChangedAt > 0 && bandChangedAt <= hotToWarm, "band_changed_at changes only where the band"
                    + " changes (not for suppressed customers): " + bandChangedAt + " of " + hotToWarm);
            assertEquals(writes.get("contacts").asLong(), writes.get("by_property").get("hubscore_model_version")
                    .asLong(), "every written contact gets the new version");
            assertEquals(hotToWarm, report.get("transitions").get("fire").asLong(), "each move fires, no cooldown");
            assertTrue(report.get("transitions").get("held").isObject());
            assertEquals(11, report.get("scores").get("after").size(), "min, nine deciles and max");
        }
    }

    @Test
    void an_unreadable_time_is_one_message_and_exit_two() throws Exception {
        Path config = ReportCommands.config(dir, dir.resolve("ledger.db"));

        int exit = cli.run(Clock.systemUTC(), "preview", "--config", config.toString(), "--at", "yesterday");

        assertEquals(2, exit);
        assertEquals("hubscore preview: --at 'yesterday' is not an ISO-8601 instant such as 2026-11-20T10:00:00Z",
                cli.err.toString().strip());
    }

    @Test
    void a_missing_ledger_is_one_message_and_exit_two() throws Exception {
        Path config = ReportCommands.config(dir, dir.resolve("absent.db"));

        int exit = cli.run(Clock.systemUTC(), "preview", "--config", config.toString());

        assertEquals(2, exit);
        assertTrue(cli.err.toString().startsWith("hubscore preview: ledger ") && cli.err.toString().contains(
                "does not exist"), cli.err.toString());
    }
}
