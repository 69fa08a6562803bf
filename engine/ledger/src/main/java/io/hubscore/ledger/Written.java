package io.hubscore.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values HubSpot acknowledged for each contact's owned properties ({@code written}): what hubscore last wrote. A
 * pulled value that differs is someone else's edit (a conflict). Bound to one {@link Ledger.Tx}, so not thread-safe.
 */
public final class Written {

    private final Sql sql;

    Written(Sql sql) {
        this.sql = sql;
    }

    /** A value HubSpot acknowledged for an owned property of a contact. */
    public record Value(long contactId, String property, String value, long writtenAt) {
    }

    /** What HubSpot acknowledged for the contact, by property. */
    public Map<String, String> values(long contactId) {
        Map<String, String> values = new TreeMap<>();
        for (Value value : forContact(contactId)) {
            values.put(value.property(), value.value());
        }
        return values;
    }

    /** What HubSpot acknowledged for the contact, by property name. */
    public List<Value> forContact(long contactId) {
        return sql.list("SELECT contact_id, property, value, written_at FROM written WHERE contact_id = ? "
                + "ORDER BY property", Written::value, contactId);
    }

    /** Every acknowledged value, by contact and property. */
    public List<Value> all() {
        return sql.list("SELECT contact_id, property, value, written_at FROM written ORDER BY contact_id, property",
                Written::value);
    }

    public void put(long contactId, Map<String, String> values, long now) {
        sql.batch("INSERT INTO written (contact_id, property, value, written_at) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (contact_id, property) DO UPDATE SET value = excluded.value, "
                + "written_at = excluded.written_at", values.entrySet(), (ps, e) -> {
                    Sql.bind(ps, 1, contactId);
                    Sql.bind(ps, 2, e.getKey());
                    Sql.bind(ps, 3, e.getValue());
                    Sql.bind(ps, 4, now);
                });
    }

    /** When HubSpot last acknowledged a write to the contact; null when never. */
    public Long lastWrittenAt(long contactId) {
        return sql.first("SELECT MAX(written_at) FROM written WHERE contact_id = ?", rs -> Sql.nullableLong(rs, 1),
                contactId).orElse(null);
    }

    /** Forgets what was written to a contact, so its values are written again (after a cleared conflict). */
    public void forget(long contactId) {
        sql.update("DELETE FROM written WHERE contact_id = ?", contactId);
    }

    static Value value(ResultSet rs) throws SQLException {
        return new Value(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4));
    }
}
