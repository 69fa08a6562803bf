package io.hubscore.client;

/**
 * HubSpot refused a request with a 4xx other than 401 and 429: retrying the same request cannot
 * help. Carries HubSpot's status, {@code category} (e.g. {@code VALIDATION_ERROR},
 * {@code MISSING_SCOPES}), correlation id and message; category and correlation id may be null.
 */
public final class HubSpotRejected extends HubSpotFailure {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String category;
    private final String correlationId;
    private final String hubSpotMessage;

    public HubSpotRejected(int status, String category, String correlationId, String hubSpotMessage, String call) {
        super(call + " rejected by HubSpot: HTTP " + status
                + (category == null ? "" : " " + category)
                + (hubSpotMessage == null || hubSpotMessage.isBlank() ? "" : ": " + hubSpotMessage)
                + (correlationId == null ? "" : " (correlation id " + correlationId + ")"));
        this.status = status;
        this.category = category;
        this.correlationId = correlationId;
        this.hubSpotMessage = hubSpotMessage;
    }

    public int status() {
        return status;
    }

    public String category() {
        return category;
    }

    public String correlationId() {
        return correlationId;
    }

    /** HubSpot's own {@code message}, may be null. */
    public String hubSpotMessage() {
        return hubSpotMessage;
    }
}
