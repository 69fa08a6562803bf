package io.hubscore.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the failure for a non-2xx response, in one place: 401 {@link AuthFailed}; 429
 * {@link DailyLimitExhausted} or {@link RateLimited} by {@code policyName}; 5xx, 408, 423 and 477
 * {@link TransientFailure}; any other status {@link HubSpotRejected}. Bodies are already buffered;
 * non-JSON bodies (gateway HTML) are tolerated. Stateless, thread-safe.
 */
final class Failures {

    private static final int MAX_MESSAGE = 300;

    private final ObjectMapper mapper;

    Failures(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param header response header lookup (name to value or null)
     * @param dailyReset called for a DAILY 429; returns when the budget resets
     */
    HubSpotFailure fromResponse(ApiCall call, int status, byte[] body, Function<String, String> header,
            DailyReset dailyReset) {
        JsonNode json = parse(body);
        String correlationId = text(json, "correlationId");
        if (correlationId == null) {
            correlationId = header.apply("X-HubSpot-Correlation-Id");
        }
        String category = firstNonNull(text(json, "category"), text(json, "error"), null);
        Optional<Duration> retryAfter = retryAfter(header.apply("Retry-After"));
        if (status == 401) {
            return new AuthFailed("HubSpot rejected the credentials for " + call.describe(), category, correlationId);
        }
        if (status == 429) {
            String policy = firstNonNull(text(json, "policyName"), text(json, "errorType"), "UNKNOWN");
            if ("DAILY".equalsIgnoreCase(policy)) {
                return new DailyLimitExhausted(dailyReset.pauseForTheDay(), "HubSpot answered 429 DAILY to " + call.describe());
            }
            return new RateLimited(policy.toUpperCase(java.util.Locale.ROOT), retryAfter, correlationId);
        }
        if (status >= 500 || status == 408 || status == 423 || status == 477) {
            Duration minWait = retryAfter.orElse(Duration.ZERO);
            if (status == 423 && minWait.compareTo(Duration.ofSeconds(2)) < 0) {
                minWait = Duration.ofSeconds(2);
            }
            String detail = json == null ? "non-JSON body" : firstNonNull(text(json, "message"), "no message", null);
            return new TransientFailure(call.describe() + " answered HTTP " + status + " (" + shorten(detail) + ")"
                    + (correlationId == null ? "" : ", correlation id " + correlationId), status, minWait, null);
        }
        String message = json == null ? shorten(new String(body, java.nio.charset.StandardCharsets.UTF_8)) : shorten(firstNonNull(text(json, "message"), text(json, "error_description"), null));
        return new HubSpotRejected(status, category, correlationId, message, call.describe());
    }

    /** Wraps an I/O failure (reset, timeout, truncated body) of one attempt. */
    static TransientFailure fromIo(ApiCall call, IOException e) {
        return new TransientFailure(call.describe() + " failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()), 0, Duration.ZERO, e);
    }

    /** A 2xx whose body is not JSON at all: an HTML page, a truncated or otherwise broken document. */
    static TransientFailure malformed(ApiCall call, int status, byte[] body, IOException e) {
        String what;
        if (looksLikeHtml(body)) {
            what = "an HTML page instead of JSON";
        } else if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
            what = "truncated JSON (malformed: " + shorten(parserMessage(e)) + ")";
        } else {
            what = "malformed JSON (" + shorten(parserMessage(e)) + ")";
        }
        return new TransientFailure(call.describe() + " answered " + status + " with " + what, status, Duration.ZERO, e);
    }

    /** A 2xx whose JSON does not have the shape the call expects ({@code problem} says how). */
    static TransientFailure malformed(ApiCall call, int status, String problem) {
        return new TransientFailure(call.describe() + " answered " + status + " with " + problem, status, Duration.ZERO,
                null);
    }

    /** The parser's own words, without the excerpt of the body Jackson appends (it may hold personal data). */
    private static String parserMessage(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException json ? json.getOriginalMessage()
                : e.getMessage();
    }

    private static boolean looksLikeHtml(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '<';
            }
        }
        return false;
    }

    /** Seconds or an HTTP date are both allowed by the RFC; HubSpot sends seconds. */
    static Optional<Duration> retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode json, String field) {
        if (json == null) {
            return null;
        }
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String firstNonNull(String a, String b, String c) {
        return a != null ? a : b != null ? b : c;
    }

    private static String shorten(String text) {
        if (text == null) {
            return null;
        }
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "...";
    }

    /** Records a DAILY 429 and says when calls may resume. */
    @FunctionalInterface
    interface DailyReset {
        Instant pauseForTheDay();
    }
}
