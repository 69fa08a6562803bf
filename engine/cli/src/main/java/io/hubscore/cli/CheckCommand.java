package io.hubscore.cli;

import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerCheck;
import io.hubscore.ledger.LedgerDamaged;
import io.hubscore.ledger.LedgerException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore check}: SQLite's integrity check and hubscore's own invariants on a portal's ledger, read without
 * the daemon's lock (so it works while the daemon runs), with every problem found counted and the first ones named.
 * Not thread-safe (one run per instance).
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        header = "Checks a portal's ledger: SQLite's integrity and hubscore's invariants.",
        description = {
            "Runs SQLite's integrity check and checks what the daemon keeps true in the ledger: continuous transition",
            "chains, band state matching the last fired transition, a written value for every delivered write, score",
            "contributions summing exactly to the score. Works while the daemon runs.",
            "Exit 0 clean, 3 not clean (the problems are listed), 2 a problem with the config or the ledger file",
            "(missing, not a hubscore ledger), 1 an unexpected error."
        })
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions options = new LedgerOptions();

    /** Resolves {@code ${NAME}} references in the config; tests supply their own. */
    UnaryOperator<String> environment = System::getenv;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LedgerOptions.Opened located = LedgerOptions.locate("check", options.config, options.ledger, environment);
        if (located instanceof LedgerOptions.Opened.Refused refused) {
            refused.lines().forEach(err::println);
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        Path file = ((LedgerOptions.Opened.Located) located).ledgerFile();
        LedgerCheck.Report report;
        try (Ledger ledger = Ledger.openReadOnly(file)) {
            report = LedgerCheck.run(ledger);
        } catch (LedgerDamaged e) {
            report = LedgerCheck.damaged(e);
        } catch (LedgerException e) {
            err.println("hubscore check: " + e.getMessage());
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        if (options.json) {
            out.println(json(file, report));
        } else {
            text(out, file, report);
        }
        out.flush();
        return report.clean() ? ExitCodes.OK : ExitCodes.NOT_CLEAN;
    }

    private static void text(PrintWriter out, Path file, LedgerCheck.Report report) {
        if (report.schemaVersion() == null) {
            out.println("Ledger " + file + ": damaged, so hubscore's own checks cannot run");
        } else {
            out.printf("Ledger %s: schema version %d, %,d contacts, %,d score rows%n", file, report.schemaVersion(),
                    report.contacts(), report.scoreRows());
        }
        long failed = 0;
        for (LedgerCheck.Result result : report.results()) {
            if (result.ok()) {
                out.println("  ok      " + result.description());
                continue;
            }
            failed++;
            out.printf("  FAILED  %s (%,d problem%s)%n", result.description(), result.problems(),
                    result.problems() == 1 ? "" : "s");
            result.examples().forEach(example -> out.println("            " + example));
            if (result.problems() > result.examples().size()) {
                out.printf("            ... and %,d more%n", result.problems() - result.examples().size());
            }
        }
        if (report.clean()) {
            out.println("Clean: every check passed.");
        } else if (report.schemaVersion() == null) {
            out.println("Not clean: restore the ledger from a backup, or move it away and let the daemon build a new"
                    + " one from HubSpot.");
        } else {
            out.printf("Not clean: %,d problem%s in %d of %d checks.%n", report.problems(),
                    report.problems() == 1 ? "" : "s", failed, report.results().size());
        }
    }

    /** What {@code check --json} prints; the counts are null when the file could not be read that far. */
    private record CheckJson(String ledger, boolean clean, Integer schemaVersion, Long contacts, Long scoreRows,
            List<ResultJson> checks) {
    }

    private record ResultJson(String name, String description, boolean ok, long problems, List<String> examples) {
    }

    private static String json(Path file, LedgerCheck.Report report) {
        return Formats.json(new CheckJson(file.toString(), report.clean(), report.schemaVersion(), report.contacts(),
                report.scoreRows(), report.results().stream().map(r -> new ResultJson(r.name(), r.description(),
                        r.ok(), r.problems(), r.examples())).toList()));
    }
}
