package io.hubscore.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OAuth token endpoints, refresh grant only: {@code /oauth/v1/token} (form-encoded, HubSpot's own
 * error shape) and {@code /oauth/2026-03/token} (form or JSON, RFC 6749 errors). Thread-safe.
 */
final class OAuthHandler {

    private final AccessTokens tokens;
    private final HubSpotErrors errors;

    OAuthHandler(AccessTokens tokens, HubSpotErrors errors) {
        this.tokens = tokens;
        this.errors = errors;
    }

    SimResponse token(SimRequest request, boolean v1) {
        Map<String, List<String>> form = request.form();
        String grantType = first(form, "grant_type");
        String clientId = first(form, "client_id");
        String clientSecret = first(form, "client_secret");
        String refreshToken = first(form, "refresh_token");
        if (!v1 && grantType == null && request.body().length > 0 && request.body()[0] == '{') {
            JsonNode body = request.json();
            grantType = body.path("grant_type").asText(null);
            clientId = body.path("client_id").asText(null);
            clientSecret = body.path("client_secret").asText(null);
            refreshToken = body.path("refresh_token").asText(null);
        }
        if (grantType == null || clientId == null || clientSecret == null) {
            return failure(v1, 400, "BAD_REQUEST", "invalid_request", "grant_type, client_id and client_secret are required");
        }
        if (!"refresh_token".equals(grantType)) {
            return failure(v1, 400, "BAD_GRANT_TYPE", "unsupported_grant_type", "grant_type must be refresh_token");
        }
        if (!tokens.knownClient(clientId, clientSecret)) {
            return failure(v1, v1 ? 400 : 401, "BAD_CLIENT_ID", "invalid_client", "unknown client_id or wrong client_secret");
        }
        Optional<AccessTokens.Grant> grant = tokens.refresh(refreshToken);
        if (grant.isEmpty()) {
            return failure(v1, 400, "BAD_REFRESH_TOKEN", "invalid_grant", "missing or unknown refresh token");
        }
        AccessTokens.Grant issued = grant.get();
        return SimResponse.json(200, json -> {
            json.writeStartObject();
            json.writeStringField("token_type", "bearer");
            json.writeStringField("refresh_token", issued.refreshToken());
            json.writeStringField("access_token", issued.accessToken());
            json.writeNumberField("expires_in", issued.expiresInSeconds());
            json.writeEndObject();
        });
    }

    private SimResponse failure(boolean v1, int status, String hubspotStatus, String rfcError, String message) {
        if (v1) {
            String correlationId = errors.correlationId();
            return SimResponse.json(status, json -> {
                json.writeStartObject();
                json.writeStringField("status", hubspotStatus);
                json.writeStringField("message", message);
                json.writeStringField("correlationId", correlationId);
                json.writeEndObject();
            });
        }
        return SimResponse.json(status, json -> {
            json.writeStartObject();
            json.writeStringField("error", rfcError);
            json.writeStringField("error_description", message);
            json.writeEndObject();
        });
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
