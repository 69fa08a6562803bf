package io.hubscore.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.daemon.ops.OpsServer;
import java.net.URI;
import java.nio.file.Path;
import io.hubscore.daemon.testing.PortalHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the daemon's {@code /health} says about jobs that keep failing, from the runs the ledger records. */
class DaemonHealthTest {

    @TempDir
    Path dir;

    @Test
    void aJobWhoseLastThreeRunsFailedMakesTheDaemonDegradedAndOneGoodRunMakesItUpAgain() throws Exception {
        try (PortalHarness harness = PortalHarness.start(dir, 50, 5L, "overwrite")) {
            // HubSpot answers 404 to every call under a wrong base path: a mistake no restart cures
            URI wrongPath = URI.create(harness.simulator.baseUrl() + "/no-such-api");
            try (Daemon daemon = harness.openDaemon(wrongPath)) {
                assertNull(daemon.runStep("pull-contacts"));
                assertNull(daemon.runStep("pull-contacts"));
                assertEquals("up", daemon.health().status(), "two failures may be a blip");

                assertNull(daemon.runStep("pull-contacts"));
                OpsServer.Health degraded = daemon.health();

                assertEquals("degraded", degraded.status());
                assertTrue(degraded.up(), "answered with 200: a restart would not help");
                assertTrue(degraded.detail().startsWith("pull-contacts failed its last 3 runs, the latest at "),
                        degraded.detail());
                assertTrue(degraded.detail().contains("404"), degraded.detail());
            }

            try (Daemon daemon = harness.openDaemon()) {
                assertNotNull(daemon.runStep("pull-contacts"));

                assertEquals("up", daemon.health().status(), daemon.health().detail());
            }
        }
    }
}
