package io.hubscore.ledger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The bulk reads of the outcome report: every score row streamed in contact order (a year of history for a large
 * portal does not fit in memory as records, so rows are handed over one at a time and their stored JSON is parsed
 * only when asked for), fired transitions, conversions, deals and how often each property is present. Read-only.
 * Bound to one {@link Ledger.Tx}, so not thread-safe.
 */
public final class ReportQueries {

    private final Sql sql;

    ReportQueries(Sql sql) {
        this.sql = sql;
    }

    /**
     * One stored score, as streamed: what the report needs of it, its explanation parsed on demand.
     */
    public static final class ScoreRow {
        private final long seq;
        private final long contactId;
        private final int score;
        private final String band;
        private final long scoredAt;
        private final String contributions;
        private final String notes;

        ScoreRow(long seq, long contactId, int score, String band, long scoredAt, String contributions, String notes) {
            this.seq = seq;
            this.contactId = contactId;
            this.score = score;
            this.band = band;
            this.scoredAt = scoredAt;
            this.contributions = contributions;
            this.notes = notes;
        }

        public long contactId() {
            return contactId;
        }

        public int score() {
            return score;
        }

        public String band() {
            return band;
        }

        public long scoredAt() {
            return scoredAt;
        }

        /** Whether the score carries data-quality notes, without parsing them. */
        public boolean hasNotes() {
            return notes != null && !notes.equals("[]") && !notes.equals("null");
        }

        /** The lines of the explanation. @throws LedgerException when the stored JSON is not the ledger's format */
        public List<Scores.Contribution> contributions() {
            return StoredJson.contributions(contributions, "score row " + seq);
        }

        /** The data-quality notes. @throws LedgerException when the stored JSON is not the ledger's format */
        public List<Scores.Note> notes() {
            return StoredJson.notes(notes, "score row " + seq);
        }
    }

    /**
     * A fired band transition.
     *
     * @param fromBand null for a first assignment counted as a transition
     */
    public record Entry(long contactId, String fromBand, String toBand, int score, long at) {
    }

    /**
     * A deal with one of its contacts, as the report reads it.
     *
     * @param createdAt HubSpot's create date; null when unknown
     * @param amount null when the deal has none or it is not a number
     */
    public record DealOutcome(long dealId, long contactId, Long createdAt, Double amount, boolean closed,
            boolean won) {
    }

    /** Hands every score row scored up to {@code until} (epoch ms) to {@code each}, by contact and then in order. */
    public void eachScore(long until, Consumer<ScoreRow> each) {
        sql.raw(connection -> {
            try (PreparedStatement ps = connection.prepareStatement("SELECT seq, contact_id, score, band, scored_at, "
                    + "contributions, notes FROM scores WHERE scored_at <= ? ORDER BY contact_id, seq")) {
                ps.setLong(1, until);
                ps.setFetchSize(1_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        each.accept(new ScoreRow(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
                                rs.getLong(5), rs.getString(6), rs.getString(7)));
                    }
                }
            }
            return null;
        });
    }

    /** The score rows in the ledger. */
    public long scoreRowCount() {
        return sql.count("SELECT COUNT(*) FROM scores");
    }

    /** The lowest and highest score recorded; empty without scores. */
    public int[] scoreRange() {
        return sql.first("SELECT MIN(score), MAX(score), COUNT(*) FROM scores",
                rs -> rs.getLong(3) == 0 ? null : new int[] {rs.getInt(1), rs.getInt(2)}).orElse(new int[0]);
    }

    /**
     * Every fired transition up to {@code until}, by contact and each contact's oldest first (in the order they were
     * recorded, which is their order in time): read along the per-contact index, several times faster than in time
     * order over a large ledger.
     */
    public List<Entry> firedTransitions(long until) {
        return sql.list("SELECT contact_id, from_band, to_band, score, at FROM transitions WHERE fired = 1 AND at <= ? "
                + "ORDER BY contact_id, seq", rs -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getLong(5)), until);
    }

    /** Fired transitions from {@code since} to {@code until} (epoch ms, both inclusive), by contact and in order. */
    public List<Entry> firedTransitions(long since, long until) {
        return sql.list("SELECT contact_id, from_band, to_band, score, at FROM transitions WHERE fired = 1 "
                + "AND at >= ? AND at <= ? ORDER BY contact_id, seq", rs -> new Entry(rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getInt(4), rs.getLong(5)), since, until);
    }

    /** When each contact first entered any of {@code stages}, by contact id. */
    public Map<Long, Long> firstEntered(Collection<String> stages) {
        if (stages.isEmpty()) {
            return Map.of();
        }
        Map<Long, Long> first = new HashMap<>();
        String in = String.join(", ", Collections.nCopies(stages.size(), "?"));
        for (long[] row : sql.list("SELECT contact_id, MIN(entered_at) FROM stage_entries WHERE stage IN (" + in
                + ") GROUP BY contact_id", rs -> new long[] {rs.getLong(1), rs.getLong(2)}, stages.toArray())) {
            first.put(row[0], row[1]);
        }
        return first;
    }

    /** When each live contact was created in HubSpot, for contacts whose creation time is known. */
    public Map<Long, Long> createdAt() {
        Map<Long, Long> created = new HashMap<>();
        for (long[] row : sql.list("SELECT id, created_at FROM contacts WHERE archived = 0 AND created_at IS NOT NULL",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)})) {
            created.put(row[0], row[1]);
        }
        return created;
    }

    /** Every deal linked to a contact, once per contact. */
    public List<DealOutcome> deals() {
        return sql.list("SELECT d.id, l.contact_id, COALESCE(d.created_at, "
                + "CAST(strftime('%s', json_extract(d.properties, '$.createdate')) AS INTEGER) * 1000), "
                + "json_extract(d.properties, '$.amount'), d.closed, json_extract(d.properties, '$.hs_is_closed_won') "
                + "FROM deals d JOIN deal_contacts l ON l.deal_id = d.id ORDER BY d.id, l.contact_id",
                rs -> new DealOutcome(rs.getLong(1), rs.getLong(2), Sql.nullableLong(rs, 3), amount(rs.getString(4)),
                        rs.getInt(5) == 1, "true".equalsIgnoreCase(rs.getString(6))));
    }

    /** How many live contacts have a value for each property the ledger holds, by property name. */
    public Map<String, Long> propertyPresence() {
        Map<String, Long> presence = new HashMap<>();
        for (Map.Entry<String, Long> row : sql.list("SELECT j.key, COUNT(*) FROM contacts c, json_each(c.properties) j "
                + "WHERE c.archived = 0 AND j.value IS NOT NULL AND j.value != '' GROUP BY j.key",
                rs -> Map.entry(rs.getString(1), rs.getLong(2)))) {
            presence.put(row.getKey(), row.getValue());
        }
        return presence;
    }

    /** The live contacts the ledger holds. */
    public long liveContacts() {
        return sql.count("SELECT COUNT(*) FROM contacts WHERE archived = 0");
    }

    /** When the first model version was released; empty before any release. */
    public OptionalLong firstRelease() {
        return sql.first("SELECT MIN(released_at) FROM model_versions", rs -> {
            long at = rs.getLong(1);
            return rs.wasNull() ? null : at;
        }).map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    private static Double amount(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.strip());
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
