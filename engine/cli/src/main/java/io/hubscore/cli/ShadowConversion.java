package io.hubscore.cli;

import io.hubscore.config.OutcomesConfig;
import io.hubscore.daemon.report.BandConversion;
import io.hubscore.daemon.report.Report;
import io.hubscore.ledger.ReportQueries;
import io.hubscore.ledger.Shadows;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Conversion by band under the live and the shadow model since the shadow started, judged as the outcome report
 * judges it ({@link BandConversion}) over each model's own band entries: under the live model its fired transitions,
 * under the shadow its counted band changes (as its inflow counts them). A contact counts once among the conversions
 * when it converted within the window after an entry judged under either model. Stateless.
 */
final class ShadowConversion {

    private ShadowConversion() {
    }

    /**
     * Conversion by band under both models.
     *
     * @param conversions contacts that converted within the window after an entry judged under either model, each once
     * @param liveTopBand the live model's highest band
     * @param shadowTopBand the shadow model's highest band; null when its config cannot be read
     * @param bands the live model's bands, highest first, then the shadow's other bands
     * @param all each model's first entries judged, whatever the band: what every band's lift is measured against
     */
    record Conversion(List<String> conversionStages, long windowDays, long conversions, String liveTopBand,
            String shadowTopBand, List<Band> bands, All all) {

        /** The band's figures under the model; null when the model has no such band. */
        Side of(String band, boolean shadow) {
            return bands.stream().filter(b -> b.band().equals(band)).findFirst()
                    .map(b -> shadow ? b.shadow() : b.live()).orElse(null);
        }
    }

    /** One band under each model; a side is null when that model has no such band. */
    record Band(String band, Side live, Side shadow) {
    }

    /** A band under one model: its entries, how many converted, the rate and lift with their 95% intervals. */
    record Side(long entered, long converted, Double rate, Double rateLow, Double rateHigh, Double lift, Double liftLow,
            Double liftHigh) {
    }

    /** One model's first entries judged, whatever the band. */
    record Group(long entered, long converted, Double rate, Double rateLow, Double rateHigh) {
    }

    record All(Group live, Group shadow) {
    }

    /**
     * @param liveBands the live config's bands, highest first
     * @param shadowBands the shadow config's bands, highest first; empty when its config cannot be read (then the
     *     live bands and those its changes entered are counted, and it has no top band)
     * @param since the shadow's start, epoch ms
     * @param until now, epoch ms (exclusive)
     * @param converted when each contact first entered a conversion stage
     */
    static Conversion of(OutcomesConfig outcomes, List<String> liveBands, List<String> shadowBands, long since,
            long until, List<ReportQueries.Entry> live, List<Shadows.Move> shadow, Map<Long, Long> converted) {
        List<String> shadowCounted = new ArrayList<>(shadowBands);
        if (shadowCounted.isEmpty()) {
            Set<String> seen = new LinkedHashSet<>(liveBands);
            shadow.forEach(m -> seen.add(m.to()));
            shadowCounted.addAll(seen);
        }
        long window = outcomes.window().toMillis();
        BandConversion liveConversion = new BandConversion(liveBands, since, until, window);
        BandConversion shadowConversion = new BandConversion(shadowCounted, since, until, window);
        Map<Long, List<ReportQueries.Entry>> liveByContact = new LinkedHashMap<>();
        live.forEach(e -> liveByContact.computeIfAbsent(e.contactId(), k -> new ArrayList<>()).add(e));
        Map<Long, List<Shadows.Move>> shadowByContact = new LinkedHashMap<>();
        shadow.forEach(m -> shadowByContact.computeIfAbsent(m.contactId(), k -> new ArrayList<>()).add(m));
        Set<Long> contacts = new LinkedHashSet<>(liveByContact.keySet());
        contacts.addAll(shadowByContact.keySet());
        long conversions = 0;
        for (long id : contacts) {
            Long at = converted.get(id);
            BandConversion.Contact underLive = liveConversion.contact(at);
            liveByContact.getOrDefault(id, List.of()).forEach(e -> underLive.enter(e.toBand(), e.at()));
            BandConversion.Contact underShadow = shadowConversion.contact(at);
            shadowByContact.getOrDefault(id, List.of()).forEach(m -> underShadow.enter(m.to(), m.at()));
            conversions += underLive.converted() || underShadow.converted() ? 1 : 0;
        }

        Map<String, Side[]> rows = new LinkedHashMap<>();
        liveConversion.figures().forEach(f -> rows.computeIfAbsent(f.band(), b -> new Side[2])[0] = side(f));
        shadowConversion.figures().forEach(f -> rows.computeIfAbsent(f.band(), b -> new Side[2])[1] = side(f));
        List<Band> bands = new ArrayList<>();
        rows.forEach((band, sides) -> bands.add(new Band(band, sides[0], sides[1])));
        return new Conversion(outcomes.conversionStages(), outcomes.window().toDays(), conversions, liveBands.get(0),
                shadowBands.isEmpty() ? null : shadowBands.get(0), bands,
                new All(group(liveConversion.all()), group(shadowConversion.all())));
    }

    private static Side side(BandConversion.Figures f) {
        return new Side(f.entered(), f.converted(), f.rate(), f.rateLow(), f.rateHigh(), f.lift(), f.liftLow(),
                f.liftHigh());
    }

    private static Group group(Report.Group g) {
        return new Group(g.contacts(), g.converted(), g.rate(), g.rateLow(), g.rateHigh());
    }

    static void print(PrintWriter out, Conversion c) {
        out.printf(Locale.ROOT, "Conversion by band since the shadow started (a conversion: entering %s within %d days"
                + " of a band entry):%n", String.join(", ", c.conversionStages()), c.windowDays());
        TextTable table = new TextTable("  ").header("band", "model", "entered", "converted", "rate", "95% interval",
                "lift", "lift interval");
        for (Band band : c.bands()) {
            row(table, band.band(), "live", band.live());
            row(table, band.band(), "shadow", band.shadow());
        }
        group(table, "live", c.all().live());
        group(table, "shadow", c.all().shadow());
        table.print(out);
        out.println("  entries: under the live model its fired transitions, under the shadow its counted band changes");
        out.printf(Locale.ROOT, "  conversions: %,d contacts converted after a band entry under either model%n",
                c.conversions());
    }

    private static void row(TextTable table, String band, String model, Side s) {
        if (s != null) {
            table.row(band, model, s.entered(), s.converted(), ReportText.percent(s.rate()),
                    ReportText.interval(s.rateLow(), s.rateHigh()), ReportText.number(s.lift()),
                    ReportText.numbers(s.liftLow(), s.liftHigh()));
        }
    }

    private static void group(TextTable table, String model, Group g) {
        table.row("all", model, g.entered(), g.converted(), ReportText.percent(g.rate()),
                ReportText.interval(g.rateLow(), g.rateHigh()), g.entered() == 0 ? "-" : "1.00", "");
    }
}
