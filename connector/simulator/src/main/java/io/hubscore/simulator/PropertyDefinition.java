package io.hubscore.simulator;

import java.util.List;
import java.util.Objects;

/**
 * A property definition as HubSpot's properties API describes it. {@code options} is empty for
 * non-enumeration types; {@code description} may be empty, never null. Immutable.
 */
record PropertyDefinition(String name, String label, String type, String fieldType, String groupName,
        String description, List<Option> options, int displayOrder, boolean hubspotDefined, boolean readOnlyValue) {

    /** One option of an enumeration property. */
    record Option(String label, String value, int displayOrder, boolean hidden) {
        Option {
            Objects.requireNonNull(value, "value");
            label = label == null ? value : label;
        }
    }

    PropertyDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fieldType, "fieldType");
        label = label == null ? name : label;
        groupName = groupName == null ? "" : groupName;
        description = description == null ? "" : description;
        options = List.copyOf(options);
    }

    boolean isEnumeration() {
        return "enumeration".equals(type) || "bool".equals(type);
    }

    boolean isNumeric() {
        return "number".equals(type) || "datetime".equals(type) || "date".equals(type);
    }

    /** Whether {@code value} is one of the options (each part, for multi-select {@code a;b} values). */
    boolean allows(String value) {
        if (!isEnumeration() || value.isEmpty()) {
            return true;
        }
        if ("checkbox".equals(fieldType)) {
            for (String part : value.split(";", -1)) {
                if (!hasOption(part)) {
                    return false;
                }
            }
            return true;
        }
        return hasOption(value);
    }

    private boolean hasOption(String value) {
        for (Option option : options) {
            if (option.value().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
