package io.hubscore.daemon;

import io.hubscore.config.WriteBackConfig;
import io.hubscore.client.CrmObject;
import io.hubscore.client.HubSpotFailure;
import io.hubscore.client.ListQuery;
import io.hubscore.client.ObjectType;
import io.hubscore.ledger.Contacts;
import io.hubscore.ledger.Ledger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull-contacts job: a {@link CheckpointedPull} of contacts (a backfill through the list endpoint, then
 * incremental windows by {@code lastmodifieddate}), reading the properties the model, its suppressions and the
 * write-back need. Each pulled contact is also checked for edits of hubscore's own properties (ownership
 * conflicts), and merged or archived contacts are retired. Not thread-safe; the scheduler never runs it twice at once.
 */
final class PullContacts implements SyncStep {

    private static final Logger LOG = LoggerFactory.getLogger(PullContacts.class);

    private final SyncContext context;

    public PullContacts(SyncContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "pull-contacts";
    }

    @Override
    public Map<String, Long> run() {
        context.gate().check();
        Counts counts = new Counts();
        try {
            ScoreContacts.releaseBeforePages(context);
            ReadPlan.ensure(context);
            CheckpointedPull.Counts read = context.activity().reading(
                    () -> new CheckpointedPull<>(context, stream(context, counts)).run());
            counts.backfilled = read.backfilled();
            counts.changed = read.changed();
            counts.scored = read.scored();
            context.gate().succeeded(context.client().metrics());
        } catch (HubSpotFailure e) {
            throw context.gate().failed(e);
        }
        return counts.map();
    }

    /** The contacts stream of the active config; its store adds what it archived, merged and found to {@code counts}. */
    static PullStream<CrmObject> stream(SyncContext context, Counts counts) {
        LiveConfig.Active active = context.config().active();
        ContactFields fields = new ContactFields(active.model(), active.config().writeBack(),
                active.config().outcomes());
        List<String> byId = new ArrayList<>(fields.pulled());
        byId.addAll(List.of(ObjectType.CONTACTS.lastModifiedProperty(), "hs_merged_object_ids"));
        return new PullStream<>(SyncStreams.contacts(fields),
                after -> context.client().listPages(ObjectType.CONTACTS,
                        ListQuery.of(fields.pulled()).startingAfter(after)),
                (after, upTo) -> context.client().searchBackfill(ObjectType.CONTACTS, fields.pulled(), after, upTo),
                from -> CheckpointedPull.Window.of(
                        context.client().changesSince(ObjectType.CONTACTS, from, fields.pulled())),
                ids -> context.client().batchRead(ObjectType.CONTACTS, ids, byId),
                (tx, batch, now) -> store(context, tx, batch, fields, counts, now));
    }

    private static List<Long> store(SyncContext context, Ledger.Tx tx, List<CrmObject> objects, ContactFields fields,
            Counts counts, long now) {
        List<Contacts.Pulled> pulled = new ArrayList<>(objects.size());
        for (CrmObject object : objects) {
            long id = object.numericId();
            if (object.archived()) {
                tx.contacts().archive(id, null, now);
                counts.archived++;
                continue;
            }
            for (String merged : object.mergedObjectIds()) {
                tx.contacts().archive(Long.parseLong(merged), id, now);
                counts.merged++;
            }
            Map<String, String> properties = new TreeMap<>();
            for (String name : fields.pulled()) {
                String value = object.property(name);
                if (value != null && !value.isEmpty()) {
                    properties.put(name, value);
                }
            }
            Long modifiedAt = HubSpotValues.epochMillis(object.property("lastmodifieddate"));
            pulled.add(new Contacts.Pulled(id, properties, fields.relevantHash(properties), modifiedAt,
                    HubSpotValues.epochMillis(object.createdAt())));
            String stage = properties.get(ContactFields.LIFECYCLE_STAGE);
            if (stage != null) {
                tx.scores().seeLifecycleStage(id, stage, now);
            }
            OutcomeFields.record(tx, id, properties, context.current().outcomes(), now);
            checkOwnership(context, tx, id, properties, modifiedAt, fields, counts, now);
        }
        tx.contacts().upsert(pulled, now);
        return pulled.stream().map(Contacts.Pulled::id).toList();
    }

    /**
     * A value of an owned property that differs from what HubSpot acknowledged from us, changed after our write,
     * is someone else's edit: recorded, then restored ({@code overwrite}) or left alone ({@code yield}).
     */
    private static void checkOwnership(SyncContext context, Ledger.Tx tx, long id, Map<String, String> properties,
            Long modifiedAt, ContactFields fields, Counts counts, long now) {
        Map<String, String> written = tx.written().values(id);
        if (written.isEmpty() || modifiedAt == null) {
            return;
        }
        Long writtenAt = tx.written().lastWrittenAt(id);
        if (writtenAt == null || modifiedAt <= writtenAt) {
            return; // read before (or at) our last write: not evidence of another writer
        }
        WriteBackConfig.Ownership policy = context.current().writeBack().ownership();
        Map<String, String> restore = new LinkedHashMap<>();
        for (String property : fields.owned()) {
            String ours = written.get(property);
            String theirs = properties.get(property);
            if (ours != null && !HubSpotValues.sameValue(ours, theirs)) {
                tx.conflicts().record(id, property, ours, theirs, policy.name().toLowerCase(java.util.Locale.ROOT),
                        now);
                restore.put(property, ours);
                counts.conflicts++;
                LOG.warn("contact {}: {} is {} in HubSpot, hubscore wrote {} ({})", id, property,
                        theirs == null ? "empty" : theirs, ours,
                        policy == WriteBackConfig.Ownership.OVERWRITE ? "restoring ours" : "yielding: no more writes"
                                + " to this contact until the conflict is cleared");
            }
        }
        if (!restore.isEmpty() && policy == WriteBackConfig.Ownership.OVERWRITE) {
            tx.outbox().enqueue(id, restore, now);
        }
    }

    /** What storing contacts counted. Not thread-safe. */
    static final class Counts {
        long backfilled;
        long changed;
        long archived;
        long merged;
        long conflicts;
        long scored;

        Map<String, Long> map() {
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("backfilled", backfilled);
            m.put("changed", changed);
            if (scored > 0) {
                m.put("scored", scored);
            }
            if (archived > 0) {
                m.put("archived", archived);
            }
            if (merged > 0) {
                m.put("merged", merged);
            }
            if (conflicts > 0) {
                m.put("conflicts", conflicts);
            }
            return m;
        }
    }
}
