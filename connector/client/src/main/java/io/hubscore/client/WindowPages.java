package io.hubscore.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Pages through every record whose modified date lies in a fixed window, without gaps or loops.
 * Each page is its own query: the window filters plus {@code hs_object_id > last id seen}, sorted
 * by {@code hs_object_id} ascending, 200 a page, from offset zero. So the 10,000-result cap of one
 * query is never reached however many records share a timestamp, and records that leave the window
 * while it is paged (changed again) cannot shift later records out of reach, as they would with
 * offset paging. Ids are compared as numbers. Lazy; not thread-safe.
 */
final class WindowPages implements Iterator<List<CrmObject>> {

    static final String ID = "hs_object_id";

    private final ObjectType type;
    private final long from;
    private final long upTo;
    private final List<String> properties;
    private final Function<Search, SearchPage> search;
    private long lastId = -1;
    private boolean finished;

    WindowPages(ObjectType type, long from, long upTo, List<String> properties, Function<Search, SearchPage> search) {
        this.type = type;
        this.from = from;
        this.upTo = upTo;
        this.properties = properties;
        this.search = search;
    }

    @Override
    public boolean hasNext() {
        return !finished;
    }

    @Override
    public List<CrmObject> next() {
        if (finished) {
            throw new NoSuchElementException();
        }
        SearchPage page = search.apply(query());
        long previous = lastId;
        for (CrmObject record : page.results()) {
            long id = record.numericId();
            if (id <= lastId) {
                throw new UnexpectedAnswer("HubSpot search for changed " + type.apiName() + " returned id " + id
                        + " after id " + lastId + " although sorted by " + ID + " ascending; stopping to avoid a loop");
            }
            lastId = id;
        }
        if (page.results().isEmpty() || page.after() == null || lastId == previous) {
            finished = true;
        }
        return page.results();
    }

    private Search query() {
        List<Search.Filter> filters = new ArrayList<>();
        filters.add(Search.Filter.gte(type.lastModifiedProperty(), from));
        filters.add(Search.Filter.lte(type.lastModifiedProperty(), upTo));
        if (lastId >= 0) {
            filters.add(Search.Filter.gt(ID, lastId));
        }
        return new Search(List.of(new Search.FilterGroup(filters)), List.of(Search.Sort.ascending(ID)), properties,
                Search.MAX_LIMIT, null);
    }
}
