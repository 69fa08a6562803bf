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
 * decay rescore causes). Prints {@code contacts=N engagements=E score_us_per_contact=U} per rescore.
 */
public final class ScoreStepProfile {

    private ScoreStepProfile() {
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
                    daemon.ledger().update(tx -> {
                        tx.contacts().markAllDirty();
                    });
                    started = System.nanoTime();
                    long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    daemon.runStep("score");
                    double us = (System.nanoTime() - started) / 1e3 / contacts;
                    double cpuUs = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
                            - cpu) / 1e3 / contacts;
                    System.out.printf("contacts=%d engagements=%d score_us_per_contact=%.1f cpu_us_per_contact=%.1f%n",
                            contacts, engagements, us, cpuUs);
                }
            }
        }
    }
}
