package io.hubscore.cli;

import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.Problem;
import io.hubscore.config.SyncConfig;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The options the reporting commands share ({@code --config}, {@code --ledger}, {@code --json}) and opening
 * the ledger they name, read-only and without the daemon's lock. Not thread-safe (picocli fills it in);
 * {@code ledger} is null unless given.
 */
final class LedgerOptions {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The portal's sync config.")
    Path config;

    @Option(names = "--ledger", paramLabel = "FILE",
            description = "The ledger file to read instead of the config's portal.ledger.")
    Path ledger;

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    /** What opening gave: the config and its open ledger, or only the ledger file it names, or why not. */
    sealed interface Opened {

        /** The caller closes {@code ledger}. */
        record Ready(SyncConfig config, Path ledgerFile, Ledger ledger) implements Opened {
            public Ready {
                Objects.requireNonNull(config, "config");
                Objects.requireNonNull(ledgerFile, "ledgerFile");
                Objects.requireNonNull(ledger, "ledger");
            }
        }

        /** A valid config and the ledger file it names (or {@code --ledger}), not yet opened. */
        record Located(SyncConfig config, Path ledgerFile) implements Opened {
            public Located {
                Objects.requireNonNull(config, "config");
                Objects.requireNonNull(ledgerFile, "ledgerFile");
            }
        }

        /** A user error: each line goes to stderr as is. */
        record Refused(List<String> lines) implements Opened {
            public Refused {
                lines = List.copyOf(lines);
            }
        }
    }

    /**
     * Loads the config and opens the ledger for reading. A relative {@code portal.ledger} is resolved against
     * the working directory, as the daemon does.
     *
     * @param command the command's name, to start the messages with
     * @param environment resolves {@code ${NAME}} references in the config
     * @return {@link Opened.Ready} or {@link Opened.Refused}
     */
    Opened open(String command, UnaryOperator<String> environment) {
        Opened located = locate(command, config, ledger, environment);
        if (!(located instanceof Opened.Located found)) {
            return located;
        }
        try {
            return new Opened.Ready(found.config(), found.ledgerFile(), Ledger.openReadOnly(found.ledgerFile()));
        } catch (LedgerException e) {
            return new Opened.Refused(List.of("hubscore " + command + ": " + e.getMessage()));
        }
    }

    /**
     * Loads the config and finds the ledger file: {@code ledger} when given, else the config's {@code portal.ledger}.
     *
     * @return {@link Opened.Located} or {@link Opened.Refused}
     */
    static Opened locate(String command, Path config, Path ledger, UnaryOperator<String> environment) {
        LoadResult loaded = new ConfigLoader(environment).load(config);
        if (loaded instanceof LoadResult.Invalid invalid) {
            List<String> lines = new ArrayList<>();
            lines.add("hubscore " + command + ": config " + config + " is invalid (see `hubscore validate`):");
            invalid.problems().stream().map(Problem::format).forEach(lines::add);
            return new Opened.Refused(lines);
        }
        SyncConfig sync = ((LoadResult.Valid) loaded).config();
        try {
            return new Opened.Located(sync, ledger != null ? ledger : Path.of(sync.portal().ledger()));
        } catch (InvalidPathException e) {
            return new Opened.Refused(List.of("hubscore " + command + ": portal.ledger in " + config
                    + " is not a usable file path: " + e.getMessage()));
        }
    }
}
