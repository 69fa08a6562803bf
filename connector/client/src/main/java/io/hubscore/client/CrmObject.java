package io.hubscore.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HubSpot record as HubSpot sent it: the numeric-string id, property values kept as HubSpot's
 * strings (a property HubSpot returned as null is absent from the map), timestamps as HubSpot's
 * ISO strings, and associated ids by object type when they came inline. {@code createdAt},
 * {@code updatedAt} and {@code archivedAt} may be null. Immutable.
 */
public record CrmObject(
        String id,
        Map<String, String> properties,
        String createdAt,
        String updatedAt,
        boolean archived,
        String archivedAt,
        Map<String, List<String>> associations) {

    public CrmObject {
        Objects.requireNonNull(id, "id");
        properties = Map.copyOf(properties);
        Map<String, List<String>> copy = new java.util.LinkedHashMap<>();
        associations.forEach((type, ids) -> copy.put(type, List.copyOf(ids)));
        associations = Map.copyOf(copy);
    }

    /** The same record with these properties instead. */
    public CrmObject withProperties(Map<String, String> replaced) {
        return new CrmObject(id, replaced, createdAt, updatedAt, archived, archivedAt, associations);
    }

    /** The id as a number: HubSpot ids are numeric strings and must be compared as numbers. */
    public long numericId() {
        return Ids.parse(id, "object id");
    }

    /** A property value, or null when absent. */
    public String property(String name) {
        return properties.get(name);
    }

    /** Ids of records merged into this one ({@code hs_merged_object_ids}, {@code ;}-separated); empty when none. */
    public List<String> mergedObjectIds() {
        String merged = properties.get("hs_merged_object_ids");
        List<String> ids = new ArrayList<>();
        if (merged != null) {
            for (String part : merged.split(";")) {
                if (!part.isBlank()) {
                    ids.add(part.trim());
                }
            }
        }
        return List.copyOf(ids);
    }

    /** Associated ids of {@code type} that came inline with the record; empty when none. */
    public List<String> associated(ObjectType type) {
        return associations.getOrDefault(type.apiName(), List.of());
    }
}
