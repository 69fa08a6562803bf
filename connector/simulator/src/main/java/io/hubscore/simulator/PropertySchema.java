package io.hubscore.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The property definitions and groups of one object type, and the write checks HubSpot applies with
 * them (unknown property, enumeration option, read-only value, number format). Thread-safe.
 */
final class PropertySchema {

    private final Map<String, PropertyDefinition> properties = new LinkedHashMap<>();
    private final Map<String, PropertyGroup> groups = new LinkedHashMap<>();

    synchronized Optional<PropertyDefinition> get(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    synchronized boolean has(String name) {
        return properties.containsKey(name);
    }

    synchronized List<PropertyDefinition> all() {
        return List.copyOf(properties.values());
    }

    synchronized List<PropertyGroup> groups() {
        return List.copyOf(groups.values());
    }

    synchronized boolean hasGroup(String name) {
        return groups.containsKey(name);
    }

    /** Adds a definition; false (and no change) if the name is taken. */
    synchronized boolean add(PropertyDefinition definition) {
        return properties.putIfAbsent(definition.name(), definition) == null;
    }

    /** Adds or replaces a definition (snapshot loading). */
    synchronized void put(PropertyDefinition definition) {
        properties.put(definition.name(), definition);
    }

    synchronized boolean addGroup(PropertyGroup group) {
        return groups.putIfAbsent(group.name(), group) == null;
    }

    synchronized void putGroup(PropertyGroup group) {
        groups.put(group.name(), group);
    }

    /** Every problem with writing {@code values}; empty when all may be written. */
    List<PropertyProblem> check(Map<String, String> values, boolean enforceReadOnly) {
        List<PropertyProblem> problems = new ArrayList<>();
        values.forEach((name, value) -> check(name, value == null ? "" : value, enforceReadOnly).ifPresent(problems::add));
        return problems;
    }

    private Optional<PropertyProblem> check(String name, String value, boolean enforceReadOnly) {
        Optional<PropertyDefinition> found = get(name);
        if (found.isEmpty()) {
            return Optional.of(new PropertyProblem(name, value, "PROPERTY_DOESNT_EXIST",
                    "Property \"" + name + "\" does not exist"));
        }
        PropertyDefinition definition = found.get();
        if (enforceReadOnly && definition.readOnlyValue()) {
            return Optional.of(new PropertyProblem(name, value, "READ_ONLY_VALUE",
                    name + " is a read only property; its value cannot be set."));
        }
        if (!definition.allows(value)) {
            List<String> allowed = new ArrayList<>();
            definition.options().forEach(option -> allowed.add(option.value()));
            return Optional.of(new PropertyProblem(name, value, "INVALID_OPTION",
                    value + " was not one of the allowed options: " + allowed));
        }
        if ("number".equals(definition.type()) && !value.isEmpty() && Timestamps.number(value).isEmpty()) {
            return Optional.of(new PropertyProblem(name, value, "INVALID_LONG",
                    value + " is not a valid number for " + name));
        }
        return Optional.empty();
    }
}
