package io.hubscore.scoring;

import io.hubscore.config.EngagementType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One engagement of a contact (an email, call, meeting, note or task), as HubSpot gives it. Immutable.
 *
 * @param timestamp when it happened ({@code hs_timestamp}); may be after {@code now} (a scheduled meeting)
 * @param properties the engagement's property values by internal name; copied, null values dropped
 * @param epochMillis {@code timestamp} in epoch milliseconds, worked out once here so scoring reads a long
 */
public record EngagementEvent(
        EngagementType type, Instant timestamp, Map<String, String> properties, long epochMillis) {

    public EngagementEvent {
        Objects.requireNonNull(type, "type");
        if (epochMillis != epochMillis(timestamp)) {
            throw new IllegalArgumentException("epochMillis " + epochMillis + " is not timestamp " + timestamp);
        }
        properties = PropertyMap.copySmall(properties);
    }

    /** An engagement at {@code timestamp}, its epoch milliseconds worked out. */
    public EngagementEvent(EngagementType type, Instant timestamp, Map<String, String> properties) {
        this(type, timestamp, properties, epochMillis(timestamp));
    }

    private static long epochMillis(Instant timestamp) {
        Objects.requireNonNull(timestamp, "timestamp");
        try {
            return timestamp.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("engagement timestamp out of range: " + timestamp, e);
        }
    }
}
