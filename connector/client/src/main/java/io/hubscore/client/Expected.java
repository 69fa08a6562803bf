package io.hubscore.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What a read expects of HubSpot's 2xx answer, declared by the call and checked by {@link Transport} inside its
 * retry loop: an answer without the expected shape is a failed attempt, retried like a 5xx, and after the last
 * attempt the call fails naming the endpoint and what was wrong. So an empty body, {@code null}, an array, a page
 * without {@code results}, a record without an id, paging without a cursor or a search {@code total} that the
 * page contradicts can never end a stream or move a checkpoint. The shapes follow HubSpot's published response
 * schemas and require only what they require (a list page's {@code paging} is optional, a batch answer's
 * {@code errors} too). Stateless, except that a list page's empty-end check may ask HubSpot's search.
 */
@FunctionalInterface
interface Expected {

    /**
     * What is wrong with this 2xx body (a MissingNode when the body was empty), worded to follow
     * "{@code <call> answered <status> with }", or null when the body is acceptable.
     */
    String problem(JsonNode body);

    /** No expectation: writes settle their answers input by input, and calls whose answer nobody reads. */
    Expected ANY = body -> null;

    /** Confirms that a list really ended: null when it did, else what contradicts the empty last page. */
    @FunctionalInterface
    interface EmptyEnd {
        String contradiction();
    }

    /**
     * A page of the v3 list endpoint: an object whose {@code results} is a list of records with numeric ids, and
     * whose optional {@code paging.next} carries a cursor other than the one sent. An empty page without a next
     * cursor is asked of {@code emptyEnd} (null: taken as the end).
     */
    static Expected listPage(String sentAfter, EmptyEnd emptyEnd) {
        return body -> {
            String problem = records(body, sentAfter);
            if (problem == null && emptyEnd != null && body.get("results").isEmpty() && Bodies.nextAfter(body) == null) {
                problem = emptyEnd.contradiction();
            }
            return problem;
        };
    }

    /**
     * A search page: a list page plus a {@code total}. An empty page that names a next page, and a page from
     * offset zero without a next page that holds fewer records than {@code total} says there are, contradict
     * themselves; so do ids out of order when the search sorts by id.
     */
    static Expected searchPage(Search search) {
        return body -> {
            String problem = records(body, search.after());
            if (problem != null) {
                return problem;
            }
            JsonNode total = body.get("total");
            if (total == null || total.isNull()) {
                return "no 'total'";
            }
            if (!total.isIntegralNumber() || total.asLong() < 0) {
                return "a 'total' that is not a count (" + shorten(total.toString()) + ")";
            }
            JsonNode results = body.get("results");
            boolean next = Bodies.nextAfter(body) != null;
            if (results.isEmpty() && next) {
                return "an empty page that names a next page (total " + total.asLong() + ")";
            }
            long expected = Math.min(total.asLong(), Search.RESULT_CAP);
            if (!next && startsAtZero(search) && results.size() < expected) {
                return "'total' " + total.asLong() + " but " + results.size() + " results and no next page";
            }
            if (sortedByIdAscending(search)) {
                long previous = Long.MIN_VALUE;
                for (int i = 0; i < results.size(); i++) {
                    long id = Long.parseLong(Bodies.text(results.get(i), "id").trim());
                    if (id <= previous) {
                        return "ids out of order although sorted by id (results[" + i + "] is " + id + " after "
                                + previous + ")";
                    }
                    previous = id;
                }
            }
            return null;
        };
    }

    /** A v3 batch read: {@code status}, {@code results} of records with ids; missing ids come as {@code errors}. */
    static Expected batchRead() {
        return body -> {
            String problem = batch(body);
            return problem != null ? problem : records(body, null);
        };
    }

    /**
     * A v4 association batch read (200 or 207): {@code status}, {@code results} of rows, each with
     * {@code from.id} and a {@code to} list of {@code toObjectId}s, and optional row paging whose cursor is not
     * the one sent for that row ({@code sentAfter}: id to the cursor sent with it).
     */
    static Expected associationRows(Map<String, String> sentAfter) {
        return body -> {
            String problem = batch(body);
            if (problem != null) {
                return problem;
            }
            JsonNode results = body.get("results");
            for (int i = 0; i < results.size(); i++) {
                JsonNode row = results.get(i);
                if (!row.isObject()) {
                    return "a row that is not an object (results[" + i + "])";
                }
                String from = Bodies.text(row.path("from"), "id");
                if (from == null || from.isBlank()) {
                    return "a row without an id (results[" + i + "].from.id)";
                }
                JsonNode to = row.get("to");
                if (to == null || !to.isArray()) {
                    return "a row without a 'to' list (results[" + i + "])";
                }
                for (int j = 0; j < to.size(); j++) {
                    String toId = Bodies.text(to.get(j), "toObjectId");
                    if (toId == null || toId.isBlank()) {
                        return "an association without an id (results[" + i + "].to[" + j + "].toObjectId)";
                    }
                }
                problem = paging(row, sentAfter.get(from.trim()), "results[" + i + "].");
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        };
    }

    /** The properties of an object type: {@code results}, never empty (every portal has HubSpot's own). */
    static Expected propertyList() {
        return body -> {
            String problem = results(body);
            if (problem != null) {
                return problem;
            }
            return body.get("results").isEmpty() ? "no properties at all" : properties(body.get("results"));
        };
    }

    /**
     * A batch of property definitions (200 or 207): {@code status}, {@code results} of definitions; the properties
     * that do not exist come as {@code errors}.
     */
    static Expected propertyBatch() {
        return body -> {
            String problem = batch(body);
            return problem != null ? problem : properties(body.get("results"));
        };
    }

    /** What is wrong with the first definition of {@code results} that is not one; null when none. */
    private static String properties(JsonNode results) {
        for (int i = 0; i < results.size(); i++) {
            String problem = property(results.get(i), "results[" + i + "].");
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** One property definition: an object with {@code name}, {@code type} and {@code fieldType}. */
    static Expected property() {
        return body -> {
            String problem = object(body);
            return problem != null ? problem : property(body, "");
        };
    }

    /** An OAuth token answer: an {@code access_token} and a positive {@code expires_in}. */
    static Expected token() {
        return body -> {
            String problem = object(body);
            if (problem != null) {
                return problem;
            }
            String access = Bodies.text(body, "access_token");
            if (access == null || access.isEmpty()) {
                return "no 'access_token'";
            }
            JsonNode expiresIn = body.get("expires_in");
            return expiresIn == null || expiresIn.asLong(0) <= 0 ? "no positive 'expires_in'" : null;
        };
    }

    // ---- the parts ---------------------------------------------------------------------------------------

    /** The body is a JSON object. */
    private static String object(JsonNode body) {
        if (body == null || body.isMissingNode()) {
            return "an empty body";
        }
        if (body.isNull()) {
            return "JSON null";
        }
        if (body.isArray()) {
            return "a JSON array where an object belongs";
        }
        if (!body.isObject()) {
            return "a JSON " + body.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " where an object belongs";
        }
        return null;
    }

    /** An object with a {@code results} list. */
    private static String results(JsonNode body) {
        String problem = object(body);
        if (problem != null) {
            return problem;
        }
        JsonNode results = body.get("results");
        if (results == null || results.isNull()) {
            return "no 'results'";
        }
        if (!results.isArray()) {
            return "'results' that is not a list (a JSON "
                    + results.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
        return null;
    }

    /** A page of CRM records: {@code results} of records with numeric ids, and sound paging. */
    private static String records(JsonNode body, String sentAfter) {
        String problem = results(body);
        if (problem != null) {
            return problem;
        }
        JsonNode results = body.get("results");
        for (int i = 0; i < results.size(); i++) {
            JsonNode record = results.get(i);
            if (!record.isObject()) {
                return "a record that is not an object (results[" + i + "])";
            }
            String id = Bodies.text(record, "id");
            if (id == null || id.isBlank()) {
                return "a record without an id (results[" + i + "])";
            }
            if (!numeric(id)) {
                return "a record whose id is not a number (results[" + i + "].id '" + shorten(id) + "')";
            }
        }
        return paging(body, sentAfter, "");
    }

    /** A batch answer: an object with {@code status}, a {@code results} list and, if any, an {@code errors} list. */
    private static String batch(JsonNode body) {
        String problem = results(body);
        if (problem != null) {
            return problem;
        }
        String status = Bodies.text(body, "status");
        if (status == null || status.isBlank()) {
            return "no 'status'";
        }
        JsonNode errors = body.get("errors");
        if (errors != null && !errors.isNull() && !errors.isArray()) {
            return "'errors' that is not a list";
        }
        return null;
    }

    /**
     * Optional paging: when present it names a next page with a cursor ({@code paging.next.after}), other than
     * the one just sent, or at most a previous page. HubSpot leaves {@code paging} out on the last page.
     */
    private static String paging(JsonNode body, String sentAfter, String where) {
        JsonNode paging = body.get("paging");
        if (paging == null || paging.isNull()) {
            return null;
        }
        if (!paging.isObject()) {
            return "'" + where + "paging' that is not an object";
        }
        JsonNode next = paging.get("next");
        if (next == null || next.isNull()) {
            return paging.hasNonNull("prev") ? null : "'" + where + "paging' without a next cursor";
        }
        String after = Bodies.text(next, "after");
        if (after == null || after.isBlank()) {
            return "'" + where + "paging.next' without a cursor ('after')";
        }
        if (after.equals(sentAfter)) {
            return "the paging cursor it was sent (" + shorten(after) + ") as the next cursor";
        }
        return null;
    }

    private static String property(JsonNode node, String where) {
        if (!node.isObject()) {
            return "a property that is not an object (" + (where.isEmpty() ? "the body" : where) + ")";
        }
        for (String field : new String[] {"name", "type", "fieldType"}) {
            String value = Bodies.text(node, field);
            if (value == null || value.isBlank()) {
                return "a property without a '" + field + "' (" + where + field + ")";
            }
        }
        JsonNode options = node.get("options");
        if (options != null && !options.isNull() && !options.isArray()) {
            return "a property whose 'options' is not a list (" + where + "options)";
        }
        return null;
    }

    private static boolean startsAtZero(Search search) {
        return search.after() == null || search.after().isBlank() || "0".equals(search.after().trim());
    }

    private static boolean sortedByIdAscending(Search search) {
        return search.sorts().size() == 1 && WindowPages.ID.equals(search.sorts().get(0).propertyName())
                && "ASCENDING".equals(search.sorts().get(0).direction());
    }

    private static boolean numeric(String id) {
        try {
            return Long.parseLong(id.trim()) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
