package io.hubscore.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** A successful (2xx) HubSpot response, body buffered and parsed; the body is a MissingNode when empty. */
record Reply(int status, JsonNode body, RateLimitHeaders rateLimit) {

    Reply {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(rateLimit, "rateLimit");
    }
}
