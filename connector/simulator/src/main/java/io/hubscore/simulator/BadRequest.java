package io.hubscore.simulator;

/** A request HubSpot would refuse as a whole with 400 VALIDATION_ERROR; the message goes into the error body. */
final class BadRequest extends RuntimeException {
    BadRequest(String message) {
        super(message, null, false, false);
    }
}
