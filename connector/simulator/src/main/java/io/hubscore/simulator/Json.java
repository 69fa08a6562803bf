package io.hubscore.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The simulator's JSON: one shared Jackson mapper and writers for HubSpot's property shapes. Thread-safe. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static void writeGroup(JsonGenerator json, PropertyGroup group) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", group.name());
        json.writeStringField("label", group.label());
        json.writeNumberField("displayOrder", group.displayOrder());
        json.writeBooleanField("archived", false);
        json.writeEndObject();
    }

    static void writeDefinition(JsonGenerator json, PropertyDefinition definition) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", definition.name());
        json.writeStringField("label", definition.label());
        json.writeStringField("type", definition.type());
        json.writeStringField("fieldType", definition.fieldType());
        json.writeStringField("description", definition.description());
        json.writeStringField("groupName", definition.groupName());
        json.writeArrayFieldStart("options");
        for (PropertyDefinition.Option option : definition.options()) {
            json.writeStartObject();
            json.writeStringField("label", option.label());
            json.writeStringField("value", option.value());
            json.writeNumberField("displayOrder", option.displayOrder());
            json.writeBooleanField("hidden", option.hidden());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("displayOrder", definition.displayOrder());
        json.writeBooleanField("calculated", false);
        json.writeBooleanField("externalOptions", false);
        json.writeBooleanField("hasUniqueValue", false);
        json.writeBooleanField("hidden", false);
        json.writeBooleanField("hubspotDefined", definition.hubspotDefined());
        json.writeObjectFieldStart("modificationMetadata");
        json.writeBooleanField("archivable", !definition.hubspotDefined());
        json.writeBooleanField("readOnlyDefinition", definition.hubspotDefined());
        json.writeBooleanField("readOnlyValue", definition.readOnlyValue());
        json.writeEndObject();
        json.writeBooleanField("formField", !definition.readOnlyValue());
        json.writeBooleanField("archived", false);
        json.writeEndObject();
    }

    /** A definition from HubSpot's JSON shape; throws IllegalArgumentException naming a missing field. */
    static PropertyDefinition readDefinition(JsonNode node) {
        List<PropertyDefinition.Option> options = new ArrayList<>();
        for (JsonNode option : node.path("options")) {
            options.add(new PropertyDefinition.Option(text(option, "label", null), require(option, "value"),
                    option.path("displayOrder").asInt(options.size()), option.path("hidden").asBoolean(false)));
        }
        return new PropertyDefinition(require(node, "name"), text(node, "label", null), require(node, "type"),
                require(node, "fieldType"), text(node, "groupName", ""), text(node, "description", ""), options,
                node.path("displayOrder").asInt(-1), node.path("hubspotDefined").asBoolean(false),
                node.path("modificationMetadata").path("readOnlyValue").asBoolean(false));
    }

    static String require(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("\"" + field + "\" is required");
        }
        return value.asText();
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }
}
