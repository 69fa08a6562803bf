package io.hubscore.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values HubSpot acknowledged for each contact's owned properties: what hubscore last wrote. A
 * pulled value that differs is someone else's edit (a conflict).
 */
public final class Written {

    private Written() {
    }

    public static Map<String, String> get(Connection c, long contactId) throws SQLException {
        Map<String, String> values = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT property, value FROM written WHERE contact_id = ?")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return values;
    }

    public static void put(Connection c, long contactId, Map<String, String> values, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO written (contact_id, property, value, written_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (contact_id, property) DO UPDATE SET value = excluded.value, "
                        + "written_at = excluded.written_at")) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                ps.setLong(1, contactId);
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue());
                ps.setLong(4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** When HubSpot last acknowledged a write to the contact; null when never. */
    public static Long lastWrittenAt(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(written_at) FROM written WHERE contact_id = ?")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Sql.nullableLong(rs, 1) : null;
            }
        }
    }

    /** Forgets what was written to a contact, so its values are written again (after a cleared conflict). */
    public static void forget(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM written WHERE contact_id = ?")) {
            ps.setLong(1, contactId);
            ps.executeUpdate();
        }
    }
}
