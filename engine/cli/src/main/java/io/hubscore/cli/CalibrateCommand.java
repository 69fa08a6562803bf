package io.hubscore.cli;

import io.hubscore.config.BandsConfig;
import io.hubscore.daemon.report.Calibration;
import io.hubscore.daemon.report.ReportException;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore calibrate}: the band edge that would have kept a band's weekly entries within what sales can work,
 * from the ledger alone, printed as a config snippet with what it would change. Not thread-safe (one instance per
 * invocation).
 */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        header = "Suggests band edges that keep weekly band entries within sales capacity.",
        description = {
            "Replays the recorded scores of the last weeks (from the ledger; no HubSpot call) through the model's",
            "bands with every candidate minimum of a band, and suggests the lowest minimum that would have kept every",
            "week's entries into the band within its capacity while keeping the top band's lift at least where it is.",
            "Prints what it would change (entries per week, contacts per band) and the bands as a config snippet.",
            "Exit 0, or 2 when the config, the ledger, the band or the capacity cannot be used."
        })
final class CalibrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The portal's sync config.")
    java.nio.file.Path config;

    @Option(names = "--ledger", paramLabel = "FILE",
            description = "The ledger file to read instead of the config's portal.ledger.")
    java.nio.file.Path ledger;

    @Option(names = "--band", paramLabel = "NAME", description = "The band to calibrate (default: the top band).")
    String band;

    @Option(names = "--per-week", paramLabel = "N",
            description = "Entries into the band sales can work per week (default: its outcomes.capacity).")
    Integer perWeek;

    @Option(names = "--weeks", paramLabel = "W", defaultValue = "8",
            description = "Weeks replayed, ending now (default ${DEFAULT-VALUE}).")
    int weeks;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (perWeek != null && perWeek < 1) {
            return refuse(err, "--per-week must be 1 or more, was " + perWeek);
        }
        if (weeks < 1 || weeks > 104) {
            return refuse(err, "--weeks must be between 1 and 104, was " + weeks);
        }
        LedgerOptions options = new LedgerOptions();
        options.config = config;
        options.ledger = ledger;
        LedgerOptions.Opened opened = options.open("calibrate", System::getenv);
        if (opened instanceof LedgerOptions.Opened.Refused refused) {
            refused.lines().forEach(err::println);
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        LedgerOptions.Opened.Ready ready = (LedgerOptions.Opened.Ready) opened;
        String name = band != null ? band.strip() : ready.config().bands().levels().get(0).name();
        Integer capacity = perWeek;
        if (capacity == null && ready.config().outcomes() != null) {
            capacity = ready.config().outcomes().capacity().get(name);
        }
        Calibration.Result result;
        try (Ledger open = ready.ledger()) {
            if (capacity == null) {
                return refuse(err, "no capacity for band '" + name + "': give --per-week N, or set outcomes.capacity."
                        + name + " in " + config);
            }
            result = new Calibration(ready.config()).calibrate(open, clock.instant(), name, capacity, weeks);
        } catch (ReportException | LedgerException e) {
            return refuse(err, e.getMessage());
        }
        print(out, result, ready.config().model().version(), ready.config().bands().hysteresis());
        out.flush();
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, Calibration.Result r, String model, int hysteresis) {
        String band = r.band();
        out.printf(Locale.ROOT, "Calibrating %s of model %s: capacity %d entries a week, over the %d weeks from %s%n",
                band, model, r.perWeek(), r.weeks().size(), r.weeks().get(0));
        out.printf(Locale.ROOT, "(the recorded scores of %,d contacts, %,d rows, replayed through the bands)%n",
                r.contacts(), r.scoreRows());
        out.println();
        TextTable table = new TextTable("  ").header("", band + " min", "entries per week into " + band,
                "most in a week", "weeks over", r.current().levels().get(0).name() + " rate", "lift");
        row(table, "now", r.current(), r);
        row(table, "suggested", r.suggested(), r);
        table.print(out);
        out.println();
        out.println("Contacts per band after their last score:");
        TextTable counts = new TextTable("  ").header("band", "now", "suggested", "change");
        r.current().bandsAtEnd().forEach((name, now) -> {
            long then = r.suggested().bandsAtEnd().get(name);
            counts.row(name, now, then, String.format(Locale.ROOT, "%+d", then - now));
        });
        counts.print(out);
        out.println();
        if (!r.withinCapacity()) {
            out.printf(Locale.ROOT, "No edge keeps %s within %d entries every week while keeping the top band's lift;"
                    + " the edge with the fewest entries in its busiest week is shown.%n", band, r.perWeek());
        } else if (!r.changed()) {
            out.printf(Locale.ROOT, "The current edges already keep %s within capacity, and no lower edge keeps the"
                    + " top band's lift: nothing to change.%n", band);
        }
        out.println((r.changed() ? "Suggested" : "Current") + " bands (for the config):");
        out.println("bands:");
        if (hysteresis != 0) {
            out.println("  hysteresis: " + hysteresis);
        }
        out.println("  levels:");
        for (BandsConfig.Band level : r.suggested().levels()) {
            out.println("    - name: " + level.name());
            if (level.min() != null && level != r.suggested().levels().get(r.suggested().levels().size() - 1)) {
                out.println("      min: " + level.min());
            }
        }
    }

    private static void row(TextTable table, String name, Calibration.Replay replay, Calibration.Result r) {
        table.row(name, replay.min(r.band()), replay.entries().stream().map(String::valueOf)
                .collect(Collectors.joining(" ")), replay.mostInAWeek(), replay.weeksOver(r.perWeek()) + " of "
                + replay.entries().size(), replay.top().rate() == null ? "-"
                        : String.format(Locale.ROOT, "%.1f%%", replay.top().rate() * 100),
                replay.topLift() == null ? "-" : String.format(Locale.ROOT, "%.2f", replay.topLift()));
    }

    private static int refuse(PrintWriter err, String message) {
        err.println("hubscore calibrate: " + message);
        err.flush();
        return ExitCodes.USER_ERROR;
    }
}
