package io.hubscore.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The properties API: list, read and create property definitions (one at a time or in a batch) and groups of an
 * object type; 409 on a duplicate name (an error of a 207 in a batch), 400 for a missing field or an unknown group.
 * Thread-safe.
 */
final class PropertiesHandler {

    private static final Set<String> TYPES = Set.of("string", "number", "date", "datetime", "enumeration", "bool");

    private final SimContext context;

    PropertiesHandler(SimContext context) {
        this.context = context;
    }

    SimResponse list(ObjectType type) {
        List<PropertyDefinition> all = context.portal.schema(type).all();
        return SimResponse.json(200, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("results");
            for (PropertyDefinition definition : all) {
                Json.writeDefinition(json, definition);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    SimResponse read(ObjectType type, String name) {
        Optional<PropertyDefinition> definition = context.portal.schema(type).get(name);
        if (definition.isEmpty()) {
            return context.errors.notFound("Unable to find property " + name + " for object type " + type.typeId);
        }
        return SimResponse.json(200, json -> Json.writeDefinition(json, definition.get()));
    }

    SimResponse create(SimRequest request, ObjectType type) {
        PropertySchema schema = context.portal.schema(type);
        PropertyDefinition created = creatable(request.json(), schema);
        if (!schema.add(created)) {
            return context.errors.error(409, "OBJECT_ALREADY_EXISTS",
                    "Property named '" + created.name() + "' already exists.");
        }
        return SimResponse.json(201, json -> Json.writeDefinition(json, created));
    }

    /**
     * {@code POST .../batch/read}: the definitions of the named properties that exist; the others are left out of
     * {@code results} and named in one error (207). The simulated portal archives no property, so {@code archived}
     * changes nothing.
     */
    SimResponse batchRead(SimRequest request, ObjectType type) {
        Instant started = context.clock.instant();
        JsonNode body = request.json();
        JsonNode inputs = body.path("inputs");
        if (!inputs.isArray() || inputs.isEmpty()) {
            throw new BadRequest("Invalid input: 'inputs' must be a non-empty list of property names");
        }
        PropertySchema schema = context.portal.schema(type);
        List<PropertyDefinition> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (JsonNode input : inputs) {
            String name = input.path("name").asText("");
            Optional<PropertyDefinition> definition = schema.get(name);
            if (definition.isPresent()) {
                found.add(definition.get());
            } else {
                missing.add(name);
            }
        }
        List<Failure> failures = missing.isEmpty() ? List.of() : List.of(new Failure("OBJECT_NOT_FOUND",
                "Could not find some properties of object type " + type.typeId, Map.of("names", missing)));
        return batchAnswer(200, started, found, failures);
    }

    /**
     * {@code POST .../batch/create}: every input is checked first (400 for the batch when one is invalid); then
     * each is created, one whose name exists already becoming an error of a 207 answer.
     */
    SimResponse batchCreate(SimRequest request, ObjectType type) {
        Instant started = context.clock.instant();
        JsonNode inputs = request.json().path("inputs");
        if (!inputs.isArray() || inputs.isEmpty()) {
            throw new BadRequest("Invalid input: 'inputs' must be a non-empty list of property definitions");
        }
        PropertySchema schema = context.portal.schema(type);
        List<PropertyDefinition> wanted = new ArrayList<>();
        for (JsonNode input : inputs) {
            wanted.add(creatable(input, schema));
        }
        List<PropertyDefinition> created = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (PropertyDefinition definition : wanted) {
            if (schema.add(definition)) {
                created.add(definition);
            } else {
                failures.add(new Failure("OBJECT_ALREADY_EXISTS", "Property named '" + definition.name()
                        + "' already exists.", Map.of("name", List.of(definition.name()))));
            }
        }
        return batchAnswer(201, started, created, failures);
    }

    /** One error of a batch answer. */
    private record Failure(String category, String message, Map<String, List<String>> context) {
    }

    /**
     * A batch answer as HubSpot's schema has it: {@code status} and the {@code results}; with failures, 207 with
     * {@code numErrors} and the {@code errors}, else {@code status}.
     */
    private SimResponse batchAnswer(int status, Instant started, List<PropertyDefinition> results,
            List<Failure> failures) {
        return SimResponse.json(failures.isEmpty() ? status : 207, json -> {
            json.writeStartObject();
            json.writeStringField("status", "COMPLETE");
            json.writeArrayFieldStart("results");
            for (PropertyDefinition definition : results) {
                Json.writeDefinition(json, definition);
            }
            json.writeEndArray();
            if (!failures.isEmpty()) {
                json.writeNumberField("numErrors", failures.size());
                json.writeArrayFieldStart("errors");
                for (Failure failure : failures) {
                    HubSpotErrors.writeBatchError(json, failure.category(), null, failure.message(),
                            failure.context());
                }
                json.writeEndArray();
            }
            json.writeStringField("startedAt", Timestamps.iso(started));
            json.writeStringField("completedAt", Timestamps.iso(context.clock.instant()));
            json.writeEndObject();
        });
    }

    /** A property definition as created from {@code body}; a bad definition is a {@link BadRequest}. */
    private static PropertyDefinition creatable(JsonNode body, PropertySchema schema) {
        PropertyDefinition definition;
        try {
            definition = Json.readDefinition(body);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("Invalid property definition: " + e.getMessage());
        }
        if (!TYPES.contains(definition.type())) {
            throw new BadRequest("Invalid property type " + definition.type());
        }
        if ("enumeration".equals(definition.type()) && definition.options().isEmpty()) {
            throw new BadRequest("An enumeration property needs options");
        }
        if (!schema.hasGroup(definition.groupName())) {
            throw new BadRequest("Invalid property definition: group " + definition.groupName() + " does not exist");
        }
        return new PropertyDefinition(definition.name(), definition.label(), definition.type(),
                definition.fieldType(), definition.groupName(), definition.description(), definition.options(),
                definition.displayOrder(), false, false);
    }

    SimResponse groups(ObjectType type) {
        List<PropertyGroup> groups = context.portal.schema(type).groups();
        return SimResponse.json(200, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("results");
            for (PropertyGroup group : groups) {
                Json.writeGroup(json, group);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    SimResponse createGroup(SimRequest request, ObjectType type) {
        JsonNode body = request.json();
        String name;
        try {
            name = Json.require(body, "name");
            Json.require(body, "label");
        } catch (IllegalArgumentException e) {
            throw new BadRequest("Invalid property group: " + e.getMessage());
        }
        PropertyGroup group = new PropertyGroup(name, body.path("label").asText(), body.path("displayOrder").asInt(-1));
        if (!context.portal.schema(type).addGroup(group)) {
            return context.errors.error(409, "OBJECT_ALREADY_EXISTS", "Property group named '" + name + "' already exists.");
        }
        return SimResponse.json(201, json -> Json.writeGroup(json, group));
    }
}
