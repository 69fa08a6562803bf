package io.hubscore.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Plain OkHttp calls against a running simulator, as a HubSpot client would make them. */
final class Http {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final MediaType JSON = MediaType.get("application/json");

    /** A response read whole: status, headers and body text. */
    record Reply(int status, okhttp3.Headers headers, String body) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final OkHttpClient client;
    private final String baseUrl;
    private final String token;

    Http(PortalSimulator simulator, String token) {
        this(simulator, token, Duration.ofSeconds(10));
    }

    Http(PortalSimulator simulator, String token, Duration readTimeout) {
        this.client = new OkHttpClient.Builder().readTimeout(readTimeout).retryOnConnectionFailure(false).build();
        this.baseUrl = simulator.baseUrl().toString();
        this.token = token;
    }

    Reply get(String path) {
        return call(new Request.Builder().url(baseUrl + path).get());
    }

    Reply post(String path, String json) {
        return call(new Request.Builder().url(baseUrl + path).post(RequestBody.create(json, JSON)));
    }

    Reply delete(String path) {
        return call(new Request.Builder().url(baseUrl + path).delete());
    }

    Reply postForm(String path, String form) {
        return call(new Request.Builder().url(baseUrl + path)
                .post(RequestBody.create(form, MediaType.get("application/x-www-form-urlencoded"))));
    }

    Reply call(Request.Builder builder) {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try (Response response = client.newCall(builder.build()).execute()) {
            return new Reply(response.code(), response.headers(), response.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
