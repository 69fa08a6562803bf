package io.hubscore.simulator;

import java.util.Objects;

/** A property group as HubSpot's properties API describes it. Immutable. */
record PropertyGroup(String name, String label, int displayOrder) {
    PropertyGroup {
        Objects.requireNonNull(name, "name");
        label = label == null ? name : label;
    }
}
