package io.hubscore.config;

import java.util.Objects;

/**
 * The scoring model: a version the admin bumps on every change, why it changed, and the fit and engagement groups.
 * The score is fit plus engagement.
 *
 * @param note why this version was made, recorded with its release; may be null. It does not change scores, so it
 *     is not part of the model's fingerprint.
 */
public record ModelConfig(String version, @OptionalKey String note, RuleGroup fit, RuleGroup engagement) {

    public ModelConfig {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(engagement, "engagement");
    }

    /** A model without a note. */
    public ModelConfig(String version, RuleGroup fit, RuleGroup engagement) {
        this(version, null, fit, engagement);
    }
}
