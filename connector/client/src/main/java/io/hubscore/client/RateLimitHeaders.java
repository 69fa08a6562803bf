package io.hubscore.client;

import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The {@code X-HubSpot-RateLimit-*} headers of one response. Each is optional: HubSpot omits them
 * when it cannot compute them, on search responses and on OAuth daily counters.
 */
public record RateLimitHeaders(
        OptionalLong max,
        OptionalLong remaining,
        OptionalLong intervalMillis,
        OptionalLong daily,
        OptionalLong dailyRemaining) {

    public static final RateLimitHeaders NONE = new RateLimitHeaders(
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());

    /** Reads the headers through {@code header} (name to value or null); unparsable values count as absent. */
    static RateLimitHeaders from(Function<String, String> header) {
        return new RateLimitHeaders(
                number(header.apply("X-HubSpot-RateLimit-Max")),
                number(header.apply("X-HubSpot-RateLimit-Remaining")),
                number(header.apply("X-HubSpot-RateLimit-Interval-Milliseconds")),
                number(header.apply("X-HubSpot-RateLimit-Daily")),
                number(header.apply("X-HubSpot-RateLimit-Daily-Remaining")));
    }

    /** True when the burst window can be read: max, remaining and interval are all present. */
    public boolean describesBurstWindow() {
        return max.isPresent() && remaining.isPresent() && intervalMillis.isPresent();
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    private static OptionalLong number(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
