package io.hubscore.client;

import java.time.Instant;
import java.util.Objects;

/**
 * The portal's daily API budget (or this daemon's share of it) is used up. The client makes no further call until
 * {@link #resetAt()}, midnight in the portal's time zone, unless a re-check finds budget again
 * ({@link HubSpotClient#recheckDailyBudget()}) or the pause is lifted by hand; the daemon should pause and say so.
 */
public final class DailyLimitExhausted extends HubSpotFailure {

    private static final long serialVersionUID = 1L;

    private final Instant resetAt;
    private final String reason;

    public DailyLimitExhausted(Instant resetAt, String reason) {
        super("HubSpot daily API limit exhausted (" + reason + "); calls resume at " + resetAt);
        this.resetAt = Objects.requireNonNull(resetAt, "resetAt");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Instant resetAt() {
        return resetAt;
    }

    /** Why, in a few words: HubSpot's 429, its headers, or this client's daily share. */
    public String reason() {
        return reason;
    }
}
