package io.hubscore.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backfill through the search endpoint: every live record whose modified date is at most {@code upTo} (fixed when
 * the backfill started), 200 a page in {@code hs_object_id} order, each page its own query with
 * {@code hs_object_id > last id read}, so no query comes near the 10,000-result cap. A page's cursor is the last id it
 * held, so a backfill stored with its page resumes after it. Records changed after {@code upTo} are left to the
 * incremental window, whose first checkpoint lies before {@code upTo} by the search lag, so a record the index had
 * not yet seen is read there.
 *
 * <p>HubSpot refuses a search body over about 3,000 characters. When the properties make it longer, each page is
 * read in several requests, each with part of the properties: the first sets the page's ids, the others ask for the
 * same window and id range, and a record is kept only when every request returned it (one changed in between has
 * left the window, and the incremental window reads it). Said once in the log. Lazy; not thread-safe.
 */
final class SearchBackfill implements java.util.Iterator<Page<CrmObject>> {

    private static final Logger LOG = LoggerFactory.getLogger(SearchBackfill.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** About the largest search body HubSpot accepts, in characters. */
    static final int MAX_BODY = 3_000;

    private final ObjectType type;
    private final long upTo;
    private final List<List<String>> propertyParts;
    private final Function<Search, SearchPage> search;
    private long lastId;
    private boolean finished;

    SearchBackfill(ObjectType type, List<String> properties, String startAfter, long upTo,
            Function<Search, SearchPage> search) {
        this.type = type;
        this.upTo = upTo;
        this.search = search;
        this.lastId = startAfter == null || startAfter.isBlank() ? -1 : Long.parseLong(startAfter.trim());
        this.propertyParts = split(type, properties, upTo);
    }

    @Override
    public boolean hasNext() {
        return !finished;
    }

    @Override
    public Page<CrmObject> next() {
        if (finished) {
            throw new java.util.NoSuchElementException();
        }
        SearchPage first = search.apply(query(propertyParts.get(0), lastId, Long.MAX_VALUE));
        long previous = lastId;
        long highest = lastId;
        for (CrmObject record : first.results()) {
            long id = record.numericId();
            if (id <= highest) {
                throw new UnexpectedAnswer("HubSpot search for " + type.apiName() + " returned id " + id
                        + " after id " + highest + " although sorted by " + WindowPages.ID
                        + " ascending; stopping to avoid a loop");
            }
            highest = id;
        }
        List<CrmObject> records = first.results();
        if (propertyParts.size() > 1 && !records.isEmpty()) {
            records = merged(records, previous, highest);
        }
        lastId = highest;
        if (first.results().size() < Search.MAX_LIMIT || first.after() == null || highest == previous) {
            finished = true;
        }
        return new Page<>(records, finished ? null : Long.toString(highest));
    }

    /** The page's records with the rest of their properties, read for the same window and id range. */
    private List<CrmObject> merged(List<CrmObject> records, long after, long upToId) {
        Map<String, Map<String, String>> properties = new LinkedHashMap<>();
        for (CrmObject record : records) {
            properties.put(record.id(), new LinkedHashMap<>(record.properties()));
        }
        for (List<String> part : propertyParts.subList(1, propertyParts.size())) {
            Map<String, Map<String, String>> kept = new LinkedHashMap<>();
            for (CrmObject record : search.apply(query(part, after, upToId)).results()) {
                Map<String, String> soFar = properties.get(record.id());
                if (soFar != null) {
                    soFar.putAll(record.properties());
                    kept.put(record.id(), soFar);
                }
            }
            properties = kept;
        }
        List<CrmObject> complete = new ArrayList<>(properties.size());
        for (CrmObject record : records) {
            Map<String, String> all = properties.get(record.id());
            if (all != null) {
                complete.add(record.withProperties(all));
            }
        }
        return complete;
    }

    private Search query(List<String> properties, long after, long upToId) {
        List<Search.Filter> filters = new ArrayList<>();
        filters.add(Search.Filter.lte(type.lastModifiedProperty(), upTo));
        if (after >= 0) {
            filters.add(Search.Filter.gt(WindowPages.ID, after));
        }
        if (upToId != Long.MAX_VALUE) {
            filters.add(Search.Filter.lte(WindowPages.ID, upToId));
        }
        return new Search(List.of(new Search.FilterGroup(filters)), List.of(Search.Sort.ascending(WindowPages.ID)),
                properties, Search.MAX_LIMIT, null);
    }

    /**
     * The properties in as few parts as keep every request's body (with the longest filters a page sends) within
     * {@link #MAX_BODY}; one part when they fit.
     */
    static List<List<String>> split(ObjectType type, List<String> properties, long upTo) {
        List<Search.Filter> widest = List.of(Search.Filter.lte(type.lastModifiedProperty(), upTo),
                Search.Filter.gt(WindowPages.ID, Long.MAX_VALUE), Search.Filter.lte(WindowPages.ID, Long.MAX_VALUE));
        int whole = length(widest, properties);
        if (whole <= MAX_BODY) {
            return List.of(List.copyOf(properties));
        }
        List<List<String>> parts = new ArrayList<>();
        List<String> part = new ArrayList<>();
        for (String property : properties) {
            part.add(property);
            if (part.size() > 1 && length(widest, part) > MAX_BODY) {
                part.remove(part.size() - 1);
                parts.add(List.copyOf(part));
                part = new ArrayList<>(List.of(property));
            }
        }
        parts.add(List.copyOf(part));
        LOG.info("a search for {} with its {} properties would be {} characters, over HubSpot's limit of about {}: "
                + "each page is read in {} requests, each with part of the properties", type.apiName(),
                properties.size(), whole, MAX_BODY, parts.size());
        return List.copyOf(parts);
    }

    private static int length(List<Search.Filter> filters, List<String> properties) {
        try {
            return MAPPER.writeValueAsString(new Search(List.of(new Search.FilterGroup(filters)),
                    List.of(Search.Sort.ascending(WindowPages.ID)), properties, Search.MAX_LIMIT, null)).length();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a search body", e);
        }
    }
}
