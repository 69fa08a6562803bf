package io.hubscore.client;

/**
 * Sends authenticated calls: on a 401 with OAuth it refreshes the access token once and retries
 * the call once. Thread-safe.
 */
final class Caller {

    private final Transport transport;
    private final TokenSource tokens;

    Caller(Transport transport, TokenSource tokens) {
        this.transport = transport;
        this.tokens = tokens;
    }

    Reply send(ApiCall call) {
        try {
            return transport.exchange(call, tokens);
        } catch (AuthFailed e) {
            if (!tokens.refreshable()) {
                throw e;
            }
            tokens.refresh();
            return transport.exchange(call, tokens);
        }
    }
}
