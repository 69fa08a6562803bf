package io.hubscore.client;

/**
 * A property hubscore needs already exists in the portal with a different definition (type, field
 * type or options), so writing to it would fail or mean something else. Needs an admin.
 */
final class PropertyConflict extends HubSpotFailure {

    private static final long serialVersionUID = 1L;

    public PropertyConflict(String message) {
        super(message);
    }
}
