package io.hubscore.scoring;

import io.hubscore.config.EngagementType;
import io.hubscore.config.EventRule;
import java.util.List;
import java.util.Map;

/**
 * An engagement rule made ready: its filters as interned property names and {@link FoldedSet}s, points, cap
 * and lookback as primitives. {@code slot} is its place in the model's array of event rules, where one scoring
 * call sums its engagements. Immutable and thread-safe.
 */
final class CompiledEventRule {

    final String name;
    final EngagementType type;
    final int slot;
    final long micros;
    final boolean capped;
    final long maxMicros;
    final long lookbackMillis;
    final Decay decay;
    private final String[] filterProperties;
    private final FoldedSet[] filterValues;
    /** With exactly one filter, as most rules have, its property and values; null otherwise. */
    private final String onlyProperty;
    private final FoldedSet onlyValues;

    CompiledEventRule(EventRule rule, int slot, Decay decay) {
        this.name = rule.name();
        this.type = rule.type();
        this.slot = slot;
        this.micros = rule.points() * Contribution.MICROS_PER_POINT;
        this.capped = rule.maxPoints() != null;
        this.maxMicros = capped ? rule.maxPoints() * Contribution.MICROS_PER_POINT : 0;
        this.lookbackMillis = rule.lookback().toMillis();
        this.decay = decay;
        int n = rule.where().size();
        this.filterProperties = new String[n];
        this.filterValues = new FoldedSet[n];
        int i = 0;
        for (Map.Entry<String, List<String>> filter : rule.where().entrySet()) {
            filterProperties[i] = filter.getKey().intern();
            filterValues[i] = new FoldedSet(filter.getValue());
            i++;
        }
        this.onlyProperty = n == 1 ? filterProperties[0] : null;
        this.onlyValues = n == 1 ? filterValues[0] : null;
    }

    /** The engagement properties the rule's filters read. */
    List<String> filterProperties() {
        return List.of(filterProperties);
    }

    /** Whether an engagement passes every filter; a filtered property that is missing fails. */
    boolean accepts(Map<String, String> properties) {
        // a blank value is in no FoldedSet
        if (onlyProperty != null) {
            String value = properties.get(onlyProperty);
            return value != null && onlyValues.containsAnyOf(value);
        }
        for (int i = 0; i < filterProperties.length; i++) {
            String value = properties.get(filterProperties[i]);
            if (value == null || !filterValues[i].containsAnyOf(value)) {
                return false;
            }
        }
        return true;
    }

    /** The rule's points summed over its engagements, limited by max-points (a floor for negative points). */
    long capped(long sum) {
        if (!capped) {
            return sum;
        }
        return micros >= 0 ? Math.min(sum, maxMicros) : Math.max(sum, maxMicros);
    }

    String canonical() {
        StringBuilder s = new StringBuilder("event ").append(Canonical.quote(name)).append(" type ")
                .append(type.apiName()).append(" points-micros ").append(micros)
                .append(" max-micros ").append(capped ? Long.toString(maxMicros) : "none")
                .append(" lookback-ms ").append(lookbackMillis);
        for (int i = 0; i < filterProperties.length; i++) {
            s.append(" where ").append(Canonical.quote(filterProperties[i])).append(' ')
                    .append(Canonical.list(filterValues[i].sorted()));
        }
        return s.toString();
    }
}
