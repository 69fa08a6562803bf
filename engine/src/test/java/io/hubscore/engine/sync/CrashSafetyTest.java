package io.hubscore.engine.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubscore.connector.simulator.Portal;
import io.hubscore.connector.simulator.PortalSimulator;
import io.hubscore.connector.simulator.SimulatorOptions;
import io.hubscore.engine.ledger.Ledger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code hubscore run --once} child process with SIGKILL at random points of the backfill and the
 * write-back, restarting it each time, and checks that the simulated portal and the ledger end exactly as after an
 * uninterrupted run: no missing write, no duplicated transition. Both runs score at one fixed instant, so their
 * results can be compared value for value.
 */
class CrashSafetyTest {

    private static final Instant AT = Instant.parse("2026-11-20T09:00:00Z");
    private static final int CONTACTS = 3_000;
    private static final long SEED = 20L;
    private static final int KILLS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void killing_the_daemon_at_random_points_converges_to_the_uninterrupted_result() throws Exception {
        Clock fixed = Clock.fixed(AT, ZoneOffset.UTC);
        SimulatorOptions options = SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN)
                .withoutRateLimits().withClock(fixed);
        Path referenceDir = Files.createDirectories(dir.resolve("reference"));
        Path crashedDir = Files.createDirectories(dir.resolve("crashed"));
        try (PortalSimulator reference = PortalSimulator.start(options, Portal.generate(CONTACTS, SEED, fixed));
                PortalSimulator crashed = PortalSimulator.start(options, Portal.generate(CONTACTS, SEED, fixed))) {
            Path referenceLedger = referenceDir.resolve("ledger.db");
            Path crashedLedger = crashedDir.resolve("ledger.db");
            Path referenceConfig = writeConfig(referenceDir, referenceLedger);
            Path crashedConfig = writeConfig(crashedDir, crashedLedger);

            try (Daemon daemon = Daemon.open(LiveConfig.load(referenceConfig, new io.hubscore.config.ConfigLoader(
                    PortalHarness.ENV::get)), new Daemon.Options(reference.baseUrl(), referenceLedger, fixed,
                    PortalHarness.ENV::get))) {
                assertTrue(daemon.runOnce(Duration.ofMinutes(2)), "the uninterrupted run completes");
            }

            Random random = new Random(SEED);
            int kills = 0;
            int runs = 0;
            while (kills < KILLS && runs < KILLS * 3) {
                runs++;
                Process child = start(crashedConfig, crashed);
                long delayMillis = 300 + random.nextInt(2_500);
                if (child.waitFor(delayMillis, TimeUnit.MILLISECONDS)) {
                    continue; // finished before the kill: the next run starts over on the same ledger
                }
                child.destroyForcibly(); // SIGKILL: no shutdown hook runs
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed daemon is gone");
                kills++;
            }
            Process last = start(crashedConfig, crashed);
            assertTrue(last.waitFor(3, TimeUnit.MINUTES), "the last run finishes");
            assertEquals(0, last.exitValue(), () -> readLog(crashedDir));

            assertTrue(kills >= KILLS, "killed " + kills + " times in " + runs + " runs");
            assertEquals(portalState(reference), portalState(crashed), "the portals agree");
            assertEquals(ledgerState(referenceLedger), ledgerState(crashedLedger), "the ledgers agree");
        }
    }

    private static Path writeConfig(Path dir, Path ledger) throws IOException {
        Path config = dir.resolve("hubscore.yaml");
        Files.writeString(config, PortalHarness.configText("icp-agency.yaml", ledger, "overwrite"));
        return config;
    }

    private static Process start(Path config, PortalSimulator simulator) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "io.hubscore.engine.cli.Main", "run", "--once",
                "--config", config.toString(), "--base-url", simulator.baseUrl().toString(), "--at", AT.toString());
        builder.environment().putAll(PortalHarness.ENV);
        builder.environment().put("HUBSCORE_LOG_LEVEL", "WARN");
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(config.resolveSibling("daemon.log").toFile()));
        return builder.start();
    }

    private static String readLog(Path dir) {
        try {
            return Files.readString(dir.resolve("daemon.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "no daemon log: " + e.getMessage();
        }
    }

    /** Every contact's hubscore properties, as the portal holds them. */
    private static Map<String, Map<String, String>> portalState(PortalSimulator simulator) {
        Map<String, Map<String, String>> state = new TreeMap<>();
        for (String id : simulator.portal().contactIds()) {
            Map<String, String> owned = new TreeMap<>();
            simulator.portal().contactProperties(id).orElseThrow().forEach((k, v) -> {
                if (k.startsWith("hubscore_")) {
                    owned.put(k, v);
                }
            });
            state.put(id, owned);
        }
        return state;
    }

    /**
     * A contact's stored properties without hubscore's own. A run that starts again after a write-back pulls the
     * contacts it wrote once more (HubSpot bumps their lastmodifieddate), so its snapshot of them holds the values
     * it wrote, and which contacts those are depends on where the kills fell. Every other property, every score,
     * transition and write must agree.
     */
    private static String withoutOwnProperties(String json) {
        try {
            Map<String, String> properties = JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
            properties.keySet().removeIf(name -> name.startsWith("hubscore_"));
            return JSON.writeValueAsString(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("stored properties are not JSON: " + json, e);
        }
    }

    /** The ledger's facts, without row numbers and wall-clock bookkeeping. */
    private static List<String> ledgerState(Path file) {
        try (Ledger ledger = Ledger.openReadOnly(file)) {
            return ledger.read(c -> {
                List<String> rows = new ArrayList<>();
                for (String sql : List.of(
                        "SELECT id, properties, relevant_hash, archived, merged_into, dirty FROM contacts ORDER BY id",
                        "SELECT type, id, occurred_at, properties FROM engagements ORDER BY type, id",
                        "SELECT type, engagement_id, contact_id FROM engagement_contacts ORDER BY 1, 2, 3",
                        "SELECT contact_id, fingerprint, score, fit, engagement, band, contributions, notes, scored_at"
                                + " FROM scores ORDER BY contact_id, seq",
                        "SELECT * FROM band_state ORDER BY contact_id",
                        "SELECT contact_id, from_band, to_band, score, fingerprint, at, fired, held_by, reason"
                                + " FROM transitions ORDER BY contact_id, seq",
                        "SELECT contact_id, property, value FROM written ORDER BY contact_id, property",
                        "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'parked')",
                        "SELECT fingerprint, version FROM model_versions ORDER BY fingerprint")) {
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                        ResultSetMetaData meta = rs.getMetaData();
                        while (rs.next()) {
                            StringBuilder row = new StringBuilder(sql.substring(0, 30)).append(':');
                            for (int i = 1; i <= meta.getColumnCount(); i++) {
                                String value = rs.getString(i);
                                if ("properties".equals(meta.getColumnName(i)) && sql.contains("FROM contacts")) {
                                    value = withoutOwnProperties(value);
                                }
                                row.append(value).append('|');
                            }
                            rows.add(row.toString());
                        }
                    }
                }
                return rows;
            });
        }
    }
}
