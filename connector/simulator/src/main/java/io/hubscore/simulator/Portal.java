package io.hubscore.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of one simulated HubSpot portal: contacts, engagements, deals, their associations and
 * property definitions, plus each contact's hidden conversion propensity. The HTTP side of the simulator
 * serves this state; tests, the demo and dry runs change it through the methods here ("activity now").
 *
 * <p>Thread-safe. Ids are numeric strings, as HubSpot's. Every change bumps the object's modified
 * timestamps from the injected clock and reaches search after the search lag the simulator was started
 * with. Methods taking an id throw {@link NoSuchElementException} when no such object exists and
 * {@link IllegalArgumentException} for property values HubSpot would refuse.
 */
public final class Portal {

    private final Clock clock;
    private final Map<ObjectType, ObjectStore> stores = new EnumMap<>(ObjectType.class);
    private final Map<ObjectType, PropertySchema> schemas = new EnumMap<>(ObjectType.class);
    private final Map<Long, Double> propensity = new ConcurrentHashMap<>();
    private volatile Duration searchLag = Duration.ZERO;

    Portal(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        for (ObjectType type : ObjectType.values()) {
            stores.put(type, new ObjectStore(type, firstId(type)));
            schemas.put(type, DefaultSchemas.forType(type));
        }
    }

    private static long firstId(ObjectType type) {
        return switch (type) {
            case CONTACTS -> 101L;
            case DEALS -> 9_000_000_001L;
            default -> 40_000_000_000L + type.ordinal() * 1_000_000_000L;
        };
    }

    /** A portal with no objects and HubSpot's default properties. */
    public static Portal empty(Clock clock) {
        return new Portal(clock);
    }

    /** A synthetic portal of {@code contacts} contacts; the same seed and clock give the same portal. */
    public static Portal generate(int contacts, long seed, Clock clock) {
        if (contacts < 0) {
            throw new IllegalArgumentException("contacts must be 0 or more, was " + contacts);
        }
        return new PortalGenerator(new Random(seed), clock).generate(contacts);
    }

    /** A portal read from a snapshot file written by {@link #save(Path)} or by a read-only snapshot of a real portal. */
    public static Portal load(Path snapshot, Clock clock) throws IOException {
        return PortalSnapshot.read(snapshot, clock);
    }

    /** Writes the whole portal to a snapshot file that {@link #load} reads back. */
    public void save(Path snapshot) throws IOException {
        PortalSnapshot.write(this, snapshot);
    }

    public Clock clock() {
        return clock;
    }

    /** Contacts that are not archived. */
    public int contactCount() {
        int count = 0;
        for (StoredObject contact : store(ObjectType.CONTACTS).all()) {
            if (!contact.state().archived()) {
                count++;
            }
        }
        return count;
    }

    /** Ids of contacts that are not archived, ascending. */
    public List<String> contactIds() {
        List<String> ids = new ArrayList<>();
        for (StoredObject contact : store(ObjectType.CONTACTS).all()) {
            if (!contact.state().archived()) {
                ids.add(Long.toString(contact.id));
            }
        }
        return ids;
    }

    /** The contact's current properties (archived ones included); empty if no such contact. */
    public Optional<Map<String, String>> contactProperties(String id) {
        return properties(ObjectType.CONTACTS, id);
    }

    /** Every stored contact's current properties (archived ones included), by id ascending. */
    public Map<String, Map<String, String>> allContactProperties() {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        for (StoredObject contact : store(ObjectType.CONTACTS).all()) {
            all.put(Long.toString(contact.id), contact.state().properties());
        }
        return all;
    }

    public boolean isArchived(String contactId) {
        return require(ObjectType.CONTACTS, contactId).state().archived();
    }

    public Optional<Map<String, String>> engagementProperties(EngagementType type, String id) {
        return properties(ObjectType.of(type), id);
    }

    public Optional<Map<String, String>> dealProperties(String id) {
        return properties(ObjectType.DEALS, id);
    }

    /** Ids of the engagements of {@code type} associated with the contact, ascending. */
    public List<String> engagementIds(String contactId, EngagementType type) {
        return ids(require(ObjectType.CONTACTS, contactId).linked(ObjectType.of(type)));
    }

    /** Ids of the deals associated with the contact, ascending. */
    public List<String> dealIds(String contactId) {
        return ids(require(ObjectType.CONTACTS, contactId).linked(ObjectType.DEALS));
    }

    public String createContact(Map<String, String> properties) {
        checkWritable(ObjectType.CONTACTS, properties);
        return Long.toString(create(ObjectType.CONTACTS, properties).id);
    }

    public void updateContact(String id, Map<String, String> properties) {
        checkWritable(ObjectType.CONTACTS, properties);
        update(require(ObjectType.CONTACTS, id), properties);
    }

    /** Sets the modified timestamps of many contacts to one instant, as HubSpot's bulk jobs do. */
    public void stampLastModified(Collection<String> ids, Instant when) {
        String stamp = Timestamps.iso(when);
        for (String id : ids) {
            StoredObject contact = require(ObjectType.CONTACTS, id);
            synchronized (contact) {
                ObjectState state = contact.state();
                Map<String, String> props = new HashMap<>(state.properties());
                props.put("lastmodifieddate", stamp);
                props.put("hs_lastmodifieddate", stamp);
                contact.replace(new ObjectState(state.id(), props, state.createdAt(), when, state.archived(),
                        state.archivedAt()), now(), searchLag);
            }
        }
    }

    /** Archives the contact: it leaves lists and search, and shows only with {@code archived=true}. */
    public void archiveContact(String id) {
        archive(require(ObjectType.CONTACTS, id));
    }

    /** Deletes the contact for good (as a GDPR delete): it disappears everywhere, archived lists included. */
    public void deleteContact(String id) {
        StoredObject contact = require(ObjectType.CONTACTS, id);
        unlinkAll(contact);
        store(ObjectType.CONTACTS).remove(contact.id);
        propensity.remove(contact.id);
    }

    /** Merges {@code mergedId} into {@code survivorId}: the survivor lists it in {@code hs_merged_object_ids}. */
    public void mergeContacts(String survivorId, String mergedId) {
        StoredObject survivor = require(ObjectType.CONTACTS, survivorId);
        StoredObject merged = require(ObjectType.CONTACTS, mergedId);
        if (survivor == merged) {
            throw new IllegalArgumentException("cannot merge contact " + survivorId + " into itself");
        }
        for (ObjectType type : ObjectType.values()) {
            for (long other : merged.linked(type)) {
                link(ObjectType.CONTACTS, survivor.id, type, other);
            }
        }
        Set<String> mergedIds = new LinkedHashSet<>();
        String previous = survivor.state().properties().get("hs_merged_object_ids");
        if (previous != null && !previous.isEmpty()) {
            mergedIds.addAll(List.of(previous.split(";")));
        }
        String earlier = merged.state().properties().get("hs_merged_object_ids");
        if (earlier != null && !earlier.isEmpty()) {
            mergedIds.addAll(List.of(earlier.split(";")));
        }
        mergedIds.add(Long.toString(merged.id));
        unlinkAll(merged);
        store(ObjectType.CONTACTS).remove(merged.id);
        propensity.remove(merged.id);
        update(survivor, Map.of("hs_merged_object_ids", String.join(";", mergedIds)));
    }

    /** Adds an engagement that happened now (unless {@code hs_timestamp} is given), associated with the contacts. */
    public String addEngagement(EngagementType type, Map<String, String> properties, Collection<String> contactIds) {
        ObjectType objectType = ObjectType.of(type);
        checkWritable(objectType, properties);
        List<StoredObject> contacts = contacts(contactIds);
        Map<String, String> props = new HashMap<>(properties);
        props.putIfAbsent("hs_timestamp", Timestamps.iso(now()));
        StoredObject engagement = create(objectType, props);
        for (StoredObject contact : contacts) {
            link(objectType, engagement.id, ObjectType.CONTACTS, contact.id);
        }
        return Long.toString(engagement.id);
    }

    /** Creates a deal (open unless the properties say otherwise) associated with the contacts. */
    public String createDeal(Map<String, String> properties, Collection<String> contactIds) {
        checkWritable(ObjectType.DEALS, properties);
        List<StoredObject> contacts = contacts(contactIds);
        Map<String, String> props = new HashMap<>(properties);
        props.putIfAbsent("dealstage", "appointmentscheduled");
        props.putIfAbsent("pipeline", "default");
        props.putIfAbsent("hs_is_closed", "false");
        props.putIfAbsent("hs_is_closed_won", "false");
        StoredObject deal = create(ObjectType.DEALS, props);
        for (StoredObject contact : contacts) {
            link(ObjectType.DEALS, deal.id, ObjectType.CONTACTS, contact.id);
            bumpDealCount(contact);
        }
        return Long.toString(deal.id);
    }

    /** Closes the deal now, won or lost. */
    public void closeDeal(String dealId, boolean won) {
        StoredObject deal = require(ObjectType.DEALS, dealId);
        update(deal, Map.of("dealstage", won ? "closedwon" : "closedlost", "hs_is_closed", "true",
                "hs_is_closed_won", Boolean.toString(won), "closedate", Timestamps.iso(now())));
    }

    /** Sets the contact's lifecycle stage now; the stage must be one of the portal's options. */
    public void advanceLifecycle(String contactId, String stage) {
        updateContact(contactId, Map.of("lifecyclestage", stage));
    }

    /**
     * Advances the simulated world by {@code changes} changes: contacts with a higher hidden propensity are
     * more likely to act (visit, click, reply, book a meeting, convert) and to move on to sales-qualified
     * lead, opportunity and customer. Returns what changed, in order.
     */
    public List<ActivityChange> simulateActivity(Random random, int changes) {
        return new ActivitySimulator(this, random).run(changes);
    }

    /**
     * Plays the market for {@code elapsed} of simulated time that has just passed (move the clock first, then call
     * this; once per simulated day keeps the stage and deal dates to the day): each contact's hidden propensity sets
     * its chances to engage, to move along the lifecycle stages (HubSpot's {@code hs_lifecyclestage_<stage>_date}
     * stamped as it does), to get a deal as an opportunity, and to win it (and become a customer) or lose it. This is
     * the ground truth an outcome report measures a model against. The same portal, random and calls give the same
     * changes, returned in order.
     */
    public List<ActivityChange> passTime(Random random, Duration elapsed) {
        Objects.requireNonNull(elapsed, "elapsed");
        return new Market(this, random).play(elapsed);
    }

    // ---- package-private: used by the HTTP handlers, the generator and snapshots ----

    Instant now() {
        return clock.instant();
    }

    ObjectStore store(ObjectType type) {
        return stores.get(type);
    }

    PropertySchema schema(ObjectType type) {
        return schemas.get(type);
    }

    Duration searchLag() {
        return searchLag;
    }

    void searchLag(Duration lag) {
        if (lag.isNegative()) {
            throw new IllegalArgumentException("search lag must not be negative, was " + lag);
        }
        this.searchLag = lag;
    }

    double propensity(long contactId) {
        return propensity.getOrDefault(contactId, 0.1);
    }

    void propensity(long contactId, double value) {
        propensity.put(contactId, value);
    }

    Map<Long, Double> propensities() {
        return Map.copyOf(propensity);
    }

    /** Adds an object as it already is (generated or loaded data), indexed for search at once. */
    StoredObject insert(ObjectType type, ObjectState state) {
        StoredObject object = new StoredObject(type, state);
        store(type).put(object);
        return object;
    }

    /** Creates an object now with the given properties plus HubSpot's id and timestamps. */
    StoredObject create(ObjectType type, Map<String, String> properties) {
        Instant now = now();
        long id = store(type).allocateId();
        Map<String, String> props = new HashMap<>();
        properties.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                props.put(name, value);
            }
        });
        String stamp = Timestamps.iso(now);
        props.put("hs_object_id", Long.toString(id));
        props.put(type.createdProperty, stamp);
        props.put(type.modifiedProperty, stamp);
        props.put("hs_lastmodifieddate", stamp);
        if (type.isEngagement()) {
            props.put("hs_createdate", stamp);
        }
        if (type == ObjectType.CONTACTS && props.containsKey("lifecyclestage")) {
            props.put(DefaultSchemas.stageDate(props.get("lifecyclestage")), stamp);
        }
        StoredObject object = new StoredObject(type, new ObjectState(id, props, now, now, false, null), now, searchLag);
        store(type).put(object);
        return object;
    }

    void update(StoredObject object, Map<String, String> changes) {
        synchronized (object) {
            object.replace(object.state().with(changes, now(), object.type), now(), searchLag);
        }
    }

    void archive(StoredObject object) {
        synchronized (object) {
            if (!object.state().archived()) {
                object.replace(object.state().archivedAt(now()), now(), searchLag);
            }
        }
    }

    void link(ObjectType a, long aId, ObjectType b, long bId) {
        StoredObject from = store(a).get(aId);
        StoredObject to = store(b).get(bId);
        if (from != null && to != null) {
            from.link(b, bId);
            to.link(a, aId);
        }
    }

    StoredObject require(ObjectType type, String id) {
        StoredObject object = store(type).get(parseId(type, id));
        if (object == null) {
            throw new NoSuchElementException("no " + type.singular + " with id " + id);
        }
        return object;
    }

    static long parseId(ObjectType type, String id) {
        try {
            return Long.parseLong(Objects.requireNonNull(id, type.singular + " id"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(type.singular + " id '" + id + "' is not a number");
        }
    }

    private Optional<Map<String, String>> properties(ObjectType type, String id) {
        long numeric;
        try {
            numeric = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        StoredObject object = store(type).get(numeric);
        return object == null ? Optional.empty() : Optional.of(object.state().properties());
    }

    private void checkWritable(ObjectType type, Map<String, String> properties) {
        List<PropertyProblem> problems = schema(type).check(properties, false);
        if (!problems.isEmpty()) {
            StringBuilder message = new StringBuilder("refused " + type.singular + " properties:");
            for (PropertyProblem problem : problems) {
                message.append(' ').append(problem.name()).append(" (").append(problem.message()).append(')');
            }
            throw new IllegalArgumentException(message.toString());
        }
    }

    private List<StoredObject> contacts(Collection<String> ids) {
        List<StoredObject> contacts = new ArrayList<>();
        for (String id : ids) {
            contacts.add(require(ObjectType.CONTACTS, id));
        }
        return contacts;
    }

    private void bumpDealCount(StoredObject contact) {
        update(contact, Map.of("num_associated_deals", Integer.toString(contact.linked(ObjectType.DEALS).length)));
    }

    private void unlinkAll(StoredObject object) {
        for (ObjectType type : ObjectType.values()) {
            for (long other : object.linked(type)) {
                StoredObject peer = store(type).get(other);
                if (peer != null) {
                    peer.unlink(object.type, object.id);
                }
                object.unlink(type, other);
            }
        }
    }

    private static List<String> ids(long[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (long id : ids) {
            out.add(Long.toString(id));
        }
        return out;
    }
}
