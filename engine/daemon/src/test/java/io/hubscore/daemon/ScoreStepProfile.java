package io.hubscore.daemon;

import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.simulator.EngagementType;
import io.hubscore.simulator.Portal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Profiles the score step alone: pulls a simulated portal (no rate limits) into a fresh ledger with the
 * {@code fit-engagement-70} model, scores it once, then times rescores of every contact (as a model change or the
 * decay rescore causes) with the score job. Prints {@code contacts=N engagements=E score_us_per_contact=U} per rescore;
 * {@code -Dbench.phases=true} times the job's phases instead, one batch after the other on one thread;
 * {@code -Dbench.newModel=true} makes each rescore a new model version (a new score row and a queued write for every
 * contact, as the sync benchmark's rescore) instead of the same model marking every contact.
 */
public final class ScoreStepProfile {

    private ScoreStepProfile() {
    }

    /** The score job's loop with each phase timed. */
    private static void phases(Daemon daemon) {
        LiveConfig.Active active = daemon.context().config().active();
        long[] t = new long[6];
        while (true) {
            java.time.Instant now = java.time.Instant.now();
            long a = System.nanoTime();
            int n = daemon.ledger().write(tx -> {
                long t0 = System.nanoTime();
                List<Long> batch = tx.contacts().dirtyIds(500);
                long t1 = System.nanoTime();
                var states = tx.scoringStates().loadForScoring(batch);
                long t2 = System.nanoTime();
                List<Decisions.Decision> decisions = new java.util.ArrayList<>();
                for (var state : states.values()) {
                    decisions.add(Decisions.decide(state, active.model(), active.config().writeBack(), false, now));
                }
                long t3 = System.nanoTime();
                List<io.hubscore.ledger.ScoringStates.Recorded> recorded = new java.util.ArrayList<>();
                for (Decisions.Decision d : decisions) {
                    recorded.add(d.toRecord());
                }
                tx.scoringStates().record(recorded, now.toEpochMilli());
                long t4 = System.nanoTime();
                tx.contacts().clearDirty(batch);
                long t5 = System.nanoTime();
                t[0] += t1 - t0;
                t[1] += t2 - t1;
                t[2] += t3 - t2;
                t[3] += t4 - t3;
                t[4] += t5 - t4;
                return batch.size();
            });
            t[5] += System.nanoTime() - a;
            if (n < 500) {
                break;
            }
        }
        System.out.printf("ms: dirty=%d load=%d decide=%d apply=%d clear=%d total_tx=%d%n", t[0] / 1_000_000,
                t[1] / 1_000_000, t[2] / 1_000_000, t[3] / 1_000_000, t[4] / 1_000_000, t[5] / 1_000_000);
    }

    public static void main(String[] args) throws Exception {
        int contacts = Integer.getInteger("bench.contacts", 100_000);
        int engagements = Integer.getInteger("bench.engagements", 300_000);
        int rounds = Integer.getInteger("bench.rounds", 2);
        Path dir = Files.createTempDirectory("hubscore-score-profile");
        try (PortalHarness harness = PortalHarness.start(dir, contacts, 70L, "yield")) {
            Portal portal = harness.simulator.portal();
            List<String> ids = portal.contactIds();
            Random random = new Random(70);
            Instant now = Instant.now();
            EngagementType[] types = EngagementType.values();
            for (int i = 0; i < engagements; i++) {
                Map<String, String> properties = new HashMap<>();
                properties.put("hs_timestamp", now.minus(Duration.ofMinutes(random.nextInt(180 * 24 * 60))).toString());
                portal.addEngagement(types[random.nextInt(types.length)], properties,
                        List.of(ids.get(random.nextInt(ids.size()))));
            }
            String text = PortalHarness.configText("fit-engagement-70.yaml", harness.ledgerFile, "yield");
            Files.writeString(harness.configFile, text, StandardCharsets.UTF_8);
            try (Daemon daemon = harness.openDaemon()) {
                daemon.runStep("pull-contacts");
                daemon.runStep("pull-engagements");
                long started = System.nanoTime();
                daemon.runStep("score");
                System.out.printf("first score: %.1f us per contact%n", (System.nanoTime() - started) / 1e3 / contacts);
                for (int round = 0; round < rounds; round++) {
                    if (Boolean.getBoolean("bench.newModel")) {
                        // a new model version: every contact gets a new score row and a write to queue
                        Files.writeString(harness.configFile, text.replaceAll("(?m)^  version: .*$",
                                "  version: \"profile-" + round + "\""), StandardCharsets.UTF_8);
                        daemon.context().config().reloadIfChanged().orElseThrow();
                    } else {
                        daemon.ledger().update(tx -> {
                            tx.contacts().markAllDirty();
                        });
                    }
                    started = System.nanoTime();
                    if (Boolean.getBoolean("bench.phases")) {
                        phases(daemon); // one batch after the other on this thread, each phase timed
                    } else {
                        daemon.runStep("score");
                    }
                    double us = (System.nanoTime() - started) / 1e3 / contacts;
                    System.out.printf("contacts=%d engagements=%d score_us_per_contact=%.1f%n", contacts, engagements,
                            us);
                }
            }
        }
    }
}
