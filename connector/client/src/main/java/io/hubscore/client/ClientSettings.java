package io.hubscore.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Random;

/**
 * Everything the HubSpot client needs, frozen. Build with {@link #builder()}; {@code auth},
 * {@code clock}, {@code sleeper} and {@code random} have no default, so time, waiting and jitter
 * are always chosen by the composition root. Nothing may be null. {@code random} is only used for
 * backoff jitter, under a lock.
 */
public record ClientSettings(
        URI baseUrl,
        Auth auth,
        Duration connectTimeout,
        Duration readTimeout,
        Duration callTimeout,
        RateBudget rateBudget,
        RetryPolicy retryPolicy,
        Duration searchLagMargin,
        ZoneId portalZone,
        Clock clock,
        Sleeper sleeper,
        Random random) {

    public static final URI DEFAULT_BASE_URL = URI.create("https://api.hubapi.com");

    public ClientSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(rateBudget, "rateBudget");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        Objects.requireNonNull(searchLagMargin, "searchLagMargin");
        Objects.requireNonNull(portalZone, "portalZone");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(random, "random");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("base URL must be an absolute http(s) URL, was " + baseUrl);
        }
        if (searchLagMargin.isNegative()) {
            throw new IllegalArgumentException("searchLagMargin must not be negative, was " + searchLagMargin);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects settings; defaults are HubSpot's public API, modest timeouts and the smallest budget. */
    public static final class Builder {
        private URI baseUrl = DEFAULT_BASE_URL;
        private Auth auth;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ofSeconds(60);
        private RateBudget rateBudget = RateBudget.defaults();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration searchLagMargin = Duration.ofMinutes(2);
        private ZoneId portalZone = ZoneOffset.UTC;
        private Clock clock;
        private Sleeper sleeper;
        private Random random;

        private Builder() {
        }

        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            try {
                return baseUrl(URI.create(baseUrl));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("base URL is not a valid URL: " + baseUrl, e);
            }
        }

        public Builder auth(Auth auth) {
            this.auth = auth;
            return this;
        }

        public Builder bearerToken(Credentials token) {
            return auth(new Auth.StaticToken(token));
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        public Builder rateBudget(RateBudget rateBudget) {
            this.rateBudget = rateBudget;
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        /** How far behind "now" the next checkpoint of an incremental pull stays (search index lag). */
        public Builder searchLagMargin(Duration searchLagMargin) {
            this.searchLagMargin = searchLagMargin;
            return this;
        }

        /** The portal's time zone: the daily budget resets at its midnight. */
        public Builder portalZone(ZoneId portalZone) {
            this.portalZone = portalZone;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** Randomness for backoff jitter; pass a seeded one. */
        public Builder random(Random random) {
            this.random = random;
            return this;
        }

        public ClientSettings build() {
            return new ClientSettings(baseUrl, auth, connectTimeout, readTimeout, callTimeout, rateBudget,
                    retryPolicy, searchLagMargin, portalZone, clock, sleeper, random);
        }
    }
}
