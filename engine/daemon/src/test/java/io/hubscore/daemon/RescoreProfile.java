package io.hubscore.daemon;

import io.hubscore.daemon.testing.PortalHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary: model-change rescores in one JVM. */
public final class RescoreProfile {
    public static void main(String[] args) throws Exception {
        int contacts = Integer.getInteger("bench.contacts", 20_000);
        int rounds = Integer.getInteger("bench.rounds", 4);
        Path dir = Files.createTempDirectory("hubscore-rescore-profile");
        try (PortalHarness harness = PortalHarness.start(dir, contacts, 70L, "yield")) {
            String text = PortalHarness.configText("icp-agency.yaml", harness.ledgerFile, "yield");
            Files.writeString(harness.configFile, text, StandardCharsets.UTF_8);
            try (Daemon daemon = harness.openDaemon()) {
                daemon.runStep("pull-contacts");
                daemon.runStep("pull-engagements");
                daemon.runStep("score");
                for (int round = 0; round < rounds; round++) {
                    Files.writeString(harness.configFile, text.replaceAll("(?m)^  version: .*$",
                            "  version: \"r" + round + "\""), StandardCharsets.UTF_8);
                    daemon.context().config().reloadIfChanged().orElseThrow();
                    long started = System.nanoTime();
                    long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    daemon.runStep("score");
                    double us = (System.nanoTime() - started) / 1e3 / contacts;
                    double cpuUs = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
                            - cpu) / 1e3 / contacts;
                    System.out.printf("round=%d score_us_per_contact=%.1f cpu_us=%.1f%n", round, us, cpuUs);
                }
            }
        }
    }
}
