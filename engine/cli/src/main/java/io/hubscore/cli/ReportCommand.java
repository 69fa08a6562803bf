package io.hubscore.cli;

import io.hubscore.daemon.report.HtmlReport;
import io.hubscore.daemon.report.Report;
import io.hubscore.daemon.report.ReportBuilder;
import io.hubscore.daemon.report.ReportException;
import io.hubscore.daemon.report.ReportJson;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import io.hubscore.scoring.ScoringModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore report}: does the score predict conversion? The outcome report from the ledger alone (no HubSpot
 * call), as text, and as JSON and a self-contained HTML page when asked. Works while the daemon runs. Not
 * thread-safe (one instance per invocation).
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        header = "Measures the score against CRM outcomes, from the ledger alone.",
        description = {
            "Reads the ledger (no HubSpot call) and reports whether the score predicts conversion: the score",
            "distribution now and at the baseline, band volumes per week against capacity, conversion by band with",
            "95% intervals and lift, converted against not converted, each rule's lift, drift (PSI) and data quality.",
            "--json and --html also write it as a JSON document and as one self-contained HTML page with charts.",
            "Exit 0, or 2 when the config, the ledger, the dates or an output file cannot be used."
        })
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The portal's sync config.")
    Path config;

    @Option(names = "--ledger", paramLabel = "FILE",
            description = "The ledger file to read instead of the config's portal.ledger.")
    Path ledger;

    @Option(names = "--since", paramLabel = "DATE",
            description = "First day of band entries judged (YYYY-MM-DD, UTC); default: the first model release.")
    String since;

    @Option(names = "--until", paramLabel = "DATE",
            description = "Last day of band entries judged (inclusive); default: up to now.")
    String until;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as one HTML page.")
    Path html;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
    Path json;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LocalDate from;
        LocalDate to;
        try {
            from = since == null ? null : LocalDate.parse(since.strip());
            to = until == null ? null : LocalDate.parse(until.strip());
        } catch (DateTimeParseException e) {
            return refuse(err, "--since and --until take a date as YYYY-MM-DD, e.g. 2026-03-01, not '"
                    + (since != null && !isDate(since) ? since : until) + "'");
        }
        if (from != null && to != null && to.isBefore(from)) {
            return refuse(err, "--until " + to + " is before --since " + from);
        }
        LedgerOptions options = new LedgerOptions();
        options.config = config;
        options.ledger = ledger;
        LedgerOptions.Opened opened = options.open("report", System::getenv);
        if (opened instanceof LedgerOptions.Opened.Refused refused) {
            refused.lines().forEach(err::println);
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        LedgerOptions.Opened.Ready ready = (LedgerOptions.Opened.Ready) opened;
        Report report;
        try (Ledger open = ready.ledger()) {
            ScoringModel model = ScoringModel.compile(ready.config());
            report = new ReportBuilder(ready.config(), model.contactProperties()).build(open, clock.instant(), from, to);
        } catch (ReportException | LedgerException e) {
            return refuse(err, e.getMessage());
        }
        try {
            if (json != null) {
                Files.writeString(json, ReportJson.write(report), StandardCharsets.UTF_8);
            }
            if (html != null) {
                Files.writeString(html, HtmlReport.render(report), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return refuse(err, "cannot write " + (json != null ? json : html) + ": " + e.getMessage());
        }
        ReportText.print(out, report);
        if (json != null) {
            out.println("JSON written to " + json);
        }
        if (html != null) {
            out.println("HTML report written to " + html.toAbsolutePath());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static boolean isDate(String text) {
        try {
            LocalDate.parse(text.strip());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static int refuse(PrintWriter err, String message) {
        err.println("hubscore report: " + message);
        err.flush();
        return ExitCodes.USER_ERROR;
    }
}
