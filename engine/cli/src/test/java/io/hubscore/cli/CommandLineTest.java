package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineTest {

    @Test
    void versionPrintsTheProjectVersionFromTheBuild() {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("--version");

        assertEquals(0, exit);
        assertTrue(out.toString().matches("hubscore \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), out.toString());
    }

    @Test
    void everyCommandAnswersHelp() {
        for (String name : Main.commandLine().getSubcommands().keySet()) {
            StringWriter out = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(out));

            int exit = cli.execute(name, "--help");

            assertEquals(0, exit, name);
            assertTrue(out.toString().contains("Usage: hubscore " + name), out.toString());
        }
    }

    @Test
    void aCommandRunByNameIsBuiltAloneAndHelpsAsInTheFullCommandLine() {
        for (String name : Main.commandLine().getSubcommands().keySet()) {
            String[] args = {name, "--help"};
            CommandLine alone = Main.commandLine(args);

            assertEquals(1, new java.util.HashSet<>(alone.getSubcommands().values()).size(), name);
            assertEquals(output(Main.commandLine(), args), output(alone, args), name);
        }
        String[] mistyped = {"runn", "--once"};
        assertEquals(Main.commandLine().getSubcommands().keySet(), Main.commandLine(mistyped).getSubcommands().keySet());
    }

    /** What {@code cli} prints, on either stream, and its exit status, running {@code args}. */
    private static String output(CommandLine cli, String[] args) {
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args);
        return exit + "\n" + out;
    }

    @Test
    void everyCommandHasARowInTheReadmesCommandsTable() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../..", "README.md"));

        for (String name : Main.commandLine().getSubcommands().keySet()) {
            assertTrue(readme.contains("\n| `hubscore " + name + " ") || readme.contains("\n| `hubscore " + name + "`"),
                    "README.md's commands table has no row for " + name);
        }
    }

    @Test
    void noCommandIsAUsageErrorWithExitTwo() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute();

        assertEquals(2, exit);
        assertTrue(err.toString().contains("Missing command"), err.toString());
    }
}
