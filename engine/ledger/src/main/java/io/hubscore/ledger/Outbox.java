package io.hubscore.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Property writes waiting for HubSpot's acknowledgement, in order ({@code outbox}). A row leaves the pending state only
 * when HubSpot acknowledged it (delivered), a newer row for the same contact was acknowledged (superseded), or HubSpot
 * rejected it for good (parked, with the reason). Bound to one {@link Ledger.Tx}, so not thread-safe.
 */
public final class Outbox {

    private static final String COLUMNS =
            "seq, contact_id, properties, created_at, state, attempts, next_attempt_at, last_error, delivered_at";

    private final Sql sql;

    Outbox(Sql sql) {
        this.sql = sql;
    }

    /** Where a row is in its life. */
    public enum State {
        /** Waiting to be sent, or for its next attempt. */
        PENDING,
        /** HubSpot acknowledged it. */
        DELIVERED,
        /** HubSpot refused it for good; its reason is the row's last error. */
        PARKED,
        /** A newer row of the same contact was acknowledged, or an admin retired it. */
        SUPERSEDED;

        /** The state as stored, and as {@code status} and {@code explain} print it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One queued write.
     *
     * @param properties the values to write, by property
     * @param nextAttemptAt when it may be sent again (0: at once)
     * @param lastError the last failure, or HubSpot's reason for parking it; may be null
     * @param deliveredAt when it was acknowledged or superseded; null before
     */
    public record Row(long seq, long contactId, Map<String, String> properties, long createdAt, State state,
            int attempts, long nextAttemptAt, String lastError, Long deliveredAt) {
    }

    /** The outbox by state. */
    public record Counts(long pending, long parked, long delivered, long superseded) {
    }

    private static final String ENQUEUE = "INSERT INTO outbox (contact_id, properties, created_at) VALUES (?, ?, ?)";

    public void enqueue(long contactId, Map<String, String> properties, long now) {
        sql.update(ENQUEUE, contactId, StoredJson.object(properties), now);
    }

    /** Queues the values of each contact, by contact id, in one batch. */
    void enqueueAll(Map<Long, Map<String, String>> writes, long now) {
        sql.batch(ENQUEUE, writes.entrySet(), (ps, w) -> {
            Sql.bind(ps, 1, w.getKey());
            Sql.bind(ps, 2, StoredJson.object(w.getValue()));
            Sql.bind(ps, 3, now);
        });
    }

    /** Up to {@code limit} pending rows due at {@code now}, in the order they were queued. */
    public List<Row> due(long now, int limit) {
        return sql.list("SELECT " + COLUMNS + " FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? "
                + "ORDER BY seq LIMIT ?", Outbox::row, now, limit);
    }

    /** Marks rows HubSpot acknowledged. */
    public void delivered(Collection<Long> seqs, long now) {
        sql.updateIn("UPDATE outbox SET state = 'delivered', delivered_at = ? WHERE seq IN (?)", seqs, now);
    }

    /** Marks rows whose values a newer acknowledged row of the same contact replaced. */
    public void superseded(Collection<Long> seqs, long now) {
        sql.updateIn("UPDATE outbox SET state = 'superseded', delivered_at = ? WHERE seq IN (?)", seqs, now);
    }

    /** Parks a row HubSpot refused for good, with its reason. */
    public void park(long seq, String reason) {
        sql.update("UPDATE outbox SET state = 'parked', attempts = attempts + 1, last_error = ? WHERE seq = ?", reason,
                seq);
    }

    /** Keeps rows pending for another try at {@code nextAttemptAt}. */
    public void retryLater(Collection<Long> seqs, String error, long nextAttemptAt) {
        sql.updateIn("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE seq IN (?)",
                seqs, error, nextAttemptAt);
    }

    /** The {@code limit} most recently parked writes, latest first. */
    public List<Row> latestParked(int limit) {
        return sql.list("SELECT " + COLUMNS + " FROM outbox WHERE state = 'parked' ORDER BY seq DESC LIMIT ?",
                Outbox::row, limit);
    }

    /** The contact's writes not yet delivered: pending and parked rows, oldest first. */
    public List<Row> undelivered(long contactId) {
        return sql.list("SELECT " + COLUMNS + " FROM outbox WHERE contact_id = ? AND state IN ('pending', 'parked') "
                + "ORDER BY seq", Outbox::row, contactId);
    }

    /**
     * The values most recently queued for a contact and not yet delivered (pending or parked). Empty when nothing
     * is waiting: then what HubSpot acknowledged ({@link Written}) is what hubscore last decided.
     */
    public Optional<Map<String, String>> lastQueued(long contactId) {
        return sql.first("SELECT seq, properties FROM outbox WHERE contact_id = ? AND state IN ('pending', 'parked') "
                + "ORDER BY seq DESC LIMIT 1", rs -> properties(rs, 2), contactId);
    }

    public long pendingCount() {
        return sql.count("SELECT COUNT(*) FROM outbox WHERE state = 'pending'");
    }

    public long parkedCount() {
        return sql.count("SELECT COUNT(*) FROM outbox WHERE state = 'parked'");
    }

    public Counts counts() {
        return sql.first("SELECT COALESCE(SUM(state = 'pending'), 0), COALESCE(SUM(state = 'parked'), 0), "
                + "COALESCE(SUM(state = 'delivered'), 0), COALESCE(SUM(state = 'superseded'), 0) FROM outbox",
                rs -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).orElseThrow();
    }

    /** When the earliest pending row is due; empty when nothing is pending. */
    public OptionalLong nextDueAt() {
        Long at = sql.first("SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'",
                rs -> Sql.nullableLong(rs, 1)).orElse(null);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    /** Retires every undelivered row of a contact (after an admin cleared its conflict); returns how many. */
    public int retire(long contactId, long now) {
        return sql.update("UPDATE outbox SET state = 'superseded', delivered_at = ? WHERE contact_id = ? "
                + "AND state IN ('pending', 'parked')", now, contactId);
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong(1), rs.getLong(2), properties(rs, 3), rs.getLong(4),
                State.valueOf(rs.getString(5).toUpperCase(Locale.ROOT)), rs.getInt(6), rs.getLong(7), rs.getString(8),
                Sql.nullableLong(rs, 9));
    }

    /** The properties of a row selected with its seq first. */
    private static Map<String, String> properties(ResultSet rs, int column) throws SQLException {
        return StoredJson.object(rs.getString(column), "outbox row " + rs.getLong(1) + " properties");
    }
}
