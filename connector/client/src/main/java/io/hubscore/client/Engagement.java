package io.hubscore.client;

import java.util.List;
import java.util.Objects;

/** An engagement record (email, call, meeting, note, task) with the ids of its contacts. Immutable. */
public record Engagement(ObjectType type, CrmObject object, List<String> contactIds) {

    public Engagement {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(object, "object");
        contactIds = List.copyOf(contactIds);
        if (!type.isEngagement()) {
            throw new IllegalArgumentException(type + " is not an engagement type");
        }
    }
}
