package io.hubscore.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Deals and their contacts, kept for suppressions that hold back contacts with an open deal. */
public final class Deals {

    private Deals() {
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
    public static Set<Long> upsert(Connection c, Collection<Pulled> deals, long now) throws SQLException {
        Set<Long> touched = new TreeSet<>();
        try (PreparedStatement upsert = c.prepareStatement(
                "INSERT INTO deals (id, properties, closed, pulled_at, created_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET properties = excluded.properties, closed = excluded.closed, "
                        + "pulled_at = excluded.pulled_at, created_at = COALESCE(excluded.created_at, deals.created_at)");
                PreparedStatement linked = c.prepareStatement("SELECT contact_id FROM deal_contacts WHERE deal_id = ?");
                PreparedStatement unlink = c.prepareStatement("DELETE FROM deal_contacts WHERE deal_id = ?");
                PreparedStatement link = c.prepareStatement(
                        "INSERT OR IGNORE INTO deal_contacts (deal_id, contact_id) VALUES (?, ?)")) {
            for (Pulled deal : deals) {
                upsert.setLong(1, deal.id());
                upsert.setString(2, StoredJson.object(deal.properties()));
                upsert.setInt(3, deal.closed() ? 1 : 0);
                upsert.setLong(4, now);
                Sql.setNullableLong(upsert, 5, deal.createdAt());
                upsert.executeUpdate();
                linked.setLong(1, deal.id());
                try (ResultSet rs = linked.executeQuery()) {
                    while (rs.next()) {
                        touched.add(rs.getLong(1));
                    }
                }
                unlink.setLong(1, deal.id());
                unlink.executeUpdate();
                for (long contactId : deal.contactIds()) {
                    link.setLong(1, deal.id());
                    link.setLong(2, contactId);
                    link.addBatch();
                    touched.add(contactId);
                }
                link.executeBatch();
            }
        }
        Contacts.markDirty(c, touched);
        return touched;
    }

    /** Deals created up to {@code createdUpTo}, counting those of unknown creation time. */
    public static long countCreatedUpTo(Connection c, long createdUpTo) throws SQLException {
        return Sql.countWith(c, "SELECT COUNT(*) FROM deals WHERE created_at IS NULL OR created_at <= ?",
                createdUpTo);
    }

    /** Which of {@code ids} the ledger holds as deals. */
    public static Set<Long> stored(Connection c, Collection<Long> ids) throws SQLException {
        return Sql.selectIn(c, "SELECT id FROM deals WHERE id IN (?)", null, ids);
    }

    public static boolean hasOpenDeal(Connection c, long contactId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM deal_contacts l JOIN deals d ON d.id = l.deal_id WHERE l.contact_id = ? AND d.closed = 0 "
                        + "LIMIT 1")) {
            ps.setLong(1, contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
