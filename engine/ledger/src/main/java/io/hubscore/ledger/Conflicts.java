package io.hubscore.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Owned properties someone else changed: a workflow, an import, a person. Under the {@code yield}
 * policy an open conflict stops writes to that contact until an admin clears it.
 */
public final class Conflicts {

    private Conflicts() {
    }

    /** One recorded conflict. */
    public record Conflict(long seq, long contactId, String property, String ours, String theirs, String policy,
            long seenAt, Long clearedAt) {
    }

    public static void record(Connection c, long contactId, String property, String ours, String theirs,
            String policy, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO conflicts (contact_id, property, ours, theirs, policy, seen_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, contactId);
            ps.setString(2, property);
            ps.setString(3, ours);
            ps.setString(4, theirs);
            ps.setString(5, policy);
            ps.setLong(6, now);
            ps.executeUpdate();
        }
    }

    public static boolean hasOpen(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM conflicts WHERE contact_id = ? AND cleared_at IS NULL AND policy = 'yield' LIMIT 1")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Clears a contact's open conflicts (an admin's decision); returns how many. */
    public static int clear(Connection c, long contactId, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE conflicts SET cleared_at = ? WHERE contact_id = ? AND cleared_at IS NULL")) {
            ps.setLong(1, now);
            ps.setLong(2, contactId);
            return ps.executeUpdate();
        }
    }

    public static List<Conflict> open(Connection c, int limit) throws SQLException {
        return query(c, "WHERE cleared_at IS NULL ORDER BY seq LIMIT ?", limit);
    }

    /** Every conflict of one contact, open or cleared, oldest first. */
    public static List<Conflict> forContact(Connection c, long contactId) throws SQLException {
        return query(c, "WHERE contact_id = ? ORDER BY seq", contactId);
    }

    /**
     * Marks a contact's open {@code overwrite} conflicts resolved: HubSpot acknowledged hubscore's values again.
     */
    public static void resolveRestored(Connection c, long contactId, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE conflicts SET cleared_at = ? WHERE contact_id = ? "
                + "AND cleared_at IS NULL AND policy = 'overwrite'")) {
            ps.setLong(1, now);
            ps.setLong(2, contactId);
            ps.executeUpdate();
        }
    }

    private static List<Conflict> query(Connection c, String where, long parameter) throws SQLException {
        List<Conflict> conflicts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, contact_id, property, ours, theirs, policy, seen_at, cleared_at FROM conflicts " + where)) {
            ps.setLong(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    conflicts.add(new Conflict(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getLong(7), Sql.nullableLong(rs, 8)));
                }
            }
        }
        return conflicts;
    }

    public static long openCount(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM conflicts WHERE cleared_at IS NULL");
    }
}
