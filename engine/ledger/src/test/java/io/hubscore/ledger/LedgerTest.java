package io.hubscore.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

    @TempDir
    Path dir;

    @Nested
    class Opening {

        @Test
        void aNewLedgerIsCreatedOwnerOnlyInWalModeWithEveryMigrationApplied() throws Exception {
            Path file = dir.resolve("data/acme.db");

            try (Ledger ledger = Ledger.open(file)) {

                assertEquals(Ledger.MIGRATIONS.size(), ledger.schemaVersion());
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
                assertEquals("wal", pragma(ledger, "journal_mode"));
                assertEquals("1", pragma(ledger, "foreign_keys"));
            }
        }

        @Test
        void reopeningKeepsTheDataAndDoesNotMigrateTwice() {
            Path file = dir.resolve("acme.db");
            try (Ledger ledger = Ledger.open(file)) {
                ledger.update(tx -> tx.checkpoints().put("contacts.incremental", "1700000000000", 1L));
            }

            try (Ledger ledger = Ledger.open(file)) {

                assertEquals(Optional.of("1700000000000"), ledger.read(tx -> tx.checkpoints()
                        .get("contacts.incremental")));
                assertEquals(Ledger.MIGRATIONS.size(), ledger.schemaVersion());
            }
        }

        @Test
        void aLedgerThatKeptDirtyFlagsInContactRowsKeepsWhichContactsWaitToBeScored() throws Exception {
            Path file = dir.resolve("before-v7.db");
            List<String> upToV6 = new ArrayList<>();
            for (String migration : Ledger.MIGRATIONS.subList(0, 6)) {
                upToV6.addAll(Ledger.statements(migration));
            }
            upToV6.add("INSERT INTO contacts (id, properties, relevant_hash, archived, dirty, pulled_at) VALUES "
                    + "(1, '{\"jobtitle\":\"CMO\"}', 'h1', 0, 1, 5), (2, '{}', 'h2', 0, 0, 5), "
                    + "(3, '{}', '', 1, 0, 5), (4, '{}', 'h4', 0, 1, 5)");
            upToV6.add("PRAGMA user_version=6");
            sql(file, upToV6.toArray(String[]::new));

            try (Ledger ledger = Ledger.open(file)) {
                assertEquals(Ledger.MIGRATIONS.size(), ledger.schemaVersion());
                assertEquals(List.of(1L, 4L), ledger.read(tx -> tx.contacts().dirtyIds(10)));
                assertEquals(new Contacts.Counts(3, 1, 2), ledger.read(tx -> tx.contacts().counts()));
                Contacts.Stored first = ledger.read(tx -> tx.contacts().get(1)).orElseThrow();
                assertEquals(Map.of("jobtitle", "CMO"), first.properties());
                assertTrue(first.dirty());
                assertFalse(ledger.read(tx -> tx.contacts().get(2)).orElseThrow().dirty());
            }
        }

        @Test
        void aSecondDaemonOnTheSameLedgerIsRefused() {
            Path file = dir.resolve("acme.db");
            try (Ledger first = Ledger.open(file)) {

                LedgerException e = assertThrows(LedgerException.class, () -> Ledger.open(file));

                assertTrue(e.getMessage().startsWith("ledger " + file + " is in use by another hubscore daemon"),
                        e.getMessage());
            }
            try (Ledger again = Ledger.open(file)) {
                assertEquals(Ledger.MIGRATIONS.size(), again.schemaVersion(), "the lock is released on close");
            }
        }

        @Test
        void aLedgerFromANewerHubscoreIsRefusedWithAClearMessage() {
            Path file = dir.resolve("acme.db");
            try (Ledger ledger = Ledger.open(file)) {
                LedgerSql.execute(ledger, "PRAGMA user_version=99");
            }

            LedgerException e = assertThrows(LedgerException.class, () -> Ledger.open(file));

            assertEquals("ledger " + file + " has schema version 99, newer than this hubscore knows ("
                    + Ledger.MIGRATIONS.size() + "): run a newer hubscore", e.getMessage());
        }

        @Test
        void aFileThatIsNotASqliteDatabaseIsReportedAsSuchAndLeftAsItWas() throws Exception {
            Path file = dir.resolve("notes.db");
            String text = "these are not the ledgers you are looking for ".repeat(100);
            Files.writeString(file, text);

            LedgerException e = assertThrows(LedgerException.class, () -> Ledger.open(file));

            assertEquals("ledger " + file + " is not a SQLite database, so not a hubscore ledger: point portal.ledger"
                    + " or --ledger at this portal's ledger, or at a new file", e.getMessage());
            assertEquals(text, Files.readString(file));
        }
    }

    @Nested
    class RecognisingTheFile {

        @Test
        void aNewLedgerIsMarkedAsAHubscoreLedger() {
            Path file = dir.resolve("acme.db");

            Ledger.open(file).close();

            assertEquals(Ledger.APPLICATION_ID, pragma(file, "application_id"));
        }

        @Test
        void aLedgerMadeBeforeTheMarkIsRecognisedByItsSchemaReadAsIsAndMarkedByTheDaemon() throws Exception {
            Path file = dir.resolve("acme.db");
            try (Ledger ledger = Ledger.open(file)) {
                ledger.update(tx -> tx.checkpoints().put("contacts.incremental", "1700000000000", 1L));
            }
            sql(file, "PRAGMA application_id=0"); // as every ledger made before the mark
            assertEquals(0, pragma(file, "application_id"));

            try (Ledger reader = Ledger.openReadOnly(file)) {
                assertEquals(Optional.of("1700000000000"), reader.read(tx -> tx.checkpoints()
                        .get("contacts.incremental")));
            }
            assertEquals(0, pragma(file, "application_id"), "reading leaves the file as it is");
            try (Ledger daemon = Ledger.open(file)) {
                assertEquals(Optional.of("1700000000000"), daemon.read(tx -> tx.checkpoints()
                        .get("contacts.incremental")));
            }
            assertEquals(Ledger.APPLICATION_ID, pragma(file, "application_id"));
        }

        @Test
        void anotherApplicationsDatabaseIsRefusedAndNotAdopted() throws Exception {
            Path file = dir.resolve("crm-export.db");
            sql(file, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
                    "INSERT INTO notes (body) VALUES ('call Alice back')");

            LedgerException open = assertThrows(LedgerException.class, () -> Ledger.open(file));
            LedgerException read = assertThrows(LedgerException.class, () -> Ledger.openReadOnly(file));

            String expected = "ledger " + file + " is a SQLite database of another application, not a hubscore ledger"
                    + " (its tables: notes): point portal.ledger or --ledger at this portal's ledger, or at a new file";
            assertEquals(expected, open.getMessage());
            assertEquals(expected, read.getMessage());
            assertEquals(List.of("notes"), tables(file), "no hubscore table was added");
            assertEquals(0, pragma(file, "user_version"));
            assertEquals(0, pragma(file, "application_id"));
        }

        @Test
        void aDatabaseCarryingAnotherApplicationsMarkIsRefusedEvenWithHubscoresTables() throws Exception {
            Path file = dir.resolve("acme.db");
            Ledger.open(file).close();
            sql(file, "PRAGMA application_id=1196444487"); // GeoPackage's "GPKG"

            LedgerException e = assertThrows(LedgerException.class, () -> Ledger.open(file));

            assertTrue(e.getMessage().contains("is a SQLite database of another application"), e.getMessage());
        }

        @Test
        void anEmptyFileBecomesANewLedgerForTheDaemonButIsNoLedgerToRead() throws Exception {
            Path empty = dir.resolve("empty.db");
            Files.createFile(empty);

            LedgerException read = assertThrows(LedgerException.class, () -> Ledger.openReadOnly(empty));
            try (Ledger ledger = Ledger.open(empty)) {
                assertEquals(Ledger.MIGRATIONS.size(), ledger.schemaVersion());
            }

            assertEquals("ledger " + empty + " is empty: has the daemon run yet? (check portal.ledger in the config or"
                    + " --ledger)", read.getMessage());
            assertEquals(Ledger.APPLICATION_ID, pragma(empty, "application_id"));
        }

        @Test
        void randomBytesInTheMiddleOfALedgerStopEveryOpenAsDamaged() throws Exception {
            Path file = dir.resolve("acme.db");
            try (Ledger ledger = Ledger.open(file)) {
                fill(ledger, 3_000);
            }
            long size = Files.size(file);
            assertTrue(size > 512 * 1024, "a ledger big enough to have a middle: " + size);
            byte[] noise = new byte[64 * 1024];
            new Random(20261120L).nextBytes(noise);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(noise), size / 2);
            }

            LedgerDamaged open = assertThrows(LedgerDamaged.class, () -> Ledger.open(file));
            LedgerDamaged read = assertThrows(LedgerDamaged.class, () -> Ledger.openReadOnly(file));

            assertTrue(open.getMessage().startsWith("ledger " + file + " is damaged (SQLite's quick check: "),
                    open.getMessage());
            assertTrue(open.getMessage().endsWith("): restore it from a backup (hubscore backup makes one), or move "
                    + "it away and let the daemon build a new one from HubSpot"), open.getMessage());
            assertEquals(1, open.getMessage().lines().count(), "one line: " + open.getMessage());
            assertFalse(open.findings().isEmpty());
            assertEquals(open.getMessage(), read.getMessage());
        }

        /** {@code count} contacts of about 1 KB each, scored once: a few megabytes of ordinary pages. */
        private void fill(Ledger ledger, int count) {
            ledger.update(tx -> {
                List<Contacts.Pulled> contacts = new ArrayList<>();
                for (int id = 1; id <= count; id++) {
                    contacts.add(new Contacts.Pulled(id, Map.of("jobtitle", "Marketing Manager " + id,
                            "notes", "x".repeat(1_000)), "h" + id, 1L));
                }
                tx.contacts().upsert(contacts, 1L);
            });
        }
    }

    @Nested
    class Transactions {

        @Test
        void aUnitOfWorkThatFailsLeavesNothingBehind() {
            try (Ledger ledger = Ledger.open(dir.resolve("acme.db"))) {

                assertThrows(IllegalStateException.class, () -> ledger.write(tx -> {
                    tx.checkpoints().put("contacts.backfill", "after-100", 1L);
                    throw new IllegalStateException("crash between data and checkpoint");
                }));

                assertEquals(Optional.empty(), ledger.read(tx -> tx.checkpoints().get("contacts.backfill")));
            }
        }

        @Test
        void runsRecordCountsAndErrorsPerJob() {
            try (Ledger ledger = Ledger.open(dir.resolve("acme.db"))) {
                ledger.update(tx -> {
                    long first = tx.runs().start("pull-contacts", 1000L);
                    tx.runs().finish(first, 2000L, Map.of("pulled", 10), null);
                    long second = tx.runs().start("pull-contacts", 3000L);
                    tx.runs().finish(second, 3500L, Map.of("pulled", 0), "HubSpot unavailable");
                    long score = tx.runs().start("score", 4000L);
                    tx.runs().finish(score, 4100L, Map.of("scored", 7), null);
                });

                List<Runs.Run> last = ledger.read(tx -> tx.runs().lastOfEachJob());
                List<Runs.Run> pulls = ledger.read(tx -> tx.runs().lastFinished("pull-contacts", 5));

                assertEquals(List.of(
                        new Runs.Run(2, "pull-contacts", 3000L, 3500L, Map.of("pulled", "0"), "HubSpot unavailable"),
                        new Runs.Run(3, "score", 4000L, 4100L, Map.of("scored", "7"), null)), last);
                assertEquals(List.of(2L, 1L), pulls.stream().map(Runs.Run::seq).toList(), "the latest first");
                assertEquals(500L, pulls.get(0).durationMillis());
            }
        }
    }

    /** Runs statements on the file directly, as another program would. */
    private static void sql(Path file, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static int pragma(Path file, String name) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> tables(Path file) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String pragma(Ledger ledger, String name) {
        return LedgerSql.rows(ledger, "PRAGMA " + name).get(0).get(0);
    }
}
