package io.hubscore.client;

/**
 * HubSpot kept failing transiently (5xx, 423, 477, connection resets, timeouts, malformed bodies)
 * until the retry policy's attempts ran out. The cause is the last transient failure. Worth trying
 * again later.
 */
public final class HubSpotUnavailable extends HubSpotFailure {

    private static final long serialVersionUID = 1L;

    private final int attempts;

    public HubSpotUnavailable(String call, int attempts, Throwable lastFailure) {
        super(call + " failed after " + attempts + " attempts: " + lastFailure.getMessage(), lastFailure);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
