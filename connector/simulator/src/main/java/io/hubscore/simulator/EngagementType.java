package io.hubscore.simulator;

/** The engagement objects the simulated portal holds; each is a HubSpot v3 object type of the same name. */
public enum EngagementType {
    EMAILS, CALLS, MEETINGS, NOTES, TASKS
}
