package io.hubscore.client;

/** Hands out the current bearer token. Implementations are thread-safe. */
interface TokenSource {

    /** A fresh copy of the access token; the caller clears it after use. */
    char[] accessToken();

    /** True when {@link #refresh()} can produce a different token (OAuth). */
    boolean refreshable();

    /** Fetches a new access token now (after a 401). */
    void refresh();

    static TokenSource of(Auth auth, Transport transport, java.time.Clock clock) {
        if (auth instanceof Auth.StaticToken staticToken) {
            return new StaticTokens(staticToken.token());
        }
        return new OAuthTokens((Auth.OAuth) auth, transport, clock);
    }

    /** A private-app token or service key. */
    record StaticTokens(Credentials token) implements TokenSource {
        @Override
        public char[] accessToken() {
            return token.reveal();
        }

        @Override
        public boolean refreshable() {
            return false;
        }

        @Override
        public void refresh() {
            throw new IllegalStateException("a static token cannot be refreshed");
        }
    }
}
