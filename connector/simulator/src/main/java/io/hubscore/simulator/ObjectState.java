package io.hubscore.simulator;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable version of a stored CRM object: its property values (strings, absent when unset),
 * timestamps and archive state. {@code archivedAt} is null unless archived.
 */
record ObjectState(long id, Map<String, String> properties, Instant createdAt, Instant updatedAt,
        boolean archived, Instant archivedAt) {

    ObjectState {
        properties = Map.copyOf(properties);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A copy with {@code changes} applied (an empty value clears the property) and the modified time set. */
    ObjectState with(Map<String, String> changes, Instant now, ObjectType type) {
        Map<String, String> next = new HashMap<>(properties);
        changes.forEach((name, value) -> {
            if (value == null || value.isEmpty()) {
                next.remove(name);
            } else {
                next.put(name, value);
            }
        });
        String stamp = Timestamps.iso(now);
        next.put(type.modifiedProperty, stamp);
        String stage = next.get("lifecyclestage");
        if (type == ObjectType.CONTACTS && stage != null && !stage.equals(properties.get("lifecyclestage"))) {
            next.put(DefaultSchemas.stageDate(stage), stamp); // HubSpot stamps the entry into a stage
        }
        if (type == ObjectType.CONTACTS) {
            next.put("hs_lastmodifieddate", stamp);
        }
        return new ObjectState(id, next, createdAt, now, archived, archivedAt);
    }

    ObjectState archivedAt(Instant now) {
        return new ObjectState(id, properties, createdAt, now, true, now);
    }
}
