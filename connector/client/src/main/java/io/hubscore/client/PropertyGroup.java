package io.hubscore.client;

import java.util.Objects;

/** A property group: {@code name, label, displayOrder}. */
public record PropertyGroup(String name, String label, int displayOrder) {

    public PropertyGroup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
    }
}
