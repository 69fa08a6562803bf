package io.hubscore.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The contacts pulled from HubSpot: the properties the model and suppressions read, a hash of the
 * scoring-relevant values, and the dirty flag. A pulled contact becomes dirty only when that hash
 * changes, so hubscore's own write-back (which bumps lastmodifieddate) does not cause a rescore.
 */
public final class Contacts {

    private Contacts() {
    }

    /**
     * A contact as pulled.
     *
     * @param modifiedAt HubSpot's lastmodifieddate; may be null
     * @param createdAt when HubSpot created it; may be null (kept as stored then)
     */
    public record Pulled(long id, Map<String, String> properties, String relevantHash, Long modifiedAt,
            Long createdAt) {
        public Pulled {
            properties = Map.copyOf(properties);
        }

        public Pulled(long id, Map<String, String> properties, String relevantHash, Long modifiedAt) {
            this(id, properties, relevantHash, modifiedAt, null);
        }
    }

    /** A contact as stored. */
    public record Stored(long id, Map<String, String> properties, boolean archived, Long mergedInto, boolean dirty) {
    }

    /** Stores pulled contacts; new ones and those whose relevant hash changed become dirty. */
    public static void upsert(Connection c, Collection<Pulled> contacts, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO contacts (id, properties, relevant_hash, modified_at, archived, merged_into, dirty, pulled_at, "
                        + "created_at) VALUES (?, ?, ?, ?, 0, NULL, 1, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET properties = excluded.properties, "
                        + "modified_at = excluded.modified_at, pulled_at = excluded.pulled_at, archived = 0, "
                        + "created_at = COALESCE(excluded.created_at, contacts.created_at), "
                        + "merged_into = NULL, "
                        + "dirty = CASE WHEN contacts.relevant_hash = excluded.relevant_hash AND contacts.archived = 0 "
                        + "THEN contacts.dirty ELSE 1 END, "
                        + "relevant_hash = excluded.relevant_hash")) {
            for (Pulled contact : contacts) {
                ps.setLong(1, contact.id());
                ps.setString(2, StoredJson.object(contact.properties()));
                ps.setString(3, contact.relevantHash());
                Sql.setNullableLong(ps, 4, contact.modifiedAt());
                ps.setLong(5, now);
                Sql.setNullableLong(ps, 6, contact.createdAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Marks a contact archived (deleted, or merged into {@code mergedInto}); archived contacts are not scored. */
    public static void archive(Connection c, long id, Long mergedInto, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO contacts (id, properties, relevant_hash, archived, merged_into, dirty, pulled_at) "
                        + "VALUES (?, '{}', '', 1, ?, 0, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET archived = 1, merged_into = excluded.merged_into, dirty = 0, "
                        + "pulled_at = excluded.pulled_at")) {
            ps.setLong(1, id);
            Sql.setNullableLong(ps, 2, mergedInto);
            ps.setLong(3, now);
            ps.executeUpdate();
        }
    }

    public static Optional<Stored> get(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, properties, archived, merged_into, dirty FROM contacts WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(rs.getLong(1), StoredJson.object(rs.getString(2), "contact " + rs.getLong(1) + " properties"), rs.getInt(3) == 1,
                        Sql.nullableLong(rs, 4), rs.getInt(5) == 1));
            }
        }
    }

    /** Up to {@code limit} dirty contact ids, lowest first. */
    public static List<Long> dirtyIds(Connection c, int limit) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM contacts WHERE dirty = 1 ORDER BY id LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    public static void markDirty(Connection c, Collection<Long> ids) throws SQLException {
        Sql.updateIn(c, "UPDATE contacts SET dirty = 1 WHERE archived = 0 AND id IN (?)", ids);
    }

    public static void clearDirty(Connection c, Collection<Long> ids) throws SQLException {
        Sql.updateIn(c, "UPDATE contacts SET dirty = 0 WHERE id IN (?)", ids);
    }

    /** Marks every live contact dirty, e.g. when a new model version is released. */
    public static int markAllDirty(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE contacts SET dirty = 1 WHERE archived = 0")) {
            return ps.executeUpdate();
        }
    }

    public static long count(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM contacts WHERE archived = 0");
    }

    /** Live contacts created up to {@code createdUpTo} (epoch ms), counting those of unknown creation time. */
    public static long countCreatedUpTo(Connection c, long createdUpTo) throws SQLException {
        return Sql.countWith(c, "SELECT COUNT(*) FROM contacts WHERE archived = 0 AND (created_at IS NULL "
                + "OR created_at <= ?)", createdUpTo);
    }

    /** Which of {@code ids} the ledger holds as live contacts. */
    public static Set<Long> live(Connection c, Collection<Long> ids) throws SQLException {
        return Sql.selectIn(c, "SELECT id FROM contacts WHERE archived = 0 AND id IN (?)", null, ids);
    }

    public static long dirtyCount(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM contacts WHERE dirty = 1");
    }
}
