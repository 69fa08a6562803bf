package io.hubscore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.daemon.LiveConfig;
import io.hubscore.daemon.ModelPreview;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore preview}: what a candidate model would do to a portal if it were applied now (or at {@code --at}),
 * computed from the portal's ledger by the score job's own decision, without writing anything. Not thread-safe (one
 * instance per invocation).
 */
@Command(
        name = "preview",
        mixinStandardHelpOptions = true,
        header = "Shows what a model change would do, from the portal's ledger.",
        description = {
            "Rescores every live contact in the ledger with the candidate config's model, from the ledger's real",
            "state (bands, band-since times, last transitions, cooldowns, suppressions, conflicts, what was last",
            "written), exactly as the score job would at that time, and applies nothing. Prints the rule-level change,",
            "bands before and after, the movement between bands, the transitions that would fire or be held, the",
            "writes per property, the score deciles and the rules that change the most contacts.",
            "Works while the daemon runs. Exit 0, or 2 when the config, the ledger or an argument cannot be used."
        })
final class PreviewCommand implements Callable<Integer> {

    /** The saved report: indented, fields in snake case. */
    static final ObjectMapper REPORT_JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "NEW.yaml",
            description = "The candidate config: its model is previewed; its portal.ledger is read.")
    Path config;

    @Option(names = "--ledger", paramLabel = "FILE",
            description = "The ledger file to read instead of the config's portal.ledger.")
    Path ledger;

    @Option(names = "--at", paramLabel = "TIME",
            description = "When the change would apply, an ISO-8601 instant such as 2026-11-20T10:00:00Z (default now).")
    String at;

    @Option(names = "--json", paramLabel = "FILE", description = "Also save the report as JSON in this file.")
    Path json;

    /** The clock "now" is read on when {@code --at} is not given; null until {@link #call()} wires the system's. */
    Clock clock;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant when;
        try {
            when = (at == null ? (clock != null ? clock : Clock.systemUTC()).instant() : Instant.parse(at))
                    .truncatedTo(ChronoUnit.MILLIS); // the ledger keeps times in milliseconds
        } catch (DateTimeParseException e) {
            err.println("hubscore preview: --at '" + at + "' is not an ISO-8601 instant such as 2026-11-20T10:00:00Z");
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        LedgerOptions.Opened located = LedgerOptions.locate("preview", config, ledger, System::getenv);
        if (located instanceof LedgerOptions.Opened.Refused refused) {
            refused.lines().forEach(err::println);
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        LedgerOptions.Opened.Located found = (LedgerOptions.Opened.Located) located;
        LoadResult.Valid valid = (LoadResult.Valid) new ConfigLoader(System::getenv).load(config);
        LiveConfig.Active candidate = LiveConfig.Active.of(valid.config(), valid.text());
        ModelPreview.Report report;
        try (Ledger opened = Ledger.openReadOnly(found.ledgerFile())) {
            report = ModelPreview.report(opened, candidate, when, System::getenv);
        } catch (LedgerException e) {
            err.println("hubscore preview: " + e.getMessage());
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        print(out, report, found.ledgerFile());
        if (json != null) {
            try {
                save(report, json);
            } catch (IOException e) {
                err.println("hubscore preview: --json " + json + ": cannot write the report there ("
                        + PrivateFiles.describe(e) + ")");
                err.flush();
                return ExitCodes.USER_ERROR;
            }
            out.printf("Report saved to %s.%n", json);
        }
        out.println("Nothing was written to the ledger or to HubSpot.");
        out.flush();
        return ExitCodes.OK;
    }

    static void save(Object report, Path file) throws IOException {
        Path temporary = PrivateFiles.temporaryBeside(file);
        try {
            REPORT_JSON.writeValue(temporary.toFile(), report);
            PrivateFiles.moveInPlace(temporary, file, true);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void print(PrintWriter out, ModelPreview.Report r, Path ledgerFile) {
        out.printf("Preview of model %s (%s) against %s at %s%n", r.toVersion(), r.toFingerprint().substring(0, 12),
                ledgerFile, r.at());
        out.printf("In force: %s%n", inForce(r));
        summary(out, r);
    }

    /** The model the report starts from: released in the ledger, adopted from HubSpot's values, or none. */
    static String inForce(ModelPreview.Report r) {
        if (r.fromVersion() == null) {
            return "no model yet";
        }
        return r.fromVersion() + (r.fromFingerprint() == null ? " (adopted from hubscore's values in HubSpot)"
                : " (" + r.fromFingerprint().substring(0, 12) + ")");
    }

    /** The report's figures, as {@code preview} and {@code dry-run} print them. */
    static void summary(PrintWriter out, ModelPreview.Report r) {
        out.println();
        out.println("Changes:");
        if (r.changes().isEmpty()) {
            out.println(r.fromFingerprint() == null ? "  (no released config to compare with)"
                    : "  none to the rules");
        }
        r.changes().forEach(c -> out.println("  " + c.line()));
        out.println();
        out.printf("Contacts: %,d%n", r.contacts());
        TextTable bands = new TextTable("  ").header("band", "before", "after");
        Set<String> names = new LinkedHashSet<>(r.bands().before().keySet());
        names.addAll(r.bands().after().keySet());
        for (String band : names) {
            bands.row(band, count(r.bands().before().get(band)), count(r.bands().after().get(band)));
        }
        bands.print(out);
        out.println();
        out.println("Movement (rows: band before; columns: band after; contacts):");
        List<String> to = new ArrayList<>(r.bands().after().keySet());
        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(to);
        TextTable matrix = new TextTable("  ").header(header.toArray(String[]::new));
        for (String from : r.bands().before().keySet()) {
            List<Object> row = new ArrayList<>();
            row.add(from);
            for (String band : to) {
                row.add(count(r.movement().stream().filter(m -> m.from().equals(from) && m.to().equals(band))
                        .mapToLong(ModelPreview.Move::contacts).sum()));
            }
            matrix.row(row.toArray());
        }
        matrix.print(out);
        out.println();
        out.printf("Transitions: %,d would fire; %s%n", r.transitions().fire(), held(r.transitions()));
        out.printf("Writes: %,d contacts, %,d property values change%s%n", r.writes().contacts(),
                r.writes().properties(), r.writes().byProperty().isEmpty() ? "" : ": " + r.writes().byProperty()
                        .entrySet().stream().map(e -> e.getKey() + " " + count(e.getValue()))
                        .collect(Collectors.joining(", ")));
        out.println();
        out.println("Scores (min, 10% ... 90%, max):");
        out.println("  before  " + join(r.scores().before()));
        out.println("  after   " + join(r.scores().after()));
        out.println();
        out.println("Rules whose points change the most contacts:");
        TextTable rules = new TextTable("  ");
        r.rules().forEach(rule -> rules.row(rule.rule(), count(rule.contacts())));
        rules.print(out, "  none");
        if (!r.notes().isEmpty()) {
            out.println();
            r.notes().forEach(note -> out.println("Note: " + note));
        }
        out.println();
    }

    private static String held(ModelPreview.Transitions t) {
        if (t.held().isEmpty()) {
            return "none held";
        }
        return "held: " + t.held().entrySet().stream().map(e -> {
            long recorded = t.held().get(e.getKey()) - t.heldNew().getOrDefault(e.getKey(), 0L);
            return "by " + e.getKey() + " " + count(e.getValue())
                    + (recorded > 0 ? " (" + count(recorded) + " already recorded as held)" : "");
        }).collect(Collectors.joining(", "));
    }

    private static String join(List<Integer> scores) {
        return scores.isEmpty() ? "-" : scores.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }

    private static String count(Long n) {
        return n == null ? "-" : String.format("%,d", n);
    }
}
