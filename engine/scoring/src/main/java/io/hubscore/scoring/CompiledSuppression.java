package io.hubscore.scoring;

import io.hubscore.config.SuppressionConfig;
import java.util.Map;

/**
 * A suppression made ready: its condition compiled, its cap band as an index. It applies when its condition
 * matches or, with {@code open-deal}, when the contact has an open deal. Immutable and thread-safe.
 */
final class CompiledSuppression {

    final AppliedSuppression applied;
    final SuppressionConfig.Action action;
    /** For cap-band, the index of the highest band allowed; -1 otherwise. */
    final int capBand;
    private final CompiledCondition when;
    private final boolean openDeal;

    CompiledSuppression(SuppressionConfig config, Bands bands) {
        this.applied = new AppliedSuppression(config.name(), config.action());
        this.action = config.action();
        this.when = config.when() == null ? null : new CompiledCondition(config.when());
        this.openDeal = config.openDeal();
        if (action == SuppressionConfig.Action.CAP_BAND) {
            this.capBand = bands.indexOf(config.band());
            if (capBand < 0) {
                throw new IllegalArgumentException("suppression " + config.name() + " caps at unknown band "
                        + config.band());
            }
        } else {
            this.capBand = -1;
        }
    }

    boolean applies(Map<String, String> properties, boolean hasOpenDeal, long nowMillis, Notes notes) {
        if (openDeal && hasOpenDeal) {
            return true;
        }
        return when != null && when.test(properties.get(when.property()), nowMillis, notes, applied.name());
    }

    /** The property the condition reads; null without a condition. */
    String property() {
        return when == null ? null : when.property();
    }

    String canonical() {
        return "suppression " + Canonical.quote(applied.name()) + " when "
                + (when == null ? "none" : when.canonical()) + " open-deal " + openDeal + " action "
                + action.name() + " cap-band " + capBand;
    }
}
