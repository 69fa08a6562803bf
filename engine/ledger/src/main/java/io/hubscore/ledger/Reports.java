package io.hubscore.ledger;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The read-only questions {@code hubscore status} and {@code hubscore explain} ask of a ledger, answered as
 * records. Every method only reads; run them inside one {@link Ledger#read} so a report is one consistent
 * snapshot, also on a ledger opened with {@link Ledger#openReadOnly} while a daemon writes to it. Stateless
 * and thread-safe. Times are epoch milliseconds; fields documented as nullable are null when the ledger has
 * no value.
 */
public final class Reports {

    private Reports() {
    }

    // ---- status ----

    /** Where a pull stream stopped: its cursor as stored, and when it moved. */
    public record Checkpoint(String stream, String cursor, long updatedAt) {
        public Checkpoint {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(cursor, "cursor");
        }
    }

    /** How many contacts the ledger holds: live ({@code known}), archived or merged, and waiting to be scored. */
    public record ContactCounts(long known, long archived, long dirty) {
    }

    /** The outbox by state. */
    public record OutboxCounts(long pending, long parked, long delivered, long superseded) {
    }

    /**
     * A write HubSpot refused for good.
     *
     * @param reason HubSpot's reason as recorded; may be null
     */
    public record ParkedWrite(long seq, long contactId, Map<String, String> properties, int attempts, String reason,
            long createdAt) {
        public ParkedWrite {
            properties = Map.copyOf(properties);
        }
    }

    /**
     * An owned property someone else changed, not yet cleared.
     *
     * @param ours the value hubscore wrote; may be null
     * @param theirs the value found in HubSpot; may be null
     */
    public record OpenConflict(long seq, long contactId, String property, String ours, String theirs, String policy,
            long seenAt) {
    }

    /**
     * One job run.
     *
     * @param endedAt null while the run is going on (or when it never finished)
     * @param counts what the run counted, in the order recorded
     * @param error the run's one-line error; null when it succeeded
     */
    public record JobRun(String job, long startedAt, Long endedAt, Map<String, String> counts, String error) {
        public JobRun {
            Objects.requireNonNull(job, "job");
            counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        }

        /** How long the run took in milliseconds; null while it has not ended. */
        public Long durationMillis() {
            return endedAt == null ? null : endedAt - startedAt;
        }
    }

    /**
     * A released model version.
     *
     * @param note the release note; may be null
     */
    public record ModelVersion(String fingerprint, String version, long releasedAt, String note) {
        public ModelVersion {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(version, "version");
        }
    }

    /** Transitions fired and held since a moment (e.g. the start of today) and in all. */
    public record TransitionCounts(long firedSince, long firedTotal, long heldSince, long heldTotal) {
    }

    /** One portal-state fact, as stored, and when it was set. */
    public record StateValue(String value, long updatedAt) {
        public StateValue {
            Objects.requireNonNull(value, "value");
        }
    }

    /** Every checkpoint, by stream name. */
    public static List<Checkpoint> checkpoints(Connection c) throws SQLException {
        List<Checkpoint> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT stream, cursor, updated_at FROM checkpoints ORDER BY stream");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                list.add(new Checkpoint(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
        }
        return list;
    }

    public static ContactCounts contactCounts(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(SUM(archived = 0), 0), COALESCE(SUM(archived = 1), 0), "
                        + "COALESCE(SUM(dirty = 1), 0) FROM contacts");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new ContactCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }

    public static OutboxCounts outboxCounts(Connection c) throws SQLException {
        Map<String, Long> byState = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM outbox GROUP BY state");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byState.put(rs.getString(1), rs.getLong(2));
            }
        }
        return new OutboxCounts(byState.getOrDefault("pending", 0L), byState.getOrDefault("parked", 0L),
                byState.getOrDefault("delivered", 0L), byState.getOrDefault("superseded", 0L));
    }

    /** The {@code limit} most recently parked writes, latest first. */
    public static List<ParkedWrite> latestParked(Connection c, int limit) throws SQLException {
        return parked(c, "WHERE state = 'parked' ORDER BY seq DESC LIMIT ?", limit);
    }

    /** The {@code limit} most recent open conflicts, latest first. */
    public static List<OpenConflict> latestOpenConflicts(Connection c, int limit) throws SQLException {
        return conflicts(c, "WHERE cleared_at IS NULL ORDER BY seq DESC LIMIT ?", limit);
    }

    public static long openConflictCount(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM conflicts WHERE cleared_at IS NULL");
    }

    /** The last run of each job, by job name. */
    public static List<JobRun> lastRunOfEachJob(Connection c) throws SQLException {
        List<JobRun> runs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT job, started_at, ended_at, counts, error FROM runs WHERE seq IN "
                        + "(SELECT MAX(seq) FROM runs GROUP BY job) ORDER BY job");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                runs.add(new JobRun(rs.getString(1), rs.getLong(2), Sql.nullableLong(rs, 3),
                        rs.getString(4) == null ? Map.of()
                                : StoredJson.object(rs.getString(4), "the counts of a run of " + rs.getString(1)), rs.getString(5)));
            }
        }
        return runs;
    }

    /** The model version released last: the one the daemon scores with. Empty before the first release. */
    public static Optional<ModelVersion> latestModel(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT fingerprint, version, released_at, note FROM model_versions "
                        + "ORDER BY released_at DESC, rowid DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next()
                    ? Optional.of(new ModelVersion(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                    : Optional.empty();
        }
    }

    /** How many live contacts hold each band, by band name. Archived contacts are not counted. */
    public static Map<String, Long> bandDistribution(Connection c) throws SQLException {
        Map<String, Long> bands = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT b.band, COUNT(*) FROM band_state b LEFT JOIN contacts k ON k.id = b.contact_id "
                        + "WHERE COALESCE(k.archived, 0) = 0 GROUP BY b.band ORDER BY b.band");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                bands.put(rs.getString(1), rs.getLong(2));
            }
        }
        return bands;
    }

    /** Transitions fired and held at or after {@code since} (epoch ms), and in all. */
    public static TransitionCounts transitionCounts(Connection c, long since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(SUM(fired = 1 AND at >= ?), 0), COALESCE(SUM(fired = 1), 0), "
                        + "COALESCE(SUM(fired = 0 AND at >= ?), 0), COALESCE(SUM(fired = 0), 0) FROM transitions")) {
            ps.setLong(1, since);
            ps.setLong(2, since);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new TransitionCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    /** Every portal-state fact (pause, auth failure, rate budget), by key; keys this version does not know are left out. */
    public static Map<PortalState.Key, StateValue> portalState(Connection c) throws SQLException {
        Map<PortalState.Key, StateValue> state = new java.util.EnumMap<>(PortalState.Key.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT key, value, updated_at FROM portal_state ORDER BY key");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StateValue value = new StateValue(rs.getString(2), rs.getLong(3));
                PortalState.Key.of(rs.getString(1)).ifPresent(key -> state.put(key, value));
            }
        }
        return state;
    }

    // ---- explain ----

    /**
     * A contact as the ledger knows it.
     *
     * @param mergedInto the contact it was merged into; null unless merged
     * @param modifiedAt HubSpot's last modification; null when unknown
     */
    public record ContactInfo(long id, boolean archived, Long mergedInto, boolean dirty, Long modifiedAt,
            long pulledAt) {
    }

    /**
     * A contact's latest score.
     *
     * @param version the model version's name; null when the ledger lacks the model row
     */
    public record Score(long seq, long contactId, int score, BigDecimal fit, BigDecimal engagement, String band,
            String fingerprint, String version, List<Scores.Contribution> contributions, List<Scores.Note> notes,
            long scoredAt) {
        public Score {
            contributions = List.copyOf(contributions);
            notes = List.copyOf(notes);
        }

        /** The sum of the contributions' points: equal to {@link #score} in a consistent ledger. */
        public BigDecimal contributionSum() {
            return contributions.stream().map(Scores.Contribution::points).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /**
     * A contact's current band.
     *
     * @param lastTransitionAt null before its first transition
     */
    public record Band(String band, long since, Long lastTransitionAt, int score, String fingerprint) {
    }

    /**
     * A band change, fired or held.
     *
     * @param fromBand null for a first assignment
     * @param heldBy {@code cooldown} or a suppression's name; null when fired
     * @param reason free text; may be null
     * @param version the model version's name; null when the ledger lacks the model row
     */
    public record Transition(long seq, String fromBand, String toBand, int score, String fingerprint, String version,
            long at, boolean fired, String heldBy, String reason) {
    }

    /**
     * An outbox row of one contact.
     *
     * @param lastError the last failure or HubSpot's refusal; may be null
     */
    public record QueuedWrite(long seq, Map<String, String> properties, String state, int attempts, String lastError,
            long createdAt, long nextAttemptAt) {
        public QueuedWrite {
            properties = Map.copyOf(properties);
        }
    }

    /** A value HubSpot acknowledged for an owned property. */
    public record WrittenValue(String property, String value, long writtenAt) {
    }

    /** Whether the ledger knows the contact at all: pulled, scored, or given a band. */
    public static boolean knows(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM contacts WHERE id = ?) OR EXISTS (SELECT 1 FROM scores WHERE contact_id = ?)"
                        + " OR EXISTS (SELECT 1 FROM band_state WHERE contact_id = ?)")) {
            ps.setLong(1, contactId);
            ps.setLong(2, contactId);
            ps.setLong(3, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }

    public static Optional<ContactInfo> contact(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, archived, merged_into, dirty, modified_at, pulled_at FROM contacts WHERE id = ?")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new ContactInfo(rs.getLong(1), rs.getInt(2) == 1, Sql.nullableLong(rs, 3),
                                rs.getInt(4) == 1, Sql.nullableLong(rs, 5), rs.getLong(6)))
                        : Optional.empty();
            }
        }
    }

    /**
     * The contact's latest score with its contributions and notes parsed.
     *
     * @throws LedgerException when the stored JSON is not in the ledger's format
     */
    public static Optional<Score> latestScore(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT s.seq, s.contact_id, s.score, s.fit, s.engagement, s.band, s.fingerprint, m.version, "
                        + "s.contributions, s.notes, s.scored_at FROM scores s "
                        + "LEFT JOIN model_versions m ON m.fingerprint = s.fingerprint "
                        + "WHERE s.contact_id = ? ORDER BY s.seq DESC LIMIT 1")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String where = "score row " + rs.getLong(1);
                return Optional.of(new Score(rs.getLong(1), rs.getLong(2), rs.getInt(3),
                        StoredJson.decimal(rs.getString(4), where + " fit"),
                        StoredJson.decimal(rs.getString(5), where + " engagement"), rs.getString(6), rs.getString(7),
                        rs.getString(8), StoredJson.contributions(rs.getString(9), where),
                        StoredJson.notes(rs.getString(10), where), rs.getLong(11)));
            }
        }
    }

    public static Optional<Band> band(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT band, since, last_transition_at, score, fingerprint FROM band_state WHERE contact_id = ?")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Band(rs.getString(1), rs.getLong(2), Sql.nullableLong(rs, 3), rs.getInt(4),
                                rs.getString(5)))
                        : Optional.empty();
            }
        }
    }

    /** Every transition of the contact, oldest first. */
    public static List<Transition> transitions(Connection c, long contactId) throws SQLException {
        List<Transition> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT t.seq, t.from_band, t.to_band, t.score, t.fingerprint, m.version, t.at, t.fired, t.held_by, "
                        + "t.reason FROM transitions t LEFT JOIN model_versions m ON m.fingerprint = t.fingerprint "
                        + "WHERE t.contact_id = ? ORDER BY t.seq")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Transition(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6), rs.getLong(7), rs.getInt(8) == 1, rs.getString(9),
                            rs.getString(10)));
                }
            }
        }
        return list;
    }

    /** The contact's writes not yet delivered: pending and parked outbox rows, oldest first. */
    public static List<QueuedWrite> undelivered(Connection c, long contactId) throws SQLException {
        List<QueuedWrite> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, properties, state, attempts, last_error, created_at, next_attempt_at FROM outbox "
                        + "WHERE contact_id = ? AND state IN ('pending', 'parked') ORDER BY seq")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new QueuedWrite(rs.getLong(1), StoredJson.object(rs.getString(2), "outbox row " + rs.getLong(1) + " properties"), rs.getString(3),
                            rs.getInt(4), rs.getString(5), rs.getLong(6), rs.getLong(7)));
                }
            }
        }
        return list;
    }

    /** What HubSpot last acknowledged for the contact, by property. */
    public static List<WrittenValue> written(Connection c, long contactId) throws SQLException {
        List<WrittenValue> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT property, value, written_at FROM written WHERE contact_id = ? ORDER BY property")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new WrittenValue(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return list;
    }

    /** The contact's open conflicts, oldest first. */
    public static List<OpenConflict> openConflicts(Connection c, long contactId) throws SQLException {
        List<OpenConflict> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, contact_id, property, ours, theirs, policy, seen_at FROM conflicts "
                        + "WHERE contact_id = ? AND cleared_at IS NULL ORDER BY seq")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(conflict(rs));
                }
            }
        }
        return list;
    }

    // ---- rows and JSON ----

    private static List<ParkedWrite> parked(Connection c, String where, int limit) throws SQLException {
        List<ParkedWrite> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, contact_id, properties, attempts, last_error, created_at FROM outbox " + where)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new ParkedWrite(rs.getLong(1), rs.getLong(2), StoredJson.object(rs.getString(3), "outbox row " + rs.getLong(1) + " properties"), rs.getInt(4),
                            rs.getString(5), rs.getLong(6)));
                }
            }
        }
        return list;
    }

    private static List<OpenConflict> conflicts(Connection c, String where, int limit) throws SQLException {
        List<OpenConflict> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, contact_id, property, ours, theirs, policy, seen_at FROM conflicts " + where)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(conflict(rs));
                }
            }
        }
        return list;
    }

    private static OpenConflict conflict(ResultSet rs) throws SQLException {
        return new OpenConflict(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7));
    }
}
