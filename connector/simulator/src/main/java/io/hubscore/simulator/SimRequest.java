package io.hubscore.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the handlers see it: method, path segments, decoded query parameters, body and
 * the Authorization header (null when absent). Immutable apart from the body array, which is not copied.
 */
record SimRequest(String method, String path, List<String> segments, Map<String, List<String>> query, byte[] body,
        String authorization) {

    static SimRequest of(String method, String url, byte[] body, String authorization) {
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        List<String> segments = new ArrayList<>(8);
        int start = 1;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            if (end > start) {
                segments.add(decode(path.substring(start, end)));
            }
            start = end + 1;
        }
        Map<String, List<String>> query = q < 0 ? Map.of() : parseForm(url.substring(q + 1));
        return new SimRequest(method, path, segments, query, body == null ? new byte[0] : body, authorization);
    }

    /** Parses {@code a=1&b=2} (query strings and form bodies). */
    static Map<String, List<String>> parseForm(String text) {
        Map<String, List<String>> params = new HashMap<>();
        int start = 0;
        while (start < text.length()) {
            int amp = text.indexOf('&', start);
            int end = amp < 0 ? text.length() : amp;
            int eq = text.indexOf('=', start);
            if (end > start) {
                String name = eq < 0 || eq > end ? text.substring(start, end) : text.substring(start, eq);
                String value = eq < 0 || eq > end ? "" : text.substring(eq + 1, end);
                params.computeIfAbsent(decode(name), k -> new ArrayList<>(2)).add(decode(value));
            }
            start = end + 1;
        }
        return params;
    }

    private static String decode(String text) {
        return text.indexOf('%') < 0 && text.indexOf('+') < 0 ? text : URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    String segment(int index) {
        return index < segments.size() ? segments.get(index) : "";
    }

    /** The first value of a query parameter, or null. */
    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** All values of a query parameter, each split on commas (HubSpot accepts both forms). */
    List<String> params(String name) {
        List<String> values = query.get(name);
        if (values == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** The body as JSON; throws {@link BadRequest} when it is not valid JSON. */
    JsonNode json() {
        if (body.length == 0) {
            throw new BadRequest("Invalid input JSON: the request body is empty");
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest("Invalid input JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("Invalid input JSON: " + e.getMessage());
        }
    }

    Map<String, List<String>> form() {
        return parseForm(new String(body, StandardCharsets.UTF_8));
    }
}
