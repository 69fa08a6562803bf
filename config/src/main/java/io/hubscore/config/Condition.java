package io.hubscore.config;

import java.time.Duration;
import java.util.List;

/**
 * A test on one contact property. Which of {@code value}, {@code values}, {@code min}/{@code max} and
 * {@code period} are set depends on the {@link Operator}; the others are null (or empty).
 */
public record Condition(
        String property,
        Operator operator,
        @OptionalKey String value,
        List<String> values,
        @OptionalKey Double min,
        @OptionalKey Double max,
        @OptionalKey Duration period) {

    public Condition {
        values = values == null ? List.of() : List.copyOf(values);
    }
}
