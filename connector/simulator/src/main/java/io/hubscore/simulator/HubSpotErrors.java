package io.hubscore.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds HubSpot's error responses ({@code status, message, correlationId, category}) with correlation
 * ids that are unique per simulator and reproducible from its seed, and the entries of a batch answer's
 * {@code errors[]}. Thread-safe.
 */
final class HubSpotErrors {

    private final long seed;
    private final AtomicLong sequence = new AtomicLong();

    HubSpotErrors(long seed) {
        this.seed = seed;
    }

    String correlationId() {
        return new UUID(seed * 0x9E3779B97F4A7C15L, sequence.incrementAndGet()).toString();
    }

    SimResponse error(int status, String category, String message) {
        String correlationId = correlationId();
        return SimResponse.json(status, json -> {
            json.writeStartObject();
            json.writeStringField("status", "error");
            json.writeStringField("message", message);
            json.writeStringField("correlationId", correlationId);
            json.writeStringField("category", category);
            json.writeEndObject();
        });
    }

    SimResponse validation(String message) {
        return error(400, "VALIDATION_ERROR", message);
    }

    SimResponse notFound(String message) {
        return error(404, "OBJECT_NOT_FOUND", message);
    }

    SimResponse unauthorized(boolean expired) {
        return expired
                ? error(401, "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired.")
                : error(401, "INVALID_AUTHENTICATION", "Authentication credentials not found. This API supports "
                        + "OAuth 2.0 authentication and private app access tokens.");
    }

    SimResponse rateLimited(String policy) {
        String correlationId = correlationId();
        String message = switch (policy) {
            case RateLimits.TEN_SECONDLY -> "You have reached your ten_secondly_rolling limit.";
            case RateLimits.DAILY -> "You have reached your daily limit.";
            default -> "You have reached your secondly limit.";
        };
        return SimResponse.json(429, json -> {
            json.writeStartObject();
            json.writeStringField("status", "error");
            json.writeStringField("message", message);
            json.writeStringField("errorType", "RATE_LIMIT");
            json.writeStringField("correlationId", correlationId);
            json.writeStringField("policyName", policy);
            json.writeStringField("requestId", correlationId());
            json.writeEndObject();
        });
    }

    /**
     * Writes one entry of a batch answer's {@code errors[]} in the shape of HubSpot's {@code StandardError}
     * schema, whose required fields are {@code status, category, message, context, errors, links}: the last
     * two are always present, empty here as HubSpot sends them for these errors. {@code subCategory} may be
     * null (then it is left out); {@code context} maps a name to its values, in the map's order.
     */
    static void writeBatchError(JsonGenerator json, String category, String subCategory, String message,
            Map<String, List<String>> context) throws IOException {
        json.writeStartObject();
        json.writeStringField("status", "error");
        json.writeStringField("category", category);
        if (subCategory != null) {
            json.writeStringField("subCategory", subCategory);
        }
        json.writeStringField("message", message);
        json.writeObjectFieldStart("context");
        for (Map.Entry<String, List<String>> entry : context.entrySet()) {
            json.writeArrayFieldStart(entry.getKey());
            for (String value : entry.getValue()) {
                json.writeString(value);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        json.writeArrayFieldStart("errors");
        json.writeEndArray();
        json.writeObjectFieldStart("links");
        json.writeEndObject();
        json.writeEndObject();
    }
}
