package io.hubscore.daemon.snapshot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hubscore.client.CrmObject;
import io.hubscore.client.ObjectType;
import io.hubscore.client.PropertyDefinition;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams a portal snapshot in the simulator's format ({@code hubscore-portal-snapshot}, version 1, described in
 * connector/SIMULATOR.md) so that {@code Portal.load} reads it back with HubSpot's own ids, timestamps and
 * associations. Objects are written as they arrive: the caller opens one array per object type, writes its
 * objects, and closes it; contacts, which carry the associations, come last. Property definitions are written only
 * for the properties given, on top of the simulator's HubSpot defaults. Not thread-safe; one snapshot per instance.
 */
final class SnapshotWriter implements Closeable {

    static final String FORMAT = "hubscore-portal-snapshot";
    static final int VERSION = 1;

    private final JsonGenerator json;

    SnapshotWriter(OutputStream out, Instant takenAt, List<PropertyDefinition> contactDefinitions) throws IOException {
        json = new JsonFactory().createGenerator(out);
        json.useDefaultPrettyPrinter();
        json.writeStartObject();
        json.writeStringField("format", FORMAT);
        json.writeNumberField("version", VERSION);
        json.writeStringField("takenAt", takenAt.toString());
        json.writeObjectFieldStart("properties");
        json.writeObjectFieldStart(ObjectType.CONTACTS.apiName());
        json.writeArrayFieldStart("groups");
        json.writeEndArray();
        json.writeArrayFieldStart("definitions");
        for (PropertyDefinition definition : contactDefinitions) {
            writeDefinition(definition);
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
        json.writeObjectFieldStart("objects");
    }

    void startObjects(ObjectType type) throws IOException {
        json.writeArrayFieldStart(type.apiName());
    }

    void endObjects() throws IOException {
        json.writeEndArray();
    }

    /** One object; {@code associations} (by API name, e.g. {@code meetings}) only for contacts, else empty. */
    void object(CrmObject object, Map<String, ? extends Collection<Long>> associations) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", object.id());
        if (object.createdAt() != null) {
            json.writeStringField("createdAt", object.createdAt());
        }
        if (object.updatedAt() != null) {
            json.writeStringField("updatedAt", object.updatedAt());
        }
        json.writeBooleanField("archived", object.archived());
        if (object.archivedAt() != null) {
            json.writeStringField("archivedAt", object.archivedAt());
        }
        json.writeObjectFieldStart("properties");
        for (Map.Entry<String, String> property : new TreeMap<>(object.properties()).entrySet()) {
            json.writeStringField(property.getKey(), property.getValue());
        }
        json.writeEndObject();
        if (!associations.isEmpty()) {
            json.writeObjectFieldStart("associations");
            for (Map.Entry<String, ? extends Collection<Long>> association : associations.entrySet()) {
                json.writeArrayFieldStart(association.getKey());
                for (long id : association.getValue()) {
                    json.writeString(Long.toString(id));
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /** Ends the objects and the document; a real portal has no hidden conversion propensity to record. */
    void finish() throws IOException {
        json.writeEndObject();
        json.writeObjectFieldStart("propensity");
        json.writeEndObject();
        json.writeEndObject();
        json.flush();
    }

    @Override
    public void close() throws IOException {
        json.close();
    }

    private void writeDefinition(PropertyDefinition definition) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", definition.name());
        json.writeStringField("label", definition.label());
        json.writeStringField("type", definition.type());
        json.writeStringField("fieldType", definition.fieldType());
        json.writeStringField("groupName", definition.groupName());
        if (definition.description() != null) {
            json.writeStringField("description", definition.description());
        }
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
        json.writeEndObject();
    }
}
