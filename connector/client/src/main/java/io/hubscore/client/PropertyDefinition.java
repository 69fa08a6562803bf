package io.hubscore.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A HubSpot property: {@code name, label, type, fieldType, groupName}, and options for
 * enumerations. {@code description} may be null. Immutable.
 */
public record PropertyDefinition(String name, String label, String type, String fieldType, String groupName,
        String description, List<Option> options) {

    public PropertyDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fieldType, "fieldType");
        Objects.requireNonNull(groupName, "groupName");
        options = List.copyOf(options);
    }

    /** An enumeration option; values are case-sensitive. */
    public record Option(String label, String value, int displayOrder, boolean hidden) {
        public Option {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * Why {@code existing} cannot stand in for this definition, or empty when it can: same type and
     * field type, and every option value this one needs. Labels, group and description may differ
     * (admins relabel).
     */
    public Optional<String> conflictWith(PropertyDefinition existing) {
        if (!type.equals(existing.type) || !fieldType.equals(existing.fieldType)) {
            return Optional.of("it is " + existing.type + "/" + existing.fieldType + ", hubscore needs " + type + "/"
                    + fieldType);
        }
        List<String> existingValues = existing.options.stream().map(Option::value).toList();
        List<String> missing = options.stream().map(Option::value).filter(v -> !existingValues.contains(v)).toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of("it lacks the option values " + missing);
    }
}
