package io.hubscore.client;

import java.time.Duration;

/**
 * One attempt failed in a way worth retrying: a 5xx (often with an HTML body), 423, 477, a
 * connection reset, a timeout, or a 2xx whose body is not the JSON the call expects ({@link Expected}). Internal to the retry loop; it surfaces only as
 * the cause of {@link HubSpotUnavailable}. {@code status} is 0 for I/O failures; {@code minWait} is
 * the least the retry must wait (Retry-After, 2 s for 423), zero when unconstrained.
 */
final class TransientFailure extends HubSpotFailure {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Duration minWait;

    TransientFailure(String message, int status, Duration minWait, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.minWait = minWait;
    }

    int status() {
        return status;
    }

    Duration minWait() {
        return minWait;
    }
}
