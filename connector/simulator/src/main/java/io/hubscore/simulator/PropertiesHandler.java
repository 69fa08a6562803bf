package io.hubscore.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The properties API: list, read and create property definitions and groups of an object type; 409 on a
 * duplicate name, 400 for a missing field or an unknown group. Thread-safe.
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
        PropertyDefinition definition;
        try {
            definition = Json.readDefinition(request.json());
        } catch (IllegalArgumentException e) {
            throw new BadRequest("Invalid property definition: " + e.getMessage());
        }
        if (!TYPES.contains(definition.type())) {
            throw new BadRequest("Invalid property type " + definition.type());
        }
        if ("enumeration".equals(definition.type()) && definition.options().isEmpty()) {
            throw new BadRequest("An enumeration property needs options");
        }
        PropertySchema schema = context.portal.schema(type);
        if (!schema.hasGroup(definition.groupName())) {
            throw new BadRequest("Invalid property definition: group " + definition.groupName() + " does not exist");
        }
        PropertyDefinition created = new PropertyDefinition(definition.name(), definition.label(), definition.type(),
                definition.fieldType(), definition.groupName(), definition.description(), definition.options(),
                definition.displayOrder(), false, false);
        if (!schema.add(created)) {
            return context.errors.error(409, "OBJECT_ALREADY_EXISTS",
                    "Property named '" + definition.name() + "' already exists.");
        }
        return SimResponse.json(201, json -> Json.writeDefinition(json, created));
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
