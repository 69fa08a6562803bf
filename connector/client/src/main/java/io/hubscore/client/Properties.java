package io.hubscore.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The properties API, idempotently: creating a property that exists with the same definition is
 * fine, with a conflicting one is a {@link PropertyConflict}; a 409 on create is checked the same
 * way, and so is a property a batch create did not make. Thread-safe.
 */
final class Properties {

    private final Caller caller;

    Properties(Caller caller) {
        this.caller = caller;
    }

    List<PropertyDefinition> list(ObjectType type) {
        JsonNode body = caller.send(ApiCall.get(path(type), List.of()).expecting(Expected.propertyList())).body();
        List<PropertyDefinition> definitions = new ArrayList<>();
        for (JsonNode node : body.path("results")) {
            definitions.add(definition(node));
        }
        return definitions;
    }

    Optional<PropertyDefinition> get(ObjectType type, String name) {
        try {
            return Optional.of(definition(caller.send(ApiCall.get(path(type) + "/" + name, List.of())
                    .expecting(Expected.property())).body()));
        } catch (HubSpotRejected e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    PropertyDefinition ensure(ObjectType type, PropertyDefinition wanted) {
        Optional<PropertyDefinition> existing = get(type, wanted.name());
        if (existing.isPresent()) {
            return checked(type, wanted, existing.get());
        }
        try {
            return definition(caller.send(ApiCall.post(path(type), wanted)).body());
        } catch (HubSpotRejected e) {
            if (e.status() != 409) {
                throw e;
            }
            return checked(type, wanted, get(type, wanted.name()).orElseThrow(() -> e));
        }
    }

    /**
     * Makes sure of every definition in {@code wanted} with as few calls as the portal allows: one batch read; when
     * some do not exist, the group and one batch create; a property the batch create did not make (one made
     * meanwhile by someone else) is ensured on its own. Existing properties are checked as {@link #ensure} checks
     * them.
     */
    List<PropertyDefinition> ensureAll(ObjectType type, PropertyGroup group, List<PropertyDefinition> wanted) {
        Map<String, PropertyDefinition> existing;
        try {
            existing = definitions(caller.send(ApiCall.post(path(type) + "/batch/read",
                    Map.of("archived", false, "inputs", wanted.stream().map(d -> Map.of("name", d.name())).toList()))
                    .expecting(Expected.propertyBatch())).body());
        } catch (HubSpotRejected e) {
            if (e.status() != 404) {
                throw e;
            }
            existing = Map.of(); // none of them exists, said as a whole
        }
        List<PropertyDefinition> ensured = new ArrayList<>();
        List<PropertyDefinition> missing = new ArrayList<>();
        for (PropertyDefinition definition : wanted) {
            PropertyDefinition found = existing.get(definition.name());
            if (found != null) {
                ensured.add(checked(type, definition, found));
            } else {
                missing.add(definition);
            }
        }
        if (missing.isEmpty()) {
            return ensured;
        }
        ensureGroup(type, group);
        Map<String, PropertyDefinition> created;
        try {
            created = definitions(caller.send(ApiCall.post(path(type) + "/batch/create", Map.of("inputs", missing)))
                    .body());
        } catch (HubSpotRejected e) {
            if (e.status() != 409) {
                throw e;
            }
            created = Map.of(); // one exists already, said for the whole batch: each is checked on its own below
        }
        for (PropertyDefinition definition : missing) {
            PropertyDefinition made = created.get(definition.name());
            ensured.add(made != null ? made : ensure(type, definition));
        }
        return ensured;
    }

    /** The definitions of a batch answer's {@code results}, by name. */
    private static Map<String, PropertyDefinition> definitions(JsonNode body) {
        Map<String, PropertyDefinition> definitions = new LinkedHashMap<>();
        for (JsonNode node : body.path("results")) {
            PropertyDefinition definition = definition(node);
            definitions.put(definition.name(), definition);
        }
        return definitions;
    }

    void ensureGroup(ObjectType type, PropertyGroup group) {
        try {
            caller.send(ApiCall.post(path(type) + "/groups", group));
        } catch (HubSpotRejected e) {
            if (e.status() != 409) {
                throw e;
            }
        }
    }

    private static PropertyDefinition checked(ObjectType type, PropertyDefinition wanted, PropertyDefinition existing) {
        wanted.conflictWith(existing).ifPresent(conflict -> {
            throw new PropertyConflict("the " + type.apiName() + " property '" + wanted.name()
                    + "' already exists in the portal with another definition: " + conflict);
        });
        return existing;
    }

    private static String path(ObjectType type) {
        return "/crm/v3/properties/" + type.apiName();
    }

    private static PropertyDefinition definition(JsonNode node) {
        List<PropertyDefinition.Option> options = new ArrayList<>();
        for (JsonNode option : node.path("options")) {
            options.add(new PropertyDefinition.Option(option.path("label").asText(""), option.path("value").asText(""),
                    option.path("displayOrder").asInt(0), option.path("hidden").asBoolean(false)));
        }
        String name = Bodies.text(node, "name");
        if (name == null) {
            throw new UnexpectedAnswer("HubSpot answered the properties API with a property that has no name");
        }
        return new PropertyDefinition(name, node.path("label").asText(name), node.path("type").asText(""),
                node.path("fieldType").asText(""), node.path("groupName").asText(""), Bodies.text(node, "description"),
                options);
    }
}
