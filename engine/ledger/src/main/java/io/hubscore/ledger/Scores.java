package io.hubscore.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The scoring history: model versions, every score (append-only, with its contributions), each
 * contact's current band state, and every band transition with what fired or held it.
 */
public final class Scores {

    private Scores() {
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

    /** A contact's current band. {@code lastTransitionAt} is null before its first transition. */
    public record BandState(long contactId, String band, long since, Long lastTransitionAt, int score,
            String fingerprint) {
    }

    /** A band change: fired, or held by the cooldown or a suppression ({@code heldBy}). */
    public record Transition(long contactId, String fromBand, String toBand, int score, String fingerprint, long at,
            boolean fired, String heldBy, String reason) {
    }

    /** Records a model version the first time it is seen; returns whether it was new. */
    public static boolean releaseModel(Connection c, String fingerprint, String version, String configText, long now,
            String note) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR IGNORE INTO model_versions (fingerprint, version, config_text, released_at, note) "
                        + "VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, fingerprint);
            ps.setString(2, version);
            ps.setString(3, configText);
            ps.setLong(4, now);
            ps.setString(5, note);
            return ps.executeUpdate() == 1;
        }
    }

    public static void append(Connection c, Score row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO scores (contact_id, fingerprint, score, fit, engagement, band, contributions, notes, "
                        + "scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, row.contactId());
            ps.setString(2, row.fingerprint());
            ps.setInt(3, row.score());
            ps.setString(4, row.fit().toPlainString());
            ps.setString(5, row.engagement().toPlainString());
            ps.setString(6, row.band());
            ps.setString(7, StoredJson.contributions(row.contributions()));
            ps.setString(8, StoredJson.notes(row.notes()));
            ps.setLong(9, row.scoredAt());
            ps.executeUpdate();
        }
    }

    /**
     * The contact's latest score.
     *
     * @throws LedgerException when what is stored is not in the ledger's format
     */
    public static Optional<Score> latest(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, contact_id, fingerprint, score, fit, engagement, band, contributions, notes, scored_at "
                        + "FROM scores WHERE contact_id = ? ORDER BY seq DESC LIMIT 1")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(score(rs)) : Optional.empty();
            }
        }
    }

    /** A score row selected as {@code seq, contact_id, fingerprint, score, fit, engagement, band, ...}. */
    static Score score(ResultSet rs) throws SQLException {
        String where = "score row " + rs.getLong(1);
        return new Score(rs.getLong(2), rs.getString(3), rs.getInt(4), StoredJson.decimal(rs.getString(5), where
                + " fit"), StoredJson.decimal(rs.getString(6), where + " engagement"), rs.getString(7),
                StoredJson.contributions(rs.getString(8), where), StoredJson.notes(rs.getString(9), where),
                rs.getLong(10));
    }

    public static Optional<BandState> bandState(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT contact_id, band, since, last_transition_at, score, fingerprint FROM band_state "
                        + "WHERE contact_id = ?")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new BandState(rs.getLong(1), rs.getString(2), rs.getLong(3), Sql.nullableLong(rs, 4),
                        rs.getInt(5), rs.getString(6)));
            }
        }
    }

    public static void putBandState(Connection c, BandState state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO band_state (contact_id, band, since, last_transition_at, score, fingerprint) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (contact_id) DO UPDATE SET band = excluded.band, "
                        + "since = excluded.since, last_transition_at = excluded.last_transition_at, "
                        + "score = excluded.score, fingerprint = excluded.fingerprint")) {
            ps.setLong(1, state.contactId());
            ps.setString(2, state.band());
            ps.setLong(3, state.since());
            Sql.setNullableLong(ps, 4, state.lastTransitionAt());
            ps.setInt(5, state.score());
            ps.setString(6, state.fingerprint());
            ps.executeUpdate();
        }
    }

    public static void recordTransition(Connection c, Transition t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO transitions (contact_id, from_band, to_band, score, fingerprint, at, fired, held_by, reason) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, t.contactId());
            ps.setString(2, t.fromBand());
            ps.setString(3, t.toBand());
            ps.setInt(4, t.score());
            ps.setString(5, t.fingerprint());
            ps.setLong(6, t.at());
            ps.setInt(7, t.fired() ? 1 : 0);
            ps.setString(8, t.heldBy());
            ps.setString(9, t.reason());
            ps.executeUpdate();
        }
    }

    public static List<Transition> transitions(Connection c, long contactId) throws SQLException {
        List<Transition> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT contact_id, from_band, to_band, score, fingerprint, at, fired, held_by, reason FROM transitions "
                        + "WHERE contact_id = ? ORDER BY seq")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Transition(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getLong(6), rs.getInt(7) == 1, rs.getString(8), rs.getString(9)));
                }
            }
        }
        return list;
    }

    /** Records a lifecycle stage the first time a contact is seen in it (for outcome reports). */
    public static void seeLifecycleStage(Connection c, long contactId, String stage, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT OR IGNORE INTO lifecycle_history (contact_id, stage, seen_at) VALUES (?, ?, ?)")) {
            ps.setLong(1, contactId);
            ps.setString(2, stage);
            ps.setLong(3, now);
            ps.executeUpdate();
        }
    }

    public static long firedTransitionCount(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM transitions WHERE fired = 1");
    }
}
