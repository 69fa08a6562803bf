package io.hubscore.daemon.snapshot;

import io.hubscore.client.CrmObject;
import io.hubscore.client.Engagement;
import io.hubscore.client.HubSpotClient;
import io.hubscore.client.HubSpotRejected;
import io.hubscore.client.ListQuery;
import io.hubscore.client.ObjectType;
import io.hubscore.client.Page;
import io.hubscore.client.PropertyDefinition;
import io.hubscore.client.Search;
import io.hubscore.client.UnexpectedAnswer;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads a portal's contacts, engagements and deals within an {@link ExportScope} and writes them as a simulator
 * snapshot, keeping HubSpot's ids, timestamps and contact associations. Read-only: it only lists, searches (for
 * totals) and reads property definitions. Engagements and deals are kept when they are associated with an exported
 * contact. Contacts are held in memory until their associations are known (the snapshot format puts associations on
 * contacts); engagements and deals stream straight to the file. Not thread-safe; one export per instance.
 */
public final class PortalExport {

    /** What a snapshot holds. */
    public record Counts(long contacts, long engagements, long deals) {
    }

    private final HubSpotClient client;
    private final ExportScope scope;
    private final int contactsLimit;
    private final Consumer<String> progress;

    /**
     * @param contactsLimit the most contacts to export (the first ones HubSpot lists); {@code Integer.MAX_VALUE} for
     *     all
     * @param progress receives one human-readable line at a time
     */
    public PortalExport(HubSpotClient client, ExportScope scope, int contactsLimit, Consumer<String> progress) {
        this.client = Objects.requireNonNull(client, "client");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.progress = Objects.requireNonNull(progress, "progress");
        if (contactsLimit < 1) {
            throw new IllegalArgumentException("contacts limit must be at least 1, was " + contactsLimit);
        }
        this.contactsLimit = contactsLimit;
    }

    /**
     * Reads the portal and writes the snapshot to {@code out}.
     *
     * @throws io.hubscore.client.HubSpotFailure when HubSpot refuses, cannot be reached or answers unexpectedly
     */
    public Counts writeTo(OutputStream out, Instant takenAt) throws IOException {
        List<PropertyDefinition> owned = ownedDefinitions();
        List<CrmObject> contacts = readContacts();
        Set<Long> exported = new HashSet<>();
        for (CrmObject contact : contacts) {
            exported.add(contact.numericId());
        }
        Map<Long, Map<String, Set<Long>>> links = new HashMap<>();
        long engagements = 0;
        long deals = 0;
        try (SnapshotWriter writer = new SnapshotWriter(out, takenAt, owned)) {
            for (Map.Entry<ObjectType, List<String>> type : scope.engagements().entrySet()) {
                engagements += writeEngagements(writer, type.getKey(), type.getValue(), exported, links);
            }
            if (scope.needsDeals()) {
                deals = writeDeals(writer, exported, links);
            }
            writer.startObjects(ObjectType.CONTACTS);
            for (CrmObject contact : contacts) {
                writer.object(contact, links.getOrDefault(contact.numericId(), Map.of()));
            }
            writer.endObjects();
            writer.finish();
        }
        return new Counts(contacts.size(), engagements, deals);
    }

    /** The write-back properties the portal already has, so a dry run meets the same definitions. */
    private List<PropertyDefinition> ownedDefinitions() {
        List<PropertyDefinition> found = new ArrayList<>();
        for (String name : scope.ownedProperties()) {
            client.property(ObjectType.CONTACTS, name).ifPresent(found::add);
        }
        return found;
    }

    private List<CrmObject> readContacts() {
        long total = total(ObjectType.CONTACTS);
        Progress meter = new Progress("contacts", total < 0 ? total : Math.min(total, contactsLimit), progress);
        List<CrmObject> contacts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Iterator<Page<CrmObject>> pages = client.listPages(ObjectType.CONTACTS, ListQuery.of(scope.contactProperties()));
        while (contacts.size() < contactsLimit && pages.hasNext()) {
            List<CrmObject> page = pages.next().results();
            int before = contacts.size();
            for (CrmObject contact : page) {
                if (contacts.size() < contactsLimit && seen.add(contact.id())) {
                    contacts.add(contact);
                }
            }
            meter.advance(contacts.size() - before);
        }
        meter.finish();
        return contacts;
    }

    private long writeEngagements(SnapshotWriter writer, ObjectType type, List<String> properties, Set<Long> exported,
            Map<Long, Map<String, Set<Long>>> links) throws IOException {
        Progress meter = new Progress(type.apiName(), total(type), progress);
        Set<Long> written = new HashSet<>();
        writer.startObjects(type);
        Iterator<Page<Engagement>> pages = client.engagementPages(type, properties, null);
        while (pages.hasNext()) {
            List<Engagement> page = pages.next().results();
            for (Engagement engagement : page) {
                List<Long> contacts = exportedOnly(engagement.contactIds(), exported);
                long id = engagement.object().numericId();
                if (!contacts.isEmpty() && written.add(id)) {
                    writer.object(engagement.object(), Map.of());
                    link(links, contacts, type, id);
                }
            }
            meter.advance(page.size());
        }
        writer.endObjects();
        meter.finish();
        return written.size();
    }

    private long writeDeals(SnapshotWriter writer, Set<Long> exported, Map<Long, Map<String, Set<Long>>> links)
            throws IOException {
        Progress meter = new Progress("deals", total(ObjectType.DEALS), progress);
        Set<Long> written = new HashSet<>();
        writer.startObjects(ObjectType.DEALS);
        Iterator<Page<CrmObject>> pages = client.listPages(ObjectType.DEALS,
                ListQuery.of(scope.dealProperties()).withAssociations(ObjectType.CONTACTS));
        while (pages.hasNext()) {
            List<CrmObject> page = pages.next().results();
            for (CrmObject deal : page) {
                List<Long> contacts = exportedOnly(deal.associated(ObjectType.CONTACTS), exported);
                if (!contacts.isEmpty() && written.add(deal.numericId())) {
                    writer.object(deal, Map.of());
                    link(links, contacts, ObjectType.DEALS, deal.numericId());
                }
            }
            meter.advance(page.size());
        }
        writer.endObjects();
        meter.finish();
        return written.size();
    }

    private static List<Long> exportedOnly(List<String> contactIds, Set<Long> exported) {
        List<Long> kept = new ArrayList<>();
        for (String id : contactIds) {
            long numeric;
            try {
                numeric = Long.parseLong(id.trim());
            } catch (NumberFormatException e) {
                throw new UnexpectedAnswer("HubSpot sent an associated contact id that is not numeric: '" + id + "'");
            }
            if (exported.contains(numeric)) {
                kept.add(numeric);
            }
        }
        return kept;
    }

    private static void link(Map<Long, Map<String, Set<Long>>> links, List<Long> contacts, ObjectType type, long id) {
        for (long contact : contacts) {
            links.computeIfAbsent(contact, c -> new TreeMap<>()).computeIfAbsent(type.apiName(), t -> new TreeSet<>())
                    .add(id);
        }
    }

    /** HubSpot's count of live records of the type, for progress only; -1 when search does not say. */
    private long total(ObjectType type) {
        try {
            return client.search(type, new Search(List.of(), List.of(), List.of(), 1, null)).total();
        } catch (HubSpotRejected e) {
            return -1;
        }
    }
}
