package io.hubscore.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the portal snapshot file: one JSON document holding every object with its
 * properties, timestamps, archive state and (on contacts) associations, the property definitions and
 * groups per object type, and, for generated portals, each contact's conversion propensity:
 * {@code {"format":"hubscore-portal-snapshot","version":1,"takenAt":..,"properties":{TYPE:{"groups":[..],
 * "definitions":[..]}},"objects":{TYPE:[{"id","createdAt","updatedAt","archived","archivedAt"?,"properties":{..},
 * "associations"?:{TYPE:[ids]}}]},"propensity":{contactId:number}}}, where TYPE is a v3 object path
 * ({@code contacts}, {@code emails}, ...) and associations are listed on contacts only. Stateless.
 */
final class PortalSnapshot {

    static final String FORMAT = "hubscore-portal-snapshot";
    static final int VERSION = 1;

    private PortalSnapshot() {
    }

    static void write(Portal portal, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeNumberField("version", VERSION);
            json.writeStringField("takenAt", Timestamps.iso(portal.now()));
            json.writeObjectFieldStart("properties");
            for (ObjectType type : ObjectType.values()) {
                PropertySchema schema = portal.schema(type);
                json.writeObjectFieldStart(type.path);
                json.writeArrayFieldStart("groups");
                for (PropertyGroup group : schema.groups()) {
                    Json.writeGroup(json, group);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("definitions");
                for (PropertyDefinition definition : schema.all()) {
                    Json.writeDefinition(json, definition);
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeObjectFieldStart("objects");
            for (ObjectType type : ObjectType.values()) {
                json.writeArrayFieldStart(type.path);
                for (StoredObject object : portal.store(type).all()) {
                    writeObject(json, object);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeObjectFieldStart("propensity");
            for (Map.Entry<Long, Double> entry : new TreeMap<>(portal.propensities()).entrySet()) {
                json.writeNumberField(Long.toString(entry.getKey()), entry.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    private static void writeObject(JsonGenerator json, StoredObject object) throws IOException {
        ObjectState state = object.state();
        json.writeStartObject();
        json.writeStringField("id", Long.toString(state.id()));
        json.writeStringField("createdAt", Timestamps.iso(state.createdAt()));
        json.writeStringField("updatedAt", Timestamps.iso(state.updatedAt()));
        json.writeBooleanField("archived", state.archived());
        if (state.archivedAt() != null) {
            json.writeStringField("archivedAt", Timestamps.iso(state.archivedAt()));
        }
        json.writeObjectFieldStart("properties");
        for (Map.Entry<String, String> entry : new TreeMap<>(state.properties()).entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
        if (object.type == ObjectType.CONTACTS) {
            json.writeObjectFieldStart("associations");
            for (ObjectType to : ObjectType.values()) {
                long[] ids = object.linked(to);
                if (ids.length > 0 && to != ObjectType.CONTACTS) {
                    json.writeArrayFieldStart(to.path);
                    for (long id : ids) {
                        json.writeString(Long.toString(id));
                    }
                    json.writeEndArray();
                }
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /**
     * Reads a snapshot, streaming through the objects one at a time so that a large portal never exists
     * as one JSON tree in memory next to the portal built from it.
     */
    static Portal read(Path file, Clock clock) throws IOException {
        Portal portal = new Portal(clock);
        List<long[]> links = new ArrayList<>();
        String format = null;
        JsonNode version = null;
        JsonNode propensities = null;
        try (JsonParser json = Json.MAPPER.getFactory().createParser(file.toFile())) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("snapshot " + file + ": not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "format" -> {
                        format = json.getValueAsString();
                        requireFormat(file, format);
                    }
                    case "version" -> {
                        version = json.readValueAsTree();
                        requireVersion(file, version);
                    }
                    case "properties" -> readProperties(file, json.readValueAsTree(), portal);
                    case "objects" -> readObjects(file, json, portal, links);
                    case "propensity" -> propensities = json.readValueAsTree();
                    default -> json.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("snapshot " + file + ": not valid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        requireFormat(file, format);
        requireVersion(file, version);
        for (long[] link : links) {
            portal.link(ObjectType.CONTACTS, link[0], ObjectType.values()[(int) link[1]], link[2]);
        }
        if (propensities != null) {
            Iterator<Map.Entry<String, JsonNode>> entries = propensities.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                portal.propensity(Portal.parseId(ObjectType.CONTACTS, entry.getKey()), entry.getValue().asDouble());
            }
        }
        return portal;
    }

    private static void requireFormat(Path file, String format) {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("snapshot " + file + ": \"format\" must be \"" + FORMAT + "\"");
        }
    }

    private static void requireVersion(Path file, JsonNode version) {
        if (version == null || version.asInt() != VERSION) {
            throw new IllegalArgumentException("snapshot " + file + ": unsupported version " + version
                    + " (this build reads version " + VERSION + ")");
        }
    }

    /** Reads {@code "objects": {TYPE: [object, ...], ...}} one object at a time; the parser is on its start. */
    private static void readObjects(Path file, JsonParser json, Portal portal, List<long[]> links) throws IOException {
        if (json.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("snapshot " + file + ": \"objects\" must be an object");
        }
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String path = json.currentName();
            ObjectType type = ObjectType.fromName(path).orElseThrow(() -> new IllegalArgumentException(
                    "snapshot " + file + ": objects." + path + " is not an object type"));
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("snapshot " + file + ": objects." + path + " must be an array");
            }
            int i = 0;
            while (json.nextToken() != JsonToken.END_ARRAY) {
                JsonNode object = json.readValueAsTree();
                readObject("snapshot " + file + ": objects." + type.path + "[" + i + "]", type, object, portal, links);
                i++;
            }
        }
    }

    private static void readProperties(Path file, JsonNode properties, Portal portal) {
        for (ObjectType type : ObjectType.values()) {
            JsonNode node = properties.path(type.path);
            PropertySchema schema = portal.schema(type);
            for (JsonNode group : node.path("groups")) {
                schema.putGroup(new PropertyGroup(group.path("name").asText(), group.path("label").asText(null),
                        group.path("displayOrder").asInt(-1)));
            }
            int i = 0;
            for (JsonNode definition : node.path("definitions")) {
                try {
                    schema.put(Json.readDefinition(definition));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw new IllegalArgumentException("snapshot " + file + ": properties." + type.path
                            + ".definitions[" + i + "]: " + e.getMessage());
                }
                i++;
            }
        }
    }

    private static void readObject(String where, ObjectType type, JsonNode node, Portal portal, List<long[]> links) {
        long id;
        try {
            id = Long.parseLong(node.path("id").asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": id " + node.path("id") + " is not a numeric string");
        }
        Map<String, String> properties = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.path("properties").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isNull()) {
                properties.put(field.getKey(), field.getValue().asText());
            }
        }
        properties.put("hs_object_id", Long.toString(id));
        Instant created = instant(where, node, "createdAt", properties.get(type.createdProperty));
        Instant updated = instant(where, node, "updatedAt", properties.get(type.modifiedProperty));
        boolean archived = node.path("archived").asBoolean(false);
        Instant archivedAt = archived ? instant(where, node, "archivedAt", Timestamps.iso(updated)) : null;
        portal.insert(type, new ObjectState(id, properties, created, updated, archived, archivedAt));
        if (type == ObjectType.CONTACTS) {
            Iterator<Map.Entry<String, JsonNode>> associations = node.path("associations").fields();
            while (associations.hasNext()) {
                Map.Entry<String, JsonNode> association = associations.next();
                ObjectType to = ObjectType.fromName(association.getKey()).orElseThrow(() -> new IllegalArgumentException(
                        where + ": unknown association type \"" + association.getKey() + "\""));
                for (JsonNode other : association.getValue()) {
                    try {
                        links.add(new long[] {id, to.ordinal(), Long.parseLong(other.asText())});
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(where + ": associations." + association.getKey() + " id "
                                + other + " is not a numeric string");
                    }
                }
            }
        }
    }

    private static Instant instant(String where, JsonNode node, String field, String fallback) {
        String text = node.hasNonNull(field) ? node.get(field).asText() : fallback;
        if (text == null) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" is missing");
        }
        try {
            if (!text.isEmpty() && Character.isDigit(text.charAt(0)) && text.indexOf('-') < 0) {
                return Instant.ofEpochMilli(Long.parseLong(text));
            }
            return Instant.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" is not a timestamp: " + text);
        }
    }
}
