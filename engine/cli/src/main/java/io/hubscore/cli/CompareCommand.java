package io.hubscore.cli;

import io.hubscore.config.BandsConfig;
import io.hubscore.config.ShadowConfig;
import io.hubscore.config.SyncConfig;
import io.hubscore.config.Durations;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import io.hubscore.ledger.Scores;
import io.hubscore.ledger.Shadows;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore compare}: the shadow model beside the live one since the shadow started, from the ledger: how
 * often they agree on a contact's band, where the shadow would move contacts, the weekly inflow to each band under
 * both, and the promotion gates of the config's {@code shadow.promote-when}. Not thread-safe (one instance per
 * invocation).
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        header = "Compares the shadow model with the live one, from the ledger.",
        description = {
            "Since the shadow model started: the share of contacts both models put in the same band, the movement",
            "from the live band to the shadow band, the contacts entering each band per week under both, and the",
            "promotion gates of shadow.promote-when, each pass or fail. Conversion by band needs outcome data,",
            "which this ledger does not record: gates that need it fail as not evaluated.",
            "Works while the daemon runs. Exit 0, or 2 when the config or the ledger cannot be used or no shadow",
            "model has run."
        })
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions options = new LedgerOptions();

    /** The clock the shadow's running time is measured on; null until {@link #call()} wires the system's. */
    Clock clock;

    static final String NO_OUTCOMES = "not evaluated: this ledger records no conversions";

    /**
     * The comparison.
     *
     * @param agreementRate the share of contacts scored under both that both put in the same band; null when none
     * @param conversion conversion by band under both; null while the ledger records no outcomes
     * @param ready whether every gate passed
     */
    record Comparison(String liveVersion, String liveFingerprint, String shadowVersion, String shadowFingerprint,
            String startedAt, String ranFor, long contacts, long agreeing, Double agreementRate,
            List<Movement> movement, List<Inflow> inflow, Object conversion, List<Gate> gates, boolean ready) {
    }

    record Movement(String live, String shadow, long contacts) {
    }

    /** Contacts entering {@code band} in week {@code week} (1 is the shadow's first week) under each model. */
    record Inflow(long week, String band, long live, long shadow) {
    }

    record Gate(String gate, boolean passed, String detail) {
    }

    private record Read(Optional<Scores.ModelVersion> live, Optional<Shadows.Model> shadow, List<Shadows.Pair> pairs,
            List<Shadows.Inflow> liveInflow, List<Shadows.Inflow> shadowInflow) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LedgerOptions.Opened opened = options.open("compare", System::getenv);
        if (opened instanceof LedgerOptions.Opened.Refused refused) {
            refused.lines().forEach(err::println);
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        LedgerOptions.Opened.Ready ready = (LedgerOptions.Opened.Ready) opened;
        Read read;
        try (Ledger ledger = ready.ledger()) {
            read = ledger.read(tx -> {
                Optional<Shadows.Model> shadow = tx.shadows().latest();
                return new Read(tx.scores().latestModel(), shadow,
                        shadow.map(s -> tx.shadows().agreement(s.fingerprint())).orElse(List.of()),
                        shadow.map(s -> tx.shadows().liveInflow(s.startedAt())).orElse(List.of()),
                        shadow.map(s -> tx.shadows().shadowInflow(s.fingerprint(), s.startedAt())).orElse(List.of()));
            });
        } catch (LedgerException e) {
            err.println("hubscore compare: " + e.getMessage());
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        if (read.shadow().isEmpty()) {
            err.println("hubscore compare: no shadow model has run on this ledger: name a candidate config in "
                    + "shadow.config and let the daemon score");
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        Instant now = (clock != null ? clock : Clock.systemUTC()).instant();
        Comparison c = compare(ready.config(), read, now);
        if (options.json) {
            out.println(PreviewCommand.REPORT_JSON.writeValueAsString(c));
        } else {
            print(out, ready.config(), c);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static Comparison compare(SyncConfig config, Read read, Instant now) {
        Shadows.Model shadow = read.shadow().orElseThrow();
        long contacts = 0;
        long agreeing = 0;
        List<Movement> movement = new ArrayList<>();
        for (Shadows.Pair pair : read.pairs()) {
            contacts += pair.contacts();
            agreeing += pair.live().equals(pair.shadow()) ? pair.contacts() : 0;
            movement.add(new Movement(pair.live(), pair.shadow(), pair.contacts()));
        }
        TreeMap<Long, TreeMap<String, long[]>> weeks = new TreeMap<>();
        for (Shadows.Inflow in : read.liveInflow()) {
            weeks.computeIfAbsent(in.week() + 1, w -> new TreeMap<>()).computeIfAbsent(in.band(),
                    b -> new long[2])[0] += in.contacts();
        }
        for (Shadows.Inflow in : read.shadowInflow()) {
            weeks.computeIfAbsent(in.week() + 1, w -> new TreeMap<>()).computeIfAbsent(in.band(),
                    b -> new long[2])[1] += in.contacts();
        }
        List<Inflow> inflow = new ArrayList<>();
        weeks.forEach((week, bands) -> bands.forEach((band, n) -> inflow.add(new Inflow(week, band, n[0], n[1]))));
        Duration ran = Duration.ofMillis(Math.max(0, now.toEpochMilli() - shadow.startedAt()));
        List<Gate> gates = gates(config.shadow(), ran);
        return new Comparison(read.live().map(Scores.ModelVersion::version).orElse(null),
                read.live().map(Scores.ModelVersion::fingerprint).orElse(null), shadow.version(),
                shadow.fingerprint(), Formats.instant(shadow.startedAt()), Formats.duration(ran.toMillis()), contacts,
                agreeing, contacts == 0 ? null : (double) agreeing / contacts, movement, inflow, null, gates,
                gates.stream().allMatch(Gate::passed));
    }

    /** The gates of {@code shadow.promote-when} (its defaults when the config no longer names a shadow). */
    private static List<Gate> gates(ShadowConfig shadow, Duration ran) {
        ShadowConfig.PromoteWhen when = shadow != null ? shadow.promoteWhen()
                : new ShadowConfig.PromoteWhen(Duration.ofDays(14), 30, true);
        List<Gate> gates = new ArrayList<>();
        gates.add(new Gate("ran at least " + Durations.format(when.minDuration()), ran.compareTo(when.minDuration()) >= 0,
                "ran " + Formats.duration(ran.toMillis())));
        if (when.minConversions() > 0) {
            gates.add(new Gate("at least " + when.minConversions() + " conversions since the start", false,
                    NO_OUTCOMES));
        }
        if (when.liftNotBelowLive()) {
            gates.add(new Gate("shadow lift not below live", false, NO_OUTCOMES));
        }
        return gates;
    }

    private static void print(PrintWriter out, SyncConfig config, Comparison c) {
        out.printf("Shadow model %s (%s) beside live model %s (%s), since %s (%s)%n", c.shadowVersion(),
                c.shadowFingerprint().substring(0, 12), c.liveVersion(),
                c.liveFingerprint() == null ? "none" : c.liveFingerprint().substring(0, 12), c.startedAt(),
                c.ranFor());
        out.println();
        out.printf("Contacts scored under both: %,d; in the same band: %,d (%s)%n", c.contacts(), c.agreeing(),
                c.agreementRate() == null ? "-" : String.format("%.1f%%", 100 * c.agreementRate()));
        out.println();
        out.println("Live -> shadow (rows: live band; columns: shadow band; contacts):");
        Set<String> bands = new LinkedHashSet<>();
        for (BandsConfig.Band band : config.bands().levels()) {
            bands.add(band.name());
        }
        c.movement().forEach(m -> {
            bands.add(m.live());
            bands.add(m.shadow());
        });
        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(bands);
        TextTable matrix = new TextTable("  ").header(header.toArray(String[]::new));
        for (String live : bands) {
            List<Object> row = new ArrayList<>();
            row.add(live);
            for (String shadow : bands) {
                row.add(c.movement().stream().filter(m -> m.live().equals(live) && m.shadow().equals(shadow))
                        .mapToLong(Movement::contacts).sum());
            }
            matrix.row(row.toArray());
        }
        matrix.print(out);
        out.println();
        out.println("Weekly inflow (contacts entering each band; week 1 starts when the shadow started):");
        TextTable inflow = new TextTable("  ").header("week", "band", "live", "shadow");
        c.inflow().forEach(i -> inflow.row(i.week(), i.band(), i.live(), i.shadow()));
        inflow.print(out, "  none yet");
        out.println();
        out.println("Conversion by band: " + NO_OUTCOMES + ".");
        out.println();
        out.println("Promotion gates (shadow.promote-when):");
        for (Gate gate : c.gates()) {
            out.printf("  %-4s  %s: %s%n", gate.passed() ? "PASS" : "FAIL", gate.gate(), gate.detail());
        }
        out.println(c.ready() ? "Ready to promote: every gate passed." : "Not ready to promote.");
    }
}
