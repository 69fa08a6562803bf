package io.hubscore.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads HubSpot response bodies into records, defensively: values stay strings, nulls become
 * absent, and a missing required field is one clear error naming the call. Stateless.
 */
final class Bodies {

    private Bodies() {
    }

    static List<CrmObject> objects(JsonNode results, String call) {
        List<CrmObject> objects = new ArrayList<>();
        if (results.isArray()) {
            for (JsonNode node : results) {
                objects.add(object(node, call));
            }
        } else if (!results.isMissingNode() && !results.isNull()) {
            throw new UnexpectedAnswer("HubSpot answered " + call + " with 'results' that is not a list");
        }
        return objects;
    }

    static CrmObject object(JsonNode node, String call) {
        String id = text(node, "id");
        if (id == null || id.isBlank()) {
            throw new UnexpectedAnswer("HubSpot answered " + call + " with a record that has no id");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        node.path("properties").properties().forEach(field -> {
            if (!field.getValue().isNull() && !field.getValue().isContainerNode()) {
                properties.put(field.getKey(), field.getValue().asText());
            }
        });
        Map<String, List<String>> associations = new LinkedHashMap<>();
        node.path("associations").properties().forEach(field -> {
            Set<String> ids = new LinkedHashSet<>();
            for (JsonNode association : field.getValue().path("results")) {
                String associatedId = text(association, "id");
                if (associatedId == null) {
                    associatedId = text(association, "toObjectId");
                }
                if (associatedId != null) {
                    ids.add(associatedId);
                }
            }
            associations.put(field.getKey(), List.copyOf(ids));
        });
        return new CrmObject(id, properties, text(node, "createdAt"), text(node, "updatedAt"),
                node.path("archived").asBoolean(false), text(node, "archivedAt"), associations);
    }

    /** The cursor in {@code paging.next.after}, or null on the last page. */
    static String nextAfter(JsonNode body) {
        return text(body.path("paging").path("next"), "after");
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }
}
