package io.hubscore.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes CRM objects in HubSpot's v3 shape. Stateless. */
final class ObjectJson {

    private ObjectJson() {
    }

    /**
     * The property names to return: the requested ones that exist (or the type's defaults when none are
     * requested), plus the id and timestamps HubSpot always returns.
     */
    static List<String> propertyNames(Portal portal, ObjectType type, List<String> requested) {
        Set<String> names = new LinkedHashSet<>();
        if (requested.isEmpty()) {
            names.addAll(type.defaultProperties);
        } else {
            PropertySchema schema = portal.schema(type);
            for (String name : requested) {
                if (schema.has(name)) {
                    names.add(name);
                }
            }
        }
        names.add(type.createdProperty);
        names.add(type.modifiedProperty);
        names.add("hs_object_id");
        return new ArrayList<>(names);
    }

    /** The {@code properties} of a JSON body: an array of names, or a comma-separated string. */
    static List<String> requested(JsonNode properties) {
        List<String> names = new ArrayList<>();
        if (properties.isArray()) {
            properties.forEach(name -> names.add(name.asText()));
        } else if (properties.isTextual()) {
            for (String name : properties.asText().split(",")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return names;
    }

    /** One whole object as UTF-8 JSON (no associations). */
    static byte[] toJson(ObjectState state, List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            write(json, state, names);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void write(JsonGenerator json, ObjectState state, List<String> names) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", Long.toString(state.id()));
        json.writeObjectFieldStart("properties");
        Map<String, String> properties = state.properties();
        for (String name : names) {
            String value = properties.get(name);
            if (value == null) {
                json.writeNullField(name);
            } else {
                json.writeStringField(name, value);
            }
        }
        json.writeEndObject();
        json.writeStringField("createdAt", Timestamps.iso(state.createdAt()));
        json.writeStringField("updatedAt", Timestamps.iso(state.updatedAt()));
        json.writeBooleanField("archived", state.archived());
        if (state.archivedAt() != null) {
            json.writeStringField("archivedAt", Timestamps.iso(state.archivedAt()));
        }
    }

    /** Writes the inline {@code associations} field of a list or read response (only types with any). */
    static void writeAssociations(JsonGenerator json, StoredObject object, List<ObjectType> types) throws IOException {
        boolean open = false;
        for (ObjectType to : types) {
            long[] ids = object.linked(to);
            if (ids.length == 0) {
                continue;
            }
            if (!open) {
                json.writeObjectFieldStart("associations");
                open = true;
            }
            String label = object.type.associationLabel(to);
            json.writeObjectFieldStart(to.path);
            json.writeArrayFieldStart("results");
            for (long id : ids) {
                json.writeStartObject();
                json.writeStringField("id", Long.toString(id));
                json.writeStringField("type", label);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        if (open) {
            json.writeEndObject();
        }
    }
}
