package io.hubscore.config;

/**
 * What the single writer writes to HubSpot and how it treats values it did not write.
 *
 * @param group the contact property group that holds hubscore's properties
 * @param groupLabel the group's label in HubSpot
 * @param properties the internal names of the properties hubscore owns
 * @param ownership what to do when someone else changed an owned property
 * @param dryRun score and record everything, write nothing to HubSpot
 * @param reasons how many top reasons go into the reasons property
 */
public record WriteBackConfig(
        @Default("hubscore") String group,
        @Default("hubscore lead scoring") String groupLabel,
        PropertiesConfig properties,
        @Default("overwrite") Ownership ownership,
        @Default("false") boolean dryRun,
        @Default("3") int reasons) {

    /** The internal names of the owned properties. */
    public record PropertiesConfig(
            @Default("hubscore_score") String score,
            @Default("hubscore_band") String band,
            @Default("hubscore_band_changed_at") String bandChangedAt,
            @Default("hubscore_model_version") String modelVersion,
            @Default("hubscore_reasons") String reasons) {
    }

    /** Who wins when an owned property was changed outside hubscore. */
    public enum Ownership {
        /** Restore hubscore's value, and record the conflict. */
        OVERWRITE,
        /** Stop writing that contact until an admin clears the conflict. */
        YIELD
    }
}
