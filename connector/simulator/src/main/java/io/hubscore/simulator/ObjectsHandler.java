package io.hubscore.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The v3 object endpoints: list with cursor paging, read one, batch read, create, update one, batch
 * update with per-input failures (207), archive, and contact merge. Thread-safe (stateless itself).
 */
final class ObjectsHandler {

    static final int MAX_LIST_LIMIT = 100;
    static final int MAX_BATCH = 100;

    /** A batch-update input that failed, with HubSpot's category and message. */
    private record Failure(String id, String category, String message, List<String> propertyNames) {
    }

    /** Bounds {@link #canonicalNames}: clients ask for a handful of property lists, not thousands. */
    private static final int MAX_CANONICAL_NAMES = 64;

    private final SimContext context;
    /**
     * One shared instance per distinct property list, so the objects' cached JSON is matched by identity
     * instead of comparing the lists element by element on every object of every page.
     */
    private final Map<List<String>, List<String>> canonicalNames = new ConcurrentHashMap<>();

    ObjectsHandler(SimContext context) {
        this.context = context;
    }

    private List<String> canonical(List<String> names) {
        List<String> known = canonicalNames.get(names);
        if (known != null) {
            return known;
        }
        if (canonicalNames.size() >= MAX_CANONICAL_NAMES) {
            canonicalNames.clear();
        }
        List<String> frozen = List.copyOf(names);
        List<String> raced = canonicalNames.putIfAbsent(frozen, frozen);
        return raced != null ? raced : frozen;
    }

    SimResponse list(SimRequest request, ObjectType type) {
        int limit = intParam(request.param("limit"), 10, "limit");
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw new BadRequest("limit must be between 1 and " + MAX_LIST_LIMIT + ", was " + limit);
        }
        long after = 0;
        String cursor = request.param("after");
        if (cursor != null && !cursor.isEmpty()) {
            try {
                after = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw new BadRequest("after must be a paging cursor from a previous response, was " + cursor);
            }
        }
        boolean archived = "true".equalsIgnoreCase(request.param("archived"));
        List<String> names = canonical(ObjectJson.propertyNames(context.portal, type, request.params("properties")));
        List<ObjectType> associations = associationTypes(request.params("associations"));

        NavigableMap<Long, StoredObject> tail = context.portal.store(type).from(after);
        List<StoredObject> page = new ArrayList<>(limit);
        long next = -1;
        for (StoredObject object : tail.values()) {
            if (object.state().archived() != archived) {
                continue;
            }
            if (page.size() == limit) {
                next = object.id;
                break;
            }
            page.add(object);
        }
        String link = next < 0 ? null : context.baseUrl() + request.path() + "?after=" + next;
        if (associations.isEmpty()) {
            List<byte[]> results = new ArrayList<>(page.size());
            for (StoredObject object : page) {
                results.add(object.json(object.state(), names));
            }
            return PageBody.response(-1, results, next < 0 ? null : Long.toString(next), link);
        }
        long nextCursor = next;
        return SimResponse.json(200, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("results");
            for (StoredObject object : page) {
                ObjectJson.write(json, object.state(), names);
                ObjectJson.writeAssociations(json, object, associations);
                json.writeEndObject();
            }
            json.writeEndArray();
            if (nextCursor >= 0) {
                json.writeObjectFieldStart("paging");
                json.writeObjectFieldStart("next");
                json.writeStringField("after", Long.toString(nextCursor));
                json.writeStringField("link", link);
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndObject();
        });
    }

    SimResponse read(SimRequest request, ObjectType type, String id) {
        StoredObject object = find(type, id);
        boolean archived = "true".equalsIgnoreCase(request.param("archived"));
        if (object == null || (object.state().archived() && !archived)) {
            return context.errors.notFound("Object not found.  objectId are usually numeric.");
        }
        List<String> names = ObjectJson.propertyNames(context.portal, type, request.params("properties"));
        List<ObjectType> associations = associationTypes(request.params("associations"));
        return SimResponse.json(200, json -> {
            ObjectJson.write(json, object.state(), names);
            ObjectJson.writeAssociations(json, object, associations);
            json.writeEndObject();
        });
    }

    SimResponse batchRead(SimRequest request, ObjectType type) {
        Instant started = context.clock.instant();
        JsonNode body = request.json();
        JsonNode inputs = inputs(body);
        boolean archived = "true".equalsIgnoreCase(request.param("archived"));
        List<String> names = ObjectJson.propertyNames(context.portal, type, ObjectJson.requested(body.path("properties")));
        List<ObjectState> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (JsonNode input : inputs) {
            String id = input.path("id").asText();
            StoredObject object = find(type, id);
            if (object == null || object.state().archived() != archived) {
                missing.add(id);
            } else {
                found.add(object.state());
            }
        }
        return SimResponse.json(missing.isEmpty() ? 200 : 207, json -> {
            json.writeStartObject();
            json.writeStringField("status", "COMPLETE");
            json.writeArrayFieldStart("results");
            for (ObjectState state : found) {
                ObjectJson.write(json, state, names);
                json.writeEndObject();
            }
            json.writeEndArray();
            if (!missing.isEmpty()) {
                json.writeNumberField("numErrors", 1);
                json.writeArrayFieldStart("errors");
                HubSpotErrors.writeBatchError(json, "OBJECT_NOT_FOUND", null, "Could not get some "
                        + type.singular.toUpperCase(java.util.Locale.ROOT)
                        + " objects, they may be deleted or not exist. Check that ids are valid.",
                        Map.of("ids", missing));
                json.writeEndArray();
            }
            json.writeStringField("startedAt", Timestamps.iso(started));
            json.writeStringField("completedAt", Timestamps.iso(context.clock.instant()));
            json.writeEndObject();
        });
    }

    SimResponse create(SimRequest request, ObjectType type) {
        Map<String, String> properties = properties(request.json().path("properties"));
        List<PropertyProblem> problems = context.portal.schema(type).check(properties, true);
        if (!problems.isEmpty()) {
            return context.errors.validation(problemMessage(problems));
        }
        StoredObject object = context.portal.create(type, properties);
        List<String> names = new ArrayList<>(properties.keySet());
        List<String> returned = ObjectJson.propertyNames(context.portal, type, names);
        return SimResponse.json(201, json -> {
            ObjectJson.write(json, object.state(), returned);
            json.writeEndObject();
        });
    }

    SimResponse update(SimRequest request, ObjectType type, String id) {
        StoredObject object = find(type, id);
        if (object == null || object.state().archived()) {
            return context.errors.notFound("Object not found.  objectId are usually numeric.");
        }
        Map<String, String> properties = properties(request.json().path("properties"));
        List<PropertyProblem> problems = context.portal.schema(type).check(properties, true);
        if (!problems.isEmpty()) {
            return context.errors.validation(problemMessage(problems));
        }
        context.portal.update(object, properties);
        List<String> returned = ObjectJson.propertyNames(context.portal, type, new ArrayList<>(properties.keySet()));
        return SimResponse.json(200, json -> {
            ObjectJson.write(json, object.state(), returned);
            json.writeEndObject();
        });
    }

    SimResponse archive(ObjectType type, String id) {
        StoredObject object = find(type, id);
        if (object != null) {
            context.portal.archive(object);
        }
        return SimResponse.empty(204);
    }

    SimResponse batchUpdate(SimRequest request, ObjectType type) {
        Instant started = context.clock.instant();
        JsonNode inputs = inputs(request.json());
        Set<String> seen = new HashSet<>();
        for (JsonNode input : inputs) {
            String id = input.path("id").asText();
            if (id.isEmpty()) {
                throw new BadRequest("Every input needs an \"id\"");
            }
            if (!seen.add(id)) {
                throw new BadRequest("Duplicate IDs found in batch input: [" + id + "]. IDs must be unique");
            }
        }
        List<StoredObject> applied = new ArrayList<>();
        List<List<String>> appliedNames = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        PropertySchema schema = context.portal.schema(type);
        for (JsonNode input : inputs) {
            String id = input.path("id").asText();
            StoredObject object = find(type, id);
            if (object == null || object.state().archived()) {
                failures.add(new Failure(id, "OBJECT_NOT_FOUND", "Object not found. objectId are usually numeric.", List.of()));
                continue;
            }
            Map<String, String> properties = properties(input.path("properties"));
            List<PropertyProblem> problems = schema.check(properties, true);
            if (!problems.isEmpty()) {
                List<String> propertyNames = new ArrayList<>();
                problems.forEach(problem -> propertyNames.add(problem.name()));
                failures.add(new Failure(id, "VALIDATION_ERROR", problemMessage(problems), propertyNames));
                continue;
            }
            context.portal.update(object, properties);
            applied.add(object);
            appliedNames.add(ObjectJson.propertyNames(context.portal, type, new ArrayList<>(properties.keySet())));
        }
        context.stats.batchUpdate(inputs.size(), failures.size());
        return SimResponse.json(failures.isEmpty() ? 200 : 207, json -> {
            json.writeStartObject();
            json.writeStringField("status", "COMPLETE");
            json.writeArrayFieldStart("results");
            for (int i = 0; i < applied.size(); i++) {
                ObjectJson.write(json, applied.get(i).state(), appliedNames.get(i));
                json.writeEndObject();
            }
            json.writeEndArray();
            if (!failures.isEmpty()) {
                json.writeNumberField("numErrors", failures.size());
                json.writeArrayFieldStart("errors");
                for (Failure failure : failures) {
                    Map<String, List<String>> about = new LinkedHashMap<>();
                    about.put("ids", List.of(failure.id()));
                    if (!failure.propertyNames().isEmpty()) {
                        about.put("propertyName", failure.propertyNames());
                    }
                    HubSpotErrors.writeBatchError(json, failure.category(), null, failure.message(), about);
                }
                json.writeEndArray();
            }
            json.writeStringField("startedAt", Timestamps.iso(started));
            json.writeStringField("completedAt", Timestamps.iso(context.clock.instant()));
            json.writeEndObject();
        });
    }

    SimResponse merge(SimRequest request) {
        JsonNode body = request.json();
        String primary = Json.require(body, "primaryObjectId");
        String merged = Json.require(body, "objectIdToMerge");
        StoredObject survivor = find(ObjectType.CONTACTS, primary);
        StoredObject other = find(ObjectType.CONTACTS, merged);
        if (survivor == null || other == null || survivor.state().archived() || other.state().archived()) {
            return context.errors.notFound("Object not found.  objectId are usually numeric.");
        }
        if (survivor == other) {
            throw new BadRequest("Cannot merge an object with itself");
        }
        context.portal.mergeContacts(primary, merged);
        List<String> names = ObjectJson.propertyNames(context.portal, ObjectType.CONTACTS, List.of("hs_merged_object_ids"));
        return SimResponse.json(200, json -> {
            ObjectJson.write(json, survivor.state(), names);
            json.writeEndObject();
        });
    }

    private StoredObject find(ObjectType type, String id) {
        try {
            return context.portal.store(type).get(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode inputs(JsonNode body) {
        JsonNode inputs = body.path("inputs");
        if (!inputs.isArray()) {
            throw new BadRequest("Invalid input JSON: \"inputs\" must be an array");
        }
        if (inputs.size() > MAX_BATCH) {
            throw new BadRequest("Batch input can not be larger than " + MAX_BATCH + " inputs, was " + inputs.size());
        }
        return inputs;
    }

    static Map<String, String> properties(JsonNode node) {
        Map<String, String> properties = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            properties.put(field.getKey(), field.getValue().isNull() ? "" : field.getValue().asText());
        }
        return properties;
    }

    static String problemMessage(List<PropertyProblem> problems) {
        StringBuilder message = new StringBuilder("Property values were not valid: [");
        for (int i = 0; i < problems.size(); i++) {
            PropertyProblem problem = problems.get(i);
            if (i > 0) {
                message.append(',');
            }
            message.append("{\"isValid\":false,\"message\":\"").append(escape(problem.message()))
                    .append("\",\"error\":\"").append(problem.error()).append("\",\"name\":\"")
                    .append(escape(problem.name())).append("\"}");
        }
        return message.append(']').toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static List<ObjectType> associationTypes(List<String> names) {
        List<ObjectType> types = new ArrayList<>();
        for (String name : names) {
            ObjectType.fromName(name).ifPresent(types::add);
        }
        return types;
    }

    private static int intParam(String value, int fallback, String name) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be a whole number, was " + value);
        }
    }
}
