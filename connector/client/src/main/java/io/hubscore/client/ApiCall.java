package io.hubscore.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HubSpot request as the transport sees it: method, path, query parameters (in order, repeats
 * allowed), a JSON body or a form body, the rate lane it draws on, and whether it carries the
 * bearer token, and what its 2xx answer must look like ({@link Expected}; {@link Expected#ANY} unless a read
 * declares more with {@link #expecting}). {@code jsonBody} and {@code form} may be null (at most one is set). The
 * form may hold secrets (OAuth), so {@link #toString()} shows only method and path.
 */
record ApiCall(
        String method,
        String path,
        List<Map.Entry<String, String>> query,
        Object jsonBody,
        Map<String, String> form,
        RateGovernor.Lane lane,
        boolean authenticated,
        Expected expected) {

    ApiCall(String method, String path, List<Map.Entry<String, String>> query, Object jsonBody, Map<String, String> form,
            RateGovernor.Lane lane, boolean authenticated) {
        this(method, path, query, jsonBody, form, lane, authenticated, Expected.ANY);
    }

    ApiCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(lane, "lane");
        expected = expected == null ? Expected.ANY : expected;
        query = List.copyOf(query);
        form = form == null ? null : Map.copyOf(form);
        if (jsonBody != null && form != null) {
            throw new IllegalArgumentException("a call has a JSON body or a form, not both");
        }
    }

    static ApiCall get(String path, List<Map.Entry<String, String>> query) {
        return new ApiCall("GET", path, query, null, null, RateGovernor.Lane.BURST, true);
    }

    static ApiCall post(String path, Object body) {
        return new ApiCall("POST", path, List.of(), body, null, RateGovernor.Lane.BURST, true);
    }

    static ApiCall search(String path, Object body) {
        return new ApiCall("POST", path, List.of(), body, null, RateGovernor.Lane.SEARCH, true);
    }

    /**
     * A POST to an endpoint HubSpot exempts from the 10-second bucket (v4 association batch reads): counted against
     * the daily budget, not paced by the burst limiter.
     */
    static ApiCall exempt(String path, Object body) {
        return new ApiCall("POST", path, List.of(), body, null, RateGovernor.Lane.EXEMPT, true);
    }

    static ApiCall form(String path, Map<String, String> form) {
        return new ApiCall("POST", path, List.of(), null, form, RateGovernor.Lane.UNMETERED, false);
    }

    /** The same call, whose 2xx answer must have this shape (checked, and retried when it has not). */
    ApiCall expecting(Expected shape) {
        return new ApiCall(method, path, query, jsonBody, form, lane, authenticated, shape);
    }

    /** Query builder helper: keeps order, skips null values. */
    static final class Query {
        private final List<Map.Entry<String, String>> entries = new ArrayList<>();

        Query add(String name, String value) {
            if (value != null) {
                entries.add(Map.entry(name, value));
            }
            return this;
        }

        List<Map.Entry<String, String>> build() {
            return List.copyOf(entries);
        }
    }

    /** For logs and messages: never the body. */
    String describe() {
        return method + " " + path;
    }

    @Override
    public String toString() {
        return "ApiCall[" + describe() + "]";
    }
}
