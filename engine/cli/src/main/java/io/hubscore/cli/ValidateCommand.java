package io.hubscore.cli;

import io.hubscore.config.BandsConfig;
import io.hubscore.config.BundledExamples;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.Problem;
import io.hubscore.config.RuleGroup;
import io.hubscore.config.SyncConfig;
import io.hubscore.daemon.LiveConfig;
import io.hubscore.daemon.Releases;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import io.hubscore.ledger.Scores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hubscore validate FILE...}: checks sync configs and reports every problem with its place. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Checks sync config files and reports every problem as FILE:LINE:COLUMN: PATH: message (hint).",
            "Secrets are read as the daemon reads them (never shown): an unset variable or unreadable file is a",
            "problem. The bundled examples (--examples) are checked without their secrets. With --ledger, a model",
            "version the ledger has released with a different model is a problem too. Warnings, as",
            "FILE:LINE:COLUMN: warning: PATH: message (hint), name what scoring practice calls mistakes (a rule worth",
            "the top band on its own, a rule on email opens, a band no contact can reach) and do not fail the check.",
            "Exit 0 when every file is valid, 2 when any has a problem, 1 on an unexpected error."
        })
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Config files to check.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--examples", description = "Also check the example configs bundled in hubscore.")
    boolean examples;

    @Option(names = "--ledger", paramLabel = "FILE", description = {
        "Also check each file against this portal ledger's releases: a version already released with a",
        "different model is a problem."})
    Path ledger;

    /** Where {@code ${NAME}} references and secrets are read from; tests supply their own. */
    UnaryOperator<String> environment = System::getenv;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (files.isEmpty() && !examples) {
            err.println("hubscore validate: name at least one config file, or --examples");
            return ExitCodes.USER_ERROR;
        }
        ConfigLoader loader = new ConfigLoader(environment);
        List<LoadResult> results = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (examples) {
            for (String name : BundledExamples.NAMES) {
                names.add("examples/" + name);
                results.add(loader.parse("examples/" + name, BundledExamples.read(name)));
            }
        }
        for (Path file : files) { // a config file is checked as the daemon would start with it: its secrets too
            names.add(file.toString());
            results.add(loader.readingSecrets().load(file));
        }
        if (ledger != null) {
            try (Ledger opened = Ledger.openReadOnly(ledger)) {
                List<Scores.ModelVersion> released = opened.read(tx -> tx.scores().models());
                for (int i = 0; i < results.size(); i++) {
                    if (results.get(i) instanceof LoadResult.Valid valid) {
                        Optional<Problem> reused = Releases.versionReused(released,
                                LiveConfig.Active.of(valid.config(), valid.text()), names.get(i));
                        if (reused.isPresent()) {
                            results.set(i, new LoadResult.Invalid(List.of(reused.get())));
                        }
                    }
                }
            } catch (LedgerException e) {
                err.println("hubscore validate: --ledger: " + e.getMessage());
                err.flush();
                return ExitCodes.USER_ERROR;
            }
        }
        boolean allValid = true;
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof LoadResult.Valid valid) {
                out.println(names.get(i) + ": ok, " + summary(valid.config())
                        + (valid.warnings().isEmpty() ? "" : ", " + valid.warnings().size() + " warning(s)"));
                for (Problem warning : valid.warnings()) {
                    err.println(warning.formatWarning());
                }
            } else {
                allValid = false;
                for (Problem problem : ((LoadResult.Invalid) results.get(i)).problems()) {
                    err.println(problem.format());
                }
            }
        }
        out.flush();
        err.flush();
        return allValid ? ExitCodes.OK : ExitCodes.USER_ERROR;
    }

    static String summary(SyncConfig config) {
        String bands = config.bands().levels().stream()
                .map(ValidateCommand::band)
                .collect(Collectors.joining(", "));
        return "model " + config.model().version()
                + ", fit " + rules(config.model().fit())
                + ", engagement " + rules(config.model().engagement())
                + ", bands " + bands
                + ", " + config.suppressions().size() + " suppression(s)"
                + (config.model().note() == null ? "" : ", note: " + config.model().note());
    }

    private static String rules(RuleGroup group) {
        return group.rules().size() + " property rule(s) + " + group.events().size() + " event rule(s)";
    }

    private static String band(BandsConfig.Band band) {
        return band.min() == null ? band.name() : band.name() + " >= " + band.min();
    }
}
