package io.hubscore.cli;

import io.hubscore.config.BandsConfig;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.Durations;
import io.hubscore.config.LoadResult;
import io.hubscore.config.ShadowConfig;
import io.hubscore.config.SyncConfig;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import io.hubscore.ledger.ReportQueries;
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
import java.util.Locale;
import java.util.Map;
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
 * both, conversion by band under both (with the config's {@code outcomes}) and the promotion gates of the config's
 * {@code shadow.promote-when}. Not thread-safe (one instance per invocation).
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        header = "Compares the shadow model with the live one, from the ledger.",
        description = {
            "Since the shadow model started: the share of contacts both models put in the same band, the movement",
            "from the live band to the shadow band, the contacts entering each band per week under both, and the",
            "conversion by band under both (with 95% intervals and lift; needs the config's outcomes section) and",
            "the promotion gates of shadow.promote-when, each pass or fail.",
            "Works while the daemon runs. Exit 0, or 2 when the config or the ledger cannot be used or no shadow",
            "model has run."
        })
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LedgerOptions options = new LedgerOptions();

    /** The clock the shadow's running time and conversion are measured to; null until {@link #call()} wires one. */
    Clock clock;

    static final String NO_OUTCOMES = "no outcomes section in the config: conversion is not measured";

    /**
     * The comparison.
     *
     * @param agreementRate the share of contacts scored under both that both put in the same band; null when none
     * @param conversion conversion by band under both; null when the config has no {@code outcomes} section
     * @param ready whether every gate passed
     */
    record Comparison(String liveVersion, String liveFingerprint, String shadowVersion, String shadowFingerprint,
            String startedAt, String ranFor, long contacts, long agreeing, Double agreementRate,
            List<Movement> movement, List<Inflow> inflow, ShadowConversion.Conversion conversion, List<Gate> gates,
            boolean ready) {
    }

    record Movement(String live, String shadow, long contacts) {
    }

    /** Contacts entering {@code band} in week {@code week} (1 is the shadow's first week) under each model. */
    record Inflow(long week, String band, long live, long shadow) {
    }

    record Gate(String gate, boolean passed, String detail) {
    }

    private record Read(Optional<Scores.ModelVersion> live, Optional<Shadows.Model> shadow, List<Shadows.Pair> pairs,
            List<Shadows.Inflow> liveInflow, List<Shadows.Inflow> shadowInflow, Entries entries) {
    }

    /** What conversion by band reads: each model's band entries since the shadow's start, and the conversions. */
    private record Entries(List<ReportQueries.Entry> live, List<Shadows.Move> shadow, Map<Long, Long> converted) {
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
        SyncConfig config = ready.config();
        Instant now = (clock != null ? clock : Clock.systemUTC()).instant();
        Read read;
        try (Ledger ledger = ready.ledger()) {
            read = ledger.read(tx -> {
                Optional<Shadows.Model> shadow = tx.shadows().latest();
                Entries entries = shadow.isEmpty() || config.outcomes() == null ? null
                        : new Entries(tx.report().firedTransitions(shadow.get().startedAt(), now.toEpochMilli()),
                                tx.shadows().moves(shadow.get().fingerprint(), shadow.get().startedAt(),
                                        now.toEpochMilli()),
                                tx.report().firstEntered(config.outcomes().conversionStages()));
                return new Read(tx.scores().latestModel(), shadow,
                        shadow.map(s -> tx.shadows().agreement(s.fingerprint())).orElse(List.of()),
                        shadow.map(s -> tx.shadows().liveInflow(s.startedAt())).orElse(List.of()),
                        shadow.map(s -> tx.shadows().shadowInflow(s.fingerprint(), s.startedAt())).orElse(List.of()),
                        entries);
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
        Comparison c = compare(config, read, now);
        if (options.json) {
            out.println(PreviewCommand.REPORT_JSON.writeValueAsString(c));
        } else {
            print(out, config, c);
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
        ShadowConversion.Conversion conversion = null;
        String unreadable = null;
        if (read.entries() != null) {
            LoadResult candidate = new ConfigLoader(System::getenv).parse("shadow model " + shadow.version(),
                    shadow.configText());
            List<String> shadowBands = List.of();
            if (candidate instanceof LoadResult.Valid valid) {
                shadowBands = names(valid.config().bands());
            } else {
                unreadable = ((LoadResult.Invalid) candidate).problems().get(0).format();
            }
            conversion = ShadowConversion.of(config.outcomes(), names(config.bands()), shadowBands,
                    shadow.startedAt(), now.toEpochMilli(), read.entries().live(), read.entries().shadow(),
                    read.entries().converted());
        }
        List<Gate> gates = gates(config.shadow(), ran, conversion, unreadable);
        return new Comparison(read.live().map(Scores.ModelVersion::version).orElse(null),
                read.live().map(Scores.ModelVersion::fingerprint).orElse(null), shadow.version(),
                shadow.fingerprint(), Formats.instant(shadow.startedAt()), Formats.duration(ran.toMillis()), contacts,
                agreeing, contacts == 0 ? null : (double) agreeing / contacts, movement, inflow, conversion, gates,
                gates.stream().allMatch(Gate::passed));
    }

    private static List<String> names(BandsConfig bands) {
        return bands.levels().stream().map(BandsConfig.Band::name).toList();
    }

    /**
     * The gates of {@code shadow.promote-when} (its defaults when the config no longer names a shadow).
     *
     * @param conversion null when the config has no {@code outcomes} section
     * @param unreadable why the shadow's config, as the ledger keeps it, cannot be read here; null when it can
     */
    private static List<Gate> gates(ShadowConfig shadow, Duration ran, ShadowConversion.Conversion conversion,
            String unreadable) {
        ShadowConfig.PromoteWhen when = shadow != null ? shadow.promoteWhen()
                : new ShadowConfig.PromoteWhen(Duration.ofDays(14), 30, true);
        List<Gate> gates = new ArrayList<>();
        gates.add(new Gate("ran at least " + Durations.format(when.minDuration()), ran.compareTo(when.minDuration()) >= 0,
                "ran " + Formats.duration(ran.toMillis())));
        if (when.minConversions() > 0) {
            String name = "at least " + when.minConversions() + " conversions since the start";
            gates.add(conversion == null ? new Gate(name, false, NO_OUTCOMES)
                    : new Gate(name, conversion.conversions() >= when.minConversions(), String.format(Locale.ROOT,
                            "%,d contacts converted within %d days of a band entry under either model",
                            conversion.conversions(), conversion.windowDays())));
        }
        if (when.liftNotBelowLive()) {
            gates.add(liftGate(conversion, unreadable));
        }
        return gates;
    }

    /** Whether the shadow's top band has a lift at least the live top band's, both measured. */
    private static Gate liftGate(ShadowConversion.Conversion conversion, String unreadable) {
        String name = "shadow lift not below live";
        if (conversion == null) {
            return new Gate(name, false, NO_OUTCOMES);
        }
        if (conversion.shadowTopBand() == null) {
            return new Gate(name, false, "not enough data: the shadow model's config, as the ledger keeps it, cannot "
                    + "be read: " + unreadable);
        }
        String live = conversion.liveTopBand();
        String shadow = conversion.shadowTopBand();
        ShadowConversion.Side liveTop = conversion.of(live, false);
        ShadowConversion.Side shadowTop = conversion.of(shadow, true);
        List<String> missing = new ArrayList<>();
        missing(missing, "live", live, liveTop);
        missing(missing, "shadow", shadow, shadowTop);
        if (!missing.isEmpty()) {
            return new Gate(name, false, "not enough data: " + String.join("; ", missing) + " since the start");
        }
        return new Gate(name, shadowTop.lift() >= liveTop.lift(), String.format(Locale.ROOT,
                "shadow %s lift %.2f (%s), live %s lift %.2f (%s)", shadow, shadowTop.lift(),
                ReportText.numbers(shadowTop.liftLow(), shadowTop.liftHigh()), live, liveTop.lift(),
                ReportText.numbers(liveTop.liftLow(), liveTop.liftHigh())));
    }

    /** Why a model's top band has no lift yet, added to {@code missing}; nothing when it has one. */
    private static void missing(List<String> missing, String model, String band, ShadowConversion.Side top) {
        if (top.entered() == 0) {
            missing.add("no contact entered the " + model + " top band " + band);
        } else if (top.lift() == null) {
            missing.add("no contact converted after a band entry under the " + model + " model");
        }
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
        if (c.conversion() == null) {
            out.println("Conversion by band: " + NO_OUTCOMES + ".");
        } else {
            ShadowConversion.print(out, c.conversion());
        }
        out.println();
        out.println("Promotion gates (shadow.promote-when):");
        for (Gate gate : c.gates()) {
            out.printf("  %-4s  %s: %s%n", gate.passed() ? "PASS" : "FAIL", gate.gate(), gate.detail());
        }
        out.println(c.ready() ? "Ready to promote: every gate passed." : "Not ready to promote.");
    }
}
