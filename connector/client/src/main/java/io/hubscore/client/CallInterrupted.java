package io.hubscore.client;

/**
 * The calling thread was interrupted while it waited to call HubSpot (for rate budget, before a retry). The
 * thread's interrupt flag is set again, so the caller stops after its current batch; nothing was sent.
 */
final class CallInterrupted extends HubSpotFailure {

    private static final long serialVersionUID = 1L;

    CallInterrupted(String message, InterruptedException cause) {
        super(message, cause);
    }
}
