package io.hubscore.simulator;

import java.util.List;
import java.util.Optional;

/**
 * The HubSpot CRM object types the simulator stores, with the names HubSpot accepts for them in
 * paths (plural, singular, object type id) and the properties HubSpot returns when none are asked for.
 * Immutable.
 */
enum ObjectType {
    CONTACTS("contacts", "contact", "0-1", "createdate", "lastmodifieddate",
            List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname")),
    DEALS("deals", "deal", "0-3", "createdate", "hs_lastmodifieddate",
            List.of("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
                    "hs_object_id", "pipeline")),
    EMAILS("emails", "email", "0-49", "hs_createdate", "hs_lastmodifieddate", engagementDefaults()),
    CALLS("calls", "call", "0-48", "hs_createdate", "hs_lastmodifieddate", engagementDefaults()),
    MEETINGS("meetings", "meeting", "0-47", "hs_createdate", "hs_lastmodifieddate", engagementDefaults()),
    NOTES("notes", "note", "0-46", "hs_createdate", "hs_lastmodifieddate", engagementDefaults()),
    TASKS("tasks", "task", "0-27", "hs_createdate", "hs_lastmodifieddate", engagementDefaults());

    final String path;
    final String singular;
    final String typeId;
    final String createdProperty;
    final String modifiedProperty;
    final List<String> defaultProperties;

    ObjectType(String path, String singular, String typeId, String createdProperty, String modifiedProperty,
            List<String> defaultProperties) {
        this.path = path;
        this.singular = singular;
        this.typeId = typeId;
        this.createdProperty = createdProperty;
        this.modifiedProperty = modifiedProperty;
        this.defaultProperties = defaultProperties;
    }

    private static List<String> engagementDefaults() {
        return List.of("hs_createdate", "hs_lastmodifieddate", "hs_object_id");
    }

    boolean isEngagement() {
        return this != CONTACTS && this != DEALS;
    }

    /** The type named by a path segment: {@code contacts}, {@code contact} or {@code 0-1}; empty if unknown. */
    static Optional<ObjectType> fromName(String name) {
        for (ObjectType type : values()) {
            if (type.path.equalsIgnoreCase(name) || type.singular.equalsIgnoreCase(name) || type.typeId.equals(name)) {
                return Optional.of(type);
            }
        }
        if ("meeting_event".equalsIgnoreCase(name) || "meeting_events".equalsIgnoreCase(name)) {
            return Optional.of(MEETINGS);
        }
        return Optional.empty();
    }

    static ObjectType of(EngagementType type) {
        return switch (type) {
            case EMAILS -> EMAILS;
            case CALLS -> CALLS;
            case MEETINGS -> MEETINGS;
            case NOTES -> NOTES;
            case TASKS -> TASKS;
        };
    }

    /** HubSpot's association label between two types, as v3 returns it inline, e.g. {@code contact_to_deal}. */
    String associationLabel(ObjectType to) {
        return singular + "_to_" + to.singular;
    }

    /** HubSpot's HUBSPOT_DEFINED association type id from this type to {@code to}. */
    int associationTypeId(ObjectType to) {
        if (this == CONTACTS) {
            return switch (to) {
                case DEALS -> 4;
                case CALLS -> 193;
                case EMAILS -> 197;
                case MEETINGS -> 199;
                case NOTES -> 201;
                case TASKS -> 203;
                case CONTACTS -> 449;
            };
        }
        if (to == CONTACTS) {
            return switch (this) {
                case DEALS -> 3;
                case CALLS -> 194;
                case EMAILS -> 198;
                case MEETINGS -> 200;
                case NOTES -> 202;
                case TASKS -> 204;
                case CONTACTS -> 449;
            };
        }
        return 0;
    }
}
