package io.hubscore.config;

import java.util.List;
import java.util.Objects;

/**
 * One portal's sync config, as loaded from its YAML file and validated: immutable, thread-safe, never
 * null in any section but {@code outcomes}, which is null when the file has no such section (no outcome data is
 * pulled then), and {@code shadow} (null when no shadow model runs). Obtain it from {@link ConfigLoader}.
 */
public record SyncConfig(
        PortalConfig portal,
        ScheduleConfig schedule,
        RateLimitConfig rateLimit,
        WriteBackConfig writeBack,
        ModelConfig model,
        BandsConfig bands,
        TransitionsConfig transitions,
        List<SuppressionConfig> suppressions,
        SyncSettingsConfig sync,
        MetricsConfig metrics,
        @OptionalKey OutcomesConfig outcomes, @OptionalKey ShadowConfig shadow) {

    public SyncConfig {
        Objects.requireNonNull(portal, "portal");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(rateLimit, "rateLimit");
        Objects.requireNonNull(writeBack, "writeBack");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(bands, "bands");
        Objects.requireNonNull(transitions, "transitions");
        suppressions = List.copyOf(suppressions);
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(metrics, "metrics");
    }

    /** A config without outcomes and without a shadow model. */
    public SyncConfig(PortalConfig portal, ScheduleConfig schedule, RateLimitConfig rateLimit, WriteBackConfig writeBack,
            ModelConfig model, BandsConfig bands, TransitionsConfig transitions, List<SuppressionConfig> suppressions,
            SyncSettingsConfig sync, MetricsConfig metrics) {
        this(portal, schedule, rateLimit, writeBack, model, bands, transitions, suppressions, sync, metrics, null, null);
    }
}
