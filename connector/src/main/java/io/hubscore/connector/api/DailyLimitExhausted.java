package io.hubscore.connector.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The portal's daily API budget (or this daemon's configured share of it) is used up. The client
 * makes no further call until {@link #resetAt()}, midnight in the portal's time zone; the daemon
 * should pause until then and say so.
 */
public final class DailyLimitExhausted extends HubScoreException {

    private static final long serialVersionUID = 1L;

    private final Instant resetAt;

    public DailyLimitExhausted(Instant resetAt, String reason) {
        super("HubSpot daily API limit exhausted (" + reason + "); calls resume at " + resetAt);
        this.resetAt = Objects.requireNonNull(resetAt, "resetAt");
    }

    public Instant resetAt() {
        return resetAt;
    }
}
