package io.hubscore.config;

/** When each job runs: an interval ({@code 5m}) or a Quartz cron expression. */
public record ScheduleConfig(
        @Default("5m") ScheduleSpec pullContacts,
        @Default("5m") ScheduleSpec pullEngagements,
        @Default("1m") ScheduleSpec score,
        @Default("1m") ScheduleSpec writeBack,
        @Default("0 0 3 * * ?") ScheduleSpec decayRescore,
        @Default("6h") ScheduleSpec reconcile) {
}
