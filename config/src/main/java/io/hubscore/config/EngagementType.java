package io.hubscore.config;

import java.util.Locale;

/** HubSpot's engagement object types, by their API names. */
public enum EngagementType {
    EMAILS,
    CALLS,
    MEETINGS,
    NOTES,
    TASKS;

    /** The object type in HubSpot's API paths, e.g. {@code meetings}. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
