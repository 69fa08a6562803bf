package io.hubscore.client;

import java.util.Map;
import java.util.Objects;

/** One input of a batch update: set these property values (strings; "" clears) on record {@code id}. */
public record ObjectUpdate(String id, Map<String, String> properties) {

    public ObjectUpdate {
        Objects.requireNonNull(id, "id");
        Ids.parse(id, "record id to update");
        properties = Map.copyOf(properties);
        if (properties.isEmpty()) {
            throw new IllegalArgumentException("an update of " + id + " must set at least one property");
        }
    }
}
