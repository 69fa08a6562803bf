package io.hubscore.client;

import io.hubscore.HubScoreException;

/**
 * A call to HubSpot failed. The subclasses are what a caller treats differently: pause on
 * {@link DailyLimitExhausted}, stop writing on {@link AuthFailed}, park on {@link HubSpotRejected}, retry later on
 * {@link HubSpotUnavailable} or {@link UnexpectedAnswer}, stop after the current batch on {@link CallInterrupted},
 * ask an admin on {@link PropertyConflict}. Catching this type (and not {@link HubScoreException}) keeps a ledger
 * failure inside the same block from being mistaken for HubSpot's. Immutable, so thread-safe.
 */
public abstract class HubSpotFailure extends HubScoreException {

    private static final long serialVersionUID = 1L;

    HubSpotFailure(String message) {
        super(message);
    }

    HubSpotFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
