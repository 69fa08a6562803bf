package io.hubscore.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP response to send: status, headers, body bytes and content type. Headers can be added after
 * construction (rate-limit headers), so an instance is confined to the thread handling its request.
 */
final class SimResponse {

    /** Writes a JSON body. */
    @FunctionalInterface
    interface JsonWriter {
        void write(JsonGenerator json) throws IOException;
    }

    static final String JSON = "application/json;charset=utf-8";

    final int status;
    final String contentType;
    final byte[] body;
    final List<String[]> headers = new ArrayList<>(8);
    /** When set, the connection is reset instead of sending anything. */
    boolean connectionReset;
    /** How long to hold the response before sending it. */
    int delayMillis;

    SimResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
    }

    static SimResponse json(int status, JsonWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            writer.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SimResponse(status, JSON, out.toByteArray());
    }

    static SimResponse html(int status, String html) {
        return new SimResponse(status, "text/html", html.getBytes(StandardCharsets.UTF_8));
    }

    static SimResponse empty(int status) {
        return new SimResponse(status, null, new byte[0]);
    }

    SimResponse header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }
}
