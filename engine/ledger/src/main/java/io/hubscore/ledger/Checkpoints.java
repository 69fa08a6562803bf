package io.hubscore.ledger;

import java.util.List;
import java.util.Optional;

/**
 * Where each pull stream stopped ({@code checkpoints}). A checkpoint is written in the same transaction as the data it
 * covers, so after a crash a pull resumes exactly where the data it stored ends. Bound to one {@link Ledger.Tx}, so not
 * thread-safe.
 */
public final class Checkpoints {

    private final Sql sql;

    Checkpoints(Sql sql) {
        this.sql = sql;
    }

    /** Where a pull stream stopped: its cursor as stored, and when it moved. */
    public record Checkpoint(String stream, String cursor, long updatedAt) {
    }

    public Optional<String> get(String stream) {
        return sql.first("SELECT cursor FROM checkpoints WHERE stream = ?", rs -> rs.getString(1), stream);
    }

    public void put(String stream, String cursor, long now) {
        sql.update("INSERT INTO checkpoints (stream, cursor, updated_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
                stream, cursor, now);
    }

    public void delete(String stream) {
        sql.update("DELETE FROM checkpoints WHERE stream = ?", stream);
    }

    /** Every checkpoint, by stream name. */
    public List<Checkpoint> all() {
        return sql.list("SELECT stream, cursor, updated_at FROM checkpoints ORDER BY stream",
                rs -> new Checkpoint(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }
}
