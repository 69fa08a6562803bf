package io.hubscore.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of every job run ({@code runs}): when, what it counted, and the error if it failed. Bound to one
 * transaction.
 */
public final class Runs {

    private static final String COLUMNS = "seq, job, started_at, ended_at, counts, error";

    private final Sql sql;

    Runs(Sql sql) {
        this.sql = sql;
    }

    /**
     * One job run.
     *
     * @param endedAt null while the run is going on (or when it never finished)
     * @param counts what the run counted, in the order recorded; empty before it ended
     * @param error the run's one-line error; null when it succeeded
     */
    public record Run(long seq, String job, long startedAt, Long endedAt, Map<String, String> counts, String error) {
        public Run {
            Objects.requireNonNull(job, "job");
            counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        }

        /** How long the run took in milliseconds; null while it has not ended. */
        public Long durationMillis() {
            return endedAt == null ? null : endedAt - startedAt;
        }
    }

    /** Records a job's start and returns the run's sequence number. */
    public long start(String job, long now) {
        return sql.insert("INSERT INTO runs (job, started_at) VALUES (?, ?)", job, now);
    }

    /** Records a job's end, its counts and, when it failed, a one-line error. */
    public void finish(long seq, long now, Map<String, ?> counts, String error) {
        sql.update("UPDATE runs SET ended_at = ?, counts = ?, error = ? WHERE seq = ?", now, StoredJson.object(counts),
                error, seq);
    }

    /** A job's last {@code n} finished runs, the latest first (fewer when it has not run that often). */
    public List<Run> lastFinished(String job, int n) {
        return sql.list("SELECT " + COLUMNS + " FROM runs WHERE job = ? AND ended_at IS NOT NULL ORDER BY seq DESC "
                + "LIMIT ?", Runs::run, job, n);
    }

    /** The last run of each job, by job name. */
    public List<Run> lastOfEachJob() {
        return sql.list("SELECT " + COLUMNS + " FROM runs WHERE seq IN (SELECT MAX(seq) FROM runs GROUP BY job) "
                + "ORDER BY job", Runs::run);
    }

    /** The run started last, of any job; empty before the first. */
    public Optional<Run> latest() {
        return sql.first("SELECT " + COLUMNS + " FROM runs ORDER BY seq DESC LIMIT 1", Runs::run);
    }

    private static Run run(ResultSet rs) throws SQLException {
        String counts = rs.getString(5);
        return new Run(rs.getLong(1), rs.getString(2), rs.getLong(3), Sql.nullableLong(rs, 4),
                counts == null ? Map.of() : StoredJson.object(counts, "the counts of run " + rs.getLong(1)),
                rs.getString(6));
    }
}
