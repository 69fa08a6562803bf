package io.hubscore.client;

/**
 * HubSpot rejected the credentials (401), or the OAuth token endpoint refused the refresh token.
 * Never retried beyond one OAuth refresh. {@code category} and {@code correlationId} may be null.
 * The message never carries the token.
 */
public final class AuthFailed extends HubSpotFailure {

    private static final long serialVersionUID = 1L;

    private final String category;
    private final String correlationId;

    public AuthFailed(String message, String category, String correlationId) {
        super(message + (category == null ? "" : " (" + category + ")")
                + (correlationId == null ? "" : ", correlation id " + correlationId));
        this.category = category;
        this.correlationId = correlationId;
    }

    public String category() {
        return category;
    }

    public String correlationId() {
        return correlationId;
    }
}
