package io.hubscore.scoring;

import java.util.Map;

/**
 * The time since one contact's last activity, worked out on first use only (most contacts never need it): the
 * latest of its engagements and of its activity date properties, an engagement in the future counting as now.
 * One per scoring call; not thread-safe.
 */
final class Activity {

    /** Marks an unknown time since the contact's last activity. */
    static final long UNKNOWN = -1;

    private final Map<String, String> properties;
    private final String[] activityProperties;
    private final long latestEvent;
    private final long now;
    private final Notes notes;
    private boolean known;
    private long age;

    /**
     * @param latestEvent the latest engagement timestamp, or Long.MIN_VALUE without engagements
     */
    Activity(Map<String, String> properties, String[] activityProperties, long latestEvent, long now, Notes notes) {
        this.properties = properties;
        this.activityProperties = activityProperties;
        this.latestEvent = latestEvent;
        this.now = now;
        this.notes = notes;
    }

    /** Milliseconds since the last activity (0 when it is in the future), or {@link #UNKNOWN}. */
    long age() {
        if (!known) {
            age = compute();
            known = true;
        }
        return age;
    }

    private long compute() {
        long latest = latestEvent;
        for (String property : activityProperties) {
            String value = properties.get(property);
            if (Values.isAbsent(value)) {
                continue;
            }
            long date = Values.parseDate(value);
            if (date == Values.NO_DATE) {
                notes.add("decay", property, Values.quote(value, " is not a date; not used as an activity date"));
            } else if (date > latest) {
                latest = date;
            }
        }
        return latest == Long.MIN_VALUE ? UNKNOWN : Math.max(0, now - latest);
    }
}
