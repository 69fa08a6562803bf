package io.hubscore.config;

import java.util.Objects;

/**
 * The scoring model: a version the admin bumps on every change, and the fit and engagement groups.
 * The score is fit plus engagement.
 */
public record ModelConfig(String version, RuleGroup fit, RuleGroup engagement) {

    public ModelConfig {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(engagement, "engagement");
    }
}
