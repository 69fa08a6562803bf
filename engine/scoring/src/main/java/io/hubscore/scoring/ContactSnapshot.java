package io.hubscore.scoring;

import java.util.Map;
import java.util.Objects;

/**
 * A contact as HubSpot gives it: its id and property values, every value a string. A property that is absent,
 * null, empty or only whitespace counts as missing. Numbers are decimal strings, booleans {@code true}/{@code
 * false}, dates epoch milliseconds or ISO-8601, multi-select values separated by {@code ;}. Immutable.
 *
 * @param properties by HubSpot internal name; copied, null values dropped
 */
public record ContactSnapshot(String id, Map<String, String> properties) {

    public ContactSnapshot {
        Objects.requireNonNull(id, "id");
        properties = PropertyMap.copyPresent(properties);
    }
}
