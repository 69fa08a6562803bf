package io.hubscore.cli;

import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.SyncConfig;
import io.hubscore.daemon.ModelChanges;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import io.hubscore.ledger.Scores;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore versions}: the model changelog kept in the ledger, newest first, with {@code show} (a version's
 * config as released, to roll back to) and {@code diff} (the rule-level difference between two versions). Reads the
 * ledger without the daemon's lock. Not thread-safe (one instance per invocation).
 */
@Command(
        name = "versions",
        mixinStandardHelpOptions = true,
        header = "Lists the model versions released on a portal, newest first.",
        description = {
            "The changelog of the portal's model: each version released, newest first, with its fingerprint, when",
            "it was released and activated, its note, the transitions it fired and the contacts they moved, and",
            "which one is in force. `versions show V --config FILE` prints the config as released; `versions diff",
            "A B --config FILE` the rule-level difference. Works while the daemon runs. Exit 0, or 2 when the",
            "config, the ledger or a version cannot be used."
        },
        subcommands = {VersionsCommand.Show.class, VersionsCommand.Diff.class})
final class VersionsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    // Not a required mixin as in the subcommands: picocli would then ask for them before `show` and `diff` too.
    @Option(names = "--config", paramLabel = "FILE", description = "The portal's sync config (required).")
    Path config;

    @Option(names = "--ledger", paramLabel = "FILE",
            description = "The ledger file to read instead of the config's portal.ledger.")
    Path ledger;

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    /**
     * One version in the changelog.
     *
     * @param releasedAt when it was first released
     * @param activations every time it was put in force, oldest first
     * @param transitionsFired counted transitions fired under it
     * @param contactsMoved distinct contacts those transitions moved
     */
    record Version(String version, String fingerprint, String releasedAt, String note, boolean active,
            List<String> activations, long transitionsFired, long contactsMoved) {
    }

    record Changelog(String portal, List<Version> versions) {
    }

    /** What the ledger says about its models, read in one snapshot. */
    private record History(String portal, List<Scores.ModelVersion> models, List<Scores.Release> releases,
            Map<String, Scores.FiredUnder> fired) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (config == null) {
            spec.commandLine().getErr().println("hubscore versions: --config FILE is required");
            spec.commandLine().getErr().flush();
            return ExitCodes.USER_ERROR;
        }
        LedgerOptions options = new LedgerOptions();
        options.config = config;
        options.ledger = ledger;
        options.json = json;
        return withLedger(spec, options, "versions", history -> {
            Changelog log = changelog(history);
            if (options.json) {
                out.println(PreviewCommand.REPORT_JSON.writeValueAsString(log));
                return ExitCodes.OK;
            }
            out.println("Model versions of portal " + log.portal() + ", newest first:");
            TextTable table = new TextTable("  ").header("", "version", "fingerprint", "released", "activated",
                    "transitions", "contacts", "note");
            for (Version v : log.versions()) {
                table.row(v.active() ? "*" : "", v.version(), v.fingerprint().substring(0, 12), v.releasedAt(),
                        String.join(", ", v.activations()), v.transitionsFired(), v.contactsMoved(), v.note());
            }
            table.print(out, "  none released yet");
            out.println("* in force. transitions: fired under the version; contacts: the contacts they moved.");
            return ExitCodes.OK;
        });
    }

    private static Changelog changelog(History history) {
        String inForce = history.releases().isEmpty() ? null
                : history.releases().get(history.releases().size() - 1).fingerprint();
        List<Version> versions = new ArrayList<>();
        List<Scores.ModelVersion> newestFirst = new ArrayList<>(history.models());
        newestFirst.sort(Comparator.comparingLong(Scores.ModelVersion::releasedAt).reversed());
        for (Scores.ModelVersion m : newestFirst) {
            Scores.FiredUnder fired = history.fired().getOrDefault(m.fingerprint(), new Scores.FiredUnder(0, 0));
            versions.add(new Version(m.version(), m.fingerprint(), Formats.instant(m.releasedAt()), m.note(),
                    m.fingerprint().equals(inForce), history.releases().stream()
                            .filter(r -> r.fingerprint().equals(m.fingerprint()))
                            .map(r -> Formats.instant(r.activatedAt())).toList(),
                    fired.transitions(), fired.contacts()));
        }
        return new Changelog(history.portal(), versions);
    }

    /** The work of a subcommand on the ledger's history; returns the exit code. */
    @FunctionalInterface
    interface Work {
        int on(History history) throws IOException;
    }

    static int withLedger(CommandSpec spec, LedgerOptions options, String command, Work work) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        LedgerOptions.Opened opened = options.open(command, System::getenv);
        if (opened instanceof LedgerOptions.Opened.Refused refused) {
            refused.lines().forEach(err::println);
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        LedgerOptions.Opened.Ready ready = (LedgerOptions.Opened.Ready) opened;
        History history;
        try (Ledger ledger = ready.ledger()) {
            history = ledger.read(tx -> new History(ready.config().portal().id(), tx.scores().models(), tx.scores().releases(),
                    tx.scores().firedByModel()));
        } catch (LedgerException e) {
            err.println("hubscore " + command + ": " + e.getMessage());
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        int exit = work.on(history);
        spec.commandLine().getOut().flush();
        err.flush();
        return exit;
    }

    /**
     * The released version named {@code name}: by version, the latest released under that name, else by a prefix of
     * its fingerprint.
     */
    static Optional<Scores.ModelVersion> find(List<Scores.ModelVersion> models, String name) {
        Optional<Scores.ModelVersion> byVersion = models.stream().filter(m -> m.version().equals(name))
                .max(Comparator.comparingLong(Scores.ModelVersion::releasedAt));
        if (byVersion.isPresent() || name.length() < 6) {
            return byVersion;
        }
        List<Scores.ModelVersion> byPrefix = models.stream().filter(m -> m.fingerprint().startsWith(name)).toList();
        return byPrefix.size() == 1 ? Optional.of(byPrefix.get(0)) : Optional.empty();
    }

    private static String unknown(String command, String name, List<Scores.ModelVersion> models) {
        return "hubscore " + command + ": no version '" + name + "' was released in this ledger (released: "
                + (models.isEmpty() ? "none" : String.join(", ", models.stream().map(Scores.ModelVersion::version)
                        .distinct().toList())) + ")";
    }

    /** {@code hubscore versions show V}: the config a version was released with. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Prints the config a version was released with, as it was. To roll back: save it as the",
                "portal's config; the daemon activates it again (a release event) and rescores every contact."})
    static final class Show implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        LedgerOptions options = new LedgerOptions();

        @Parameters(index = "0", paramLabel = "VERSION", description = "A version, or a fingerprint's first characters.")
        String version;

        @Override
        public Integer call() throws IOException {
            return withLedger(spec, options, "versions show", history -> {
                Optional<Scores.ModelVersion> found = find(history.models(), version);
                if (found.isEmpty()) {
                    spec.commandLine().getErr().println(unknown("versions show", version, history.models()));
                    return ExitCodes.USER_ERROR;
                }
                spec.commandLine().getOut().print(found.get().configText());
                return ExitCodes.OK;
            });
        }
    }

    /** {@code hubscore versions diff A B}: what changed from one version's model to another's. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Prints the rule-level difference from version A to version B, as `preview` shows a change.")
    static final class Diff implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        LedgerOptions options = new LedgerOptions();

        @Parameters(index = "0", paramLabel = "A", description = "The version before.")
        String from;

        @Parameters(index = "1", paramLabel = "B", description = "The version after.")
        String to;

        record DiffJson(String from, String to, List<ModelChanges.Change> changes) {
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            return withLedger(spec, options, "versions diff", history -> {
                Function<String, Optional<SyncConfig>> load = name -> find(history.models(), name).map(m -> {
                    LoadResult r = new ConfigLoader(System::getenv).parse("version " + m.version(), m.configText());
                    if (r instanceof LoadResult.Invalid invalid) {
                        err.println("hubscore versions diff: the config " + name + " was released with cannot be read "
                                + "here: " + invalid.problems().get(0).format());
                        return null;
                    }
                    return ((LoadResult.Valid) r).config();
                });
                for (String name : List.of(from, to)) {
                    if (find(history.models(), name).isEmpty()) {
                        err.println(unknown("versions diff", name, history.models()));
                        return ExitCodes.USER_ERROR;
                    }
                }
                Optional<SyncConfig> a = load.apply(from);
                Optional<SyncConfig> b = load.apply(to);
                if (a.isEmpty() || b.isEmpty()) {
                    return ExitCodes.USER_ERROR;
                }
                List<ModelChanges.Change> changes = ModelChanges.between(a.get(), b.get());
                PrintWriter out = spec.commandLine().getOut();
                if (options.json) {
                    out.println(PreviewCommand.REPORT_JSON.writeValueAsString(new DiffJson(from, to, changes)));
                    return ExitCodes.OK;
                }
                out.println("From " + from + " to " + to + ":");
                if (changes.isEmpty()) {
                    out.println("  no change to the rules, bands, transitions or suppressions");
                }
                changes.forEach(c -> out.println("  " + c.line()));
                return ExitCodes.OK;
            });
        }
    }
}
