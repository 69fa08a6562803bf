package io.hubscore.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Where each pull stream stopped. A checkpoint is written in the same transaction as the data it
 * covers, so after a crash a pull resumes exactly where the data it stored ends.
 */
public final class Checkpoints {

    private Checkpoints() {
    }

    public static Optional<String> get(Connection c, String stream) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT cursor FROM checkpoints WHERE stream = ?")) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public static void put(Connection c, String stream, String cursor, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO checkpoints (stream, cursor, updated_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at")) {
            ps.setString(1, stream);
            ps.setString(2, cursor);
            ps.setLong(3, now);
            ps.executeUpdate();
        }
    }

    public static void delete(Connection c, String stream) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM checkpoints WHERE stream = ?")) {
            ps.setString(1, stream);
            ps.executeUpdate();
        }
    }
}
