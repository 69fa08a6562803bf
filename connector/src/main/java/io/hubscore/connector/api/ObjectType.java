package io.hubscore.connector.api;

/**
 * The HubSpot CRM objects hubscore reads, with their API path name and the property an incremental
 * pull filters on ({@code lastmodifieddate} for contacts, {@code hs_lastmodifieddate} for the rest).
 */
public enum ObjectType {
    CONTACTS("contacts", "lastmodifieddate"),
    DEALS("deals", "hs_lastmodifieddate"),
    EMAILS("emails", "hs_lastmodifieddate"),
    CALLS("calls", "hs_lastmodifieddate"),
    MEETINGS("meetings", "hs_lastmodifieddate"),
    NOTES("notes", "hs_lastmodifieddate"),
    TASKS("tasks", "hs_lastmodifieddate");

    private final String apiName;
    private final String lastModifiedProperty;

    ObjectType(String apiName, String lastModifiedProperty) {
        this.apiName = apiName;
        this.lastModifiedProperty = lastModifiedProperty;
    }

    /** The name in HubSpot paths, e.g. {@code contacts}. */
    public String apiName() {
        return apiName;
    }

    public String lastModifiedProperty() {
        return lastModifiedProperty;
    }

    public boolean isEngagement() {
        return this == EMAILS || this == CALLS || this == MEETINGS || this == NOTES || this == TASKS;
    }
}
