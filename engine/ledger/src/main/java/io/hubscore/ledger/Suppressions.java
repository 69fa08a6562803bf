package io.hubscore.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Which suppression holds each contact now; kept by the score job, read by status, explain and dry runs. */
public final class Suppressions {

    private Suppressions() {
    }

    /** A contact held by a suppression since {@code since}. */
    public record Held(long contactId, String name, String action, long since) {
    }

    /** Records the suppression that applies now, or clears it ({@code name} null); keeps {@code since} while unchanged. */
    public static void set(Connection c, long contactId, String name, String action, long now) throws SQLException {
        if (name == null) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM suppressed WHERE contact_id = ?")) {
                ps.setLong(1, contactId);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO suppressed (contact_id, name, action, since) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (contact_id) DO UPDATE SET name = excluded.name, action = excluded.action, "
                        + "since = CASE WHEN suppressed.name = excluded.name AND suppressed.action = excluded.action "
                        + "THEN suppressed.since ELSE excluded.since END")) {
            ps.setLong(1, contactId);
            ps.setString(2, name);
            ps.setString(3, action);
            ps.setLong(4, now);
            ps.executeUpdate();
        }
    }

    public static Optional<Held> get(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT contact_id, name, action, since FROM suppressed WHERE contact_id = ?")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Held(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                        : Optional.empty();
            }
        }
    }

    /** Every held contact, by contact id. */
    public static List<Held> all(Connection c) throws SQLException {
        List<Held> held = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT contact_id, name, action, since FROM suppressed ORDER BY contact_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                held.add(new Held(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
        }
        return held;
    }
}
