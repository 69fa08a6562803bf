package io.hubscore.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A targeted fault: answer requests to one endpoint with {@code kind}, starting after {@code skip} matching
 * requests, {@code times} times (or until cleared), a {@code rate} share of the matching requests. The share is
 * spread evenly and reproducibly rather than drawn: 0.25 answers every fourth matching request, 0.5 every second,
 * so a share of at most one half never hits two requests in a row (a client's retry of a hit request gets through).
 * The endpoint is a method and a path pattern, e.g. {@code GET /crm/v3/objects/contacts} or
 * {@code POST /crm/v4/associations/emails/contacts/batch/read}; a {@code *} segment matches any one segment,
 * {@code {id}} a numeric one, and the method {@code *} any method. A request counts as matching only when the
 * kind can apply to it ({@link FaultKind#REPEATED_CURSOR} needs a request with a paging cursor,
 * {@link FaultKind#SEARCH_TOTAL_MISMATCH} a search). Immutable; build with {@link #of} and the withers.
 */
public record FaultTarget(FaultKind kind, String method, String path, int skip, int times, double rate) {

    /** {@code times} of a fault that lasts until it is cleared. */
    public static final int UNTIL_CLEARED = 0;

    public FaultTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        method = method.toUpperCase(Locale.ROOT);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a fault's path must start with '/', was " + path);
        }
        if (skip < 0) {
            throw new IllegalArgumentException("skip must not be negative, was " + skip);
        }
        if (times < 0) {
            throw new IllegalArgumentException("times must be positive, or 0 for until cleared, was " + times);
        }
        if (!(rate > 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("a targeted fault's rate must be above 0 and at most 1, was " + rate);
        }
    }

    /** {@code kind} on the next request to {@code endpoint} ("METHOD /path"), once. */
    public static FaultTarget of(FaultKind kind, String endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        String trimmed = endpoint.trim();
        int space = trimmed.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("an endpoint is a method and a path, e.g. 'GET /crm/v3/objects/contacts',"
                    + " was '" + endpoint + "'");
        }
        return new FaultTarget(kind, trimmed.substring(0, space), trimmed.substring(space + 1).trim(), 0, 1, 1.0);
    }

    /** Lets the first {@code n} matching requests through (so {@code skip(3)} hits the fourth: "page 4"). */
    public FaultTarget skip(int n) {
        return new FaultTarget(kind, method, path, n, times, rate);
    }

    /** Answers {@code n} matching requests so (at least 1). */
    public FaultTarget times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1 (untilCleared() for no end), was " + n);
        }
        return new FaultTarget(kind, method, path, skip, n, rate);
    }

    /** Answers every matching request so until the faults are cleared. */
    public FaultTarget untilCleared() {
        return new FaultTarget(kind, method, path, skip, UNTIL_CLEARED, rate);
    }

    /** Answers a share {@code p} (above 0, at most 1) of the matching requests past the skipped ones, evenly spread. */
    public FaultTarget rate(double p) {
        return new FaultTarget(kind, method, path, skip, times, p);
    }

    /** "METHOD /path". */
    public String endpoint() {
        return method + " " + path;
    }

    /** Whether a request with this method and these (decoded) path segments is one this fault targets. */
    boolean matches(String requestMethod, List<String> segments) {
        if (!"*".equals(method) && !method.equals(requestMethod)) {
            return false;
        }
        int at = 0;
        int start = 1;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            if (end > start) {
                if (at >= segments.size() || !segmentMatches(path.substring(start, end), segments.get(at))) {
                    return false;
                }
                at++;
            }
            start = end + 1;
        }
        return at == segments.size();
    }

    private static boolean segmentMatches(String pattern, String segment) {
        if ("*".equals(pattern)) {
            return true;
        }
        if ("{id}".equals(pattern)) {
            return !segment.isEmpty() && segment.chars().allMatch(Character::isDigit);
        }
        return pattern.equals(segment);
    }
}
