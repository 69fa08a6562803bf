package io.hubscore.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Small facts about the portal that outlive a restart: paused until the daily reset (and when that was last
 * re-checked or lifted by hand), auth failing. What HubSpot reported of the rate budget lives in {@link RateState}.
 */
public final class PortalState {

    /** Calls are paused until this epoch-ms (HubSpot's daily limit reset). */
    public static final String PAUSED_UNTIL = "paused_until";
    /** Why the portal is paused, for {@code status}. */
    public static final String PAUSE_REASON = "pause_reason";
    /** When the daemon last asked HubSpot whether a pause can be lifted (epoch ms). */
    public static final String PAUSE_CHECKED_AT = "pause_checked_at";
    /** When {@code hubscore resume} last lifted a pause (ISO-8601); a running daemon acts on a new value. */
    public static final String PAUSE_LIFTED = "pause_lifted";
    /** The last authentication failure, cleared when auth works again. */
    public static final String AUTH_FAILURE = "auth_failure";
    /**
     * The streams whose backfill scoring waits for, comma-separated, as of the last score run that waited; absent
     * when the data is whole.
     */
    public static final String SCORING_WAITS_FOR = "scoring_waits_for";

    private PortalState() {
    }

    public static Optional<String> get(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM portal_state WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public static void put(Connection c, String key, String value, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO portal_state (key, value, updated_at) VALUES (?, ?, ?) "
                        + "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.setLong(3, now);
            ps.executeUpdate();
        }
    }

    public static void remove(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM portal_state WHERE key = ?")) {
            ps.setString(1, key);
            ps.executeUpdate();
        }
    }
}
