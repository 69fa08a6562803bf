package io.hubscore.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The contacts pulled from HubSpot ({@code contacts}): the properties the model and suppressions read, a hash of the
 * scoring-relevant values; and which of them wait to be scored ({@code dirty_contacts}, a row each, so marking and
 * clearing a contact does not rewrite its row). A pulled contact becomes dirty only when that hash changes, so
 * hubscore's own write-back (which bumps lastmodifieddate) does not cause a rescore. Bound to one {@link Ledger.Tx}, so
 * not thread-safe.
 */
public final class Contacts {

    /** The columns {@link #stored} reads, of {@code contacts c}. */
    static final String COLUMNS = "c.id, c.properties, c.archived, c.merged_into, "
            + "EXISTS (SELECT 1 FROM dirty_contacts d WHERE d.contact_id = c.id), c.modified_at, c.pulled_at";

    private final Sql sql;

    Contacts(Sql sql) {
        this.sql = sql;
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

    /**
     * A contact as stored.
     *
     * @param properties the relevant properties as last pulled (none for a contact only known as archived)
     * @param mergedInto the contact it was merged into; null unless merged
     * @param dirty whether it waits to be scored
     * @param modifiedAt HubSpot's last modification; null when unknown
     */
    public record Stored(long id, Map<String, String> properties, boolean archived, Long mergedInto, boolean dirty,
            Long modifiedAt, long pulledAt) {
    }

    /** How many contacts the ledger holds: live, archived or merged, and waiting to be scored. */
    public record Counts(long live, long archived, long dirty) {
    }

    /** Stores pulled contacts; new ones and those whose relevant hash changed become dirty. */
    public void upsert(Collection<Pulled> contacts, long now) {
        // before the rows change: dirty unless stored live with the same hash (a dirty one stays dirty)
        sql.batch("INSERT OR IGNORE INTO dirty_contacts (contact_id) SELECT ?1 WHERE NOT EXISTS "
                + "(SELECT 1 FROM contacts WHERE id = ?1 AND archived = 0 AND relevant_hash = ?2)", contacts,
                (ps, contact) -> {
                    Sql.bind(ps, 1, contact.id());
                    Sql.bind(ps, 2, contact.relevantHash());
                });
        sql.batch("INSERT INTO contacts (id, properties, relevant_hash, modified_at, archived, merged_into, "
                + "pulled_at, created_at) VALUES (?, ?, ?, ?, 0, NULL, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET properties = excluded.properties, "
                + "modified_at = excluded.modified_at, pulled_at = excluded.pulled_at, archived = 0, "
                + "created_at = COALESCE(excluded.created_at, contacts.created_at), "
                + "merged_into = NULL, "
                + "relevant_hash = excluded.relevant_hash", contacts, (ps, contact) -> {
                    Sql.bind(ps, 1, contact.id());
                    Sql.bind(ps, 2, StoredJson.object(contact.properties()));
                    Sql.bind(ps, 3, contact.relevantHash());
                    Sql.bind(ps, 4, contact.modifiedAt());
                    Sql.bind(ps, 5, now);
                    Sql.bind(ps, 6, contact.createdAt());
                });
    }

    /** Marks a contact archived (deleted, or merged into {@code mergedInto}); archived contacts are not scored. */
    public void archive(long id, Long mergedInto, long now) {
        sql.update("INSERT INTO contacts (id, properties, relevant_hash, archived, merged_into, pulled_at) "
                + "VALUES (?, '{}', '', 1, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET archived = 1, merged_into = excluded.merged_into, "
                + "pulled_at = excluded.pulled_at", id, mergedInto, now);
        sql.update("DELETE FROM dirty_contacts WHERE contact_id = ?", id);
    }

    public Optional<Stored> get(long id) {
        return sql.first("SELECT " + COLUMNS + " FROM contacts c WHERE c.id = ?", Contacts::stored, id);
    }

    /** Whether the ledger knows the contact at all: pulled, scored, or given a band. */
    public boolean known(long id) {
        return sql.count("SELECT EXISTS (SELECT 1 FROM contacts WHERE id = ?) "
                + "OR EXISTS (SELECT 1 FROM scores WHERE contact_id = ?) "
                + "OR EXISTS (SELECT 1 FROM band_state WHERE contact_id = ?)", id, id, id) == 1;
    }

    /** Up to {@code limit} dirty contact ids above {@code afterId}, lowest first. */
    public List<Long> dirtyIdsAfter(long afterId, int limit) {
        return sql.list("SELECT contact_id FROM dirty_contacts WHERE contact_id > ? ORDER BY contact_id LIMIT ?",
                rs -> rs.getLong(1), afterId, limit);
    }

    /** Up to {@code limit} dirty contact ids, lowest first. */
    public List<Long> dirtyIds(int limit) {
        return sql.list("SELECT contact_id FROM dirty_contacts ORDER BY contact_id LIMIT ?", rs -> rs.getLong(1),
                limit);
    }

    /** Which of {@code ids} wait to be scored. */
    public Set<Long> dirtyAmong(Collection<Long> ids) {
        return sql.selectIn("SELECT contact_id FROM dirty_contacts WHERE contact_id IN (?)", ids);
    }

    /** Marks these contacts dirty, those the ledger holds as live. */
    public void markDirty(Collection<Long> ids) {
        sql.updateIn("INSERT OR IGNORE INTO dirty_contacts (contact_id) SELECT id FROM contacts "
                + "WHERE archived = 0 AND id IN (?)", ids);
    }

    public void clearDirty(Collection<Long> ids) {
        sql.updateIn("DELETE FROM dirty_contacts WHERE contact_id IN (?)", ids);
    }

    /** Marks every live contact dirty, e.g. when a new model version is released; returns how many. */
    public int markAllDirty() {
        sql.update("INSERT OR IGNORE INTO dirty_contacts (contact_id) SELECT id FROM contacts WHERE archived = 0");
        return (int) sql.count("SELECT COUNT(*) FROM contacts WHERE archived = 0");
    }

    public Counts counts() {
        return sql.first("SELECT COALESCE(SUM(archived = 0), 0), COALESCE(SUM(archived = 1), 0), "
                + "(SELECT COUNT(*) FROM dirty_contacts) FROM contacts", rs -> new Counts(rs.getLong(1), rs.getLong(2),
                        rs.getLong(3))).orElseThrow();
    }

    /** The contacts waiting to be scored. */
    public long dirtyCount() {
        return sql.count("SELECT COUNT(*) FROM dirty_contacts");
    }

    /** Live contacts created up to {@code createdUpTo} (epoch ms), counting those of unknown creation time. */
    public long countCreatedUpTo(long createdUpTo) {
        return sql.count("SELECT COUNT(*) FROM contacts WHERE archived = 0 AND (created_at IS NULL "
                + "OR created_at <= ?)", createdUpTo);
    }

    /** Which of {@code ids} the ledger holds as live contacts. */
    public Set<Long> live(Collection<Long> ids) {
        return sql.selectIn("SELECT id FROM contacts WHERE archived = 0 AND id IN (?)", ids);
    }

    /** As {@link #stored}, the properties parsed when first used. */
    static Stored storedLazily(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        return new Stored(id, new StoredObject(rs.getString(2), () -> "contact " + id + " properties"),
                rs.getInt(3) == 1, Sql.nullableLong(rs, 4), rs.getInt(5) == 1, Sql.nullableLong(rs, 6), rs.getLong(7));
    }

    static Stored stored(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        return new Stored(id, StoredJson.object(rs.getString(2), () -> "contact " + id + " properties"),
                rs.getInt(3) == 1, Sql.nullableLong(rs, 4), rs.getInt(5) == 1,
                Sql.nullableLong(rs, 6), rs.getLong(7));
    }
}
