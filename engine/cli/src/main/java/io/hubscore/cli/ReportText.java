package io.hubscore.cli;

import io.hubscore.daemon.report.Report;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The outcome report as text for the terminal: each section as a short table. Stateless. */
final class ReportText {

    private ReportText() {
    }

    static void print(PrintWriter out, Report r) {
        out.printf(Locale.ROOT, "Outcome report for portal %s, model %s: band entries %s to %s, baseline %s to %s%n",
                r.portal(), r.modelVersion(), r.period().from(), r.period().to(), r.baseline().from(),
                r.baseline().to());
        out.printf(Locale.ROOT, "A conversion: entering %s within %d days of a band entry. %d contacts, %d score rows.%n",
                String.join(", ", r.conversionStages()), r.windowDays(), r.contacts(), r.scoreRows());

        out.println();
        out.println("1. Score distribution");
        TextTable distribution = new TextTable("  ").header("", "contacts", "p10", "p25", "median", "p75", "p90");
        percentiles(distribution, "now", r.distribution().now());
        percentiles(distribution, "baseline (" + r.baseline().distributionSource() + ")", r.distribution().baseline());
        distribution.print(out);

        out.println();
        out.println("2. Band entries per week (last " + Math.min(4, r.volumes().weeks().size()) + " weeks)");
        TextTable volumes = new TextTable("  ");
        List<String> weeks = r.volumes().weeks();
        int first = Math.max(0, weeks.size() - 4);
        Object[] header = new Object[1 + weeks.size() - first];
        header[0] = "band";
        for (int w = first; w < weeks.size(); w++) {
            header[1 + w - first] = weeks.get(w);
        }
        volumes.header(java.util.Arrays.stream(header).map(String::valueOf).toArray(String[]::new));
        r.volumes().entries().forEach((band, entries) -> {
            Object[] row = new Object[header.length];
            row[0] = band;
            for (int w = first; w < weeks.size(); w++) {
                row[1 + w - first] = entries.get(w);
            }
            volumes.row(row);
        });
        volumes.print(out, "  no weeks in the period");
        for (Report.Capacity c : r.capacity()) {
            out.printf(Locale.ROOT, "  %s: %d entered last week, capacity %d per week%s%n", c.band(),
                    c.enteredLastWeek(), c.perWeek(), c.weeksOver() > 0 ? " (over it in " + c.weeksOver()
                            + " of " + weeks.size() + " weeks)" : "");
        }

        out.println();
        out.println("3. Conversion by band");
        conversionByBand(out, r);

        out.println();
        out.println("4. Converted against not converted");
        TextTable converted = new TextTable("  ").header("", "contacts", "p10", "p25", "median", "p75", "p90");
        percentiles(converted, "converted (at conversion)", r.convertedVsNot().converted());
        percentiles(converted, "not converted", r.convertedVsNot().notConverted());
        converted.print(out);

        out.println();
        out.println("5. Rule effectiveness");
        TextTable rules = new TextTable("  ").header("rule", "points", "coverage", "rate scored", "rate not",
                "lift", "95% interval", "");
        for (Report.RuleEffect rule : r.rules()) {
            rules.row(rule.rule(), number(rule.points()), percent(rule.coverage()), percent(rule.rateScored()),
                    percent(rule.rateNotScored()), number(rule.lift()), numbers(rule.liftLow(), rule.liftHigh()),
                    rule.flagged() ? "FLAGGED: lift against its sign" : "");
        }
        rules.print(out);

        out.println();
        out.printf(Locale.ROOT, "6. Drift: PSI against the baseline %s (%s), against four weeks earlier %s (%s)%n",
                number(r.psi().baseline()), level(r.psi().baselineLevel()), number(r.psi().fourWeeks()),
                level(r.psi().fourWeeksLevel()));
        TextTable shares = new TextTable("  ").header("band", "share now", "four weeks ago", "baseline");
        for (Report.BandShare s : r.bandShares()) {
            shares.row(s.band(), percent(s.now()), percent(s.fourWeeksAgo()), percent(s.baseline()));
        }
        shares.print(out);

        out.println();
        out.println("7. Data quality (" + r.dataQuality().scoredContacts() + " scored contacts)");
        TextTable notes = new TextTable("  ").header("note", "property", "contacts", "share");
        for (Report.NoteShare n : r.dataQuality().notes()) {
            notes.row(n.source(), n.property(), n.contacts(), percent(n.share()));
        }
        notes.print(out, "  no data-quality notes");
        out.println("  properties the model reads that no contact has: "
                + (r.dataQuality().missingProperties().isEmpty() ? "none"
                        : String.join(", ", r.dataQuality().missingProperties())));
    }

    /** Section 3: conversion by band, with the top band's precision and recall. */
    static void conversionByBand(PrintWriter out, Report r) {
        TextTable bands = new TextTable("  ").header("band", "entered", "converted", "rate", "95% interval", "lift",
                "lift interval", "deals", "won rate", "baseline rate");
        for (int i = 0; i < r.bands().size(); i++) {
            Report.BandOutcome b = r.bands().get(i);
            bands.row(b.band(), b.entered(), b.converted(), percent(b.rate()), interval(b.rateLow(), b.rateHigh()),
                    number(b.lift()), numbers(b.liftLow(), b.liftHigh()), b.dealsCreated(), percent(b.wonRate()),
                    percent(r.baselineBands().get(i).rate()));
        }
        bands.row("all", r.overall().contacts(), r.overall().converted(), percent(r.overall().rate()),
                interval(r.overall().rateLow(), r.overall().rateHigh()), "1.00", "", "", "",
                percent(r.baselineOverall().rate()));
        bands.print(out);
        out.printf(Locale.ROOT, "  top band %s: precision %s, recall %s%n", r.topBand().band(),
                percent(r.topBand().precision()), percent(r.topBand().recall()));
    }

    private static String level(String level) {
        return level == null ? "no scores to compare" : level;
    }

    private static void percentiles(TextTable table, String name, Report.Percentiles p) {
        table.row(name, p.contacts(), p.p10(), p.p25(), p.p50(), p.p75(), p.p90());
    }

    static String percent(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f%%", value * 100);
    }

    static String interval(Double low, Double high) {
        return low == null || high == null ? "-" : percent(low) + " to " + percent(high);
    }

    static String number(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%+.0f", value);
    }

    static String numbers(Double low, Double high) {
        return low == null || high == null ? "-" : number(low) + " to " + number(high);
    }
}
