package io.hubscore.ledger;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Engagements (emails, calls, meetings, notes, tasks) and the contacts they are associated with ({@code engagements},
 * {@code engagement_contacts}). Storing an engagement marks every contact it is or was associated with dirty. Bound
 * to one transaction.
 */
public final class Engagements {

    private final Sql sql;
    private final Contacts contacts;

    Engagements(Sql sql, Contacts contacts) {
        this.sql = sql;
        this.contacts = contacts;
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

    /**
     * A live engagement as the scoring engine needs it.
     *
     * @param occurredAt when it happened ({@code hs_timestamp}); null when HubSpot has no time for it
     */
    public record Event(String type, long id, Long occurredAt, Map<String, String> properties) {
    }

    /** Stores engagements and their links; returns the contacts marked dirty. */
    public Set<Long> upsert(Collection<Pulled> engagements, long now) {
        Set<Long> touched = new TreeSet<>();
        for (Pulled e : engagements) {
            sql.update("INSERT INTO engagements (type, id, occurred_at, properties, archived, pulled_at, created_at) "
                    + "VALUES (?, ?, ?, ?, 0, ?, ?) "
                    + "ON CONFLICT (type, id) DO UPDATE SET occurred_at = excluded.occurred_at, "
                    + "properties = excluded.properties, archived = 0, pulled_at = excluded.pulled_at, "
                    + "created_at = COALESCE(excluded.created_at, engagements.created_at)",
                    e.type(), e.id(), e.occurredAt(), StoredJson.object(e.properties()), now, e.createdAt());
            touched.addAll(sql.list("SELECT contact_id FROM engagement_contacts WHERE type = ? AND engagement_id = ?",
                    rs -> rs.getLong(1), e.type(), e.id()));
            sql.update("DELETE FROM engagement_contacts WHERE type = ? AND engagement_id = ?", e.type(), e.id());
            sql.batch("INSERT OR IGNORE INTO engagement_contacts (type, engagement_id, contact_id) VALUES (?, ?, ?)",
                    e.contactIds(), (ps, contactId) -> {
                        Sql.bind(ps, 1, e.type());
                        Sql.bind(ps, 2, e.id());
                        Sql.bind(ps, 3, contactId);
                    });
            touched.addAll(e.contactIds());
        }
        contacts.markDirty(touched);
        return touched;
    }

    /** The live engagements of one contact, oldest first. */
    public List<Event> forContact(long contactId) {
        return sql.list("SELECT e.type, e.id, e.occurred_at, e.properties FROM engagements e "
                + "JOIN engagement_contacts l ON l.type = e.type AND l.engagement_id = e.id "
                + "WHERE l.contact_id = ? AND e.archived = 0 ORDER BY e.occurred_at, e.type, e.id",
                rs -> new Event(rs.getString(1), rs.getLong(2), Sql.nullableLong(rs, 3),
                        StoredJson.object(rs.getString(4), rs.getString(1) + " " + rs.getLong(2) + " properties")),
                contactId);
    }

    /** Live engagements of {@code type} created up to {@code createdUpTo}, counting those of unknown creation time. */
    public long countCreatedUpTo(String type, long createdUpTo) {
        return sql.count("SELECT COUNT(*) FROM engagements WHERE type = ? "
                + "AND archived = 0 AND (created_at IS NULL OR created_at <= ?)", type, createdUpTo);
    }

    /** Which of {@code ids} the ledger holds as live engagements of {@code type}. */
    public Set<Long> live(String type, Collection<Long> ids) {
        return sql.selectIn("SELECT id FROM engagements WHERE archived = 0 AND type = ? AND id IN (?)", ids, type);
    }
}
