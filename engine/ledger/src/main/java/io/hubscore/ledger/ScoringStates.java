package io.hubscore.ledger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the score job needs to decide a contact, read for a whole batch of contacts with a few set-based queries
 * instead of a dozen statements per contact: the contact, its live engagements, whether it has an open deal, its band
 * state, its latest score and transition, whether a conflict holds its writes, and the values last queued or written.
 * The score job reads it to score and then writes what it decided; a preview reads it the same way and writes nothing,
 * so both decide from the same state. Property maps are parsed when first used ({@link StoredObject}), so a reader can
 * hand the states to another thread to score. Bound to one {@link Ledger.Tx}, so not thread-safe.
 */
public final class ScoringStates {

    private final Sql sql;

    ScoringStates(Sql sql) {
        this.sql = sql;
    }

    /**
     * One live contact as the score job finds it in the ledger.
     *
     * @param events its live engagements, oldest first (as {@link Engagements#forContact} orders them)
     * @param openDeal whether it is associated with a deal that is not closed
     * @param band its current band; empty before its first score
     * @param latest its latest score; empty before its first score
     * @param lastTransition its latest transition, fired or held; empty when none
     * @param openConflict whether a conflict under the {@code yield} policy holds its writes
     * @param lastValues the values of its latest undelivered write (pending or parked), else what HubSpot last
     *     acknowledged (empty when nothing), by property
     */
    public record ScoringState(Contacts.Stored contact, List<Engagements.Event> events, boolean openDeal,
            Optional<Scores.BandState> band, Optional<Scores.Score> latest, Optional<Scores.Transition> lastTransition,
            boolean openConflict, Map<String, String> lastValues) {
        public ScoringState {
            events = List.copyOf(events);
            lastValues = Map.copyOf(lastValues);
        }

        public long id() {
            return contact.id();
        }
    }

    /**
     * The scoring state of each of {@code ids} the ledger holds as a live contact, by id in ascending order; archived,
     * merged and unknown ids are left out.
     *
     * @throws LedgerException when what is stored is not in the ledger's format
     */
    public Map<Long, ScoringState> load(Collection<Long> ids) {
        Map<Long, Contacts.Stored> contacts = new TreeMap<>();
        for (Contacts.Stored c : sql.listIn("SELECT " + Contacts.COLUMNS + " FROM contacts "
                + "WHERE archived = 0 AND id IN (?)", ids, Contacts::storedLazily)) {
            contacts.put(c.id(), c);
        }
        if (contacts.isEmpty()) {
            return Map.of();
        }
        Set<Long> live = contacts.keySet();

        Map<Long, List<Engagements.Event>> events = new HashMap<>();
        for (Map.Entry<Long, Engagements.Event> e : sql.listIn("SELECT l.contact_id, e.type, e.id, e.occurred_at, "
                + "e.properties FROM engagement_contacts l JOIN engagements e ON e.type = l.type "
                + "AND e.id = l.engagement_id WHERE e.archived = 0 AND l.contact_id IN (?) "
                + "ORDER BY l.contact_id, e.occurred_at, e.type, e.id", live,
                rs -> {
                    String type = rs.getString(2);
                    long id = rs.getLong(3);
                    return Map.entry(rs.getLong(1), new Engagements.Event(type, id, Sql.nullableLong(rs, 4),
                            new StoredObject(rs.getString(5), () -> type + " " + id + " properties")));
                })) {
            events.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        Set<Long> openDeals = sql.selectIn("SELECT DISTINCT l.contact_id FROM deal_contacts l "
                + "JOIN deals d ON d.id = l.deal_id WHERE d.closed = 0 AND l.contact_id IN (?)", live);
        Map<Long, Scores.BandState> bands = new HashMap<>();
        for (Scores.BandState b : sql.listIn("SELECT " + Scores.BAND_COLUMNS + " FROM band_state "
                + "WHERE contact_id IN (?)", live, Scores::bandState)) {
            bands.put(b.contactId(), b);
        }
        Map<Long, Scores.Score> latest = new HashMap<>();
        for (Scores.Score s : sql.listIn("SELECT " + Scores.SCORE_COLUMNS + " FROM scores WHERE seq IN "
                + "(SELECT MAX(seq) FROM scores WHERE contact_id IN (?) GROUP BY contact_id)", live, Scores::score)) {
            latest.put(s.contactId(), s);
        }
        Map<Long, Scores.Transition> transitions = new HashMap<>();
        for (Scores.Transition t : sql.listIn("SELECT " + Scores.TRANSITION_COLUMNS + " FROM transitions WHERE seq IN "
                + "(SELECT MAX(seq) FROM transitions WHERE contact_id IN (?) GROUP BY contact_id)", live,
                Scores::transition)) {
            transitions.put(t.contactId(), t);
        }
        Set<Long> conflicts = sql.selectIn("SELECT DISTINCT contact_id FROM conflicts WHERE cleared_at IS NULL "
                + "AND policy = 'yield' AND contact_id IN (?)", live);
        Map<Long, Map<String, String>> queued = new HashMap<>();
        for (Map.Entry<Long, Map<String, String>> q : sql.listIn("SELECT contact_id, properties, seq FROM outbox "
                + "WHERE seq IN (SELECT MAX(seq) FROM outbox WHERE state IN ('pending', 'parked') "
                + "AND contact_id IN (?) GROUP BY contact_id)", live,
                rs -> {
                    long seq = rs.getLong(3);
                    return Map.entry(rs.getLong(1), StoredJson.object(rs.getString(2), () -> "outbox row " + seq
                            + " properties"));
                })) {
            queued.put(q.getKey(), q.getValue());
        }
        Map<Long, Map<String, String>> written = new HashMap<>();
        for (Map.Entry<Long, Map.Entry<String, String>> w : sql.listIn("SELECT contact_id, property, value "
                + "FROM written WHERE contact_id IN (?) ORDER BY contact_id, property", live,
                rs -> Map.entry(rs.getLong(1), Map.entry(rs.getString(2), rs.getString(3))))) {
            written.computeIfAbsent(w.getKey(), k -> new TreeMap<>()).put(w.getValue().getKey(),
                    w.getValue().getValue());
        }

        Map<Long, ScoringState> states = new LinkedHashMap<>();
        for (Contacts.Stored c : contacts.values()) {
            long id = c.id();
            Map<String, String> last = queued.containsKey(id) ? queued.get(id) : written.getOrDefault(id, Map.of());
            states.put(id, new ScoringState(c, events.getOrDefault(id, List.of()), openDeals.contains(id),
                    Optional.ofNullable(bands.get(id)), Optional.ofNullable(latest.get(id)),
                    Optional.ofNullable(transitions.get(id)), conflicts.contains(id), last));
        }
        return states;
    }

    /** Up to {@code limit} ids of live contacts above {@code afterId}, lowest first: the keyset to walk them all. */
    public List<Long> liveIdsAfter(long afterId, int limit) {
        return sql.list("SELECT id FROM contacts WHERE archived = 0 AND id > ? ORDER BY id LIMIT ?",
                rs -> rs.getLong(1), afterId, limit);
    }
}
