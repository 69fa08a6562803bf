package io.hubscore.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The typed HubSpot API used by hubscore: listing, search, batch read and update, v4 associations,
 * properties, and incremental pulls that never skip a record. Every call is paced by the rate
 * budget, retried as the retry policy says, and authenticated without the token ever reaching a
 * log or a message. Create one per portal with {@link #create(ClientSettings)} and share it: it is
 * thread-safe, except that a {@link Changes} or page iterator it returns has one consumer.
 */
public final class HubSpotClient implements AutoCloseable {

    private final ClientSettings settings;
    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final ClientMetrics metrics = new ClientMetrics();
    private final RateGovernor governor;
    private final Caller caller;
    private final BatchUpdates batchUpdates;
    private final Associations associations;
    private final Properties properties;

    private HubSpotClient(ClientSettings settings, OkHttpClient http, boolean ownsHttp) {
        this.settings = settings;
        this.http = http;
        this.ownsHttp = ownsHttp;
        ObjectMapper mapper = new ObjectMapper()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.governor = new RateGovernor(settings.rateBudget(), settings.clock(), settings.sleeper(),
                settings.portalZone(), metrics);
        RetryDecider retry = new RetryDecider(settings.retryPolicy(), settings.random());
        Transport transport = new Transport(http, HttpUrl.get(settings.baseUrl().toString()), mapper, governor, retry,
                metrics, settings.clock(), settings.sleeper());
        this.caller = new Caller(transport, TokenSource.of(settings.auth(), transport, settings.clock()));
        this.batchUpdates = new BatchUpdates(caller);
        this.associations = new Associations(caller);
        this.properties = new Properties(caller);
    }

    /** A client with its own connection pool; {@link #close()} releases it. */
    public static HubSpotClient create(ClientSettings settings) {
        return new HubSpotClient(settings, httpClient(settings), true);
    }

    /** A client on a shared OkHttp client (its pool and dispatcher), with this client's timeouts. */
    public static HubSpotClient create(ClientSettings settings, OkHttpClient shared) {
        return new HubSpotClient(settings, configure(shared.newBuilder(), settings), false);
    }

    private static OkHttpClient httpClient(ClientSettings settings) {
        return configure(new OkHttpClient.Builder().connectionPool(new ConnectionPool(5, 5, TimeUnit.MINUTES)), settings);
    }

    /** OkHttp adds gzip by itself; its own silent retries are off so every retry is counted and logged here. */
    private static OkHttpClient configure(OkHttpClient.Builder builder, ClientSettings settings) {
        return builder
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .callTimeout(settings.callTimeout())
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
    }

    // ---- listing and backfill -------------------------------------------------------------

    /**
     * One page of the list endpoint. An empty first page without a next cursor is confirmed by HubSpot's search
     * before it is believed (a portal that has records never answers it), and so is an empty page after a
     * numeric cursor.
     */
    public Page<CrmObject> listPage(ObjectType type, ListQuery query) {
        return listPage(type, query, -1);
    }

    /**
     * One page, checked as {@link Expected#listPage} says, inside the retry loop. {@code lastSeenId} is the
     * highest id of the pages before this one in the same stream (-1 when none was read yet): an empty page that
     * would end the stream is confirmed by a search count of the live records past it.
     */
    private Page<CrmObject> listPage(ObjectType type, ListQuery query, long lastSeenId) {
        ApiCall.Query parameters = new ApiCall.Query()
                .add("limit", Integer.toString(query.limit()))
                .add("after", query.after())
                .add("archived", Boolean.toString(query.archived()));
        if (!query.properties().isEmpty()) {
            parameters.add("properties", String.join(",", query.properties()));
        }
        if (!query.associations().isEmpty()) {
            parameters.add("associations", String.join(",", query.associations().stream().map(ObjectType::apiName).toList()));
        }
        ApiCall call = ApiCall.get("/crm/v3/objects/" + type.apiName(), parameters.build())
                .expecting(Expected.listPage(query.after(), emptyEnd(type, query, lastSeenId)));
        JsonNode body = caller.send(call).body();
        return new Page<>(Bodies.objects(body.path("results"), call.describe()), Bodies.nextAfter(body));
    }

    /**
     * How an empty page that would end a listing of live records is confirmed: by a search count of the live
     * records with an id above the last one read (list pages come in id order), or of all of them when nothing was
     * read from the start. Resumed from a cursor with nothing read yet, the cursor bounds the count when it is a
     * number (HubSpot's cursor names the last record read or the next one, so counting above it never finds a
     * record the page should not have held); an opaque cursor cannot be confirmed. Archived listings are not
     * searchable and are not confirmed.
     */
    private Expected.EmptyEnd emptyEnd(ObjectType type, ListQuery query, long lastSeenId) {
        if (query.archived()) {
            return null;
        }
        long above = lastSeenId;
        if (above < 0 && query.after() != null) {
            try {
                above = Long.parseLong(query.after().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        long bound = above;
        return () -> {
            List<Search.FilterGroup> filters = bound < 0 ? List.of()
                    : List.of(new Search.FilterGroup(List.of(Search.Filter.gt(WindowPages.ID, bound))));
            long total = search(type, new Search(filters, List.of(), List.of(WindowPages.ID), 1, null)).total();
            return total == 0 ? null : "no results and no next page although HubSpot's search counts " + total + " "
                    + type.apiName() + (bound < 0 ? "" : " with an id above " + bound);
        };
    }

    /**
     * Every page of the list endpoint from {@code query.after()}, each fetched when asked for. A
     * backfill persists {@link Page#after()} after handling each page and resumes from it.
     */
    public Iterator<Page<CrmObject>> listPages(ObjectType type, ListQuery query) {
        return new LazyPages<>(query.after(), trackingIds(type, query));
    }

    /**
     * Fetches the pages of one listing, remembering the highest id read so far and handing it to the next fetch,
     * so an empty last page is confirmed against what comes after it.
     */
    private Function<String, Page<CrmObject>> trackingIds(ObjectType type, ListQuery query) {
        long[] highest = {-1};
        return cursor -> {
            Page<CrmObject> page = listPage(type, query.startingAfter(cursor), highest[0]);
            for (CrmObject object : page.results()) {
                highest[0] = Math.max(highest[0], object.numericId());
            }
            return page;
        };
    }

    /** Every record of the listing as a lazy stream. */
    public Stream<CrmObject> list(ObjectType type, ListQuery query) {
        return flatten(listPages(type, query)).flatMap(page -> page.results().stream());
    }

    /** Archived (deleted) records, from the list endpoint with {@code archived=true}. */
    public Iterator<Page<CrmObject>> archivedPages(ObjectType type, List<String> properties, String startAfter) {
        return listPages(type, ListQuery.of(properties).archivedOnly().startingAfter(startAfter));
    }

    /** Backfill of an engagement type with its contacts inline ({@code associations=contacts}). */
    public Iterator<Page<Engagement>> engagementPages(ObjectType type, List<String> properties, String startAfter) {
        requireEngagement(type);
        ListQuery query = ListQuery.of(properties).withAssociations(ObjectType.CONTACTS).startingAfter(startAfter);
        Function<String, Page<CrmObject>> pages = trackingIds(type, query);
        return new LazyPages<>(startAfter, cursor -> {
            Page<CrmObject> page = pages.apply(cursor);
            return new Page<>(page.results().stream()
                    .map(object -> new Engagement(type, object, object.associated(ObjectType.CONTACTS))).toList(),
                    page.after());
        });
    }

    /**
     * A backfill through search (HubSpot's per-second search bucket, not the 10-second one): every live record of
     * {@code type} modified up to {@code upTo} (epoch ms, fixed when the backfill started), 200 a page in id order,
     * after the id {@code startAfter} (null: from the start). Each page's {@link Page#after()} is its last id, the
     * cursor to store with it. Contacts also carry {@code hs_merged_object_ids}; every record carries its
     * modified-date property. Search does not see archived records, nor, for a moment, new ones: the incremental
     * window whose checkpoint lies a search lag before {@code upTo} reads those.
     */
    public Iterator<Page<CrmObject>> searchBackfill(ObjectType type, List<String> properties, String startAfter,
            long upTo) {
        return new SearchBackfill(type, withPullProperties(type, properties), startAfter, upTo,
                search -> search(type, search));
    }

    /**
     * {@link #searchBackfill} for an engagement type, in pages of up to 1,000 (five search pages), each page's contacts
     * read through one v4 association batch read (exempt from the 10-second bucket too, and taking up to 1,000
     * inputs).
     */
    public Iterator<Page<Engagement>> engagementSearchBackfill(ObjectType type, List<String> properties,
            String startAfter, long upTo) {
        requireEngagement(type);
        Iterator<Page<CrmObject>> pages = searchBackfill(type, properties, startAfter, upTo);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pages.hasNext();
            }

            @Override
            public Page<Engagement> next() {
                // search pages of 200 until one association read's worth (its limit of inputs), then that read
                List<CrmObject> records = new ArrayList<>();
                Page<CrmObject> page;
                do {
                    page = pages.next();
                    records.addAll(page.results());
                } while (pages.hasNext() && records.size() + Search.MAX_LIMIT <= Associations.MAX_INPUTS);
                return new Page<>(withContacts(type, records), page.after());
            }
        };
    }

    // ---- search and incremental pulls ------------------------------------------------------

    /** One search request (paced by the search limiter). */
    public SearchPage search(ObjectType type, Search search) {
        ApiCall call = ApiCall.search("/crm/v3/objects/" + type.apiName() + "/search", search)
                .expecting(Expected.searchPage(search));
        JsonNode body = caller.send(call).body();
        return new SearchPage(body.path("total").asLong(0), Bodies.objects(body.path("results"), call.describe()),
                Bodies.nextAfter(body));
    }

    /**
     * How many live records of {@code type} match every filter: one search request (paced by the search limiter),
     * reading HubSpot's {@code total}. Search never counts archived records, and sees new or changed records only
     * after its index lag.
     */
    public long count(ObjectType type, List<Search.Filter> filters) {
        List<Search.FilterGroup> groups = filters.isEmpty() ? List.of() : List.of(new Search.FilterGroup(filters));
        return search(type, new Search(groups, List.of(), List.of(IdPages.ID), 1, null)).total();
    }

    /**
     * The ids of every live record of {@code type} matching every filter (at most 5), ascending, a page of up to
     * 200 at a time, each page fetched when asked for; past HubSpot's 10,000-result cap.
     */
    public Iterator<List<String>> ids(ObjectType type, List<Search.Filter> filters) {
        return new IdPages(type, filters, search -> search(type, search));
    }

    /**
     * Records of {@code type} changed since {@code checkpoint} (epoch ms, inclusive) up to now (read
     * once, from the clock, when this is called). Contacts also carry {@code hs_merged_object_ids};
     * every record carries its modified-date property.
     */
    public Changes<CrmObject> changesSince(ObjectType type, long checkpoint, List<String> wanted) {
        return pull(type, checkpoint, wanted, List::stream);
    }

    /** Engagements changed since {@code checkpoint}, with their contacts read through v4 associations. */
    public Changes<Engagement> engagementChangesSince(ObjectType type, long checkpoint, List<String> wanted) {
        requireEngagement(type);
        return pull(type, checkpoint, wanted, page -> withContacts(type, page).stream());
    }

    private <T> Changes<T> pull(ObjectType type, long checkpoint, List<String> wanted,
            Function<List<CrmObject>, Stream<T>> perPage) {
        long upTo = settings.clock().millis();
        long next = Math.max(checkpoint, upTo - settings.searchLagMargin().toMillis());
        List<String> properties = withPullProperties(type, wanted);
        return new Changes<>(checkpoint, upTo, next, () -> flatten(
                new WindowPages(type, checkpoint, upTo, properties, search -> search(type, search)))
                .flatMap(perPage).iterator());
    }

    private List<Engagement> withContacts(ObjectType type, List<CrmObject> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> contacts = associations(type, ObjectType.CONTACTS,
                page.stream().map(CrmObject::id).toList());
        List<Engagement> engagements = new ArrayList<>();
        for (CrmObject object : page) {
            engagements.add(new Engagement(type, object, contacts.getOrDefault(object.id(), List.of())));
        }
        return engagements;
    }

    private static List<String> withPullProperties(ObjectType type, List<String> wanted) {
        Set<String> properties = new LinkedHashSet<>(wanted);
        properties.add(type.lastModifiedProperty());
        if (type == ObjectType.CONTACTS) {
            properties.add("hs_merged_object_ids");
        }
        return List.copyOf(properties);
    }

    // ---- batch read, batch update, associations ----------------------------------------------

    /** Reads records by id, 100 a call; ids HubSpot does not know are left out. */
    public List<CrmObject> batchRead(ObjectType type, Collection<String> ids, List<String> properties) {
        List<String> all = List.copyOf(new LinkedHashSet<>(ids));
        List<CrmObject> found = new ArrayList<>();
        for (int start = 0; start < all.size(); start += 100) {
            List<Map<String, String>> inputs = all.subList(start, Math.min(all.size(), start + 100)).stream()
                    .map(id -> Map.of("id", id)).toList();
            ApiCall call = ApiCall.post("/crm/v3/objects/" + type.apiName() + "/batch/read",
                    Map.of("inputs", inputs, "properties", properties)).expecting(Expected.batchRead());
            found.addAll(Bodies.objects(caller.send(call).body().path("results"), call.describe()));
        }
        return found;
    }

    /**
     * Updates up to 100 records in one call and says, per input and in input order, whether it was
     * applied, rejected (with HubSpot's reason) or should be retried later.
     *
     * @throws DailyLimitExhausted the daily budget is gone
     * @throws AuthFailed the credentials were refused
     */
    public List<UpdateOutcome> batchUpdate(ObjectType type, List<ObjectUpdate> updates) {
        return batchUpdates.update(type, updates);
    }

    /**
     * Associated ids of {@code to} for each id of {@code from} (v4 batch read, 1,000 a call, all
     * association pages followed). Every requested id is a key; no associations is an empty list.
     */
    public Map<String, List<String>> associations(ObjectType from, ObjectType to, Collection<String> ids) {
        return associations.read(from, to, ids);
    }

    // ---- properties -------------------------------------------------------------------------

    public List<PropertyDefinition> properties(ObjectType type) {
        return properties.list(type);
    }

    public Optional<PropertyDefinition> property(ObjectType type, String name) {
        return properties.get(type, name);
    }

    /**
     * Creates the property unless it exists with a compatible definition.
     *
     * @throws PropertyConflict it exists with another type, field type or without needed options
     */
    public PropertyDefinition ensureProperty(ObjectType type, PropertyDefinition definition) {
        return properties.ensure(type, definition);
    }

    /**
     * Makes sure of every property in {@code definitions} (as {@link #ensureProperty}) in as few calls as the portal
     * allows: one batch read when all exist; else also the group and one batch create.
     *
     * @throws PropertyConflict one exists with another type, field type or without needed options
     */
    public List<PropertyDefinition> ensureProperties(ObjectType type, PropertyGroup group,
            List<PropertyDefinition> definitions) {
        return properties.ensureAll(type, group, definitions);
    }

    /** Creates the property group; one that already exists is fine. */
    public void ensurePropertyGroup(ObjectType type, PropertyGroup group) {
        properties.ensureGroup(type, group);
    }

    // ---- the daily budget ----------------------------------------------------------------------

    /**
     * One cheap call, made even while calls are paused, to learn whether the day has budget again: a page of one
     * contact (its response carries the rate-limit headers). The pause is lifted when HubSpot answers and neither
     * reports the daily calls used up nor leaves this client's daily share used (the share follows the daily
     * limit HubSpot reports, so a raised limit lifts it); a 429 DAILY keeps it. Counts as one call of the day.
     *
     * @return what the client knows afterwards; {@link BudgetState#paused()} says whether calls may go out
     * @throws AuthFailed the credentials were refused
     * @throws HubSpotUnavailable HubSpot did not answer
     */
    public BudgetState recheckDailyBudget() {
        ApiCall call = new ApiCall("GET", "/crm/v3/objects/contacts", new ApiCall.Query().add("limit", "1")
                .add("archived", "false").build(), null, null, RateGovernor.Lane.RECHECK, true);
        try {
            governor.liftIfBudget(caller.send(call).rateLimit());
        } catch (DailyLimitExhausted stillExhausted) {
            // the governor recorded HubSpot's DAILY answer: the pause stays
        }
        return governor.state();
    }

    /** The rate-limit headers HubSpot last sent, this client's calls today and the daily pause, if any. */
    public BudgetState budgetState() {
        return governor.state();
    }

    /**
     * Continues the count of this client's calls on portal day {@code day} from an earlier run (so the daily share
     * holds across restarts); a count of another day is ignored.
     */
    public void restoreDailyCalls(LocalDate day, long calls) {
        governor.restoreCallsToday(day, calls);
    }

    /** Lifts the daily pause on an admin's word: calls go out again until HubSpot or the daily share stops them. */
    public void liftDailyPause() {
        governor.liftPause();
    }

    // ---- introspection ------------------------------------------------------------------------

    /** Counters for a metrics endpoint; cheap and thread-safe. */
    public MetricsSnapshot metrics() {
        return metrics.snapshot();
    }

    /**
     * How long the calling thread has waited for rate budget in this client (pacing and 429s), in all; the
     * difference over a job's run is the job's wait.
     */
    public Duration budgetWaitedByThisThread() {
        return metrics.budgetWaitedByThisThread();
    }

    /**
     * {@code work}, which counts the rate-budget waits of the thread that runs it as the calling thread's: for a
     * thread that calls HubSpot on behalf of a job's thread, so the job's wait includes them.
     */
    public Runnable countingBudgetWaitAsThisThread(Runnable work) {
        return metrics.countingWaitsAsThisThread(work);
    }

    @Override
    public void close() {
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static void requireEngagement(ObjectType type) {
        if (!type.isEngagement()) {
            throw new IllegalArgumentException(type + " is not an engagement type");
        }
    }

    private static <T> Stream<T> flatten(Iterator<T> iterator) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
    }
}
