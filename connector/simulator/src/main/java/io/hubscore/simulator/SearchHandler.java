package io.hubscore.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * {@code POST /crm/v3/objects/{type}/search}: filter groups ORed, filters ANDed, one sort, pages of at
 * most 200 by integer offset, {@code total}, the 10,000-result cap, archived objects never returned, and
 * the search index lag (objects are matched as the index saw them). Thread-safe (stateless itself).
 */
final class SearchHandler {

    static final int MAX_LIMIT = 200;
    static final int MAX_RESULTS = 10_000;
    static final int MAX_GROUPS = 5;
    static final int MAX_FILTERS_PER_GROUP = 6;
    static final int MAX_FILTERS = 18;

    private record Hit(StoredObject object, ObjectState state, Object sortKey) {
    }

    private final SimContext context;

    SearchHandler(SimContext context) {
        this.context = context;
    }

    SimResponse search(SimRequest request, ObjectType type) {
        JsonNode body = request.json();
        PropertySchema schema = context.portal.schema(type);
        List<List<SearchFilter>> groups = groups(body.path("filterGroups"), schema);
        int limit = body.path("limit").asInt(10);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequest("limit must be between 1 and " + MAX_LIMIT + ", was " + body.path("limit"));
        }
        int after = offset(body.path("after"));
        if ((long) after + limit > MAX_RESULTS) {
            throw new BadRequest("There was a problem with the request: paging is limited to the first " + MAX_RESULTS
                    + " results of a search (after=" + after + ", limit=" + limit + ")");
        }
        String sortProperty = "hs_object_id";
        boolean descending = false;
        JsonNode sorts = body.path("sorts");
        if (sorts.size() > 1) {
            throw new BadRequest("Only one sort is supported, got " + sorts.size());
        }
        if (sorts.size() == 1) {
            JsonNode sort = sorts.get(0);
            if (sort.isTextual()) {
                String text = sort.asText();
                descending = text.startsWith("-");
                sortProperty = descending ? text.substring(1) : text;
            } else {
                sortProperty = sort.path("propertyName").asText("hs_object_id");
                descending = "DESCENDING".equalsIgnoreCase(sort.path("direction").asText("ASCENDING"));
            }
        }
        String sortName = sortProperty;
        boolean numericSort = schema.get(sortName).map(PropertyDefinition::isNumeric).orElse(false);
        String query = body.path("query").asText("").trim().toLowerCase(Locale.ROOT);
        List<String> names = ObjectJson.propertyNames(context.portal, type, ObjectJson.requested(body.path("properties")));

        Instant now = context.portal.now();
        List<Hit> hits = new ArrayList<>();
        for (StoredObject object : context.portal.store(type).from(lowestId(groups)).values()) {
            ObjectState state = object.searchView(now);
            if (state == null || state.archived() || !matches(state, groups) || !matchesQuery(state, query)) {
                continue;
            }
            String raw = "hs_object_id".equals(sortName) ? null : state.properties().get(sortName);
            Object key;
            if ("hs_object_id".equals(sortName)) {
                key = (double) state.id();
            } else if (numericSort) {
                OptionalDouble n = Timestamps.number(raw);
                key = n.isPresent() ? n.getAsDouble() : null;
            } else {
                key = raw == null || raw.isEmpty() ? null : raw.toLowerCase(Locale.ROOT);
            }
            hits.add(new Hit(object, state, key));
        }
        Comparator<Hit> order = (a, b) -> compareKeys(a.sortKey(), b.sortKey());
        if (descending) {
            order = order.reversed();
        }
        hits.sort(order.thenComparingLong(hit -> hit.state().id()));
        int total = hits.size();
        List<Hit> page = after >= total ? List.of() : hits.subList(after, Math.min(total, after + limit));
        int next = after + limit;
        List<byte[]> results = new ArrayList<>(page.size());
        for (Hit hit : page) {
            results.add(hit.object().json(hit.state(), names));
        }
        return PageBody.response(total, results, next < total ? Integer.toString(next) : null, null);
    }

    @SuppressWarnings("unchecked")
    private static int compareKeys(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
        }
        return ((Comparable<Object>) a).compareTo(b);
    }

    private static List<List<SearchFilter>> groups(JsonNode node, PropertySchema schema) {
        List<List<SearchFilter>> groups = new ArrayList<>();
        if (node.size() > MAX_GROUPS) {
            throw new BadRequest("A search may have at most " + MAX_GROUPS + " filterGroups, got " + node.size());
        }
        int total = 0;
        for (JsonNode group : node) {
            JsonNode filters = group.path("filters");
            if (filters.size() > MAX_FILTERS_PER_GROUP) {
                throw new BadRequest("A filterGroup may have at most " + MAX_FILTERS_PER_GROUP + " filters, got "
                        + filters.size());
            }
            total += filters.size();
            List<SearchFilter> compiled = new ArrayList<>();
            for (JsonNode filter : filters) {
                compiled.add(SearchFilter.compile(filter, schema));
            }
            groups.add(compiled);
        }
        if (total > MAX_FILTERS) {
            throw new BadRequest("A search may have at most " + MAX_FILTERS + " filters in all, got " + total);
        }
        return groups;
    }

    private static int offset(JsonNode after) {
        if (after.isMissingNode() || after.isNull() || after.asText().isEmpty()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(after.asText());
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw new BadRequest("after must be a non-negative integer offset, was " + after.asText());
        }
    }

    /**
     * The least id any group can match: a keyset search ({@code hs_object_id GT} the last id read) then reads the
     * objects above it only, as an index would, instead of testing every object of the type on every page.
     */
    private static long lowestId(List<List<SearchFilter>> groups) {
        long lowest = Long.MAX_VALUE;
        for (List<SearchFilter> group : groups) {
            long bound = Long.MIN_VALUE;
            for (SearchFilter filter : group) {
                bound = Math.max(bound, filter.lowestId());
            }
            lowest = Math.min(lowest, bound);
        }
        return groups.isEmpty() ? Long.MIN_VALUE : lowest;
    }

    private static boolean matches(ObjectState state, List<List<SearchFilter>> groups) {
        if (groups.isEmpty()) {
            return true;
        }
        for (List<SearchFilter> group : groups) {
            boolean all = true;
            for (SearchFilter filter : group) {
                if (!filter.matches(state.properties())) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesQuery(ObjectState state, String query) {
        if (query.isEmpty()) {
            return true;
        }
        for (String name : new String[] {"firstname", "lastname", "email", "company", "dealname", "hs_email_subject"}) {
            String value = state.properties().get(name);
            if (value != null && value.toLowerCase(Locale.ROOT).contains(query)) {
                return true;
            }
        }
        return false;
    }
}
