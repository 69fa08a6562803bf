package io.hubscore.scoring;

import io.hubscore.config.SuppressionConfig;
import java.util.Objects;

/** The suppression that held a contact back: its name and what it does. Immutable. */
public record AppliedSuppression(String name, SuppressionConfig.Action action) {

    public AppliedSuppression {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
    }
}
