package io.hubscore.ledger;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The scoring history: model versions ({@code model_versions}), every score with its explanation ({@code scores},
 * append-only), each contact's current band ({@code band_state}), every band transition with what fired or held it
 * ({@code transitions}), and the lifecycle stages seen ({@code lifecycle_history}). Bound to one {@link Ledger.Tx}, so
 * not thread-safe.
 */
public final class Scores {

    static final String SCORE_COLUMNS =
            "seq, contact_id, fingerprint, score, fit, engagement, band, contributions, notes, scored_at";
    static final String BAND_COLUMNS = "contact_id, band, since, last_transition_at, score, fingerprint";
    static final String TRANSITION_COLUMNS =
            "contact_id, from_band, to_band, score, fingerprint, at, fired, held_by, reason";

    private final Sql sql;

    Scores(Sql sql) {
        this.sql = sql;
    }

    /**
     * A released model version.
     *
     * @param configText the config it was released with
     * @param note the release note; may be null
     */
    public record ModelVersion(String fingerprint, String version, String configText, long releasedAt, String note) {
        public ModelVersion {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(configText, "configText");
        }
    }

    /**
     * One score, as appended: what the model said about a contact at {@code scoredAt}, with the lines that explain it.
     *
     * @param fit the fit sub-score before rounding
     * @param engagement the engagement sub-score before rounding
     * @param contributions the lines of the explanation, in the model's order; they sum exactly to {@code score}
     * @param notes what the model could not read in the contact's data; empty when nothing
     */
    public record Score(long contactId, String fingerprint, int score, BigDecimal fit, BigDecimal engagement,
            String band, List<Contribution> contributions, List<Note> notes, long scoredAt) {
        public Score {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(fit, "fit");
            Objects.requireNonNull(engagement, "engagement");
            Objects.requireNonNull(band, "band");
            contributions = List.copyOf(contributions);
            notes = List.copyOf(notes);
        }

        /** The sum of the contributions' points: equal to {@link #score} in a consistent ledger. */
        public BigDecimal contributionSum() {
            return contributions.stream().map(Contribution::points).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /**
     * One line of a score's explanation. Amounts are kept without trailing zeros, so equal amounts make equal lines.
     *
     * @param group {@code fit}, {@code engagement} or {@code score}
     * @param kind {@code property-rule}, {@code event-rule}, {@code group-cap}, {@code group-floor},
     *     {@code step-decay} or {@code rounding}
     * @param raw the rule's points before decay and caps
     * @param points the points counted in the score
     */
    public record Contribution(String name, String group, String kind, BigDecimal raw, BigDecimal points) {
        public Contribution {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(kind, "kind");
            raw = raw.stripTrailingZeros();
            points = points.stripTrailingZeros();
        }
    }

    /**
     * Something in a contact's data a rule could not read.
     *
     * @param property the property read; may be null
     */
    public record Note(String source, String property, String message) {
    }

    /**
     * A contact's current band.
     *
     * @param since when the contact entered the band
     * @param lastTransitionAt null before its first counted transition
     * @param score the score that placed it there
     */
    public record BandState(long contactId, String band, long since, Long lastTransitionAt, int score,
            String fingerprint) {
    }

    /**
     * A band change: fired, or held by the cooldown or a suppression.
     *
     * @param fromBand null for a first assignment
     * @param heldBy {@code cooldown} or a suppression's name; null when fired
     * @param reason free text; may be null
     */
    public record Transition(long contactId, String fromBand, String toBand, int score, String fingerprint, long at,
            boolean fired, String heldBy, String reason) {
    }

    /** Transitions fired and held since a moment (e.g. the start of today) and in all. */
    public record TransitionCounts(long firedSince, long firedTotal, long heldSince, long heldTotal) {
    }

    // ---- model versions ----

    /** Records a model version the first time it is seen; returns whether it was new. */
    public boolean releaseModel(ModelVersion model) {
        return sql.update("INSERT OR IGNORE INTO model_versions (fingerprint, version, config_text, released_at, note) "
                + "VALUES (?, ?, ?, ?, ?)", model.fingerprint(), model.version(), model.configText(),
                model.releasedAt(), model.note()) == 1;
    }

    /** The model version released last: the one the daemon scores with. Empty before the first release. */
    public Optional<ModelVersion> latestModel() {
        return sql.first("SELECT fingerprint, version, config_text, released_at, note FROM model_versions "
                + "ORDER BY released_at DESC, rowid DESC LIMIT 1", Scores::model);
    }

    /** Every model version, in the order they were released. */
    public List<ModelVersion> models() {
        return sql.list("SELECT fingerprint, version, config_text, released_at, note FROM model_versions "
                + "ORDER BY released_at, rowid", Scores::model);
    }

    // ---- scores ----

    /** Appends a score; returns its row's sequence number. */
    public long append(Score row) {
        return sql.insert("INSERT INTO scores (contact_id, fingerprint, score, fit, engagement, band, contributions, "
                + "notes, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row.contactId(), row.fingerprint(),
                row.score(), row.fit().toPlainString(), row.engagement().toPlainString(), row.band(),
                StoredJson.contributions(row.contributions()), StoredJson.notes(row.notes()), row.scoredAt());
    }

    /**
     * The contact's latest score.
     *
     * @throws LedgerException when what is stored is not in the ledger's format
     */
    public Optional<Score> latest(long contactId) {
        return sql.first("SELECT " + SCORE_COLUMNS + " FROM scores WHERE contact_id = ? ORDER BY seq DESC LIMIT 1",
                Scores::score, contactId);
    }

    // ---- bands ----

    public Optional<BandState> bandState(long contactId) {
        return sql.first("SELECT " + BAND_COLUMNS + " FROM band_state WHERE contact_id = ?", Scores::bandState,
                contactId);
    }

    public void putBandState(BandState state) {
        sql.update("INSERT INTO band_state (" + BAND_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (contact_id) DO UPDATE SET band = excluded.band, since = excluded.since, "
                + "last_transition_at = excluded.last_transition_at, score = excluded.score, "
                + "fingerprint = excluded.fingerprint", state.contactId(), state.band(), state.since(),
                state.lastTransitionAt(), state.score(), state.fingerprint());
    }

    /**
     * How many live contacts hold each band, by band name: a contact archived or merged in HubSpot holds no band, one
     * the ledger only knows by its band (not pulled) does.
     */
    public Map<String, Long> bandCounts() {
        Map<String, Long> bands = new LinkedHashMap<>();
        for (Map.Entry<String, Long> band : sql.list("SELECT b.band, COUNT(*) FROM band_state b "
                + "LEFT JOIN contacts k ON k.id = b.contact_id WHERE COALESCE(k.archived, 0) = 0 "
                + "GROUP BY b.band ORDER BY b.band", rs -> Map.entry(rs.getString(1), rs.getLong(2)))) {
            bands.put(band.getKey(), band.getValue());
        }
        return bands;
    }

    /**
     * How many times contacts entered each band, by band name: each contact's first band (its first score, or a
     * first assignment counted as a transition) and every fired transition into the band. Only grows.
     */
    public Map<String, Long> bandEntries() {
        Map<String, Long> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Long> band : sql.list("SELECT band, SUM(n) FROM ("
                + "SELECT to_band AS band, COUNT(*) AS n FROM transitions WHERE fired = 1 GROUP BY to_band "
                + "UNION ALL SELECT s.band AS band, COUNT(*) AS n FROM scores s "
                + "JOIN (SELECT contact_id, MIN(seq) AS seq FROM scores GROUP BY contact_id) f ON s.seq = f.seq "
                + "WHERE NOT EXISTS (SELECT 1 FROM transitions t WHERE t.contact_id = s.contact_id AND t.fired = 1 "
                + "AND t.from_band IS NULL) GROUP BY s.band) GROUP BY band ORDER BY band",
                rs -> Map.entry(rs.getString(1), rs.getLong(2)))) {
            entries.put(band.getKey(), band.getValue());
        }
        return entries;
    }

    /**
     * The band of the live contact with the highest score (the lowest id among equals) whose stored properties
     * {@code where} accepts; empty when none does. Reads contacts only until it finds one.
     */
    public Optional<BandState> highestScored(Predicate<Map<String, String>> where) {
        return sql.firstWhere("SELECT b.contact_id, b.band, b.since, b.last_transition_at, b.score, b.fingerprint, "
                + "k.properties FROM band_state b JOIN contacts k ON k.id = b.contact_id WHERE k.archived = 0 "
                + "ORDER BY b.score DESC, b.contact_id", rs -> Map.entry(bandState(rs),
                        StoredJson.object(rs.getString(7), "contact " + rs.getLong(1) + " properties")),
                candidate -> where.test(candidate.getValue())).map(Map.Entry::getKey);
    }

    // ---- transitions ----

    public void recordTransition(Transition t) {
        sql.update("INSERT INTO transitions (" + TRANSITION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.contactId(), t.fromBand(), t.toBand(), t.score(), t.fingerprint(), t.at(), t.fired(), t.heldBy(),
                t.reason());
    }

    /** Every transition of the contact, oldest first. */
    public List<Transition> transitions(long contactId) {
        return sql.list("SELECT " + TRANSITION_COLUMNS + " FROM transitions WHERE contact_id = ? ORDER BY seq",
                Scores::transition, contactId);
    }

    /** Every transition, oldest first. */
    public List<Transition> transitions() {
        return sql.list("SELECT " + TRANSITION_COLUMNS + " FROM transitions ORDER BY seq", Scores::transition);
    }

    /** The {@code limit} transitions that fired last, latest first. */
    public List<Transition> latestFired(int limit) {
        return sql.list("SELECT " + TRANSITION_COLUMNS + " FROM transitions WHERE fired = 1 ORDER BY seq DESC LIMIT ?",
                Scores::transition, limit);
    }

    /** Transitions fired and held at or after {@code since} (epoch ms), and in all. */
    public TransitionCounts transitionCounts(long since) {
        return sql.first("SELECT COALESCE(SUM(fired = 1 AND at >= ?), 0), COALESCE(SUM(fired = 1), 0), "
                + "COALESCE(SUM(fired = 0 AND at >= ?), 0), COALESCE(SUM(fired = 0), 0) FROM transitions",
                rs -> new TransitionCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), since, since)
                .orElseThrow();
    }

    public long firedTransitionCount() {
        return sql.count("SELECT COUNT(*) FROM transitions WHERE fired = 1");
    }

    // ---- outcomes ----

    /** Records a lifecycle stage the first time a contact is seen in it (for outcome reports). */
    public void seeLifecycleStage(long contactId, String stage, long now) {
        sql.update("INSERT OR IGNORE INTO lifecycle_history (contact_id, stage, seen_at) VALUES (?, ?, ?)", contactId,
                stage, now);
    }

    // ---- rows ----

    private static ModelVersion model(ResultSet rs) throws SQLException {
        return new ModelVersion(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5));
    }

    /** A score row selected as {@link #SCORE_COLUMNS}. */
    static Score score(ResultSet rs) throws SQLException {
        String where = "score row " + rs.getLong(1);
        return new Score(rs.getLong(2), rs.getString(3), rs.getInt(4),
                StoredJson.decimal(rs.getString(5), where + " fit"),
                StoredJson.decimal(rs.getString(6), where + " engagement"), rs.getString(7),
                StoredJson.contributions(rs.getString(8), where), StoredJson.notes(rs.getString(9), where),
                rs.getLong(10));
    }

    static BandState bandState(ResultSet rs) throws SQLException {
        return new BandState(rs.getLong(1), rs.getString(2), rs.getLong(3), Sql.nullableLong(rs, 4), rs.getInt(5),
                rs.getString(6));
    }

    static Transition transition(ResultSet rs) throws SQLException {
        return new Transition(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                rs.getLong(6), rs.getInt(7) == 1, rs.getString(8), rs.getString(9));
    }
}
