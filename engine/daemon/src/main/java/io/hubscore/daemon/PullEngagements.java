package io.hubscore.daemon;

import io.hubscore.config.EngagementType;
import io.hubscore.config.EventRule;
import io.hubscore.config.ModelConfig;
import io.hubscore.config.RuleGroup;
import io.hubscore.config.SuppressionConfig;
import io.hubscore.config.SyncConfig;
import io.hubscore.client.Changes;
import io.hubscore.client.CrmObject;
import io.hubscore.client.Engagement;
import io.hubscore.client.HubSpotFailure;
import io.hubscore.client.ListQuery;
import io.hubscore.client.ObjectType;
import io.hubscore.client.Page;
import io.hubscore.ledger.Deals;
import io.hubscore.ledger.Engagements;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The pull-engagements job: for each engagement type the model scores, a backfill through the list endpoint
 * with contacts inline (checked for completeness when it ends), then incremental pulls by
 * {@code hs_lastmodifieddate} with contacts read through v4 associations; the contacts of every stored engagement
 * become dirty. Deals are pulled the same way when a suppression needs to know about open deals or the config
 * measures outcomes, each a {@link CheckpointedPull}. Not thread-safe; the scheduler never runs it twice at once.
 */
public final class PullEngagements implements SyncStep {

    static final String TIMESTAMP = "hs_timestamp";
    public static final List<String> DEAL_PROPERTIES = List.of("dealstage", "hs_is_closed", "hs_is_closed_won");

    private final SyncContext context;
    /** The only bucket whose streams this pulls; null: every stream. */
    private final ReadPlan.Via only;

    public PullEngagements(SyncContext context) {
        this(context, null);
    }

    /**
     * A pull of only the streams read through {@code only}'s bucket (their backfill's stored endpoint; the list
     * endpoint for streams search cannot read), so a cycle can order each bucket's reads.
     */
    PullEngagements(SyncContext context, ReadPlan.Via only) {
        this.context = context;
        this.only = only;
    }

    @Override
    public String name() {
        return "pull-engagements";
    }

    @Override
    public Map<String, Long> run() {
        context.gate().check();
        Map<String, Long> counts = new java.util.concurrent.ConcurrentSkipListMap<>();
        try {
            ScoreContacts.releaseBeforePages(context);
            ReadPlan.ensure(context);
            List<PullStream<?>> all = streams(context, context.config().active());
            Map<ReadPlan.Via, List<PullStream<?>>> byLane = context.ledger().read(tx -> {
                Map<ReadPlan.Via, List<PullStream<?>>> lanes = new java.util.EnumMap<>(ReadPlan.Via.class);
                for (PullStream<?> stream : all) {
                    ReadPlan.Via via = stream.search() == null ? ReadPlan.Via.LIST : ReadPlan.stored(tx, stream.name());
                    if (only == null || only == via) {
                        lanes.computeIfAbsent(via, v -> new ArrayList<>()).add(stream);
                    }
                }
                return lanes;
            });
            context.activity().reading(() -> {
                Lanes.run(byLane.values(), streams -> pullAll(streams, counts));
                return null;
            });
            context.gate().succeeded(context.client().metrics());
        } catch (HubSpotFailure e) {
            throw context.gate().failed(e);
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (PullStream<?> stream : streams(context, context.config().active())) {
            String name = stream.key().type().apiName();
            if (counts.containsKey(name)) {
                ordered.put(name, counts.get(name));
            }
        }
        if (counts.containsKey("scored")) {
            ordered.put("scored", counts.get("scored"));
        }
        return ordered;
    }

    /** Pulls streams one after the other (those of one bucket), adding what each read to {@code counts}. */
    private void pullAll(List<PullStream<?>> streams, Map<String, Long> counts) {
        for (PullStream<?> stream : streams) {
            CheckpointedPull.Counts read = new CheckpointedPull<>(context, stream).run();
            counts.put(stream.key().type().apiName(), read.backfilled() + read.changed());
            if (read.scored() > 0) {
                counts.merge("scored", read.scored(), Long::sum);
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    /** The engagement and deal streams of the active config, in {@link SyncStreams#required} order. */
    static List<PullStream<?>> streams(SyncContext context, LiveConfig.Active active) {
        List<PullStream<?>> streams = new ArrayList<>();
        for (SyncStreams.Key key : SyncStreams.pulled(active)) {
            if (key.type().isEngagement()) {
                streams.add(engagements(context, key));
            } else if (key.type() == ObjectType.DEALS) {
                streams.add(deals(context, key));
            }
        }
        return streams;
    }

    /** The engagement types the model scores, each with the properties its rules filter on. */
    public static Map<EngagementType, List<String>> engagementProperties(ModelConfig model) {
        Map<EngagementType, Set<String>> byType = new TreeMap<>();
        for (RuleGroup group : List.of(model.fit(), model.engagement())) {
            for (EventRule rule : group.events()) {
                Set<String> properties = byType.computeIfAbsent(rule.type(), t -> new TreeSet<>(Set.of(TIMESTAMP)));
                properties.addAll(rule.where().keySet());
            }
        }
        Map<EngagementType, List<String>> result = new LinkedHashMap<>();
        byType.forEach((type, properties) -> result.put(type, List.copyOf(properties)));
        return result;
    }

    /** The deal properties pulled: open-deal state, and the outcome fields when the config measures outcomes. */
    public static List<String> dealProperties(SyncConfig config) {
        if (config.outcomes() == null) {
            return DEAL_PROPERTIES;
        }
        Set<String> properties = new TreeSet<>(DEAL_PROPERTIES);
        properties.addAll(OutcomeFields.DEAL_PROPERTIES);
        return List.copyOf(properties);
    }

    public static boolean needsDeals(SyncConfig config) {
        return config.suppressions().stream().anyMatch(SuppressionConfig::openDeal);
    }

    private static PullStream<Engagement> engagements(SyncContext context, SyncStreams.Key key) {
        ObjectType type = key.type();
        List<String> properties = key.properties();
        return new PullStream<>(key,
                after -> context.client().engagementPages(type, properties, after),
                (after, upTo) -> context.client().engagementSearchBackfill(type, properties, after, upTo),
                from -> CheckpointedPull.Window.of(context.client().engagementChangesSince(type, from, properties)),
                ids -> {
                    List<CrmObject> objects = context.client().batchRead(type, ids, properties);
                    Map<String, List<String>> contacts = context.client().associations(type, ObjectType.CONTACTS,
                            objects.stream().map(CrmObject::id).toList());
                    return objects.stream()
                            .map(o -> new Engagement(type, o, contacts.getOrDefault(o.id(), List.of()))).toList();
                },
                (tx, batch, now) -> tx.engagements().upsert(toLedger(batch), now));
    }

    private static PullStream<Deals.Pulled> deals(SyncContext context, SyncStreams.Key key) {
        List<String> properties = key.properties();
        return new PullStream<>(key,
                after -> {
                    Iterator<Page<CrmObject>> pages = context.client().listPages(ObjectType.DEALS,
                            ListQuery.of(properties).withAssociations(ObjectType.CONTACTS).startingAfter(after));
                    return mapPages(pages, objects -> objects.stream()
                            .map(d -> deal(d, d.associated(ObjectType.CONTACTS), properties)).toList());
                },
                null,
                from -> {
                    Changes<CrmObject> changes = context.client().changesSince(ObjectType.DEALS, from, properties);
                    return new CheckpointedPull.Window<>(changes.nextCheckpoint(),
                            () -> withDealContacts(context, changes.iterator(), properties));
                },
                ids -> {
                    List<CrmObject> objects = context.client().batchRead(ObjectType.DEALS, ids, properties);
                    Map<String, List<String>> contacts = context.client().associations(ObjectType.DEALS,
                            ObjectType.CONTACTS, objects.stream().map(CrmObject::id).toList());
                    return objects.stream().map(d -> deal(d, contacts.getOrDefault(d.id(), List.of()), properties))
                            .toList();
                },
                (tx, batch, now) -> tx.deals().upsert(batch, now));
    }

    private static Iterator<Deals.Pulled> withDealContacts(SyncContext context, Iterator<CrmObject> deals,
            List<String> properties) {
        // read associations a page of deals at a time
        return new Iterator<>() {
            private Iterator<Deals.Pulled> current = List.<Deals.Pulled>of().iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && deals.hasNext()) {
                    List<CrmObject> chunk = new ArrayList<>();
                    while (deals.hasNext() && chunk.size() < 200) {
                        chunk.add(deals.next());
                    }
                    Map<String, List<String>> contacts = context.client().associations(ObjectType.DEALS,
                            ObjectType.CONTACTS, chunk.stream().map(CrmObject::id).toList());
                    current = chunk.stream().map(d -> deal(d, contacts.getOrDefault(d.id(), List.of()), properties))
                            .iterator();
                }
                return current.hasNext();
            }

            @Override
            public Deals.Pulled next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private static Deals.Pulled deal(CrmObject deal, List<String> contactIds, List<String> read) {
        Map<String, String> properties = new TreeMap<>(deal.properties());
        properties.keySet().retainAll(read);
        boolean closed = "true".equalsIgnoreCase(deal.property("hs_is_closed"));
        return new Deals.Pulled(deal.numericId(), properties, closed, ids(contactIds),
                HubSpotValues.epochMillis(deal.createdAt()));
    }

    private static List<Engagements.Pulled> toLedger(List<Engagement> batch) {
        List<Engagements.Pulled> rows = new ArrayList<>(batch.size());
        for (Engagement e : batch) {
            CrmObject object = e.object();
            Map<String, String> properties = new TreeMap<>(object.properties());
            properties.remove("hs_lastmodifieddate");
            properties.remove("hs_object_id");
            properties.remove("hs_createdate");
            rows.add(new Engagements.Pulled(e.type().apiName(), object.numericId(),
                    HubSpotValues.epochMillis(object.property(TIMESTAMP)), properties, ids(e.contactIds()),
                    HubSpotValues.epochMillis(object.createdAt())));
        }
        return rows;
    }

    private static Set<Long> ids(List<String> ids) {
        Set<Long> result = new LinkedHashSet<>();
        for (String id : ids) {
            result.add(Long.parseLong(id));
        }
        return result;
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static <A, B> Iterator<Page<B>> mapPages(Iterator<Page<A>> pages,
            Function<List<A>, List<B>> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pages.hasNext();
            }

            @Override
            public Page<B> next() {
                Page<A> page = pages.next();
                return new Page<>(f.apply(page.results()), page.after());
            }
        };
    }
}
