package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.testing.MutableClock;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.simulator.SimulatorOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The real daemon through weeks of the simulated market: a generated portal served over HTTP, the icp-agency config
 * (edited by the test) and a ledger in {@code dir}, a day of market at a time and one cycle a week. The same
 * contacts, seed and weeks play the same market whatever the config's bands, as nothing in the market reads a score.
 */
record MarketRun(Path config, Path ledger, MutableClock clock) {

    static MarketRun play(Path dir, int contacts, long seed, int weeks, UnaryOperator<String> editConfig)
            throws Exception {
        MutableClock clock = new MutableClock();
        try (PortalHarness harness = PortalHarness.start(dir, contacts, seed, "overwrite", clock,
                SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN).withoutRateLimits())) {
            String text = Files.readString(harness.configFile, StandardCharsets.UTF_8);
            Files.writeString(harness.configFile, editConfig.apply(text), StandardCharsets.UTF_8);
            Random market = new Random(seed);
            try (Daemon daemon = harness.openDaemon()) {
                assertTrue(daemon.runOnce(Duration.ofMinutes(2)), "the backfill completes");
                for (int week = 0; week < weeks; week++) {
                    for (int day = 0; day < 7; day++) {
                        clock.advance(Duration.ofDays(1));
                        harness.simulator.portal().passTime(market, Duration.ofDays(1));
                    }
                    assertTrue(daemon.runOnce(Duration.ofMinutes(2)), "week " + (week + 1) + " syncs");
                }
            }
            return new MarketRun(harness.configFile, harness.ledgerFile, clock);
        }
    }
}
