package io.hubscore.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.config.BundledExamples;
import io.hubscore.engine.ledger.Ledger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void a_base_url_that_is_not_http_is_refused() throws Exception {
        Path config = dir.resolve("hubscore.yaml");
        Files.writeString(config, BundledExamples.read("icp-agency.yaml"));

        int exit = run("run", "--once", "--config", config.toString(), "--base-url", "ftp://example");

        assertEquals(ExitCodes.USER_ERROR, exit);
        assertTrue(err.toString().contains("--base-url"), err.toString());
    }
}
