package io.hubscore.config;

import java.time.Duration;
import java.util.List;

/**
 * Points for a contact whose property meets a condition, e.g. {@code jobtitle contains-any [...] +10}.
 * Negative points penalise. The condition's fields are written flat on the rule.
 */
public record PropertyRule(
        String name,
        String property,
        Operator operator,
        @OptionalKey String value,
        List<String> values,
        @OptionalKey Double min,
        @OptionalKey Double max,
        @OptionalKey Duration period,
        int points) {

    public PropertyRule {
        values = List.copyOf(values);
    }

    /** The rule's condition. */
    public Condition condition() {
        return new Condition(property, operator, value, values, min, max, period);
    }
}
