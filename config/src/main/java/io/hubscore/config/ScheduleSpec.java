package io.hubscore.config;

import java.time.Duration;
import java.util.Objects;

/**
 * When a job runs: every fixed interval ({@code 5m}) or on a Quartz cron expression
 * ({@code "0 0 3 * * ?"}, seconds first). Exactly one of {@link #interval} and {@link #cron} is set.
 */
public record ScheduleSpec(Duration interval, String cron) {

    public ScheduleSpec {
        if ((interval == null) == (cron == null)) {
            throw new IllegalArgumentException("exactly one of interval and cron must be set");
        }
        if (interval != null && (interval.isZero() || interval.isNegative())) {
            throw new IllegalArgumentException("interval must be positive");
        }
    }

    public static ScheduleSpec every(Duration interval) {
        return new ScheduleSpec(interval, null);
    }

    public static ScheduleSpec cron(String expression) {
        return new ScheduleSpec(null, Objects.requireNonNull(expression, "expression"));
    }

    public boolean isInterval() {
        return interval != null;
    }

    @Override
    public String toString() {
        return interval != null ? Durations.format(interval) : cron;
    }
}
