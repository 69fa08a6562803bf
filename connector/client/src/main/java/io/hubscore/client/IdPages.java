package io.hubscore.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The ids of every record matching some search filters, ascending, a page at a time: each page is its own query,
 * the filters plus {@code hs_object_id > last id seen}, sorted by {@code hs_object_id}, 200 a page, asking for no
 * property but the id. So HubSpot's 10,000-result cap is never reached, and records that stop matching while the
 * ids are paged cannot shift later ones out of reach. Ids are compared as numbers. Lazy; not thread-safe.
 */
final class IdPages implements Iterator<List<String>> {

    static final String ID = "hs_object_id";

    private final ObjectType type;
    private final List<Search.Filter> filters;
    private final Function<Search, SearchPage> search;
    private long lastId = -1;
    private boolean finished;

    IdPages(ObjectType type, List<Search.Filter> filters, Function<Search, SearchPage> search) {
        if (filters.size() > 5) {
            throw new IllegalArgumentException("at most 5 filters leave room for the id filter, got " + filters.size());
        }
        this.type = type;
        this.filters = List.copyOf(filters);
        this.search = search;
    }

    @Override
    public boolean hasNext() {
        return !finished;
    }

    @Override
    public List<String> next() {
        if (finished) {
            throw new NoSuchElementException();
        }
        SearchPage page = search.apply(query());
        long previous = lastId;
        List<String> ids = new ArrayList<>(page.results().size());
        for (CrmObject record : page.results()) {
            long id = record.numericId();
            if (id <= lastId) {
                throw new UnexpectedAnswer("HubSpot search for " + type.apiName() + " ids returned id " + id
                        + " after id " + lastId + " although sorted by " + ID + " ascending; stopping to avoid a loop");
            }
            lastId = id;
            ids.add(record.id());
        }
        if (page.results().isEmpty() || page.after() == null || lastId == previous) {
            finished = true;
        }
        return ids;
    }

    private Search query() {
        List<Search.Filter> all = new ArrayList<>(filters);
        if (lastId >= 0) {
            all.add(Search.Filter.gt(ID, lastId));
        }
        List<Search.FilterGroup> groups = all.isEmpty() ? List.of() : List.of(new Search.FilterGroup(all));
        return new Search(groups, List.of(Search.Sort.ascending(ID)), List.of(ID), Search.MAX_LIMIT, null);
    }
}
