package io.hubscore.engine.scoring;

import java.util.HashMap;
import java.util.Map;

/** Copies property maps for the input records. Stateless. */
final class PropertyMaps {

    private PropertyMaps() {
    }

    /** An immutable copy without null keys or values (a null value means the property is absent). */
    static Map<String, String> copyPresent(Map<String, String> properties) {
        boolean hasNull = false;
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                hasNull = true;
                break;
            }
        }
        if (!hasNull) {
            return Map.copyOf(properties);
        }
        Map<String, String> present = new HashMap<>();
        properties.forEach((name, value) -> {
            if (name != null && value != null) {
                present.put(name, value);
            }
        });
        return Map.copyOf(present);
    }
}
