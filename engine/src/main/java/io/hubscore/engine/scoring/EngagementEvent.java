package io.hubscore.engine.scoring;

import io.hubscore.config.EngagementType;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One engagement of a contact (an email, call, meeting, note or task), as HubSpot gives it. Immutable.
 *
 * @param timestamp when it happened ({@code hs_timestamp}); may be after {@code now} (a scheduled meeting)
 * @param properties the engagement's property values by internal name; copied, null values dropped
 */
public record EngagementEvent(EngagementType type, Instant timestamp, Map<String, String> properties) {

    public EngagementEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        try {
            timestamp.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("engagement timestamp out of range: " + timestamp, e);
        }
        properties = PropertyMaps.copyPresent(properties);
    }
}
