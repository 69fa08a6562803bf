package io.hubscore.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A shadow model's record: each candidate started ({@code shadow_models}), its current band per contact
 * ({@code shadow_bands}) and every counted band change under it ({@code shadow_transitions}). Written by the score job
 * beside the live model's rows, in the same transaction; never sent to HubSpot. Bound to one {@link Ledger.Tx}, so not
 * thread-safe.
 */
public final class Shadows {

    private static final long WEEK = 7L * 24 * 3600 * 1000;

    private final Sql sql;

    Shadows(Sql sql) {
        this.sql = sql;
    }

    /** A candidate model and when the daemon started scoring with it in shadow. */
    public record Model(String fingerprint, String version, String configText, long startedAt) {
        public Model {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(configText, "configText");
        }
    }

    /**
     * A contact's band under a shadow model.
     *
     * @param lastTransitionAt null before its first counted change under the shadow
     */
    public record Band(long contactId, String fingerprint, String band, long since, Long lastTransitionAt, int score,
            long scoredAt) {
    }

    /** A counted band change under a shadow model; {@code from} is null for a counted first band. */
    public record Move(long contactId, String fingerprint, String from, String to, long at) {
    }

    /** Contacts under the live and the shadow band. */
    public record Pair(String live, String shadow, long contacts) {
    }

    /** Contacts that entered a band in one week, counted from the shadow's start (week 0 is its first week). */
    public record Inflow(long week, String band, long contacts) {
    }

    /** Records that the daemon scores with {@code model} in shadow from now; returns whether it was new. */
    public boolean start(Model model) {
        return sql.update("INSERT OR IGNORE INTO shadow_models (fingerprint, version, config_text, started_at) "
                + "VALUES (?, ?, ?, ?)", model.fingerprint(), model.version(), model.configText(),
                model.startedAt()) == 1;
    }

    /** The shadow model started last; empty when none ever ran. */
    public Optional<Model> latest() {
        return sql.first("SELECT fingerprint, version, config_text, started_at FROM shadow_models "
                + "ORDER BY started_at DESC, rowid DESC LIMIT 1", Shadows::model);
    }

    /** The shadow bands of {@code ids} under {@code fingerprint}, by contact. */
    public Map<Long, Band> bands(Collection<Long> ids, String fingerprint) {
        Map<Long, Band> bands = new HashMap<>();
        for (Band b : sql.listIn("SELECT contact_id, fingerprint, band, since, last_transition_at, score, scored_at "
                + "FROM shadow_bands WHERE fingerprint = ? AND contact_id IN (?)", ids, Shadows::band, fingerprint)) {
            bands.put(b.contactId(), b);
        }
        return bands;
    }

    /** Stores the shadow bands of a batch (one row per contact: the latest) and the changes they counted. */
    public void record(Collection<Band> bands, Collection<Move> moves) {
        sql.batch("INSERT INTO shadow_bands (contact_id, fingerprint, band, since, last_transition_at, score, "
                + "scored_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (contact_id) DO UPDATE SET "
                + "fingerprint = excluded.fingerprint, band = excluded.band, since = excluded.since, "
                + "last_transition_at = excluded.last_transition_at, score = excluded.score, "
                + "scored_at = excluded.scored_at", bands, (ps, b) -> {
                    ps.setLong(1, b.contactId());
                    ps.setString(2, b.fingerprint());
                    ps.setString(3, b.band());
                    ps.setLong(4, b.since());
                    if (b.lastTransitionAt() == null) {
                        ps.setNull(5, java.sql.Types.INTEGER);
                    } else {
                        ps.setLong(5, b.lastTransitionAt());
                    }
                    ps.setInt(6, b.score());
                    ps.setLong(7, b.scoredAt());
                });
        sql.batch("INSERT INTO shadow_transitions (contact_id, fingerprint, from_band, to_band, at) "
                + "VALUES (?, ?, ?, ?, ?)", moves, (ps, m) -> {
                    ps.setLong(1, m.contactId());
                    ps.setString(2, m.fingerprint());
                    ps.setString(3, m.from());
                    ps.setString(4, m.to());
                    ps.setLong(5, m.at());
                });
    }

    /** Live contacts scored under the shadow {@code fingerprint}, by their live band and their shadow band. */
    public List<Pair> agreement(String fingerprint) {
        return sql.list("SELECT b.band, s.band, COUNT(*) FROM shadow_bands s JOIN band_state b "
                + "ON b.contact_id = s.contact_id JOIN contacts k ON k.id = s.contact_id "
                + "WHERE s.fingerprint = ? AND k.archived = 0 GROUP BY b.band, s.band ORDER BY b.band, s.band",
                rs -> new Pair(rs.getString(1), rs.getString(2), rs.getLong(3)), fingerprint);
    }

    /** Fired live transitions since {@code since}, by week from it and band entered. */
    public List<Inflow> liveInflow(long since) {
        return sql.list("SELECT (at - ?) / ?, to_band, COUNT(*) FROM transitions WHERE fired = 1 AND at >= ? "
                + "GROUP BY 1, 2 ORDER BY 1, 2", rs -> new Inflow(rs.getLong(1), rs.getString(2), rs.getLong(3)),
                since, WEEK, since);
    }

    /** Counted changes under the shadow {@code fingerprint} since {@code since}, by week from it and band entered. */
    public List<Inflow> shadowInflow(String fingerprint, long since) {
        return sql.list("SELECT (at - ?) / ?, to_band, COUNT(*) FROM shadow_transitions WHERE fingerprint = ? "
                + "AND at >= ? GROUP BY 1, 2 ORDER BY 1, 2",
                rs -> new Inflow(rs.getLong(1), rs.getString(2), rs.getLong(3)), since, WEEK, fingerprint, since);
    }

    /**
     * Counted changes under the shadow {@code fingerprint} from {@code since} to {@code until} (epoch ms, both
     * inclusive), by contact and each contact's oldest first.
     */
    public List<Move> moves(String fingerprint, long since, long until) {
        return sql.list("SELECT contact_id, fingerprint, from_band, to_band, at FROM shadow_transitions "
                + "WHERE fingerprint = ? AND at >= ? AND at <= ? ORDER BY contact_id, seq",
                rs -> new Move(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)),
                fingerprint, since, until);
    }

    private static Model model(ResultSet rs) throws SQLException {
        return new Model(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4));
    }

    private static Band band(ResultSet rs) throws SQLException {
        return new Band(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), Sql.nullableLong(rs, 5),
                rs.getInt(6), rs.getLong(7));
    }
}
