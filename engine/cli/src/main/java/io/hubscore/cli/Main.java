package io.hubscore.cli;

import picocli.CommandLine;

/** Entry point of the runnable jar: builds the command line and exits with its status. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The full {@code hubscore} command line, with hubscore's error handling installed. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line to run {@code args} with: when they start with a subcommand's name, the top-level command with
     * that subcommand only (what it parses, prints and does are the same, and its start skips reading every other
     * command's options); otherwise, for help, the version or a mistyped command, the full command line.
     */
    static CommandLine commandLine(String[] args) {
        Class<?> called = args.length == 0 ? null : HubScoreCommand.subcommand(args[0]);
        CommandLine cli = new CommandLine(new HubScoreCommand());
        for (Class<?> subcommand : HubScoreCommand.SUBCOMMANDS) {
            if (called == null || subcommand == called) {
                cli.addSubcommand(subcommand);
            }
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(new ExitCodes.UnexpectedErrorHandler());
        return cli;
    }
}
