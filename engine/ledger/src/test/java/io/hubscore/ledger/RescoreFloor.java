package io.hubscore.ledger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What a model change's rescore of every contact costs SQLite alone: on a copy of a ledger, the score job's reads
 * and writes for all live contacts at once, each a single set-based statement run inside SQLite (no Java per contact
 * but stepping over the rows read): the contacts with their band state and written values, their live engagements,
 * open deals, open conflicts, latest transitions and queued writes, as the job's batch reads select them; then a
 * score row under a new model version and a queued write for each contact (copies of its latest ones), its band
 * state rewritten, its suppression cleared and its dirty mark taken, committed in one transaction. The score job
 * reads and writes the same rows per batch through JDBC, and also parses, scores and serialises; so its time per
 * contact cannot fall below this one's. Used by the sync benchmark to print that floor beside the score step.
 */
public final class RescoreFloor {

    private RescoreFloor() {
    }

    /**
     * The floor in microseconds per live contact: the least of {@code runs} measurements, each on a fresh copy of
     * {@code ledgerFile} (left untouched) that is on disk before it is timed, so the copy's own writing is not.
     */
    public static double microsPerContact(Path ledgerFile, int runs) throws IOException {
        double least = Double.MAX_VALUE;
        for (int run = 0; run < runs; run++) {
            least = Math.min(least, once(ledgerFile));
        }
        return least;
    }

    private static double once(Path ledgerFile) throws IOException {
        Path dir = Files.createTempDirectory("hubscore-rescore-floor");
        Path copy = dir.resolve("copy.db");
        try {
            copy(ledgerFile, copy);
            Path wal = ledgerFile.resolveSibling(ledgerFile.getFileName() + "-wal");
            if (Files.exists(wal)) {
                copy(wal, dir.resolve("copy.db-wal"));
            }
            try (Ledger ledger = Ledger.open(copy)) {
                long contacts = ledger.write(tx -> {
                    tx.scores().releaseModel(new Scores.ModelVersion("rescore-floor", "rescore-floor", "", 0L,
                            null));
                    return (long) tx.contacts().markAllDirty(); // a release marks them; the score job clears them
                });
                if (contacts == 0) {
                    throw new IllegalArgumentException(ledgerFile + " holds no live contacts");
                }
                long started = System.nanoTime();
                ledger.update(tx -> tx.sql().raw(c -> {
                    step(c, "SELECT contact_id FROM dirty_contacts ORDER BY contact_id");
                    for (String read : List.of(ScoringStates.CONTACTS_BETWEEN,
                            ScoringStates.byRange(ScoringStates.EVENTS_BY_CONTACT),
                            ScoringStates.byRange(ScoringStates.OPEN_DEALS),
                            ScoringStates.byRange(ScoringStates.OPEN_CONFLICTS),
                            ScoringStates.byRange(ScoringStates.LAST_TRANSITIONS),
                            ScoringStates.byRange(ScoringStates.QUEUED))) {
                        step(c, read, Long.MIN_VALUE, Long.MAX_VALUE);
                    }
                    run(c, "INSERT INTO scores (contact_id, fingerprint, score, fit, engagement, band, contributions, "
                            + "notes, scored_at) SELECT contact_id, 'rescore-floor', score, fit, engagement, band, "
                            + "contributions, notes, scored_at + 1 FROM scores WHERE seq IN (SELECT MAX(seq) FROM "
                            + "scores GROUP BY contact_id)");
                    run(c, "INSERT INTO outbox (contact_id, properties, created_at) SELECT contact_id, properties, "
                            + "created_at + 1 FROM outbox WHERE seq IN (SELECT MAX(seq) FROM outbox GROUP BY "
                            + "contact_id)");
                    run(c, "UPDATE band_state SET fingerprint = 'rescore-floor', score_digest = "
                            + "score_digest || ''");
                    run(c, "DELETE FROM suppressed WHERE contact_id IN (SELECT contact_id FROM dirty_contacts)");
                    run(c, "DELETE FROM dirty_contacts");
                    return null;
                }));
                return (System.nanoTime() - started) / 1e3 / contacts;
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        try (FileChannel channel = FileChannel.open(to, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Runs {@code query} and steps over every row it selects, reading no column: SQLite still makes each row. */
    private static void step(Connection c, String query, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    continue;
                }
            }
        }
    }

    private static void run(Connection c, String statement) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.executeUpdate();
        }
    }
}
