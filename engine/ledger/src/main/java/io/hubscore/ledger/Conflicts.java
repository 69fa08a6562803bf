package io.hubscore.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Owned properties someone else changed: a workflow, an import, a person ({@code conflicts}). Under the {@code yield}
 * policy an open conflict stops writes to that contact until an admin clears it. Bound to one {@link Ledger.Tx}, so not
 * thread-safe.
 */
public final class Conflicts {

    private static final String COLUMNS = "seq, contact_id, property, ours, theirs, policy, seen_at, cleared_at";

    private final Sql sql;

    Conflicts(Sql sql) {
        this.sql = sql;
    }

    /**
     * One recorded conflict.
     *
     * @param ours the value hubscore wrote; may be null
     * @param theirs the value found in HubSpot; may be null
     * @param policy {@code overwrite} or {@code yield}
     * @param clearedAt when it was resolved or cleared; null while open
     */
    public record Conflict(long seq, long contactId, String property, String ours, String theirs, String policy,
            long seenAt, Long clearedAt) {
    }

    public void record(long contactId, String property, String ours, String theirs, String policy, long now) {
        sql.update("INSERT INTO conflicts (contact_id, property, ours, theirs, policy, seen_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", contactId, property, ours, theirs, policy, now);
    }

    /** Whether writes to the contact are held: it has an open conflict under {@code yield}. */
    public boolean hasOpen(long contactId) {
        return sql.exists("SELECT 1 FROM conflicts WHERE contact_id = ? AND cleared_at IS NULL AND policy = 'yield' "
                + "LIMIT 1", contactId);
    }

    /** Clears a contact's open conflicts (an admin's decision); returns how many. */
    public int clear(long contactId, long now) {
        return sql.update("UPDATE conflicts SET cleared_at = ? WHERE contact_id = ? AND cleared_at IS NULL", now,
                contactId);
    }

    /**
     * Marks a contact's open {@code overwrite} conflicts resolved: HubSpot acknowledged hubscore's values again.
     */
    public void resolveRestored(long contactId, long now) {
        sql.update("UPDATE conflicts SET cleared_at = ? WHERE contact_id = ? AND cleared_at IS NULL "
                + "AND policy = 'overwrite'", now, contactId);
    }

    /** Up to {@code limit} open conflicts, oldest first. */
    public List<Conflict> open(int limit) {
        return sql.list("SELECT " + COLUMNS + " FROM conflicts WHERE cleared_at IS NULL ORDER BY seq LIMIT ?",
                Conflicts::conflict, limit);
    }

    /** The {@code limit} most recent open conflicts, latest first. */
    public List<Conflict> latestOpen(int limit) {
        return sql.list("SELECT " + COLUMNS + " FROM conflicts WHERE cleared_at IS NULL ORDER BY seq DESC LIMIT ?",
                Conflicts::conflict, limit);
    }

    /** The contact's open conflicts, oldest first. */
    public List<Conflict> openFor(long contactId) {
        return sql.list("SELECT " + COLUMNS + " FROM conflicts WHERE contact_id = ? AND cleared_at IS NULL "
                + "ORDER BY seq", Conflicts::conflict, contactId);
    }

    /** Every conflict of one contact, open or cleared, oldest first. */
    public List<Conflict> forContact(long contactId) {
        return sql.list("SELECT " + COLUMNS + " FROM conflicts WHERE contact_id = ? ORDER BY seq", Conflicts::conflict,
                contactId);
    }

    public long openCount() {
        return sql.count("SELECT COUNT(*) FROM conflicts WHERE cleared_at IS NULL");
    }

    private static Conflict conflict(ResultSet rs) throws SQLException {
        return new Conflict(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), Sql.nullableLong(rs, 8));
    }
}
