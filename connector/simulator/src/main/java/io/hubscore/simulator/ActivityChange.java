package io.hubscore.simulator;

import java.util.Objects;

/**
 * One change {@link Portal#simulateActivity} made to the simulated world: what happened to which contact,
 * the id of the object involved (the contact itself, a new engagement or a deal) and a short detail such
 * as the new lifecycle stage. Immutable.
 */
public record ActivityChange(Kind kind, String contactId, String objectId, String detail) {

    /** The kinds of change the simulation makes. */
    public enum Kind {
        PAGE_VIEWS, EMAIL_CLICK, EMAIL_REPLY, MEETING_BOOKED, FORM_SUBMISSION, LIFECYCLE_STAGE, DEAL_CREATED, DEAL_CLOSED
    }

    public ActivityChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(objectId, "objectId");
        detail = detail == null ? "" : detail;
    }
}
