package io.hubscore.simulator;

/**
 * Why one property value was refused on write, with HubSpot's error code
 * ({@code PROPERTY_DOESNT_EXIST}, {@code INVALID_OPTION}, {@code READ_ONLY_VALUE}, {@code INVALID_LONG}). Immutable.
 */
record PropertyProblem(String name, String value, String error, String message) {
}
