package io.hubscore.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OAuth access tokens from a refresh token: refreshed before {@code expires_in} runs out (HubSpot
 * says a 401 is not the signal to refresh), and on demand after a 401. A rotated refresh token
 * replaces the configured one. Thread-safe: all state is guarded by {@code this}. Token values
 * never leave this class except as the header value.
 */
final class OAuthTokens implements TokenSource {

    private static final Duration MAX_EARLY_REFRESH = Duration.ofMinutes(5);

    private final Auth.OAuth auth;
    private final Transport transport;
    private final Clock clock;
    private Credentials refreshToken;
    private char[] accessToken;
    private Instant refreshAt = Instant.MIN;

    OAuthTokens(Auth.OAuth auth, Transport transport, Clock clock) {
        this.auth = auth;
        this.transport = transport;
        this.clock = clock;
        this.refreshToken = auth.refreshToken();
    }

    @Override
    public synchronized char[] accessToken() {
        if (accessToken == null || !clock.instant().isBefore(refreshAt)) {
            refresh();
        }
        return accessToken.clone();
    }

    @Override
    public boolean refreshable() {
        return true;
    }

    @Override
    public synchronized void refresh() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", auth.clientId());
        form.put("client_secret", auth.clientSecret().revealAsString());
        form.put("refresh_token", refreshToken.revealAsString());
        ApiCall call = ApiCall.form(auth.endpoint().path(), form).expecting(Expected.token());
        JsonNode body;
        try {
            body = transport.exchange(call, null).body();
        } catch (HubSpotRejected e) {
            throw new AuthFailed("HubSpot refused the OAuth refresh at " + call.describe()
                    + (e.hubSpotMessage() == null ? "" : ": " + e.hubSpotMessage()), e.category(), e.correlationId());
        }
        String access = body.path("access_token").asText(null);
        long expiresIn = body.path("expires_in").asLong(0);
        if (access == null || access.isEmpty() || expiresIn <= 0) {
            throw new AuthFailed("the OAuth token endpoint " + call.describe()
                    + " answered without an access_token and expires_in", null, null);
        }
        String rotated = body.path("refresh_token").asText(null);
        if (rotated != null && !rotated.isEmpty()) {
            refreshToken = Credentials.of(rotated.toCharArray());
        }
        Duration ttl = Duration.ofSeconds(expiresIn);
        Duration early = ttl.dividedBy(5).compareTo(MAX_EARLY_REFRESH) < 0 ? ttl.dividedBy(5) : MAX_EARLY_REFRESH;
        accessToken = access.toCharArray();
        refreshAt = clock.instant().plus(ttl).minus(early);
    }
}
