package io.hubscore.client;

/**
 * The HubSpot CRM objects hubscore reads, with their API path name, the property an incremental
 * pull filters on ({@code lastmodifieddate} for contacts, {@code hs_lastmodifieddate} for the rest)
 * and the property holding when a record was created ({@code createdate} for contacts and deals,
 * {@code hs_createdate} for engagements).
 */
public enum ObjectType {
    CONTACTS("contacts", "lastmodifieddate", "createdate"),
    DEALS("deals", "hs_lastmodifieddate", "createdate"),
    EMAILS("emails", "hs_lastmodifieddate", "hs_createdate"),
    CALLS("calls", "hs_lastmodifieddate", "hs_createdate"),
    MEETINGS("meetings", "hs_lastmodifieddate", "hs_createdate"),
    NOTES("notes", "hs_lastmodifieddate", "hs_createdate"),
    TASKS("tasks", "hs_lastmodifieddate", "hs_createdate");

    private final String apiName;
    private final String lastModifiedProperty;
    private final String createdProperty;

    ObjectType(String apiName, String lastModifiedProperty, String createdProperty) {
        this.apiName = apiName;
        this.lastModifiedProperty = lastModifiedProperty;
        this.createdProperty = createdProperty;
    }

    /** The name in HubSpot paths, e.g. {@code contacts}. */
    public String apiName() {
        return apiName;
    }

    public String lastModifiedProperty() {
        return lastModifiedProperty;
    }

    public String createdProperty() {
        return createdProperty;
    }

    public boolean isEngagement() {
        return this == EMAILS || this == CALLS || this == MEETINGS || this == NOTES || this == TASKS;
    }
}
