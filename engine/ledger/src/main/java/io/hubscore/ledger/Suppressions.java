package io.hubscore.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which suppression holds each contact now ({@code suppressed}); kept by the score job, read by status, explain and dry
 * runs. Bound to one {@link Ledger.Tx}, so not thread-safe.
 */
public final class Suppressions {

    private final Sql sql;

    Suppressions(Sql sql) {
        this.sql = sql;
    }

    /**
     * A contact held by a suppression since {@code since}.
     *
     * @param name the suppression's name in the config
     * @param action {@code no-write}, {@code freeze-band} or {@code cap-band}
     */
    public record Held(long contactId, String name, String action, long since) {
    }

    private static final String PUT = "INSERT INTO suppressed (contact_id, name, action, since) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (contact_id) DO UPDATE SET name = excluded.name, action = excluded.action, "
            + "since = CASE WHEN suppressed.name = excluded.name AND suppressed.action = excluded.action "
            + "THEN suppressed.since ELSE excluded.since END";

    /** Records the suppression that applies now, or clears it ({@code name} null); keeps {@code since} while unchanged. */
    public void set(long contactId, String name, String action, long now) {
        if (name == null) {
            sql.update("DELETE FROM suppressed WHERE contact_id = ?", contactId);
            return;
        }
        sql.update(PUT, contactId, name, action, now);
    }

    /** As {@link #set} for a batch: {@code held} are recorded, {@code free} cleared, in a few statements. */
    void setAll(Collection<Held> held, Collection<Long> free, long now) {
        sql.updateIn("DELETE FROM suppressed WHERE contact_id IN (?)", free);
        sql.batch(PUT, held, (ps, h) -> {
            Sql.bind(ps, 1, h.contactId());
            Sql.bind(ps, 2, h.name());
            Sql.bind(ps, 3, h.action());
            Sql.bind(ps, 4, now);
        });
    }

    public Optional<Held> get(long contactId) {
        return sql.first("SELECT contact_id, name, action, since FROM suppressed WHERE contact_id = ?",
                Suppressions::held, contactId);
    }

    /** Every held contact, by contact id. */
    public List<Held> all() {
        return sql.list("SELECT contact_id, name, action, since FROM suppressed ORDER BY contact_id",
                Suppressions::held);
    }

    private static Held held(ResultSet rs) throws SQLException {
        return new Held(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4));
    }
}
