package io.hubscore.ledger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HexFormat;
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

    private static final String APPEND = "INSERT INTO scores (contact_id, fingerprint, score, fit, engagement, band, "
            + "contributions, notes, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String PUT_BAND = "INSERT INTO band_state (" + BAND_COLUMNS + ", score_digest) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (contact_id) DO UPDATE SET band = excluded.band, "
            + "since = excluded.since, last_transition_at = excluded.last_transition_at, score = excluded.score, "
            + "fingerprint = excluded.fingerprint, score_digest = excluded.score_digest";
    private static final String RECORD_TRANSITION = "INSERT INTO transitions (" + TRANSITION_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

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

        /**
         * What this score says, as a short digest of everything but its contact and time: the score, band, model,
         * contributions and notes. Two scores with the same digest say the same thing, so the score job compares a
         * new score with the latest one's digest (kept with the band state) and appends a row only when it differs.
         */
        public String digest() {
            StringBuilder text = new StringBuilder(256);
            field(text, fingerprint);
            field(text, Integer.toString(score));
            field(text, band);
            for (Contribution line : contributions) {
                field(text, line.name());
                field(text, line.group());
                field(text, line.kind());
                field(text, line.raw().toPlainString());
                field(text, line.points().toPlainString());
            }
            field(text, "notes");
            for (Note note : notes) {
                field(text, note.source());
                field(text, note.property() == null ? "\u0000" : note.property());
                field(text, note.message());
            }
            return HexFormat.of().formatHex(sha256().digest(text.toString().getBytes(StandardCharsets.UTF_8)), 0, 16);
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

    /** One SHA-256 per thread, reset after each digest: looking the algorithm up for every score costs more. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    private static MessageDigest sha256() {
        return SHA_256.get();
    }

    /** A field of a digest: its length, then its characters, so no two field lists give the same input. */
    private static void field(StringBuilder text, String value) {
        text.append(value.length()).append(':').append(value);
    }

    // ---- model versions ----

    /**
     * Activates a model: records its version the first time it is seen, and a release event whenever it is not the
     * model in force already (a first release, a new version, or a return to an older one), so the latest event
     * always names the model in force. Returns whether the version was new.
     */
    public boolean releaseModel(ModelVersion model) {
        boolean added = sql.update("INSERT OR IGNORE INTO model_versions (fingerprint, version, config_text, "
                + "released_at, note) VALUES (?, ?, ?, ?, ?)", model.fingerprint(), model.version(),
                model.configText(), model.releasedAt(), model.note()) == 1;
        Optional<String> inForce = sql.first("SELECT fingerprint FROM releases ORDER BY seq DESC LIMIT 1",
                rs -> rs.getString(1));
        if (!inForce.equals(Optional.of(model.fingerprint()))) {
            sql.update("INSERT INTO releases (fingerprint, activated_at, note) VALUES (?, ?, ?)", model.fingerprint(),
                    model.releasedAt(), model.note());
        }
        return added;
    }

    /**
     * The model in force: the one activated last (a return to an older version is an activation too), with
     * {@code releasedAt} the time of that activation and the note it was activated with (else its release note).
     * Empty before the first release.
     */
    public Optional<ModelVersion> latestModel() {
        return sql.first("SELECT m.fingerprint, m.version, m.config_text, r.activated_at, COALESCE(r.note, m.note) "
                + "FROM releases r JOIN model_versions m ON m.fingerprint = r.fingerprint ORDER BY r.seq DESC LIMIT 1",
                Scores::model);
    }

    /**
     * One activation of a model version.
     *
     * @param note the config's {@code model.note} when it was activated; may be null
     */
    public record Release(String fingerprint, String version, long activatedAt, String note) {
    }

    /** Every activation, oldest first. */
    public List<Release> releases() {
        return sql.list("SELECT r.fingerprint, m.version, r.activated_at, r.note FROM releases r "
                + "JOIN model_versions m ON m.fingerprint = r.fingerprint ORDER BY r.seq",
                rs -> new Release(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
    }

    /**
     * Fired transitions recorded under a model.
     *
     * @param contacts distinct contacts whose band moved by them
     */
    public record FiredUnder(long transitions, long contacts) {
    }

    /** Fired transitions and the contacts they moved, by the fingerprint of the model that fired them. */
    public Map<String, FiredUnder> firedByModel() {
        Map<String, FiredUnder> fired = new LinkedHashMap<>();
        for (Map.Entry<String, FiredUnder> e : sql.list("SELECT fingerprint, COUNT(*), COUNT(DISTINCT contact_id) "
                + "FROM transitions WHERE fired = 1 GROUP BY fingerprint",
                rs -> Map.entry(rs.getString(1), new FiredUnder(rs.getLong(2), rs.getLong(3))))) {
            fired.put(e.getKey(), e.getValue());
        }
        return fired;
    }

    /** The model version with this fingerprint; empty when it was never released. */
    public Optional<ModelVersion> model(String fingerprint) {
        return sql.first("SELECT fingerprint, version, config_text, released_at, note FROM model_versions "
                + "WHERE fingerprint = ?", Scores::model, fingerprint);
    }

    /** Every model version, in the order they were released. */
    public List<ModelVersion> models() {
        return sql.list("SELECT fingerprint, version, config_text, released_at, note FROM model_versions "
                + "ORDER BY released_at, rowid", Scores::model);
    }

    // ---- scores ----

    /**
     * Appends a score; returns its row's sequence number. The band state's digest of the latest score is forgotten
     * (the next score reads the row instead).
     */
    public long append(Score row) {
        sql.update("UPDATE band_state SET score_digest = NULL WHERE contact_id = ?", row.contactId());
        return sql.insert(APPEND, row.contactId(), row.fingerprint(),
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

    /** Stores a contact's band state; the digest of its latest score is forgotten (unknown to this caller). */
    public void putBandState(BandState state) {
        sql.update(PUT_BAND, state.contactId(), state.band(), state.since(), state.lastTransitionAt(), state.score(),
                state.fingerprint(), null);
    }

    /** Stores band states with {@code digests} of their latest scores (by contact; null when unknown), in one batch. */
    void putBandStates(Collection<BandState> states, Map<Long, String> digests) {
        sql.batch(PUT_BAND, states, (ps, state) -> {
            Sql.bind(ps, 1, state.contactId());
            Sql.bind(ps, 2, state.band());
            Sql.bind(ps, 3, state.since());
            Sql.bind(ps, 4, state.lastTransitionAt());
            Sql.bind(ps, 5, state.score());
            Sql.bind(ps, 6, state.fingerprint());
            Sql.bind(ps, 7, digests.get(state.contactId()));
        });
    }

    /** Appends score rows in one batch, without reading back their sequence numbers. */
    void appendAll(Collection<Score> rows) {
        sql.batch(APPEND, rows, (ps, row) -> {
            Sql.bind(ps, 1, row.contactId());
            Sql.bind(ps, 2, row.fingerprint());
            Sql.bind(ps, 3, row.score());
            Sql.bind(ps, 4, row.fit().toPlainString());
            Sql.bind(ps, 5, row.engagement().toPlainString());
            Sql.bind(ps, 6, row.band());
            Sql.bind(ps, 7, StoredJson.contributions(row.contributions()));
            Sql.bind(ps, 8, StoredJson.notes(row.notes()));
            Sql.bind(ps, 9, row.scoredAt());
        });
    }

    /** Records transitions in one batch. */
    void recordTransitions(Collection<Transition> transitions) {
        sql.batch(RECORD_TRANSITION, transitions, (ps, t) -> {
            Sql.bind(ps, 1, t.contactId());
            Sql.bind(ps, 2, t.fromBand());
            Sql.bind(ps, 3, t.toBand());
            Sql.bind(ps, 4, t.score());
            Sql.bind(ps, 5, t.fingerprint());
            Sql.bind(ps, 6, t.at());
            Sql.bind(ps, 7, t.fired());
            Sql.bind(ps, 8, t.heldBy());
            Sql.bind(ps, 9, t.reason());
        });
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
        sql.update(RECORD_TRANSITION, t.contactId(), t.fromBand(), t.toBand(), t.score(), t.fingerprint(), t.at(), t.fired(), t.heldBy(),
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
