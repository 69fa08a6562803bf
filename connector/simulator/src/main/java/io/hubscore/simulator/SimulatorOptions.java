package io.hubscore.simulator;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link PortalSimulator} behaves: port, accepted credentials, rate limits, search lag, clock, fault
 * RNG seed and the WireMock stub mappings served ahead of the portal. Immutable; change it with the
 * {@code with...} methods. {@code token} may be null (then only OAuth access tokens are accepted),
 * {@code oauthClient} is null when OAuth is off, {@code clock} is null to use the portal's clock, and
 * {@code mappings} is null when no stub mapping files are loaded. A limit of 0 turns that limit off.
 * {@link #toString()} never shows credentials.
 */
public record SimulatorOptions(int port, String token, OAuthClient oauthClient, int maxPer10s, Duration window,
        int dailyLimit, int searchPerSecond, Duration searchLag, Clock clock, long seed, int threads,
        Path mappings) {

    /** The token a simulator accepts unless told otherwise; a simulator credential, not a secret. */
    public static final String DEMO_TOKEN = "hubscore-simulator-demo-token";

    /** The OAuth client the token endpoints accept, and how long the access tokens they issue live. */
    public record OAuthClient(String clientId, String clientSecret, String refreshToken, Duration accessTokenTtl) {
        public OAuthClient {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(refreshToken, "refreshToken");
            if (accessTokenTtl == null || accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
                throw new IllegalArgumentException("accessTokenTtl must be positive");
            }
        }

        @Override
        public String toString() {
            return "OAuthClient[clientId=" + clientId + ", accessTokenTtl=" + accessTokenTtl + "]";
        }
    }

    public SimulatorOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (maxPer10s < 0 || dailyLimit < 0 || searchPerSecond < 0) {
            throw new IllegalArgumentException("rate limits must be 0 (off) or positive");
        }
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        Objects.requireNonNull(searchLag, "searchLag");
        if (searchLag.isNegative()) {
            throw new IllegalArgumentException("searchLag must not be negative, was " + searchLag);
        }
        if (threads < 4) {
            throw new IllegalArgumentException("threads must be at least 4, was " + threads);
        }
    }

    /**
     * Port 0, the demo token, no OAuth, HubSpot's Free/Starter limits (100 per 10 s, 250,000 a day, search 5
     * per second), no search lag, the portal's clock, fault seed 1, no stub mappings.
     */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions(0, DEMO_TOKEN, null, 100, Duration.ofSeconds(10), 250_000, 5, Duration.ZERO,
                null, 1L, 24, null);
    }

    public SimulatorOptions withPort(int port) {
        return new SimulatorOptions(port, token, oauthClient, maxPer10s, window, dailyLimit, searchPerSecond,
                searchLag, clock, seed, threads, mappings);
    }

    public SimulatorOptions withToken(String token) {
        return new SimulatorOptions(port, token, oauthClient, maxPer10s, window, dailyLimit, searchPerSecond,
                searchLag, clock, seed, threads, mappings);
    }

    public SimulatorOptions withOAuthClient(String clientId, String clientSecret, String refreshToken,
            Duration accessTokenTtl) {
        return new SimulatorOptions(port, token, new OAuthClient(clientId, clientSecret, refreshToken, accessTokenTtl),
                maxPer10s, window, dailyLimit, searchPerSecond, searchLag, clock, seed, threads, mappings);
    }

    public SimulatorOptions withMaxPer10s(int maxPer10s) {
        return new SimulatorOptions(port, token, oauthClient, maxPer10s, window, dailyLimit, searchPerSecond,
                searchLag, clock, seed, threads, mappings);
    }

    public SimulatorOptions withWindow(Duration window) {
        return new SimulatorOptions(port, token, oauthClient, maxPer10s, window, dailyLimit, searchPerSecond,
                searchLag, clock, seed, threads, mappings);
    }

    public SimulatorOptions withDailyLimit(int dailyLimit) {
        return new SimulatorOptions(port, token, oauthClient, maxPer10s, window, dailyLimit, searchPerSecond,
                searchLag, clock, seed, threads, mappings);
    }

    public SimulatorOptions withSearchPerSecond(int searchPerSecond) {
        return new SimulatorOptions(port, token, oauthClient, maxPer10s, window, dailyLimit, searchPerSecond,
                searchLag, clock, seed, threads, mappings);
    }

    public SimulatorOptions withSearchLag(Duration searchLag) {
        return new SimulatorOptions(port, token, oauthClient, maxPer10s, window, dailyLimit, searchPerSecond,
                searchLag, clock, seed, threads, mappings);
    }

    public SimulatorOptions withClock(Clock clock) {
        return new SimulatorOptions(port, token, oauthClient, maxPer10s, window, dailyLimit, searchPerSecond,
                searchLag, clock, seed, threads, mappings);
    }

    public SimulatorOptions withSeed(long seed) {
        return new SimulatorOptions(port, token, oauthClient, maxPer10s, window, dailyLimit, searchPerSecond,
                searchLag, clock, seed, threads, mappings);
    }

    /** HTTP worker threads (at least 4). */
    public SimulatorOptions withThreads(int threads) {
        return new SimulatorOptions(port, token, oauthClient, maxPer10s, window, dailyLimit, searchPerSecond,
                searchLag, clock, seed, threads, mappings);
    }

    /**
     * Serves the WireMock stub mappings of {@code root} ahead of the portal: WireMock's own layout, stub
     * files in {@code root/mappings} and the response bodies they name in {@code root/__files}; null for none.
     */
    public SimulatorOptions withMappings(Path root) {
        return new SimulatorOptions(port, token, oauthClient, maxPer10s, window, dailyLimit, searchPerSecond,
                searchLag, clock, seed, threads, root);
    }

    /** All rate limits off (benchmarks). */
    public SimulatorOptions withoutRateLimits() {
        return withMaxPer10s(0).withDailyLimit(0).withSearchPerSecond(0);
    }

    @Override
    public String toString() {
        return "SimulatorOptions[port=" + port + ", token=" + (token == null ? "none" : "(set)") + ", oauthClient="
                + oauthClient + ", maxPer10s=" + maxPer10s + ", window=" + window + ", dailyLimit=" + dailyLimit
                + ", searchPerSecond=" + searchPerSecond + ", searchLag=" + searchLag + ", seed=" + seed
                + ", threads=" + threads + ", mappings=" + mappings + "]";
    }
}
