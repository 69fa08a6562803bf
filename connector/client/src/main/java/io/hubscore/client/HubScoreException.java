package io.hubscore.client;

/**
 * The one unchecked base of every hubscore failure. Subclasses are the categories a caller treats
 * differently (pause on {@link DailyLimitExhausted}, stop on {@link AuthFailed}, park on
 * {@link HubSpotRejected}, retry later on {@link HubSpotUnavailable}). Messages never carry a
 * secret. Immutable, so thread-safe.
 */
public class HubScoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HubScoreException(String message) {
        super(message);
    }

    public HubScoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
