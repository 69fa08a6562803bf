package io.hubscore.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hubscore.config.ScheduleSpec;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.Runs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSchedulerTest {

    @TempDir
    Path dir;

    /** A step that counts its runs and how many of them overlap. */
    static final class CountingStep implements SyncStep {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        final String name;
        final boolean blockFirstRun;

        CountingStep(String name, boolean blockFirstRun) {
            this.name = name;
            this.blockFirstRun = blockFirstRun;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Map<String, Long> run() throws InterruptedException {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                if (runs.incrementAndGet() == 1 && blockFirstRun) {
                    release.await(10, TimeUnit.SECONDS); // a long batch while triggers keep firing
                }
                return Map.of("runs", (long) runs.get());
            } finally {
                running.decrementAndGet();
            }
        }
    }

    @Test
    void aStepRunsOnItsScheduleButNeverTwiceAtOnceAndEachRunIsRecorded() {
        CountingStep step = new CountingStep("pull-contacts", true);
        try (Ledger ledger = Ledger.open(dir.resolve("acme.db"));
                JobScheduler scheduler = new JobScheduler("acme", new StepRunner("acme", ledger, Clock.systemUTC()))) {
            scheduler.schedule(step, ScheduleSpec.every(Duration.ofMillis(20)));
            scheduler.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> step.runs.get() == 1);

            step.release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> step.runs.get() >= 4);

            assertEquals(1, step.maxRunning.get(), "runs of one step never overlap");
            List<Runs.Run> last = ledger.read(tx -> tx.runs().lastOfEachJob());
            assertEquals("pull-contacts", last.get(0).job());
        }
    }

    @Test
    void aFailingStepIsRecordedAndTheOthersKeepRunning() {
        CountingStep healthy = new CountingStep("score", false);
        SyncStep failing = new SyncStep() {
            @Override
            public String name() {
                return "write-back";
            }

            @Override
            public Map<String, Long> run() {
                throw new StepRunner.StepFailure("HubSpot is unavailable (HTTP 503)", null);
            }
        };
        try (Ledger ledger = Ledger.open(dir.resolve("acme.db"));
                JobScheduler scheduler = new JobScheduler("acme", new StepRunner("acme", ledger, Clock.systemUTC()))) {
            scheduler.schedule(failing, ScheduleSpec.every(Duration.ofMillis(20)));
            scheduler.schedule(healthy, ScheduleSpec.every(Duration.ofMillis(20)));
            scheduler.start();

            AtomicReference<Runs.Run> writeBack = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                // the last run may be one that has just started: take a finished one
                ledger.read(tx -> tx.runs().lastOfEachJob()).stream()
                        .filter(r -> r.job().equals("write-back") && r.endedAt() != null)
                        .findFirst().ifPresent(writeBack::set);
                return healthy.runs.get() >= 3 && writeBack.get() != null;
            });

            assertEquals("HubSpot is unavailable (HTTP 503)", writeBack.get().error());
        }
    }

    @Test
    void shutdownWaitsForTheRunningBatch() {
        CountingStep step = new CountingStep("score", true);
        Ledger ledger = Ledger.open(dir.resolve("acme.db"));
        JobScheduler scheduler = new JobScheduler("acme", new StepRunner("acme", ledger, Clock.systemUTC()));
        scheduler.schedule(step, ScheduleSpec.every(Duration.ofHours(1)));
        scheduler.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> step.running.get() == 1);

        scheduler.close(); // interrupts the waiting step, then waits for it to return

        assertEquals(0, step.running.get());
        assertEquals(1, ledger.read(tx -> tx.runs().lastOfEachJob()).size());
        ledger.close();
    }
}
