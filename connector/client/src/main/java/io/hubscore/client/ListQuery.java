package io.hubscore.client;

import java.util.List;

/**
 * A list-endpoint query: properties to return, archived records instead of live ones, object
 * types whose associated ids come inline, page size (1..100) and the cursor to start after (null
 * for the first page). Immutable; withers return copies.
 */
public record ListQuery(List<String> properties, boolean archived, List<ObjectType> associations, int limit,
        String after) {

    public static final int MAX_LIMIT = 100;

    public ListQuery {
        properties = List.copyOf(properties);
        associations = List.copyOf(associations);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("list limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    /** Live records with these properties, 100 a page, from the start. */
    public static ListQuery of(List<String> properties) {
        return new ListQuery(properties, false, List.of(), MAX_LIMIT, null);
    }

    public ListQuery archivedOnly() {
        return new ListQuery(properties, true, associations, limit, after);
    }

    public ListQuery withAssociations(ObjectType... types) {
        return new ListQuery(properties, archived, List.of(types), limit, after);
    }

    public ListQuery withLimit(int newLimit) {
        return new ListQuery(properties, archived, associations, newLimit, after);
    }

    /** Resume after a persisted cursor; null starts from the beginning. */
    public ListQuery startingAfter(String cursor) {
        return new ListQuery(properties, archived, associations, limit, cursor);
    }
}
