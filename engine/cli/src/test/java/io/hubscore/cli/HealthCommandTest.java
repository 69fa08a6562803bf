package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.daemon.ops.OpsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HealthCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private static String healthUrl(int port) {
        return "http://127.0.0.1:" + port + "/health";
    }

    @Nested
    class AgainstARunningEndpoint {

        @Test
        void aHealthyDaemonGivesExitZeroAndItsStatusOnStdout() {
            try (OpsServer server = OpsServer.start("127.0.0.1", 0,
                    () -> new OpsServer.Health(true, "ok", "running"), new PrometheusRegistry())) {

                int exit = run("health", "--url", healthUrl(server.port()));

                assertEquals(0, exit, err.toString());
                assertEquals(healthUrl(server.port()) + ": healthy: {\"status\":\"ok\",\"detail\":\"running\"}",
                        out.toString().strip());
                assertEquals("", err.toString());
            }
        }

        @Test
        void aDegradedDaemonGivesExitZeroButSaysItIsDegraded() {
            try (OpsServer server = OpsServer.start("127.0.0.1", 0,
                    () -> new OpsServer.Health(true, "degraded", "pull-contacts failed its last 3 runs"), new PrometheusRegistry())) {

                int exit = run("health", "--url", healthUrl(server.port()));

                assertEquals(0, exit, err.toString());
                assertEquals(healthUrl(server.port()) + ": degraded (still running): {\"status\":\"degraded\","
                        + "\"detail\":\"pull-contacts failed its last 3 runs\"}", out.toString().strip());
            }
        }

        @Test
        void anUnhealthyDaemonGivesExitOneWithTheStatusAndBodyOnOneLine() {
            try (OpsServer server = OpsServer.start("127.0.0.1", 0,
                    () -> new OpsServer.Health(false, "down", "ledger unreadable"), new PrometheusRegistry())) {

                int exit = run("health", "--url", healthUrl(server.port()));

                assertEquals(1, exit);
                assertEquals("hubscore health: " + healthUrl(server.port())
                        + " answered 503: {\"status\":\"down\",\"detail\":\"ledger unreadable\"}", err.toString().strip());
                assertEquals(1, err.toString().lines().count(), err.toString());
                assertEquals("", out.toString());
            }
        }

        @Test
        void aPathThatIsNotTheHealthEndpointIsUnhealthy() {
            try (OpsServer server = OpsServer.start("127.0.0.1", 0,
                    () -> new OpsServer.Health(true, "ok", "running"), new PrometheusRegistry())) {

                int exit = run("health", "--url", "http://127.0.0.1:" + server.port() + "/status");

                assertEquals(1, exit);
                assertTrue(err.toString().contains("/status answered 404: try /health or /metrics"), err.toString());
            }
        }
    }

    @Nested
    class WithoutAnAnswer {

        @Test
        void nothingListeningGivesExitOneAndSaysTheEndpointIsUnreachable() throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }

            int exit = run("health", "--url", healthUrl(port));

            assertEquals(1, exit);
            assertEquals("hubscore health: " + healthUrl(port) + " unreachable: connection refused"
                    + " (is the daemon running, with metrics.port set to this port?)", err.toString().strip());
            assertFalse(err.toString().contains("Exception"), err.toString());
        }

        @Test
        void aListenerThatNeverAnswersGivesExitOneOnceTheTimeoutIsUp() throws IOException {
            try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {

                int exit = run("health", "--url", healthUrl(silent.getLocalPort()), "--timeout", "300ms");

                assertEquals(1, exit);
                assertEquals("hubscore health: " + healthUrl(silent.getLocalPort()) + " gave no answer within 300ms",
                        err.toString().strip());
            }
        }
    }

    @Nested
    class Arguments {

        @Test
        void aUrlThatIsNotHttpIsAUserError() {
            int exit = run("health", "--url", "ftp://127.0.0.1/health");

            assertEquals(2, exit);
            assertEquals("hubscore health: --url ftp://127.0.0.1/health: expected an http:// or https:// URL,"
                    + " e.g. http://127.0.0.1:9464/health", err.toString().strip());
        }

        @Test
        void aTimeoutThatIsNotAPositiveDurationIsAUserError() {
            int exit = run("health", "--timeout", "0s");

            assertEquals(2, exit);
            assertTrue(err.toString().contains("'0s' is not a positive duration such as 500ms or 3s"), err.toString());
        }

        @Test
        void theDefaultsAskTheDaemonsStandardEndpointWithinThreeSeconds() {
            CommandLine cli = Main.commandLine();

            cli.parseArgs("health");

            HealthCommand health = cli.getSubcommands().get("health").getCommand();
            assertEquals("http://127.0.0.1:9464/health", health.url.toString());
            assertEquals(java.time.Duration.ofSeconds(3), health.timeout);
        }
    }
}
