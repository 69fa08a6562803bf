package io.hubscore.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The exit codes every hubscore command keeps: 0 success, 1 unexpected error (a bug or an
 * environment failure), 2 a problem with the user's input (config, arguments, credentials, a
 * ledger that cannot be used); and 3 when {@code check} finds a ledger not clean.
 */
final class ExitCodes {

    static final int OK = 0;
    static final int UNEXPECTED = 1;
    static final int USER_ERROR = 2;
    static final int NOT_CLEAN = 3;

    private ExitCodes() {
    }

    /**
     * Turns an exception escaping a command into exit 1 with one line on stderr. User mistakes never
     * reach here: commands report them themselves and return {@link #USER_ERROR}.
     */
    static final class UnexpectedErrorHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
            cli.getErr().println("hubscore: unexpected error: " + e);
            if (Boolean.getBoolean("hubscore.debug")) {
                e.printStackTrace(cli.getErr());
            } else {
                cli.getErr().println("(run with -Dhubscore.debug=true for the stack trace)");
            }
            cli.getErr().flush();
            return UNEXPECTED;
        }
    }
}
