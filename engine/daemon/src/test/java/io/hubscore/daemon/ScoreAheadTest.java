package io.hubscore.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Contacts;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.ScoringStates;
import io.hubscore.simulator.SimulatorOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The score job decides each batch on a worker while it records the one before: a batch read ahead must not be
 * recorded when the ledger changed after it was read. While the job rescores every contact in batches of ten, another
 * thread keeps changing the job title of contacts it is about to score (the lowest ids still waiting), each change
 * turning the student-or-intern rule on or off. Afterwards every contact that no longer waits must hold the score its
 * data now gives, decided again from the ledger at the same instant.
 */
class ScoreAheadTest {

    private static final Instant AT = Instant.parse("2026-11-20T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void a_batch_read_ahead_is_read_again_when_the_ledger_changed_before_it_is_recorded() throws Exception {
        Clock clock = Clock.fixed(AT, ZoneOffset.UTC);
        try (PortalHarness harness = PortalHarness.start(dir, 1_500, 31L, "overwrite", clock,
                SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN).withoutRateLimits())) {
            String text = Files.readString(harness.configFile, StandardCharsets.UTF_8)
                    .replace("\nsync:\n", "\nsync:\n  batch-size: 10\n");
            Files.writeString(harness.configFile, text, StandardCharsets.UTF_8);
            try (Daemon daemon = harness.openDaemon()) {
                assertTrue(daemon.runOnce(Duration.ofMinutes(2)), "the first run completes");
                Ledger ledger = daemon.ledger();
                int marked = ledger.write(tx -> tx.contacts().markAllDirty());
                assertEquals(1_500, marked, "every contact waits");

                AtomicBoolean scoring = new AtomicBoolean(true);
                AtomicInteger changes = new AtomicInteger();
                CompletableFuture<Void> changer = CompletableFuture.runAsync(() -> {
                    Random random = new Random(31);
                    while (scoring.get()) {
                        ledger.update(tx -> {
                            List<Long> next = tx.contacts().dirtyIds(20); // the batch being decided and the next
                            if (!next.isEmpty()) {
                                retitle(tx, next.get(random.nextInt(next.size())), changes.incrementAndGet());
                            }
                        });
                    }
                });
                try {
                    daemon.runStep("score");
                } finally {
                    scoring.set(false);
                }
                changer.get(1, TimeUnit.MINUTES);
                assertTrue(changes.get() >= 50, "contacts changed while the job scored: " + changes.get());

                LiveConfig.Active active = daemon.context().config().active();
                boolean readsDeals = PullEngagements.needsDeals(active.config());
                List<String> stale = new ArrayList<>();
                int checked = ledger.read(tx -> {
                    List<Long> clean = new ArrayList<>(tx.scoringStates().liveIdsAfter(0, 10_000));
                    clean.removeAll(tx.contacts().dirtyAmong(clean));
                    for (ScoringStates.ScoringState state : tx.scoringStates().loadForScoring(clean).values()) {
                        String digest = Decisions.decide(state, active.model(), active.config().writeBack(),
                                readsDeals, AT).toRecord().digest();
                        if (!state.latestDigest().equals(java.util.Optional.of(digest))) {
                            stale.add(state.id() + " (" + state.contact().properties().get("jobtitle") + ")");
                        }
                    }
                    return clean.size();
                });
                assertTrue(checked > 1_000, "contacts scored and no longer waiting: " + checked);
                assertEquals(List.of(), stale, "contacts whose score is not what their data now gives");
            }
        }
    }

    /** Turns the contact's job title into an intern's, or back out of one, as a pull storing a change would. */
    private static void retitle(Ledger.Tx tx, long id, int change) {
        Contacts.Stored stored = tx.contacts().get(id).orElseThrow();
        Map<String, String> properties = new HashMap<>(stored.properties());
        String title = properties.getOrDefault("jobtitle", "");
        properties.put("jobtitle", title.contains("Intern") ? "Account Manager" : "Marketing Intern");
        tx.contacts().upsert(List.of(new Contacts.Pulled(id, properties, "changed-" + change,
                AT.toEpochMilli())), AT.toEpochMilli());
    }
}
