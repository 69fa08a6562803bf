package io.hubscore.client;

import java.util.Objects;

/**
 * What happened to one input of a batch update, so the writer can act row by row: applied (mark
 * delivered), rejected by HubSpot for a reason that retrying will not fix (park it), or transient
 * (retry later). {@code category} and {@code message} of a rejection may be null.
 */
public sealed interface UpdateOutcome {

    String id();

    record Applied(String id) implements UpdateOutcome {
        public Applied {
            Objects.requireNonNull(id, "id");
        }
    }

    record Rejected(String id, int status, String category, String message) implements UpdateOutcome {
        public Rejected {
            Objects.requireNonNull(id, "id");
        }
    }

    record Transient(String id, String cause) implements UpdateOutcome {
        public Transient {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(cause, "cause");
        }
    }
}
