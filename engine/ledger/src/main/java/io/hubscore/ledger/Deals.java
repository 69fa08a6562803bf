package io.hubscore.ledger;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deals and their contacts ({@code deals}, {@code deal_contacts}), kept for suppressions that hold back contacts with
 * an open deal. Storing a deal marks its contacts, old and new, dirty. Bound to one {@link Ledger.Tx}, so not
 * thread-safe.
 */
public final class Deals {

    private final Sql sql;
    private final Contacts contacts;

    Deals(Sql sql, Contacts contacts) {
        this.sql = sql;
        this.contacts = contacts;
    }

    /**
     * A deal as pulled.
     *
     * @param createdAt when HubSpot created it; may be null (kept as stored then)
     */
    public record Pulled(long id, Map<String, String> properties, boolean closed, Set<Long> contactIds,
            Long createdAt) {
        public Pulled {
            properties = Map.copyOf(properties);
            contactIds = Set.copyOf(contactIds);
        }

        public Pulled(long id, Map<String, String> properties, boolean closed, Set<Long> contactIds) {
            this(id, properties, closed, contactIds, null);
        }
    }

    /** Stores deals and their links; marks their contacts (old and new) dirty and returns them. */
    public Set<Long> upsert(Collection<Pulled> deals, long now) {
        Set<Long> touched = new TreeSet<>();
        for (Pulled deal : deals) {
            sql.update("INSERT INTO deals (id, properties, closed, pulled_at, created_at) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET properties = excluded.properties, closed = excluded.closed, "
                    + "pulled_at = excluded.pulled_at, created_at = COALESCE(excluded.created_at, deals.created_at)",
                    deal.id(), StoredJson.object(deal.properties()), deal.closed(), now, deal.createdAt());
            touched.addAll(sql.list("SELECT contact_id FROM deal_contacts WHERE deal_id = ?", rs -> rs.getLong(1),
                    deal.id()));
            sql.update("DELETE FROM deal_contacts WHERE deal_id = ?", deal.id());
            sql.batch("INSERT OR IGNORE INTO deal_contacts (deal_id, contact_id) VALUES (?, ?)", deal.contactIds(),
                    (ps, contactId) -> {
                        Sql.bind(ps, 1, deal.id());
                        Sql.bind(ps, 2, contactId);
                    });
            touched.addAll(deal.contactIds());
        }
        contacts.markDirty(touched);
        return touched;
    }

    /** Deals created up to {@code createdUpTo}, counting those of unknown creation time. */
    public long countCreatedUpTo(long createdUpTo) {
        return sql.count("SELECT COUNT(*) FROM deals WHERE created_at IS NULL OR created_at <= ?", createdUpTo);
    }

    /** Which of {@code ids} the ledger holds as deals. */
    public Set<Long> stored(Collection<Long> ids) {
        return sql.selectIn("SELECT id FROM deals WHERE id IN (?)", ids);
    }

    public boolean hasOpenDeal(long contactId) {
        return sql.exists("SELECT 1 FROM deal_contacts l JOIN deals d ON d.id = l.deal_id WHERE l.contact_id = ? "
                + "AND d.closed = 0 LIMIT 1", contactId);
    }
}
