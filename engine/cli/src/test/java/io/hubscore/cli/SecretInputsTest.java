package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.config.BundledExamples;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A secret that cannot be used (unset, unreadable, or holding a character an HTTP header cannot carry) stops
 * {@code validate}, {@code run} and {@code probe} with one located message naming its source, before any call to
 * HubSpot, and never shows the value.
 */
class SecretInputsTest {

    /** A token split by a line break, as a secret file or variable written with an editor may hold. */
    static final String BROKEN_TOKEN = "pat-na1-7d3f\n9c1e";

    @TempDir
    Path dir;
    Path config;
    PortalSimulator simulator;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        config = dir.resolve("hubscore.yaml");
        Files.writeString(config, BundledExamples.read("icp-agency.yaml"));
        simulator = PortalSimulator.start(SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN),
                Portal.generate(10, 1, Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private int hubscore(Map<String, String> environment, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        ((ValidateCommand) cli.getSubcommands().get("validate").getCommand()).environment = environment::get;
        ((RunCommand) cli.getSubcommands().get("run").getCommand()).environment = environment::get;
        return cli.execute(args);
    }

    private int run(Map<String, String> environment) {
        return hubscore(environment, "run", "--once", "--config", config.toString(), "--ledger",
                dir.resolve("ledger.db").toString(), "--base-url", simulator.baseUrl().toString());
    }

    @Test
    void validateReportsAnUnsetTokenVariableAtItsPlace() {
        int exit = hubscore(Map.of(), "validate", config.toString());

        assertEquals(ExitCodes.USER_ERROR, exit);
        assertEquals(config + ":8:12: portal.auth.token: environment variable HUBSPOT_TOKEN is not set",
                err.toString().strip());
    }

    @Test
    void runReportsAnUnsetTokenVariableAtItsPlaceBeforeAnyCall() {
        int exit = run(Map.of());

        assertEquals(ExitCodes.USER_ERROR, exit);
        assertEquals(config + ":8:12: portal.auth.token: environment variable HUBSPOT_TOKEN is not set",
                err.toString().strip());
        assertEquals(0, simulator.stats().totalRequests());
        assertFalse(Files.exists(dir.resolve("ledger.db")), "nothing is started");
    }

    @Test
    void runRefusesATokenWithALineBreakNamingTheVariableNotTheValue() {
        int exit = run(Map.of("HUBSPOT_TOKEN", BROKEN_TOKEN));

        assertEquals(ExitCodes.USER_ERROR, exit);
        assertEquals(config + ":8:12: portal.auth.token: environment variable HUBSPOT_TOKEN holds a control "
                + "character (U+000A); a secret is printable ASCII on one line", err.toString().strip());
        assertEquals(0, simulator.stats().totalRequests());
        assertFalse(err.toString().contains("7d3f") || out.toString().contains("7d3f"), "the value is never shown");
    }

    @Test
    void runStillAcceptsATokenFileEndingInANewline() throws IOException {
        Path secret = dir.resolve("hubspot_token");
        Files.writeString(secret, SimulatorOptions.DEMO_TOKEN + "\n");
        Files.writeString(config, BundledExamples.read("icp-agency.yaml").replace("${HUBSPOT_TOKEN}", "file:" + secret));

        int exit = run(Map.of());

        assertEquals(ExitCodes.OK, exit, err.toString());
        assertTrue(simulator.stats().totalRequests() > 0);
    }

    @Test
    void probeRefusesATokenWithANulBeforeAnyCall() {
        CommandLine probe = new CommandLine(new ProbeCommand(Map.of("HUBSPOT_TOKEN", "pat-na1-7d3f\u00009c1e")::get));
        probe.setOut(new PrintWriter(out));
        probe.setErr(new PrintWriter(err));

        int exit = probe.execute("--token-env", "HUBSPOT_TOKEN", "--base-url", simulator.baseUrl().toString());

        assertEquals(ExitCodes.USER_ERROR, exit);
        assertTrue(err.toString().contains("environment variable HUBSPOT_TOKEN holds a control character (U+0000)"),
                err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertFalse(err.toString().contains("7d3f"), "the value is never shown");
        assertEquals(0, simulator.stats().totalRequests());
    }
}
