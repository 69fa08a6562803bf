package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.config.BundledExamples;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A rule on a property the portal lacks never matches, silently; {@code probe} and {@code dry-run} name it, with the
 * rule that reads it and the nearest name the portal has, asking the portal (the simulator over HTTP) for its
 * properties as HubSpot answers them.
 */
class PortalPropertyCheckTest {

    /** The example with two misspelt properties: one close to a portal property, one close to none. */
    static final String MISSPELT = BundledExamples.read("icp-agency.yaml")
            .replace("property: industry", "property: industy")
            .replace("property: hs_email_optout", "property: zz_custom_flag");

    static final String INDUSTY = "  industy (read by model.fit.rules[1] agency-industry): did you mean 'industry'?";
    static final String CUSTOM = "  zz_custom_flag (read by model.fit.rules[5] opted-out): the portal has no property"
            + " with a similar name";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void probeNamesEveryPropertyTheConfigReadsThatThePortalLacksWithTheNearestNameAndExitsTwo() throws Exception {
        Path config = write(MISSPELT);
        Clock clock = Clock.systemUTC();
        try (PortalSimulator simulator = PortalSimulator.start(SimulatorOptions.defaults()
                .withToken(SimulatorOptions.DEMO_TOKEN).withClock(clock), Portal.generate(20, 3L, clock))) {
            CommandLine probe = new CommandLine(new ProbeCommand(Map.of("HUBSPOT_TOKEN",
                    SimulatorOptions.DEMO_TOKEN)::get));
            probe.setOut(new PrintWriter(out));
            probe.setErr(new PrintWriter(err));

            int exit = probe.execute("--base-url", simulator.baseUrl().toString(), "--token-env", "HUBSPOT_TOKEN",
                    "--config", config.toString());

            assertEquals(2, exit, out.toString() + err);
            assertTrue(out.toString().contains("Properties the config reads that the portal does not have (their rules"
                    + " never match):\n" + INDUSTY + "\n" + CUSTOM + "\n"), out.toString());
            assertEquals("hubscore probe: " + config + ": 2 properties the config reads not in the portal: industy"
                    + " (did you mean 'industry'?), zz_custom_flag; fix the names in the config", err.toString().strip());
        }
    }

    @Test
    void probeSaysSoWhenEveryPropertyIsThere() throws Exception {
        Path config = write(BundledExamples.read("icp-agency.yaml"));
        Clock clock = Clock.systemUTC();
        try (PortalSimulator simulator = PortalSimulator.start(SimulatorOptions.defaults()
                .withToken(SimulatorOptions.DEMO_TOKEN).withClock(clock), Portal.generate(20, 3L, clock))) {
            CommandLine probe = new CommandLine(new ProbeCommand(Map.of("HUBSPOT_TOKEN",
                    SimulatorOptions.DEMO_TOKEN)::get));
            probe.setOut(new PrintWriter(out));
            probe.setErr(new PrintWriter(err));

            assertEquals(0, probe.execute("--base-url", simulator.baseUrl().toString(), "--token-env",
                    "HUBSPOT_TOKEN", "--config", config.toString()), err.toString());
            assertTrue(out.toString().contains("Properties the config reads: all in the portal."), out.toString());
            assertFalse(out.toString().contains("did you mean"), out.toString());
        }
    }

    @Test
    void dryRunNamesThemBelowItsPlan() throws Exception {
        Path config = write(MISSPELT);
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("dry-run", "--config", config.toString(), "--contacts", "50", "--out",
                dir.resolve("plan.json").toString());

        assertEquals(0, exit, out.toString() + err);
        String text = out.toString();
        assertTrue(text.contains("\nProperties the config reads that the portal does not have (their rules never"
                + " match):\n" + INDUSTY + "\n" + CUSTOM + "\n\nPlan saved to "), text);
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("hubscore.yaml");
        Files.writeString(file, text);
        return file;
    }
}
