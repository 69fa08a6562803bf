package io.hubscore.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Property writes waiting for HubSpot's acknowledgement, in order. A row leaves the pending state
 * only when HubSpot acknowledged it (delivered), a newer row for the same contact was acknowledged
 * (superseded), or HubSpot rejected it for good (parked, with the reason).
 */
public final class Outbox {

    private Outbox() {
    }

    /** One pending write. */
    public record Row(long seq, long contactId, Map<String, String> properties, int attempts) {
    }

    /** A parked write and why HubSpot refused it. */
    public record Parked(long seq, long contactId, Map<String, String> properties, String reason) {
    }

    public static void enqueue(Connection c, long contactId, Map<String, String> properties, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox (contact_id, properties, created_at) VALUES (?, ?, ?)")) {
            ps.setLong(1, contactId);
            ps.setString(2, StoredJson.object(properties));
            ps.setLong(3, now);
            ps.executeUpdate();
        }
    }

    /** Up to {@code limit} pending rows due at {@code now}, in the order they were queued. */
    public static List<Row> due(Connection c, long now, int limit) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, contact_id, properties, attempts FROM outbox WHERE state = 'pending' "
                        + "AND next_attempt_at <= ? ORDER BY seq LIMIT ?")) {
            ps.setLong(1, now);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getLong(2), StoredJson.object(rs.getString(3), "outbox row " + rs.getLong(1) + " properties"), rs.getInt(4)));
                }
            }
        }
        return rows;
    }

    /** Marks rows HubSpot acknowledged. */
    public static void delivered(Connection c, Collection<Long> seqs, long now) throws SQLException {
        Sql.updateIn(c, "UPDATE outbox SET state = 'delivered', delivered_at = " + now + " WHERE seq IN (?)", seqs);
    }

    /** Marks rows whose values a newer acknowledged row of the same contact replaced. */
    public static void superseded(Connection c, Collection<Long> seqs, long now) throws SQLException {
        Sql.updateIn(c, "UPDATE outbox SET state = 'superseded', delivered_at = " + now + " WHERE seq IN (?)", seqs);
    }

    /** Parks a row HubSpot refused for good, with its reason. */
    public static void park(Connection c, long seq, String reason) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE outbox SET state = 'parked', attempts = attempts + 1, last_error = ? WHERE seq = ?")) {
            ps.setString(1, reason);
            ps.setLong(2, seq);
            ps.executeUpdate();
        }
    }

    /** Keeps rows pending for another try at {@code nextAttemptAt}. */
    public static void retryLater(Connection c, Collection<Long> seqs, String error, long nextAttemptAt)
            throws SQLException {
        for (List<Long> chunk : Sql.chunks(seqs)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq IN ("
                            + Sql.marks(chunk.size()) + ")")) {
                ps.setString(1, error);
                ps.setLong(2, nextAttemptAt);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setLong(i + 3, chunk.get(i));
                }
                ps.executeUpdate();
            }
        }
    }

    public static List<Parked> parked(Connection c, int limit) throws SQLException {
        List<Parked> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, contact_id, properties, last_error FROM outbox WHERE state = 'parked' ORDER BY seq LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Parked(rs.getLong(1), rs.getLong(2), StoredJson.object(rs.getString(3), "outbox row " + rs.getLong(1) + " properties"), rs.getString(4)));
                }
            }
        }
        return rows;
    }

    public static long pendingCount(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
    }

    public static long parkedCount(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM outbox WHERE state = 'parked'");
    }

    /**
     * The values most recently queued for a contact and not yet delivered (pending or parked). Empty when nothing
     * is waiting: then what HubSpot acknowledged ({@link Written}) is what hubscore last decided.
     */
    public static Optional<Map<String, String>> lastQueued(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT properties FROM outbox WHERE contact_id = ? AND state IN ('pending', 'parked') "
                        + "ORDER BY seq DESC LIMIT 1")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(StoredJson.object(rs.getString(1), "the outbox properties of contact " + contactId)) : Optional.empty();
            }
        }
    }

    /** When the earliest pending row is due; empty when nothing is pending. */
    public static OptionalLong nextDueAt(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'");
                ResultSet rs = ps.executeQuery()) {
            long at = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(at);
        }
    }

    public static long deliveredCount(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM outbox WHERE state = 'delivered'");
    }

    /** Retires every undelivered row of a contact (after an admin cleared its conflict); returns how many. */
    public static int retire(Connection c, long contactId, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE outbox SET state = 'superseded', delivered_at = ? WHERE contact_id = ? "
                        + "AND state IN ('pending', 'parked')")) {
            ps.setLong(1, now);
            ps.setLong(2, contactId);
            return ps.executeUpdate();
        }
    }
}
