package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The examples read their token from HUBSPOT_TOKEN. */
    private static final Map<String, String> ENV = Map.of("HUBSPOT_TOKEN", "pat-na1-validate-test");

    private int run(String... args) {
        return run(ENV, args);
    }

    private int run(Map<String, String> environment, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        ((ValidateCommand) cli.getSubcommands().get("validate").getCommand()).environment = environment::get;
        return cli.execute(args);
    }

    @Test
    void theShippedExamplesAreValidAndSummarised() {
        int exit = run("validate", "../../config/examples/icp-agency.yaml", "../../config/examples/fit-engagement-70.yaml");

        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().contains("icp-agency.yaml: ok, model icp-agency-1, fit 6 property rule(s)"),
                out.toString());
        assertTrue(out.toString().contains("bands MQL >= 70, Nurture >= 40, Cold, 3 suppression(s)"), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void theBundledExamplesValidateFromInsideTheJar() {
        int exit = run("validate", "--examples");

        assertEquals(0, exit, err.toString());
        assertEquals(2, out.toString().lines().filter(l -> l.startsWith("examples/")).count(), out.toString());
    }

    @Test
    void aBrokenFileGivesLocatedProblemsOnStderrAndExitTwo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, Files.readString(Path.of("../../config/examples/icp-agency.yaml"))
                .replace("operator: contains-any", "operator: contains"));

        int exit = run("validate", file.toString());

        assertEquals(2, exit);
        assertTrue(err.toString().startsWith(file + ":39:19: model.fit.rules[0].operator: unknown operator 'contains'"),
                err.toString());
        assertEquals(3, err.toString().lines().count(), "every rule using the operator is reported: " + err);
        assertFalse(err.toString().contains("Exception"), err.toString());
    }

    @Test
    void oneBadFileAmongGoodOnesStillFailsTheRun(@TempDir Path dir) {
        int exit = run("validate", "../../config/examples/icp-agency.yaml", dir.resolve("missing.yaml").toString());

        assertEquals(2, exit);
        assertTrue(out.toString().contains("icp-agency.yaml: ok"));
        assertEquals(dir.resolve("missing.yaml") + ":1:1: no such file", err.toString().strip());
    }

    @Test
    void nothingToValidateIsAUsageError() {
        int exit = run("validate");

        assertEquals(2, exit);
        assertTrue(err.toString().contains("name at least one config file, or --examples"), err.toString());
    }
}
