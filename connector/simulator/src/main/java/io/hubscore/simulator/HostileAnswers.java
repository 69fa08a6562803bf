package io.hubscore.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Builds the hostile 2xx answers of {@link FaultKind}: the portal's real answer (the request was applied) replaced
 * by an empty body, {@code null}, an array, {@code {}}, {@code {"results":[]}}, HTML with a JSON content type, or
 * the real answer with one part broken (results not a list, paging without a cursor, a record without an id, the
 * request's own cursor as the next one, a search total the page contradicts). Runs only when a fault fires.
 * Stateless.
 */
final class HostileAnswers {

    private static final String MAINTENANCE_PAGE = "<!DOCTYPE html>\n<html><head><title>HubSpot - Scheduled maintenance"
            + "</title></head>\n<body><h1>We'll be right back</h1><p>HubSpot is down for scheduled maintenance.</p>"
            + "</body></html>\n";

    private HostileAnswers() {
    }

    /** Whether {@code kind} can be applied to this request at all. */
    static boolean appliesTo(FaultKind kind, SimRequest request) {
        return switch (kind) {
            case REPEATED_CURSOR -> cursor(request) != null;
            case SEARCH_TOTAL_MISMATCH -> isSearch(request);
            default -> true;
        };
    }

    /** True for the kinds built here. */
    static boolean isHostileAnswer(FaultKind kind) {
        return switch (kind) {
            case EMPTY_BODY, NULL_BODY, ARRAY_BODY, EMPTY_OBJECT, EMPTY_RESULTS, RESULTS_NOT_LIST, PAGING_WITHOUT_CURSOR,
                    RECORD_WITHOUT_ID, HTML_AS_JSON, REPEATED_CURSOR, SEARCH_TOTAL_MISMATCH -> true;
            default -> false;
        };
    }

    /** The answer to send instead of {@code real}, already produced by the portal for {@code request}. */
    static SimResponse answer(FaultKind kind, SimRequest request, SimResponse real) {
        int status = real.status >= 200 && real.status < 300 ? real.status : 200;
        byte[] body = switch (kind) {
            case EMPTY_BODY -> new byte[0];
            case NULL_BODY -> bytes("null");
            case ARRAY_BODY -> bytes("[]");
            case EMPTY_OBJECT -> bytes("{}");
            case EMPTY_RESULTS -> bytes("{\"results\":[]}");
            case HTML_AS_JSON -> bytes(MAINTENANCE_PAGE);
            default -> edited(kind, request, real);
        };
        SimResponse hostile = new SimResponse(status, SimResponse.JSON, body);
        hostile.headers.addAll(real.headers);
        return hostile;
    }

    private static byte[] edited(FaultKind kind, SimRequest request, SimResponse real) {
        ObjectNode body = parse(real.body);
        switch (kind) {
            case RESULTS_NOT_LIST -> {
                ObjectNode asObject = Json.MAPPER.createObjectNode();
                JsonNode results = body.path("results");
                for (int i = 0; i < results.size(); i++) {
                    asObject.set(Integer.toString(i), results.get(i));
                }
                body.set("results", asObject);
            }
            case PAGING_WITHOUT_CURSOR -> {
                ObjectNode next = Json.MAPPER.createObjectNode();
                next.put("link", "?after=");
                body.putObject("paging").set("next", next);
            }
            case RECORD_WITHOUT_ID -> removeFirstId(body);
            case REPEATED_CURSOR -> {
                ObjectNode next = body.putObject("paging").putObject("next");
                next.put("after", cursor(request));
                next.put("link", "?after=" + cursor(request));
            }
            case SEARCH_TOTAL_MISMATCH -> {
                JsonNode results = body.path("results");
                ArrayNode half = Json.MAPPER.createArrayNode();
                for (int i = 0; i < results.size() / 2; i++) {
                    half.add(results.get(i));
                }
                body.set("results", half);
                body.remove("paging");
                body.put("total", Math.max(body.path("total").asLong(0), half.size() + 1L));
            }
            default -> throw new IllegalArgumentException(kind + " is not a hostile answer");
        }
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a hostile answer", e);
        }
    }

    /** Drops the first record's id: a row's {@code from.id}, a property's name, a single record's own id. */
    private static void removeFirstId(ObjectNode body) {
        JsonNode results = body.get("results");
        if (results instanceof ArrayNode list) {
            if (list.isEmpty()) {
                list.addObject().putObject("properties");
                return;
            }
            JsonNode first = list.get(0);
            if (first instanceof ObjectNode record) {
                if (record.get("from") instanceof ObjectNode from) {
                    from.remove("id");
                } else if (record.has("id")) {
                    record.remove("id");
                } else {
                    record.remove("name");
                }
            }
            return;
        }
        body.remove("id");
        body.remove("name");
    }

    private static ObjectNode parse(byte[] body) {
        if (body.length > 0) {
            try {
                if (Json.MAPPER.readTree(body) instanceof ObjectNode object) {
                    return object;
                }
            } catch (IOException e) {
                // not JSON (an error page): start from an empty object
            }
        }
        return Json.MAPPER.createObjectNode();
    }

    /** The paging cursor the request came with: the list's {@code after}, a search's or a batch input's. */
    static String cursor(SimRequest request) {
        String after = request.param("after");
        if (after != null && !after.isEmpty()) {
            return after;
        }
        if (!"POST".equals(request.method()) || request.body().length == 0) {
            return null;
        }
        try {
            JsonNode body = Json.MAPPER.readTree(request.body());
            String text = body.path("after").asText("");
            if (text.isEmpty()) {
                text = body.path("inputs").path(0).path("after").asText("");
            }
            return text.isEmpty() ? null : text;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean isSearch(SimRequest request) {
        return "POST".equals(request.method()) && request.segments().size() == 5 && "objects".equals(request.segment(2))
                && "search".equals(request.segment(4));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
