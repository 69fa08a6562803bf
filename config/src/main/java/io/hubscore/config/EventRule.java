package io.hubscore.config;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Points for each engagement of a type within a lookback window, e.g. "+8 per meeting in the last 90
 * days, up to 24".
 *
 * @param where property filters: an engagement counts only if, for every listed property, its value
 *     is one of the listed values (case-insensitive)
 * @param maxPoints the most points the rule gives in all; may be null (no limit)
 */
public record EventRule(
        String name,
        EngagementType type,
        Map<String, List<String>> where,
        int points,
        @OptionalKey Integer maxPoints,
        @Default("90d") Duration lookback) {

    public EventRule {
        Map<String, List<String>> sorted = new TreeMap<>();
        where.forEach((property, accepted) -> sorted.put(property, List.copyOf(accepted)));
        where = Collections.unmodifiableMap(sorted);
    }
}
