package io.hubscore.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The last completeness check of each pull stream: how many records created up to an instant HubSpot's search counted
 * and the ledger held, how many HubSpot had that the ledger lacked, and how many of those were pulled again
 * ({@code completeness_checks}). Bound to one {@link Ledger.Tx}, so not thread-safe.
 */
public final class CompletenessChecks {

    private static final String COLUMNS =
            "stream, checked_at, checked_by, up_to, hubspot, stored, missing, pulled, outcome, detail";

    private final Sql sql;

    CompletenessChecks(Sql sql) {
        this.sql = sql;
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
            return name().toLowerCase(Locale.ROOT);
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
    public void put(Check check) {
        sql.update("INSERT INTO completeness_checks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (stream) DO UPDATE SET checked_at = excluded.checked_at, "
                + "checked_by = excluded.checked_by, up_to = excluded.up_to, hubspot = excluded.hubspot, "
                + "stored = excluded.stored, missing = excluded.missing, pulled = excluded.pulled, "
                + "outcome = excluded.outcome, detail = excluded.detail", check.stream(), check.checkedAt(),
                check.checkedBy(), check.upTo(), check.hubspot(), check.stored(), check.missing(), check.pulled(),
                check.outcome().label(), check.detail());
    }

    public Optional<Check> last(String stream) {
        return sql.first("SELECT " + COLUMNS + " FROM completeness_checks WHERE stream = ?", CompletenessChecks::check,
                stream);
    }

    /** The last check of every stream, by stream name. */
    public List<Check> all() {
        return sql.list("SELECT " + COLUMNS + " FROM completeness_checks ORDER BY stream", CompletenessChecks::check);
    }

    private static Check check(ResultSet rs) throws SQLException {
        return new Check(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                rs.getLong(7), rs.getLong(8), Outcome.valueOf(rs.getString(9).toUpperCase(Locale.ROOT)),
                rs.getString(10));
    }
}
