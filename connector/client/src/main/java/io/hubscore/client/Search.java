package io.hubscore.client;

import java.util.List;
import java.util.Objects;

/**
 * The body of a CRM search, in HubSpot's shape: filter groups (OR) of filters (AND), at most one
 * sort, properties, page size (1..200) and the integer offset {@code after} (null for the first
 * page). HubSpot answers at most 10,000 results per query. Immutable.
 */
public record Search(List<FilterGroup> filterGroups, List<Sort> sorts, List<String> properties, int limit,
        String after) {

    public static final int MAX_LIMIT = 200;
    public static final int RESULT_CAP = 10_000;

    public Search {
        filterGroups = List.copyOf(filterGroups);
        sorts = List.copyOf(sorts);
        properties = List.copyOf(properties);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("search limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        if (sorts.size() > 1) {
            throw new IllegalArgumentException("HubSpot search takes one sort, got " + sorts.size());
        }
        if (filterGroups.size() > 5) {
            throw new IllegalArgumentException("HubSpot search takes at most 5 filter groups, got " + filterGroups.size());
        }
    }

    public Search startingAfter(String offset) {
        return new Search(filterGroups, sorts, properties, limit, offset);
    }

    /** Filters that must all hold. */
    public record FilterGroup(List<Filter> filters) {
        public FilterGroup {
            filters = List.copyOf(filters);
            if (filters.isEmpty() || filters.size() > 6) {
                throw new IllegalArgumentException("a filter group takes 1..6 filters, got " + filters.size());
            }
        }
    }

    /** One condition; {@code value} may be null for operators that take none (HAS_PROPERTY). */
    public record Filter(String propertyName, String operator, String value) {
        public Filter {
            Objects.requireNonNull(propertyName, "propertyName");
            Objects.requireNonNull(operator, "operator");
        }

        public static Filter gte(String property, long value) {
            return new Filter(property, "GTE", Long.toString(value));
        }

        public static Filter lte(String property, long value) {
            return new Filter(property, "LTE", Long.toString(value));
        }

        public static Filter gt(String property, long value) {
            return new Filter(property, "GT", Long.toString(value));
        }

        public static Filter eq(String property, String value) {
            return new Filter(property, "EQ", value);
        }
    }

    /** {@code direction} is ASCENDING or DESCENDING. */
    public record Sort(String propertyName, String direction) {
        public Sort {
            Objects.requireNonNull(propertyName, "propertyName");
            if (!"ASCENDING".equals(direction) && !"DESCENDING".equals(direction)) {
                throw new IllegalArgumentException("sort direction must be ASCENDING or DESCENDING, was " + direction);
            }
        }

        public static Sort ascending(String property) {
            return new Sort(property, "ASCENDING");
        }
    }
}
