package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.LiveConfig;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.Scores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A version names one model: a changed model under a released version is refused by the daemon (at start and on
 * reload) and by {@code validate --ledger}, with one located message; every activation, a rollback included, is a
 * release, so {@code status} and the written {@code hubscore_model_version} name the model in force.
 */
class ReleasesTest {

    @TempDir
    Path dir;

    private PortalHarness harness;
    private String v1;

    @BeforeEach
    void releaseTheFirstVersion() throws Exception {
        harness = PortalHarness.start(dir, 200, 41L, "overwrite");
        v1 = Files.readString(harness.configFile, StandardCharsets.UTF_8);
        runOnce();
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

    /** {@code hubscore validate ARGS...}, reading the harness's token; stderr goes to {@code err}. */
    private static int validate(StringWriter err, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        ((ValidateCommand) cli.getSubcommands().get("validate").getCommand()).environment = PortalHarness.ENV::get;
        String[] all = new String[args.length + 1];
        all[0] = "validate";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    /** The example with the meeting rule worth 25 instead of 20, under {@code version}. */
    private String changed(String version) {
        return v1.replace("version: \"icp-agency-1\"", "version: \"" + version + "\"")
                .replace("points: 20\n        max-points: 20", "points: 25\n        max-points: 25");
    }

    private String expectedRefusal() {
        String released = LocalDate.ofInstant(harness.clock.instant(), ZoneOffset.UTC).toString();
        int line = (int) v1.lines().takeWhile(l -> !l.startsWith("  version: \"icp-agency-1\"")).count() + 1;
        return harness.configFile + ":" + line + ":12: model.version: 'icp-agency-1' was released on " + released
                + " with a different model; give this model a new version";
    }

    @Test
    void a_changed_model_under_a_released_version_is_refused_by_validate_the_daemons_start_and_its_reload()
            throws Exception {
        Files.writeString(harness.configFile, changed("icp-agency-1"), StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();

        int exit = validate(err, harness.configFile.toString(), "--ledger", harness.ledgerFile.toString());
        LiveConfig.Rejected atStart = assertThrows(LiveConfig.Rejected.class, () -> harness.openDaemon().close());

        assertEquals(2, exit);
        assertEquals(expectedRefusal(), err.toString().strip());
        assertEquals(expectedRefusal(), atStart.problems().get(0).format());
        Files.writeString(harness.configFile, v1, StandardCharsets.UTF_8);
        try (Daemon daemon = harness.openDaemon()) {
            Files.writeString(harness.configFile, changed("icp-agency-1"), StandardCharsets.UTF_8);
            daemon.runStep("watch-config");
            assertTrue(daemon.runOnce(Duration.ofMinutes(1)));
        }
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            assertEquals(1, ledger.read(tx -> tx.scores().models()).size(), "the reload kept the last good model");
        }
    }

    @Test
    void a_new_version_validates_against_the_ledger() throws Exception {
        Path next = dir.resolve("next.yaml");
        Files.writeString(next, changed("icp-agency-2"), StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();

        int exit = validate(err, next.toString(), "--ledger", harness.ledgerFile.toString());

        assertEquals(0, exit, err.toString());
    }

    @Test
    void a_rollback_is_a_release_so_status_and_the_written_version_name_the_model_in_force() throws Exception {
        Files.writeString(harness.configFile, changed("icp-agency-2").replaceFirst("(?m)^  note: .*$",
                "  note: \"Meetings count for more\""), StandardCharsets.UTF_8);
        runOnce();
        Files.writeString(harness.configFile, v1, StandardCharsets.UTF_8);

        runOnce();

        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            List<Scores.Release> releases = ledger.read(tx -> tx.scores().releases());
            assertEquals(List.of("icp-agency-1", "icp-agency-2", "icp-agency-1"),
                    releases.stream().map(Scores.Release::version).toList());
            assertEquals("Meetings count for more", releases.get(1).note());
        }
        ReportCommands cli = new ReportCommands();
        assertEquals(0, cli.run(Clock.systemUTC(), "status", "--config", harness.configFile.toString(), "--json"));
        assertEquals("icp-agency-1", ReportCommands.MAPPER.readTree(cli.out.toString()).get("model").get("version")
                .asText());
        long written = 0;
        for (Map<String, String> properties : harness.simulator.portal().allContactProperties().values()) {
            if (properties.get("hubscore_model_version") != null) {
                assertEquals("icp-agency-1", properties.get("hubscore_model_version"));
                written++;
            }
        }
        assertTrue(written > 150, "contacts written: " + written);
    }

    @Test
    void versions_lists_the_changelog_newest_first_shows_a_version_as_released_and_diffs_two() throws Exception {
        String v2 = changed("icp-agency-2").replaceFirst("(?m)^  note: .*$", "  note: \"Meetings count for more\"");
        Files.writeString(harness.configFile, v2, StandardCharsets.UTF_8);
        runOnce();
        Files.writeString(harness.configFile, v1, StandardCharsets.UTF_8);
        runOnce();
        String config = harness.configFile.toString();

        ReportCommands list = new ReportCommands();
        int listed = list.run(Clock.systemUTC(), "versions", "--config", config, "--json");
        ReportCommands show = new ReportCommands();
        int shown = show.run(Clock.systemUTC(), "versions", "show", "icp-agency-2", "--config", config);
        ReportCommands diff = new ReportCommands();
        int diffed = diff.run(Clock.systemUTC(), "versions", "diff", "icp-agency-1", "icp-agency-2", "--config", config);
        ReportCommands unknown = new ReportCommands();
        int refused = unknown.run(Clock.systemUTC(), "versions", "show", "icp-agency-9", "--config", config);

        assertEquals(0, listed, list.err.toString());
        JsonNode versions = ReportCommands.MAPPER.readTree(list.out.toString()).get("versions");
        assertEquals("icp-agency-2", versions.get(0).get("version").asText(), "newest first");
        assertEquals("Meetings count for more", versions.get(0).get("note").asText());
        assertFalse(versions.get(0).get("active").asBoolean());
        assertEquals("icp-agency-1", versions.get(1).get("version").asText());
        assertTrue(versions.get(1).get("active").asBoolean(), "the rollback put icp-agency-1 in force");
        assertEquals(2, versions.get(1).get("activations").size(), "released, then activated again");
        try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
            Map<String, Scores.FiredUnder> fired = ledger.read(tx -> tx.scores().firedByModel());
            String fingerprint = versions.get(0).get("fingerprint").asText();
            assertEquals(fired.getOrDefault(fingerprint, new Scores.FiredUnder(0, 0)).transitions(),
                    versions.get(0).get("transitions_fired").asLong());
        }
        assertEquals(0, shown, show.err.toString());
        assertEquals(v2, show.out.toString(), "the config as released");
        assertEquals(0, diffed, diff.err.toString());
        assertEquals(List.of("From icp-agency-1 to icp-agency-2:",
                "  ~ engagement event rule meeting: points 20 -> 25, max-points 20 -> 25"), diff.lines());
        assertEquals(2, refused);
        assertEquals("hubscore versions show: no version 'icp-agency-9' was released in this ledger (released: "
                + "icp-agency-1, icp-agency-2)", unknown.err.toString().strip());
    }
}
