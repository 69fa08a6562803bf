package io.hubscore.client;

import java.util.Objects;

/** How the client authenticates: a static bearer token, or OAuth with a refresh token. */
public sealed interface Auth {

    /** A private-app token or service key, sent as {@code Authorization: Bearer}. */
    record StaticToken(Credentials token) implements Auth {
        public StaticToken {
            Objects.requireNonNull(token, "token");
        }
    }

    /**
     * OAuth: the client trades the refresh token for access tokens at {@code endpoint}, refreshes
     * before {@code expires_in} runs out, and once more when a call answers 401.
     */
    record OAuth(String clientId, Credentials clientSecret, Credentials refreshToken, TokenEndpoint endpoint)
            implements Auth {
        public OAuth {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(refreshToken, "refreshToken");
            Objects.requireNonNull(endpoint, "endpoint");
            if (clientId.isBlank()) {
                throw new IllegalArgumentException("OAuth client id must not be blank");
            }
        }
    }

    /** HubSpot's OAuth token endpoints; v1 is deprecated in favour of the dated one. */
    enum TokenEndpoint {
        V1("/oauth/v1/token"),
        V2026_03("/oauth/2026-03/token");

        private final String path;

        TokenEndpoint(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }
    }
}
