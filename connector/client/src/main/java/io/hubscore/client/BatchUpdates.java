package io.hubscore.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Batch update with one outcome per input. A 207 is read error by error, each naming its inputs
 * in {@code context.ids} or, failing that, in its message; inputs HubSpot reported nothing about
 * are transient, even in a 200: an input is applied only when HubSpot's {@code results} name it, so an
 * empty, {@code null} or otherwise odd 2xx answer never marks anything delivered (the values are simply sent
 * again later, which is harmless). A whole batch that failed transiently (5xx, 429 after retries) is transient for
 * every input; a whole batch refused (4xx) is rejected for every input. Daily exhaustion and auth
 * failures are thrown: they stop the writer, not a row. Thread-safe.
 */
final class BatchUpdates {

    static final int MAX_INPUTS = 100;
    private static final Set<String> TRANSIENT_CATEGORIES = Set.of("RATE_LIMITS", "INTERNAL_ERROR", "TIMEOUT");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final Caller caller;

    BatchUpdates(Caller caller) {
        this.caller = caller;
    }

    List<UpdateOutcome> update(ObjectType type, List<ObjectUpdate> updates) {
        if (updates.isEmpty()) {
            return List.of();
        }
        if (updates.size() > MAX_INPUTS) {
            throw new IllegalArgumentException("a batch update takes at most " + MAX_INPUTS + " inputs, got " + updates.size());
        }
        Set<String> distinct = new HashSet<>();
        for (ObjectUpdate update : updates) {
            if (!distinct.add(update.id())) {
                throw new IllegalArgumentException("record " + update.id() + " appears twice in one batch update");
            }
        }
        ApiCall call = ApiCall.post("/crm/v3/objects/" + type.apiName() + "/batch/update", Map.of("inputs", updates));
        Reply reply;
        try {
            reply = caller.send(call);
        } catch (HubSpotUnavailable | RateLimited e) {
            return all(updates, id -> new UpdateOutcome.Transient(id, e.getMessage()));
        } catch (HubSpotRejected e) {
            return all(updates, id -> new UpdateOutcome.Rejected(id, e.status(), e.category(), e.hubSpotMessage()));
        }
        return outcomes(updates, reply);
    }

    private static List<UpdateOutcome> outcomes(List<ObjectUpdate> updates, Reply reply) {
        Map<String, UpdateOutcome> byId = new LinkedHashMap<>();
        updates.forEach(update -> byId.put(update.id(), null));
        for (JsonNode result : list(reply.body(), "results")) {
            String id = Bodies.text(result, "id");
            if (id != null && byId.containsKey(id)) {
                byId.put(id, new UpdateOutcome.Applied(id));
            }
        }
        for (JsonNode error : list(reply.body(), "errors")) {
            String category = Bodies.text(error, "category");
            String message = Bodies.text(error, "message");
            for (String id : idsNamedBy(error, byId.keySet())) {
                byId.put(id, TRANSIENT_CATEGORIES.contains(category)
                        ? new UpdateOutcome.Transient(id, category + ": " + message)
                        : new UpdateOutcome.Rejected(id, reply.status(), category, message));
            }
        }
        List<UpdateOutcome> outcomes = new ArrayList<>();
        byId.forEach((id, outcome) -> outcomes.add(outcome != null ? outcome
                : new UpdateOutcome.Transient(id, "HubSpot reported no outcome for this input (HTTP " + reply.status()
                        + (reply.body().isObject() ? "" : ", " + describe(reply.body())) + ")")));
        return outcomes;
    }

    /** The array {@code field} of an object body; nothing for anything else (never an object's values). */
    private static Iterable<JsonNode> list(JsonNode body, String field) {
        JsonNode node = body.path(field);
        return node.isArray() ? node : List.of();
    }

    private static String describe(JsonNode body) {
        return body.isMissingNode() ? "empty body" : body.isNull() ? "JSON null" : "a JSON "
                + body.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " body";
    }

    private static List<String> idsNamedBy(JsonNode error, Set<String> inputIds) {
        List<String> ids = new ArrayList<>();
        for (JsonNode id : error.path("context").path("ids")) {
            if (inputIds.contains(id.asText())) {
                ids.add(id.asText());
            }
        }
        if (ids.isEmpty()) {
            String message = Bodies.text(error, "message");
            if (message != null) {
                Matcher numbers = NUMBER.matcher(message);
                while (numbers.find()) {
                    if (inputIds.contains(numbers.group()) && !ids.contains(numbers.group())) {
                        ids.add(numbers.group());
                    }
                }
            }
        }
        return ids;
    }

    private static List<UpdateOutcome> all(List<ObjectUpdate> updates, java.util.function.Function<String, UpdateOutcome> outcome) {
        return updates.stream().map(update -> outcome.apply(update.id())).toList();
    }
}
