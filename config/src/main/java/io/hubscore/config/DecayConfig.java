package io.hubscore.config;

import java.time.Duration;

/**
 * How engagement points fade. Either a half-life (an event of age a gives points x 0.5^(a/H)) or steps
 * (engagement drops by {@code minus} points after each {@code every} without activity). Exactly one
 * form is set; the other fields are null.
 */
public record DecayConfig(
        @OptionalKey Duration halfLife,
        @OptionalKey Duration every,
        @OptionalKey Integer minus) {
}
