package io.hubscore.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credentials the simulator accepts: the static bearer token (private app or service key) and the
 * short-lived access tokens its OAuth endpoints issue for the configured client's refresh token.
 * Thread-safe. Tokens never appear in messages.
 */
final class AccessTokens {

    /** The result of checking an {@code Authorization} header. */
    enum Check { VALID, INVALID, EXPIRED }

    /** A token grant as the OAuth endpoints return it. */
    record Grant(String accessToken, String refreshToken, long expiresInSeconds) {
        @Override
        public String toString() {
            return "Grant[expiresInSeconds=" + expiresInSeconds + "]";
        }
    }

    private final String staticToken;
    private final SimulatorOptions.OAuthClient client;
    private final Clock clock;
    private final Random random;
    private final Map<String, Instant> issued = new ConcurrentHashMap<>();

    AccessTokens(SimulatorOptions options, Clock clock) {
        this.staticToken = options.token();
        this.client = options.oauthClient();
        this.clock = clock;
        this.random = new Random(options.seed() ^ 0x5DEECE66DL);
    }

    Check check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Check.INVALID;
        }
        String token = authorization.substring(7).trim();
        if (staticToken != null && staticToken.equals(token)) {
            return Check.VALID;
        }
        Instant expiry = issued.get(token);
        if (expiry == null) {
            return Check.INVALID;
        }
        return clock.instant().isBefore(expiry) ? Check.VALID : Check.EXPIRED;
    }

    boolean oauthEnabled() {
        return client != null;
    }

    boolean knownClient(String clientId, String clientSecret) {
        return client != null && client.clientId().equals(clientId) && client.clientSecret().equals(clientSecret);
    }

    /** A new access token for the client's refresh token; empty when the refresh token is not the client's. */
    Optional<Grant> refresh(String refreshToken) {
        if (client == null || !client.refreshToken().equals(refreshToken)) {
            return Optional.empty();
        }
        String token;
        synchronized (random) {
            token = "sim-oauth-" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        }
        Duration ttl = client.accessTokenTtl();
        issued.put(token, clock.instant().plus(ttl));
        return Optional.of(new Grant(token, client.refreshToken(), ttl.toSeconds()));
    }
}
