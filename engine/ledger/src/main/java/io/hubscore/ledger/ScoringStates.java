package io.hubscore.ledger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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

    /** The order of {@link Engagements#forContact}: when it happened (unknown first), then type and id. */
    private static final Comparator<Engagements.Event> OLDEST_FIRST = Comparator
            .comparing(Engagements.Event::occurredAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Engagements.Event::type).thenComparingLong(Engagements.Event::id);

    /*
     * A contact's live engagements in one row, one text: a row per engagement costs the reader several times more
     * (a step and five columns through JDBC each). Fields are separated by U+0002, engagements by U+0001: neither can
     * appear in a type name, a number or the properties' JSON text, where control characters are escaped.
     */
    private static final char FIELD_SEPARATOR = '\u0002';
    private static final char EVENT_SEPARATOR = '\u0001';
    static final String EVENTS_BY_CONTACT = "SELECT l.contact_id, group_concat(e.type || char(2) || e.id "
            + "|| char(2) || ifnull(e.occurred_at, '') || char(2) || e.properties, char(1)) "
            + "FROM engagement_contacts l JOIN engagements e ON e.type = l.type AND e.id = l.engagement_id "
            + "WHERE e.archived = 0 AND l.contact_id IN (?) GROUP BY l.contact_id";

    private static final String CONTACTS_WITH_STATE = "SELECT " + Contacts.COLUMNS
            + ", b.band, b.since, b.last_transition_at, b.score, b.fingerprint, b.score_digest, "
            + "(SELECT json_group_object(w.property, w.value) FROM written w WHERE w.contact_id = c.id) "
            + "FROM contacts c LEFT JOIN band_state b ON b.contact_id = c.id WHERE c.archived = 0 AND c.id IN (?)";
    private static final String CONTACTS_AFTER = CONTACTS_WITH_STATE.replace("c.id IN (?)", "c.id > ? ORDER BY c.id "
            + "LIMIT ?");

    static final String CONTACTS_BETWEEN = CONTACTS_WITH_STATE.replace("c.id IN (?)",
            "c.id BETWEEN ? AND ?");

    /*
     * The rest of a batch's state, each for the contacts of one {@code contact_id IN (?)} (or a range of them): open
     * deals, open conflicts under the yield policy, the latest transition and the latest undelivered write.
     */
    static final String OPEN_DEALS = "SELECT DISTINCT l.contact_id FROM deal_contacts l "
            + "JOIN deals d ON d.id = l.deal_id WHERE d.closed = 0 AND l.contact_id IN (?)";
    static final String OPEN_CONFLICTS = "SELECT DISTINCT contact_id FROM conflicts WHERE cleared_at IS NULL "
            + "AND policy = 'yield' AND contact_id IN (?)";
    static final String LAST_TRANSITIONS = "SELECT " + Scores.TRANSITION_COLUMNS + " FROM transitions WHERE seq "
            + "IN (SELECT MAX(seq) FROM transitions WHERE contact_id IN (?) GROUP BY contact_id)";
    static final String QUEUED = "SELECT contact_id, properties, seq FROM outbox WHERE seq IN (SELECT MAX(seq) "
            + "FROM outbox WHERE state IN ('pending', 'parked') AND contact_id IN (?) GROUP BY contact_id)";

    /** A row of {@link #CONTACTS_WITH_STATE}: band, digest and written values are null when there are none. */
    private record ContactRow(Contacts.Stored contact, Scores.BandState band, String digest, String written) {
    }

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
     * @param latestDigest the {@link Scores.Score#digest} of its latest score; empty before its first score. Taken from
     *     the band state, which keeps it, rather than hashed again; a state loaded {@link #loadForScoring for scoring}
     *     has it without {@code latest} when the band state keeps it
     */
    public record ScoringState(Contacts.Stored contact, List<Engagements.Event> events, boolean openDeal,
            Optional<Scores.BandState> band, Optional<Scores.Score> latest, Optional<Scores.Transition> lastTransition,
            boolean openConflict, Map<String, String> lastValues, Optional<String> latestDigest) {
        public ScoringState {
            events = List.copyOf(events);
            lastValues = lastValues instanceof StoredObject ? lastValues : Map.copyOf(lastValues); // parsed when used
            if (latestDigest.isEmpty() && latest.isPresent()) {
                latestDigest = Optional.of(latest.get().digest());
            }
        }

        /** A state whose latest score's digest is taken from the score itself. */
        public ScoringState(Contacts.Stored contact, List<Engagements.Event> events, boolean openDeal,
                Optional<Scores.BandState> band, Optional<Scores.Score> latest,
                Optional<Scores.Transition> lastTransition, boolean openConflict, Map<String, String> lastValues) {
            this(contact, events, openDeal, band, latest, lastTransition, openConflict, lastValues, Optional.empty());
        }

        public long id() {
            return contact.id();
        }
    }

    /**
     * What the score job decided for one contact, to record: its score row (with its {@link Scores.Score#digest})
     * when it says something new, the
     * transition to record, its band state, the suppression holding it (null when none) and the values to queue.
     */
    public record Recorded(Scores.Score score, String digest, boolean newScore, Optional<Scores.Transition> transition,
            Scores.BandState band, String suppression, String suppressionAction,
            Optional<Map<String, String>> write) {
    }

    /**
     * The scoring state of each of {@code ids} the ledger holds as a live contact, by id in ascending order; archived,
     * merged and unknown ids are left out.
     *
     * @throws LedgerException when what is stored is not in the ledger's format
     */
    public Map<Long, ScoringState> load(Collection<Long> ids) {
        return load(ids, true);
    }

    /**
     * As {@link #load}, for the score job: a contact's latest score row is read only when its band state does not
     * keep the row's digest (which is all deciding needs); otherwise {@code latest} is empty and {@code latestDigest}
     * says what it holds. Saves reading and parsing a score row and its explanation for every contact.
     */
    public Map<Long, ScoringState> loadForScoring(Collection<Long> ids) {
        return load(ids, false);
    }

    /**
     * As {@link #loadForScoring}, for the next {@code limit} live contacts above {@code afterId} in key order: a walk
     * over every contact (a preview) reads each table by a range of ids, which costs SQLite and the driver less than a
     * list of a thousand ids. Empty at the end.
     */
    public Map<Long, ScoringState> loadForScoringAfter(long afterId, int limit) {
        TreeMap<Long, ContactRow> rows = new TreeMap<>();
        for (ContactRow row : sql.list(CONTACTS_AFTER, ScoringStates::contactRow, afterId, limit)) {
            rows.put(row.contact().id(), row);
        }
        if (rows.isEmpty()) {
            return Map.of();
        }
        return load(rows, new Keys(null, afterId + 1, rows.lastKey()), false);
    }

    /**
     * The states of {@code ids}: when they are most of the contacts between the lowest and the highest (a batch of
     * dirty ids in key order, a page read by id), every table is read by that range of ids, which costs SQLite and
     * the driver less than lists of the ids; otherwise by the lists.
     */
    private Map<Long, ScoringState> load(Collection<Long> ids, boolean withLatest) {
        if (!ids.isEmpty()) {
            long from = java.util.Collections.min(ids);
            long to = java.util.Collections.max(ids);
            long dense = 2L * ids.size(); // counted no further: scattered ids must not cost a walk of the table
            long inRange = sql.count("SELECT COUNT(*) FROM (SELECT 1 FROM contacts WHERE id BETWEEN ? AND ? LIMIT ?)",
                    from, to, dense + 1);
            if (inRange <= dense) {
                Set<Long> wanted = new java.util.HashSet<>(ids);
                TreeMap<Long, ContactRow> rows = new TreeMap<>();
                for (ContactRow row : sql.list(CONTACTS_BETWEEN, ScoringStates::contactRow, from, to)) {
                    if (wanted.contains(row.contact().id())) {
                        rows.put(row.contact().id(), row);
                    }
                }
                return rows.isEmpty() ? Map.of() : load(rows, new Keys(null, from, to), withLatest);
            }
        }
        Map<Long, ContactRow> rows = contacts(ids);
        if (rows.isEmpty()) {
            return Map.of();
        }
        return load(rows, new Keys(rows.keySet(), 0, 0), withLatest);
    }

    /**
     * The contacts a query of a batch reads: the listed ids, or every id from {@code from} to {@code to} (rows of
     * other contacts in the range are read and left unused).
     */
    private record Keys(Collection<Long> ids, long from, long to) {
    }

    /** The rows {@code query} (with one {@code contact_id IN (?)}) selects for {@code keys}. */
    private <T> List<T> select(Keys keys, String query, Sql.Row<T> row) {
        if (keys.ids() != null) {
            return sql.listIn(query, keys.ids(), row);
        }
        return sql.list(byRange(query), row, keys.from(), keys.to());
    }

    /** {@code query}, one of this class's batch reads, for a range of contact ids instead of a list of them. */
    static String byRange(String query) {
        return query.replace("contact_id IN (?)", "contact_id BETWEEN ? AND ?");
    }

    private Set<Long> selectIds(Keys keys, String query) {
        return new java.util.HashSet<>(select(keys, query, rs -> rs.getLong(1)));
    }

    private Map<Long, ScoringState> load(Map<Long, ContactRow> rows, Keys keys, boolean withLatest) {
        Map<Long, List<Engagements.Event>> events = events(keys);
        Set<Long> openDeals = selectIds(keys, OPEN_DEALS);
        Set<Long> unknownDigest = withoutDigest(rows);
        Map<Long, Scores.Score> latest = latest(withLatest ? rows.keySet() : unknownDigest);
        Map<Long, Scores.Transition> transitions = lastTransitions(keys);
        Set<Long> conflicts = selectIds(keys, OPEN_CONFLICTS);
        Map<Long, Map<String, String>> queued = queued(keys);

        Map<Long, ScoringState> states = new LinkedHashMap<>();
        for (ContactRow row : rows.values()) {
            long id = row.contact().id();
            Map<String, String> last = queued.containsKey(id) ? queued.get(id)
                    : row.written() == null ? Map.of()
                    : new StoredObject(row.written(), () -> "values written to contact " + id);
            states.put(id, new ScoringState(row.contact(), events.getOrDefault(id, List.of()), openDeals.contains(id),
                    Optional.ofNullable(row.band()), Optional.ofNullable(latest.get(id)),
                    Optional.ofNullable(transitions.get(id)), conflicts.contains(id), last,
                    Optional.ofNullable(row.digest())));
        }
        return states;
    }

    /**
     * The live contacts among {@code ids}, each with its band state and the values last written to it, by id: one
     * row per contact, as a row per table, or per written value, costs the reader more than the join.
     */
    private Map<Long, ContactRow> contacts(Collection<Long> ids) {
        Map<Long, ContactRow> rows = new TreeMap<>();
        for (ContactRow row : sql.listIn(CONTACTS_WITH_STATE, ids, ScoringStates::contactRow)) {
            rows.put(row.contact().id(), row);
        }
        return rows;
    }

    private static Set<Long> withoutDigest(Map<Long, ContactRow> rows) {
        Set<Long> ids = new java.util.TreeSet<>();
        rows.forEach((id, row) -> {
            if (row.digest() == null) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The live engagements of each contact of {@code keys} that has any, oldest first. */
    private Map<Long, List<Engagements.Event>> events(Keys keys) {
        Map<Long, List<Engagements.Event>> events = new HashMap<>();
        for (Map.Entry<Long, String> e : select(keys, EVENTS_BY_CONTACT,
                rs -> Map.entry(rs.getLong(1), rs.getString(2)))) {
            events.put(e.getKey(), events(e.getKey(), e.getValue()));
        }
        return events;
    }

    private Map<Long, Scores.Score> latest(Set<Long> ids) {
        Map<Long, Scores.Score> latest = new HashMap<>();
        if (ids.isEmpty()) {
            return latest;
        }
        for (Scores.Score s : sql.listIn("SELECT " + Scores.SCORE_COLUMNS + " FROM scores WHERE seq IN "
                + "(SELECT MAX(seq) FROM scores WHERE contact_id IN (?) GROUP BY contact_id)", ids, Scores::score)) {
            latest.put(s.contactId(), s);
        }
        return latest;
    }

    private Map<Long, Scores.Transition> lastTransitions(Keys keys) {
        Map<Long, Scores.Transition> transitions = new HashMap<>();
        for (Scores.Transition t : select(keys, LAST_TRANSITIONS, Scores::transition)) {
            transitions.put(t.contactId(), t);
        }
        return transitions;
    }

    /** The values of each contact's latest undelivered write (pending or parked), for those that have one. */
    private Map<Long, Map<String, String>> queued(Keys keys) {
        Map<Long, Map<String, String>> queued = new HashMap<>();
        for (Map.Entry<Long, Map<String, String>> q : select(keys, QUEUED,
                rs -> {
                    long seq = rs.getLong(3);
                    return Map.entry(rs.getLong(1), StoredJson.object(rs.getString(2), () -> "outbox row " + seq
                            + " properties"));
                })) {
            queued.put(q.getKey(), q.getValue());
        }
        return queued;
    }

    /**
     * Records what the score job decided for a batch of contacts made at {@code at}, with one batched statement per
     * table: score rows that say something new, transitions, band states (with the digest of each contact's latest
     * score), suppressions and the writes to queue.
     */
    public void record(Collection<Recorded> decided, long at) {
        List<Scores.Score> rows = new ArrayList<>();
        List<Scores.Transition> transitions = new ArrayList<>();
        List<Scores.BandState> bands = new ArrayList<>(decided.size());
        Map<Long, String> digests = new HashMap<>();
        List<Suppressions.Held> held = new ArrayList<>();
        List<Long> free = new ArrayList<>();
        Map<Long, Map<String, String>> writes = new LinkedHashMap<>();
        for (Recorded r : decided) {
            long id = r.band().contactId();
            if (r.newScore()) {
                rows.add(r.score());
            }
            digests.put(id, r.digest());
            r.transition().ifPresent(transitions::add);
            bands.add(r.band());
            if (r.suppression() == null) {
                free.add(id);
            } else {
                held.add(new Suppressions.Held(id, r.suppression(), r.suppressionAction(), at));
            }
            r.write().ifPresent(values -> writes.put(id, values));
        }
        Scores scores = new Scores(sql);
        scores.appendAll(rows);
        scores.recordTransitions(transitions);
        scores.putBandStates(bands, digests);
        new Suppressions(sql).setAll(held, free, at);
        new Outbox(sql).enqueueAll(writes, at);
    }

    private static ContactRow contactRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        Contacts.Stored contact = Contacts.storedLazily(rs); // columns 1 to 7
        String band = rs.getString(8);
        Scores.BandState state = band == null ? null : new Scores.BandState(contact.id(), band, rs.getLong(9),
                Sql.nullableLong(rs, 10), rs.getInt(11), rs.getString(12));
        String written = rs.getString(14);
        return new ContactRow(contact, state, rs.getString(13), "{}".equals(written) ? null : written);
    }

    /**
     * A contact's live engagements as {@link #EVENTS_BY_CONTACT} selects them, oldest first, their properties parsed
     * when first used.
     */
    private static List<Engagements.Event> events(long contactId, String joined) {
        List<Engagements.Event> events = new ArrayList<>();
        int start = 0;
        while (start <= joined.length()) {
            int end = joined.indexOf(EVENT_SEPARATOR, start);
            if (end < 0) {
                end = joined.length();
            }
            int typeEnd = joined.indexOf(FIELD_SEPARATOR, start);
            int idEnd = typeEnd < 0 ? -1 : joined.indexOf(FIELD_SEPARATOR, typeEnd + 1);
            int atEnd = idEnd < 0 ? -1 : joined.indexOf(FIELD_SEPARATOR, idEnd + 1);
            if (atEnd < 0 || atEnd > end) {
                throw new LedgerException("the engagements of contact " + contactId + " are not in the ledger's "
                        + "format");
            }
            String type = joined.substring(start, typeEnd);
            long id = Long.parseLong(joined, typeEnd + 1, idEnd, 10);
            Long occurredAt = idEnd + 1 == atEnd ? null : Long.parseLong(joined, idEnd + 1, atEnd, 10);
            events.add(new Engagements.Event(type, id, occurredAt,
                    new StoredObject(joined.substring(atEnd + 1, end), () -> type + " " + id + " properties")));
            start = end + 1;
        }
        events.sort(OLDEST_FIRST); // a contact's few events sorted here cost less than SQLite sorting the batch's
        return events;
    }

    /** Up to {@code limit} ids of live contacts above {@code afterId}, lowest first: the keyset to walk them all. */
    public List<Long> liveIdsAfter(long afterId, int limit) {
        return sql.list("SELECT id FROM contacts WHERE archived = 0 AND id > ? ORDER BY id LIMIT ?",
                rs -> rs.getLong(1), afterId, limit);
    }
}
