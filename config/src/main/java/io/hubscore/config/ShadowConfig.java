package io.hubscore.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A candidate model the daemon scores every contact with beside the live one, recording its scores and bands in the
 * ledger only, and the gates it must pass before it is promoted.
 *
 * @param config the candidate's config file; its model, bands, transitions and suppressions are used, the rest is
 *     ignored. A relative path is read from the daemon's working directory.
 * @param promoteWhen what {@code hubscore compare} checks before the shadow may replace the live model
 */
public record ShadowConfig(String config, PromoteWhen promoteWhen) {

    public ShadowConfig {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(promoteWhen, "promoteWhen");
    }

    /**
     * Promotion gates, each printed as pass or fail by {@code hubscore compare}.
     *
     * @param minDuration the least time the shadow has run
     * @param minConversions the least conversions seen since the shadow started, for its lift to mean something
     * @param liftNotBelowLive whether the shadow's top band must convert at least as well as the live model's
     */
    public record PromoteWhen(@Default("14d") Duration minDuration, @Default("30") int minConversions,
            @Default("true") boolean liftNotBelowLive) {
    }
}
