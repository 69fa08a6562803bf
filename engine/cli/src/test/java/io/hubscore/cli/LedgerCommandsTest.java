package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.ledger.Contacts;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerSql;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code backup} and {@code check} on a ledger {@code run --once} built against the simulator, and every command that
 * opens a ledger refusing a damaged file or another application's database with exit 2 and one line.
 */
class LedgerCommandsTest {

    static final Map<String, String> ENV = Map.of("HUBSPOT_TOKEN", SimulatorOptions.DEMO_TOKEN);

    @TempDir
    static Path built;
    static Path original;

    @TempDir
    Path dir;
    Path config;
    Path ledger;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @BeforeAll
    static void buildALedgerWithTheDaemon() throws Exception {
        Path config = ReportCommands.config(built, built.resolve("ledger.db"));
        try (PortalSimulator simulator = PortalSimulator.start(SimulatorOptions.defaults()
                .withToken(SimulatorOptions.DEMO_TOKEN).withoutRateLimits(), Portal.generate(300, 23L, Clock.systemUTC()))) {
            StringWriter err = new StringWriter();
            int exit = hubscore(new StringWriter(), err, "run", "--once", "--config", config.toString(), "--base-url",
                    simulator.baseUrl().toString());
            assertEquals(ExitCodes.OK, exit, err.toString());
        }
        original = built.resolve("ledger.db");
    }

    @BeforeEach
    void copyTheLedger() throws Exception {
        ledger = dir.resolve("ledger.db");
        Files.copy(original, ledger);
        config = ReportCommands.config(dir, ledger);
    }

    private static int hubscore(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        ((RunCommand) cli.getSubcommands().get("run").getCommand()).environment = ENV::get;
        ((BackupCommand) cli.getSubcommands().get("backup").getCommand()).environment = ENV::get;
        ((CheckCommand) cli.getSubcommands().get("check").getCommand()).environment = ENV::get;
        return cli.execute(args);
    }

    private int hubscore(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return hubscore(out, err, args);
    }

    private static long contacts(Path file) {
        try (Ledger open = Ledger.openReadOnly(file)) {
            Contacts.Counts contacts = open.read(tx -> tx.contacts().counts());
            return contacts.live() + contacts.archived();
        }
    }

    @Nested
    class Backup {

        @Test
        void copiesTheLedgerOwnerOnlyWhileTheDaemonHoldsItAndSaysWhatItWrote() throws Exception {
            Path copy = dir.resolve("backups/ledger-copy.db");
            Files.createDirectories(copy.getParent());

            int exit;
            try (Ledger daemon = Ledger.open(ledger)) { // the daemon's lock and connection
                exit = hubscore("backup", "--config", config.toString(), "--out", copy.toString());
            }

            assertEquals(ExitCodes.OK, exit, err.toString());
            assertEquals(String.format("wrote %s: %,d bytes, schema version %d, 300 contacts (0 archived), a copy of %s",
                    copy, Files.size(copy), schemaVersion(ledger), ledger), out.toString().strip());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
            assertEquals(300, contacts(copy));
            try (var files = Files.list(copy.getParent())) {
                assertEquals(List.of(copy), files.toList(), "nothing left beside the copy");
            }
        }

        @Test
        void aCopyIsACleanLedgerOfItsOwn() {
            Path copy = dir.resolve("copy.db");
            hubscore("backup", "--config", config.toString(), "--out", copy.toString());

            int exit = hubscore("check", "--config", config.toString(), "--ledger", copy.toString());

            assertEquals(ExitCodes.OK, exit, out + "\n" + err);
        }

        @Test
        void keepsAnExistingFileUnlessToldToReplaceIt() throws Exception {
            Path copy = dir.resolve("copy.db");
            Files.writeString(copy, "last week's backup");

            int kept = hubscore("backup", "--config", config.toString(), "--out", copy.toString());
            String refusal = err.toString().strip();
            int replaced = hubscore("backup", "--config", config.toString(), "--out", copy.toString(), "--force");

            assertEquals(ExitCodes.USER_ERROR, kept);
            assertEquals("hubscore backup: --out " + copy + " exists: name a new file, or give --force to replace it",
                    refusal);
            assertEquals(ExitCodes.OK, replaced, err.toString());
            assertEquals(300, contacts(copy));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        }

        @Test
        void neverWritesOverTheLedgerItself() throws Exception {
            long size = Files.size(ledger);

            int exit = hubscore("backup", "--config", config.toString(), "--out", ledger.toString(), "--force");

            assertEquals(ExitCodes.USER_ERROR, exit);
            assertEquals("hubscore backup: --out " + ledger + " is the ledger itself: name another file",
                    err.toString().strip());
            assertEquals(size, Files.size(ledger));
        }
    }

    @Nested
    class Check {

        @Test
        void aLedgerTheDaemonBuiltIsCleanWithExitZero() {
            int exit = hubscore("check", "--config", config.toString());

            assertEquals(ExitCodes.OK, exit, out + "\n" + err);
            List<String> lines = out.toString().lines().toList();
            assertTrue(lines.get(0).matches("Ledger " + java.util.regex.Pattern.quote(ledger.toString())
                    + ": schema version " + schemaVersion(ledger) + ", 300 contacts, [\\d,]+ score rows"), lines.get(0));
            assertEquals(5, lines.stream().filter(l -> l.startsWith("  ok      ")).count(), out.toString());
            assertEquals("Clean: every check passed.", lines.get(lines.size() - 1));
        }

        @Test
        void aBrokenInvariantIsNamedWithExitThreeAlsoInJson() throws Exception {
            sql(ledger, "UPDATE scores SET score = score + 1 WHERE seq = (SELECT MIN(seq) FROM scores)");

            int text = hubscore("check", "--config", config.toString());
            String report = out.toString();
            int exit = hubscore("check", "--config", config.toString(), "--json");

            assertEquals(ExitCodes.NOT_CLEAN, text);
            assertTrue(report.contains("\n  FAILED  score contributions: each score row's contributions sum exactly to "
                    + "its score (1 problem)\n            score row 1 (contact "), report);
            assertTrue(report.endsWith("Not clean: 1 problem in 1 of 5 checks.\n"), report);
            assertEquals(ExitCodes.NOT_CLEAN, exit);
            JsonNode json = ReportCommands.MAPPER.readTree(out.toString());
            assertFalse(json.path("clean").asBoolean());
            assertEquals(300, json.path("contacts").asLong());
            for (JsonNode check : json.path("checks")) {
                boolean broken = check.path("name").asText().equals("contributions");
                assertEquals(!broken, check.path("ok").asBoolean(), check.toString());
                assertEquals(broken ? 1 : 0, check.path("problems").asLong(), check.toString());
            }
        }
    }

    @Nested
    class Refusals {

        /** Every command that opens the ledger named by the config, with the arguments it needs. */
        private List<String[]> commands() {
            String c = config.toString();
            return List.of(
                    new String[] {"run", "--once", "--config", c, "--base-url", "http://127.0.0.1:9"},
                    new String[] {"status", "--config", c},
                    new String[] {"explain", "--config", c, "--contact", "1"},
                    new String[] {"clear-conflict", "--config", c, "--contact", "1"},
                    new String[] {"backup", "--config", c, "--out", dir.resolve("copy.db").toString()});
        }

        @Test
        void aLedgerWithRandomBytesInItsMiddleStopsEveryCommandWithExitTwoAndOneLine() throws Exception {
            long size = Files.size(ledger);
            assertTrue(size > 256 * 1024, "big enough to have a middle: " + size);
            byte[] noise = new byte[64 * 1024];
            new Random(64L).nextBytes(noise);
            try (FileChannel channel = FileChannel.open(ledger, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(noise), size / 2);
            }

            for (String[] command : commands()) {
                int exit = hubscore(command);

                assertEquals(ExitCodes.USER_ERROR, exit, command[0] + ": " + err);
                assertTrue(err.toString().startsWith("hubscore " + command[0] + ": ledger " + ledger
                        + " is damaged (SQLite's quick check: "), command[0] + ": " + err);
                assertEquals(1, err.toString().lines().count(), command[0] + ": " + err);
            }
            int check = hubscore("check", "--config", config.toString());
            assertEquals(ExitCodes.NOT_CLEAN, check, out + "\n" + err);
            assertTrue(out.toString().startsWith("Ledger " + ledger + ": damaged, so hubscore's own checks cannot run\n"
                    + "  FAILED  SQLite integrity check: the file is sound ("), out.toString());
        }

        @Test
        void anotherApplicationsDatabaseStopsEveryCommandWithExitTwoAndIsNotAdopted() throws Exception {
            Files.delete(ledger);
            sql(ledger, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT)");
            List<String[]> all = new java.util.ArrayList<>(commands());
            all.add(new String[] {"check", "--config", config.toString()});

            for (String[] command : all) {
                int exit = hubscore(command);

                assertEquals(ExitCodes.USER_ERROR, exit, command[0] + ": " + err);
                assertEquals("hubscore " + command[0] + ": ledger " + ledger + " is a SQLite database of another "
                        + "application, not a hubscore ledger (its tables: invoices): point portal.ledger or --ledger at"
                        + " this portal's ledger, or at a new file", err.toString().strip(), command[0]);
            }
        }
    }

    private static void sql(Path file, String statement) {
        LedgerSql.onFile(file, statement);
    }

    /** The schema version of a ledger as this hubscore leaves it after opening. */
    private static int schemaVersion(Path file) {
        try (Ledger ledger = Ledger.openReadOnly(file)) {
            return ledger.schemaVersion();
        }
    }
}
