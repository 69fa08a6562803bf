package io.hubscore.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Engagements (emails, calls, meetings, notes, tasks) and the contacts they are associated with.
 * Storing an engagement marks every contact it is or was associated with dirty.
 */
public final class Engagements {

    private Engagements() {
    }

    /**
     * An engagement as pulled, with the ids of its contacts.
     *
     * @param createdAt when HubSpot created it; may be null (kept as stored then)
     */
    public record Pulled(String type, long id, Long occurredAt, Map<String, String> properties, Set<Long> contactIds,
            Long createdAt) {
        public Pulled {
            properties = Map.copyOf(properties);
            contactIds = Set.copyOf(contactIds);
        }

        public Pulled(String type, long id, Long occurredAt, Map<String, String> properties, Set<Long> contactIds) {
            this(type, id, occurredAt, properties, contactIds, null);
        }
    }

    /** An engagement as the scoring engine needs it. */
    public record Event(String type, long id, Long occurredAt, Map<String, String> properties) {
    }

    /** Stores engagements and their links; returns the contacts marked dirty. */
    public static Set<Long> upsert(Connection c, Collection<Pulled> engagements, long now) throws SQLException {
        Set<Long> touched = new TreeSet<>();
        try (PreparedStatement upsert = c.prepareStatement(
                "INSERT INTO engagements (type, id, occurred_at, properties, archived, pulled_at, created_at) "
                        + "VALUES (?, ?, ?, ?, 0, ?, ?) "
                        + "ON CONFLICT (type, id) DO UPDATE SET occurred_at = excluded.occurred_at, "
                        + "properties = excluded.properties, archived = 0, pulled_at = excluded.pulled_at, "
                        + "created_at = COALESCE(excluded.created_at, engagements.created_at)");
                PreparedStatement linked = c.prepareStatement(
                        "SELECT contact_id FROM engagement_contacts WHERE type = ? AND engagement_id = ?");
                PreparedStatement unlink = c.prepareStatement(
                        "DELETE FROM engagement_contacts WHERE type = ? AND engagement_id = ?");
                PreparedStatement link = c.prepareStatement(
                        "INSERT OR IGNORE INTO engagement_contacts (type, engagement_id, contact_id) VALUES (?, ?, ?)")) {
            for (Pulled e : engagements) {
                upsert.setString(1, e.type());
                upsert.setLong(2, e.id());
                Sql.setNullableLong(upsert, 3, e.occurredAt());
                upsert.setString(4, StoredJson.object(e.properties()));
                upsert.setLong(5, now);
                Sql.setNullableLong(upsert, 6, e.createdAt());
                upsert.executeUpdate();
                linked.setString(1, e.type());
                linked.setLong(2, e.id());
                try (ResultSet rs = linked.executeQuery()) {
                    while (rs.next()) {
                        touched.add(rs.getLong(1));
                    }
                }
                unlink.setString(1, e.type());
                unlink.setLong(2, e.id());
                unlink.executeUpdate();
                for (long contactId : e.contactIds()) {
                    link.setString(1, e.type());
                    link.setLong(2, e.id());
                    link.setLong(3, contactId);
                    link.addBatch();
                    touched.add(contactId);
                }
                link.executeBatch();
            }
        }
        Contacts.markDirty(c, touched);
        return touched;
    }

    /** The engagements of one contact, oldest first. */
    public static List<Event> forContact(Connection c, long contactId) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT e.type, e.id, e.occurred_at, e.properties FROM engagements e "
                        + "JOIN engagement_contacts l ON l.type = e.type AND l.engagement_id = e.id "
                        + "WHERE l.contact_id = ? AND e.archived = 0 ORDER BY e.occurred_at, e.type, e.id")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new Event(rs.getString(1), rs.getLong(2), Sql.nullableLong(rs, 3),
                            StoredJson.object(rs.getString(4), rs.getString(1) + " " + rs.getLong(2) + " properties")));
                }
            }
        }
        return events;
    }

    /** Live engagements of {@code type} created up to {@code createdUpTo}, counting those of unknown creation time. */
    public static long countCreatedUpTo(Connection c, String type, long createdUpTo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM engagements WHERE type = ? "
                + "AND archived = 0 AND (created_at IS NULL OR created_at <= ?)")) {
            ps.setString(1, type);
            ps.setLong(2, createdUpTo);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Which of {@code ids} the ledger holds as live engagements of {@code type}. */
    public static Set<Long> live(Connection c, String type, Collection<Long> ids) throws SQLException {
        return Sql.selectIn(c, "SELECT id FROM engagements WHERE archived = 0 AND type = ? AND id IN (?)", type, ids);
    }

    public static long count(Connection c) throws SQLException {
        return Sql.count(c, "SELECT COUNT(*) FROM engagements WHERE archived = 0");
    }
}
