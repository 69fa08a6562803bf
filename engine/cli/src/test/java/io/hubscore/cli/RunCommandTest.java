package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.config.BundledExamples;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.ledger.Ledger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        ((RunCommand) cli.getSubcommands().get("run").getCommand()).environment =
                java.util.Map.of("HUBSPOT_TOKEN", "test-token")::get;
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void an_invalid_config_is_reported_with_its_place_and_exit_2() throws Exception {
        Path config = dir.resolve("broken.yaml");
        Files.writeString(config, BundledExamples.read("icp-agency.yaml").replace("points: 10", "points: ten"));

        int exit = run("run", "--once", "--config", config.toString());

        assertEquals(ExitCodes.USER_ERROR, exit);
        assertTrue(err.toString().contains("broken.yaml:") && err.toString().contains("points"), err.toString());
        assertTrue(!err.toString().contains("Exception"), "no stack trace: " + err);
    }

    @Test
    void a_ledger_held_by_another_daemon_is_refused_with_exit_2() throws Exception {
        Path config = dir.resolve("hubscore.yaml");
        Files.writeString(config, BundledExamples.read("icp-agency.yaml"));
        Path ledgerFile = dir.resolve("held.db");

        try (Ledger held = Ledger.open(ledgerFile)) {
            int exit = run("run", "--once", "--config", config.toString(), "--ledger", ledgerFile.toString(),
                    "--base-url", "http://127.0.0.1:9");

            assertEquals(ExitCodes.USER_ERROR, exit, err.toString());
            assertTrue(err.toString().contains("in use by another hubscore daemon"), err.toString());
        }
    }

    @Test
    void a_run_starved_of_rate_budget_stops_at_its_deadline_with_exit_1_and_one_message() throws Exception {
        try (PortalSimulator simulator = PortalSimulator.start(SimulatorOptions.defaults().withToken("test-token")
                .withMaxPer10s(100), Portal.generate(50, 1L, Clock.systemUTC()))) {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(simulator.baseUrl().resolve("/__sim/limits"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"otherClientsPer10s\":100,\"otherClientsForMs\":600000}"))
                    .build(), HttpResponse.BodyHandlers.discarding());
            Path ledgerFile = dir.resolve("starved.db");
            Path config = ReportCommands.config(dir, ledgerFile);
            long started = System.nanoTime();

            int exit = run("run", "--once", "--config", config.toString(), "--base-url",
                    simulator.baseUrl().toString(), "--deadline", "PT2S");

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(ExitCodes.UNEXPECTED, exit, err.toString());
            assertEquals("hubscore run: --deadline PT2S passed: stopped after the current batch; nothing is lost, the"
                    + " next run continues where this one stopped", err.toString().strip());
            assertTrue(took.compareTo(Duration.ofSeconds(9)) < 0, "the 10-second wait for budget was cut short: " + took);
            assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt is not left behind");
            assertTrue(simulator.stats().rateLimited("TEN_SECONDLY_ROLLING") >= 1, "it was waiting for budget");
        }
    }

    @Test
    void a_deadline_that_is_not_positive_is_refused() throws Exception {
        Path config = dir.resolve("hubscore.yaml");
        Files.writeString(config, BundledExamples.read("icp-agency.yaml"));

        int exit = run("run", "--once", "--config", config.toString(), "--deadline", "PT0S");

        assertEquals(ExitCodes.USER_ERROR, exit);
        assertEquals("hubscore run: --deadline must be a positive duration, was PT0S", err.toString().strip());
    }

    @Test
    void a_base_url_that_is_not_http_is_refused() throws Exception {
        Path config = dir.resolve("hubscore.yaml");
        Files.writeString(config, BundledExamples.read("icp-agency.yaml"));

        int exit = run("run", "--once", "--config", config.toString(), "--base-url", "ftp://example");

        assertEquals(ExitCodes.USER_ERROR, exit);
        assertTrue(err.toString().contains("--base-url"), err.toString());
    }
}
