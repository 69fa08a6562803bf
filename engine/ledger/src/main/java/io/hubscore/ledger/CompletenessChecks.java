package io.hubscore.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The last completeness check of each pull stream: how many records created up to an instant HubSpot's search
 * counted and the ledger held, how many HubSpot had that the ledger lacked, and how many of those were pulled again.
 */
public final class CompletenessChecks {

    private CompletenessChecks() {
    }

    /** How a check ended. */
    public enum Outcome {
        /** HubSpot and the ledger count the same. */
        COMPLETE,
        /** Records the ledger lacked were found and pulled; the counts agree now. */
        REPAIRED,
        /** The counts still differ: records deleted, archived or created meanwhile; recorded, not retried. */
        DIFFERS,
        /** HubSpot refused the count or the search; the stream is used as it is. */
        FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One check.
     *
     * @param checkedBy {@code backfill} or {@code reconcile}
     * @param upTo the window: records created up to this epoch ms
     * @param hubspot HubSpot's search total for the window
     * @param stored live records the ledger held for the window before the check pulled any
     * @param missing ids HubSpot had that the ledger lacked
     * @param pulled records read again and stored
     * @param detail what the outcome means, in a sentence; may be null
     */
    public record Check(String stream, long checkedAt, String checkedBy, long upTo, long hubspot, long stored,
            long missing, long pulled, Outcome outcome, String detail) {
        public Check {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(checkedBy, "checkedBy");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** Records a stream's check, replacing its previous one. */
    public static void put(Connection c, Check check) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO completeness_checks (stream, checked_at, checked_by, up_to, hubspot, stored, missing, "
                        + "pulled, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (stream) DO UPDATE SET checked_at = excluded.checked_at, "
                        + "checked_by = excluded.checked_by, up_to = excluded.up_to, hubspot = excluded.hubspot, "
                        + "stored = excluded.stored, missing = excluded.missing, pulled = excluded.pulled, "
                        + "outcome = excluded.outcome, detail = excluded.detail")) {
            ps.setString(1, check.stream());
            ps.setLong(2, check.checkedAt());
            ps.setString(3, check.checkedBy());
            ps.setLong(4, check.upTo());
            ps.setLong(5, check.hubspot());
            ps.setLong(6, check.stored());
            ps.setLong(7, check.missing());
            ps.setLong(8, check.pulled());
            ps.setString(9, check.outcome().label());
            ps.setString(10, check.detail());
            ps.executeUpdate();
        }
    }

    public static Optional<Check> last(Connection c, String stream) throws SQLException {
        List<Check> checks = select(c, " WHERE stream = ?", stream);
        return checks.isEmpty() ? Optional.empty() : Optional.of(checks.get(0));
    }

    /** The last check of every stream, by stream name. */
    public static List<Check> all(Connection c) throws SQLException {
        return select(c, " ORDER BY stream", null);
    }

    private static List<Check> select(Connection c, String where, String stream) throws SQLException {
        List<Check> checks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT stream, checked_at, checked_by, up_to, hubspot, stored, "
                + "missing, pulled, outcome, detail FROM completeness_checks" + where)) {
            if (stream != null) {
                ps.setString(1, stream);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    checks.add(new Check(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                            Outcome.valueOf(rs.getString(9).toUpperCase(java.util.Locale.ROOT)), rs.getString(10)));
                }
            }
        }
        return checks;
    }
}
