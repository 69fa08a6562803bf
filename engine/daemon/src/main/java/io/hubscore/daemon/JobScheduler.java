package io.hubscore.daemon;

import io.hubscore.config.ScheduleSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Runs the daemon's steps on Quartz (RAM job store, one portal): each step is its own job, never
 * run twice at once, with misfires fired once now; shutdown waits for running steps to finish their
 * current batch. Steps reach Quartz's threads through the scheduler context, not statics, so the
 * job code stays free of in-memory shared state. Thread-safe.
 */
final class JobScheduler implements AutoCloseable {

    static final String STEPS = "hubscore.steps";
    static final String RUNNER = "hubscore.runner";

    private final Scheduler scheduler;
    private final Map<String, SyncStep> steps = new LinkedHashMap<>();

    public JobScheduler(String portal, StepRunner runner) {
        Properties properties = new Properties();
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "hubscore-" + portal);
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.threadPool.threadCount", "4");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
        properties.setProperty("org.quartz.scheduler.interruptJobsOnShutdownWithWait", "true");
        try {
            scheduler = new StdSchedulerFactory(properties).getScheduler();
            scheduler.getContext().put(STEPS, steps);
            scheduler.getContext().put(RUNNER, runner);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot create the job scheduler: " + e.getMessage(), e);
        }
    }

    /** Schedules a step; interval steps start at once, cron steps at their next fire time. */
    public void schedule(SyncStep step, ScheduleSpec when) {
        steps.put(step.name(), step);
        JobDetail job = JobBuilder.newJob(StepJob.class).withIdentity(step.name(), "hubscore").build();
        TriggerBuilder<Trigger> trigger = TriggerBuilder.newTrigger().withIdentity(step.name(), "hubscore");
        Trigger t;
        if (when.isInterval()) {
            t = trigger.startNow()
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(when.interval().toMillis())
                            .repeatForever()
                            .withMisfireHandlingInstructionNowWithRemainingCount())
                    .build();
        } else {
            t = trigger.withSchedule(CronScheduleBuilder.cronSchedule(when.cron())
                            .withMisfireHandlingInstructionFireAndProceed())
                    .build();
        }
        try {
            scheduler.scheduleJob(job, t);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule " + step.name() + ": " + e.getMessage(), e);
        }
    }

    /** Runs a scheduled step now, in addition to its schedule (e.g. write-back right after scoring). */
    public void triggerNow(String stepName) {
        try {
            scheduler.triggerJob(JobKey.jobKey(stepName, "hubscore"));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot trigger " + stepName + ": " + e.getMessage(), e);
        }
    }

    public void start() {
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the job scheduler: " + e.getMessage(), e);
        }
    }

    /** Stops scheduling and waits for running steps to finish their current batch. */
    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot stop the job scheduler: " + e.getMessage(), e);
        }
    }

    /** The Quartz job: looks its step up by job name and runs it through the runner. */
    @DisallowConcurrentExecution
    public static final class StepJob implements InterruptableJob {

        private volatile Thread worker;

        @Override
        @SuppressWarnings("unchecked")
        public void execute(JobExecutionContext context) throws JobExecutionException {
            try {
                Map<String, SyncStep> steps = (Map<String, SyncStep>) context.getScheduler().getContext().get(STEPS);
                StepRunner runner = (StepRunner) context.getScheduler().getContext().get(RUNNER);
                SyncStep step = steps.get(context.getJobDetail().getKey().getName());
                worker = Thread.currentThread();
                runner.run(step);
            } catch (SchedulerException e) {
                throw new JobExecutionException(e);
            } finally {
                worker = null;
            }
        }

        @Override
        public void interrupt() {
            Thread t = worker;
            if (t != null) {
                t.interrupt();
            }
        }
    }
}
