package io.hubscore.cli;

import picocli.CommandLine;

/** Entry point of the runnable jar: builds the command line and exits with its status. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The full {@code hubscore} command line, with hubscore's error handling installed. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new HubScoreCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(new ExitCodes.UnexpectedErrorHandler());
        return cli;
    }
}
