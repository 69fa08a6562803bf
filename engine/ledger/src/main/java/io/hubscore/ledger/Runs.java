package io.hubscore.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The record of every job run: when, what it counted, and the error if it failed. */
public final class Runs {

    private Runs() {
    }

    /** The last run of one job. */
    public record Run(String job, long startedAt, Long endedAt, Map<String, String> counts, String error) {
    }

    /** Records a job's start and returns the run's sequence number. */
    public static long start(Connection c, String job, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (job, started_at) VALUES (?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, job);
            ps.setLong(2, now);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Records a job's end, its counts and, when it failed, a one-line error. */
    public static void finish(Connection c, long seq, long now, Map<String, ?> counts, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE runs SET ended_at = ?, counts = ?, error = ? WHERE seq = ?")) {
            ps.setLong(1, now);
            ps.setString(2, StoredJson.object(counts));
            ps.setString(3, error);
            ps.setLong(4, seq);
            ps.executeUpdate();
        }
    }

    /** A job's last {@code n} finished runs, the latest first (fewer when it has not run that often). */
    public static List<Run> lastFinished(Connection c, String job, int n) throws SQLException {
        List<Run> runs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT job, started_at, ended_at, counts, error FROM runs WHERE job = ? AND ended_at IS NOT NULL "
                        + "ORDER BY seq DESC LIMIT ?")) {
            ps.setString(1, job);
            ps.setInt(2, n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String counts = rs.getString(4);
                    runs.add(new Run(rs.getString(1), rs.getLong(2), rs.getLong(3),
                            counts == null ? Map.of() : StoredJson.object(counts, "the counts of a run of " + rs.getString(1)), rs.getString(5)));
                }
            }
        }
        return runs;
    }

    /** The last run of each job, by job name. */
    public static List<Run> lastOfEachJob(Connection c) throws SQLException {
        List<Run> runs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT job, started_at, ended_at, counts, error FROM runs WHERE seq IN "
                        + "(SELECT MAX(seq) FROM runs GROUP BY job) ORDER BY job");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long ended = rs.getLong(3);
                Long endedAt = rs.wasNull() ? null : ended;
                String counts = rs.getString(4);
                runs.add(new Run(rs.getString(1), rs.getLong(2), endedAt,
                        counts == null ? Map.of() : StoredJson.object(counts, "the counts of a run of " + rs.getString(1)), rs.getString(5)));
            }
        }
        return runs;
    }
}
