package io.hubscore.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * HubSpot answered 429 for a rolling policy ({@code TEN_SECONDLY_ROLLING}, {@code SECONDLY}). Not a
 * failure: the transport has the rate governor wait it out and sends the call again, so it never
 * reaches the client's callers. {@code retryAfter} is absent when HubSpot sent no {@code Retry-After};
 * {@code correlationId} may be null.
 */
public final class RateLimited extends HubSpotFailure {

    private static final long serialVersionUID = 1L;

    private final String policy;
    private final transient Optional<Duration> retryAfter;
    private final String correlationId;

    public RateLimited(String policy, Optional<Duration> retryAfter, String correlationId) {
        super("HubSpot rate limit reached (policy " + policy + ")"
                + retryAfter.map(d -> ", retry after " + d.toMillis() + " ms").orElse("")
                + (correlationId == null ? "" : ", correlation id " + correlationId));
        this.policy = Objects.requireNonNull(policy, "policy");
        this.retryAfter = retryAfter;
        this.correlationId = correlationId;
    }

    /** HubSpot's {@code policyName}, e.g. {@code TEN_SECONDLY_ROLLING}; {@code UNKNOWN} when none was sent. */
    public String policy() {
        return policy;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    public String correlationId() {
        return correlationId;
    }
}
