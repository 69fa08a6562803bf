package io.hubscore.engine.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                ledger.write(c -> {
                    Checkpoints.put(c, "contacts.incremental", "1700000000000", 1L);
                    return null;
                });
            }

            try (Ledger ledger = Ledger.open(file)) {

                assertEquals(Optional.of("1700000000000"), ledger.read(c -> Checkpoints.get(c, "contacts.incremental")));
                assertEquals(Ledger.MIGRATIONS.size(), ledger.schemaVersion());
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
                ledger.write(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("PRAGMA user_version=99");
                    }
                    return null;
                });
            }

            LedgerException e = assertThrows(LedgerException.class, () -> Ledger.open(file));

            assertEquals("ledger " + file + " has schema version 99, newer than this hubscore knows ("
                    + Ledger.MIGRATIONS.size() + "): run a newer hubscore", e.getMessage());
        }

        @Test
        void aFileThatIsNotALedgerIsReportedAsSuch() throws Exception {
            Path file = dir.resolve("notes.db");
            Files.writeString(file, "these are not the ledgers you are looking for ".repeat(100));

            LedgerException e = assertThrows(LedgerException.class, () -> Ledger.open(file));

            assertTrue(e.getMessage().startsWith("cannot open ledger " + file + " (is it a hubscore ledger?)"),
                    e.getMessage());
        }
    }

    @Nested
    class Transactions {

        @Test
        void aUnitOfWorkThatFailsLeavesNothingBehind() {
            try (Ledger ledger = Ledger.open(dir.resolve("acme.db"))) {

                assertThrows(IllegalStateException.class, () -> ledger.write(c -> {
                    Checkpoints.put(c, "contacts.backfill", "after-100", 1L);
                    throw new IllegalStateException("crash between data and checkpoint");
                }));

                assertEquals(Optional.empty(), ledger.read(c -> Checkpoints.get(c, "contacts.backfill")));
            }
        }

        @Test
        void runsRecordCountsAndErrorsPerJob() {
            try (Ledger ledger = Ledger.open(dir.resolve("acme.db"))) {
                ledger.write(c -> {
                    long first = Runs.start(c, "pull-contacts", 1000L);
                    Runs.finish(c, first, 2000L, Map.of("pulled", 10), null);
                    long second = Runs.start(c, "pull-contacts", 3000L);
                    Runs.finish(c, second, 3500L, Map.of("pulled", 0), "HubSpot unavailable");
                    long score = Runs.start(c, "score", 4000L);
                    Runs.finish(c, score, 4100L, Map.of("scored", 7), null);
                    return null;
                });

                List<Runs.Run> last = ledger.read(Runs::lastOfEachJob);

                assertEquals(List.of(
                        new Runs.Run("pull-contacts", 3000L, 3500L, Map.of("pulled", "0"), "HubSpot unavailable"),
                        new Runs.Run("score", 4000L, 4100L, Map.of("scored", "7"), null)), last);
            }
        }
    }

    private static String pragma(Ledger ledger, String name) {
        return ledger.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }
}
