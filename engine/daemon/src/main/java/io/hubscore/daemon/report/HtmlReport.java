package io.hubscore.daemon.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome report as one self-contained HTML page: inline CSS and inline SVG charts, no script, font, image or
 * style sheet fetched from anywhere, so it can be mailed, archived and printed. Its charts: the score histogram now
 * against the baseline, band entries per week against each band's capacity, conversion by band with its interval,
 * rule lift with its interval, and PSI over time. Stateless.
 */
public final class HtmlReport {

    /** The colour of the reference series (baseline, not converted) in every chart. */
    private static final String GREY = "#95a5a6";

    private static final String CSS = """
            body{font:14px/1.45 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#222;margin:0 auto;\
            max-width:1000px;padding:16px 24px;background:#fff}
            h1{font-size:22px;margin:8px 0}h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #ddd}
            p.meta{color:#555;margin:2px 0}
            table{border-collapse:collapse;margin:8px 0;font-size:13px}
            th,td{border-bottom:1px solid #e3e3e3;padding:3px 10px;text-align:right}
            th:first-child,td:first-child{text-align:left}
            th{background:#f4f4f4}
            td.flag{color:#c0392b;font-weight:600}
            figure{margin:10px 0;page-break-inside:avoid}figcaption{color:#444;font-size:13px}
            svg.chart{width:100%;height:auto;max-width:760px;display:block;background:#fff}
            svg.chart text{font-size:11px;fill:#333}
            svg.chart .grid{stroke:#eee}svg.chart .axis{stroke:#999}
            svg.chart .whisker{stroke:#222;stroke-width:1.5;fill:none}
            svg.chart .level{stroke-dasharray:5 4;stroke-width:1.5}
            svg.chart .series{stroke-width:2}
            @media print{body{max-width:none}h2{page-break-after:avoid}}
            """;

    private HtmlReport() {
    }

    /** The page. */
    public static String render(Report r) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>hubscore outcome report: ").append(escape(r.portal())).append("</title>")
                .append("<style>").append(CSS).append("</style></head><body>\n");
        h.append("<h1>Does the score predict conversion?</h1>");
        h.append("<p class=\"meta\">Portal <b>").append(escape(r.portal())).append("</b>, model <b>")
                .append(escape(r.modelVersion())).append("</b>; band entries from ").append(r.period().from())
                .append(" to ").append(r.period().to()).append(" (exclusive); baseline ").append(r.baseline().from())
                .append(" to ").append(r.baseline().to()).append(". A conversion is entering ")
                .append(escape(String.join(", ", r.conversionStages()))).append(" within ").append(r.windowDays())
                .append(" days of a band entry. ").append(r.contacts()).append(" contacts, ").append(r.scoreRows())
                .append(" score rows. Made ").append(escape(r.generatedAt())).append(".</p>\n");

        distribution(h, r);
        volumes(h, r);
        conversion(h, r);
        convertedVsNot(h, r);
        rules(h, r);
        drift(h, r);
        dataQuality(h, r);
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void distribution(StringBuilder h, Report r) {
        h.append("<h2>1. Score distribution</h2>");
        Svg svg = pairedHistogram(r.distribution().histogram(), "chart-histogram",
                "score histogram now against the baseline", "baseline", "now", "#2e86c1");
        svg.legend(List.of("baseline (" + r.baseline().distributionSource() + ")", "now"), List.of(GREY, "#2e86c1"));
        figure(h, svg.end(), "Share of contacts per score bin, now against the baseline.");
        h.append("<table><tr><th>distribution</th><th>contacts</th><th>p10</th><th>p25</th><th>median</th>")
                .append("<th>p75</th><th>p90</th></tr>");
        percentilesRow(h, "now", r.distribution().now());
        percentilesRow(h, "baseline", r.distribution().baseline());
        h.append("</table>\n");
    }

    /**
     * Two distributions over the same score bins as shares side by side: a bin's {@code baseline} count in grey on
     * the left, its {@code now} count in {@code colour} on the right, each as a share of its own total.
     */
    private static Svg pairedHistogram(List<Report.Bin> bins, String id, String title, String leftName,
            String rightName, String colour) {
        long leftTotal = bins.stream().mapToLong(Report.Bin::baseline).sum();
        long rightTotal = bins.stream().mapToLong(Report.Bin::now).sum();
        double max = 0.01;
        for (Report.Bin b : bins) {
            max = Math.max(max, Math.max(share(b.now(), rightTotal), share(b.baseline(), leftTotal)));
        }
        Svg svg = new Svg(id, title, 0, max * 1.1).axes(HtmlReport::percent);
        double slot = svg.plotWidth() / Math.max(1, bins.size());
        for (int i = 0; i < bins.size(); i++) {
            Report.Bin b = bins.get(i);
            double x = svg.x(0) + i * slot;
            svg.bar(x + slot * 0.1, slot * 0.4, share(b.baseline(), leftTotal), GREY,
                    leftName + " " + b.from() + "-" + b.to() + ": " + b.baseline());
            svg.bar(x + slot * 0.5, slot * 0.4, share(b.now(), rightTotal), colour,
                    rightName + " " + b.from() + "-" + b.to() + ": " + b.now());
            if (bins.size() <= 12 || i % 2 == 0) {
                svg.text(x + slot / 2, Svg.HEIGHT - Svg.BOTTOM + 14, "middle", Integer.toString(b.from()));
            }
        }
        return svg;
    }

    private static void volumes(StringBuilder h, Report r) {
        h.append("<h2>2. Band volumes and capacity</h2>");
        List<String> bands = new ArrayList<>(r.volumes().entries().keySet());
        double max = 1;
        for (List<Long> series : r.volumes().entries().values()) {
            for (Long v : series) {
                max = Math.max(max, v);
            }
        }
        for (Report.Capacity c : r.capacity()) {
            max = Math.max(max, c.perWeek());
        }
        Svg svg = new Svg("chart-volumes", "band entries per week with each band's capacity", 0, max * 1.1)
                .axes(v -> Long.toString(Math.round(v)));
        List<String> colours = new ArrayList<>();
        for (int b = 0; b < bands.size(); b++) {
            String colour = Svg.PALETTE.get(b % Svg.PALETTE.size());
            colours.add(colour);
            svg.line(r.volumes().entries().get(bands.get(b)), colour, bands.get(b) + " entries per week");
            for (Report.Capacity c : r.capacity()) {
                if (c.band().equals(bands.get(b))) {
                    svg.level(c.perWeek(), colour, bands.get(b) + " capacity " + c.perWeek());
                }
            }
        }
        List<String> weeks = r.volumes().weeks();
        for (int w = 0; w < weeks.size(); w += Math.max(1, weeks.size() / 6)) {
            svg.text(svg.x(weeks.size() == 1 ? 0.5 : (double) w / (weeks.size() - 1)), Svg.HEIGHT - Svg.BOTTOM + 14,
                    "middle", weeks.get(w));
        }
        svg.legend(bands, colours);
        figure(h, svg.end(), "Band entries per week (solid) and each band's weekly capacity (dashed).");
        h.append("<table><tr><th>week</th>");
        bands.forEach(b -> h.append("<th>").append(escape(b)).append(" contacts</th><th>").append(escape(b))
                .append(" entries</th>"));
        h.append("</tr>");
        for (int w = 0; w < weeks.size(); w++) {
            h.append("<tr><td>").append(weeks.get(w)).append("</td>");
            for (String b : bands) {
                h.append("<td>").append(r.volumes().contacts().get(b).get(w)).append("</td><td>")
                        .append(r.volumes().entries().get(b).get(w)).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</table>");
        if (!r.capacity().isEmpty()) {
            h.append("<table><tr><th>band</th><th>capacity per week</th><th>entered last week</th>")
                    .append("<th>weeks over capacity</th></tr>");
            for (Report.Capacity c : r.capacity()) {
                h.append("<tr><td>").append(escape(c.band())).append("</td><td>").append(c.perWeek())
                        .append("</td><td").append(c.enteredLastWeek() > c.perWeek() ? " class=\"flag\">" : ">")
                        .append(c.enteredLastWeek()).append("</td><td>").append(c.weeksOver()).append("</td></tr>");
            }
            h.append("</table>");
        }
        h.append('\n');
    }

    private static void conversion(StringBuilder h, Report r) {
        h.append("<h2>3. Conversion by band</h2>");
        double max = 0.05;
        for (Report.BandOutcome b : r.bands()) {
            max = Math.max(max, b.rateHigh() == null ? 0 : b.rateHigh());
        }
        Svg svg = new Svg("chart-conversion", "conversion rate by band with 95% intervals", 0, max * 1.1)
                .axes(HtmlReport::percent);
        double slot = svg.plotWidth() / Math.max(1, r.bands().size());
        for (int i = 0; i < r.bands().size(); i++) {
            Report.BandOutcome b = r.bands().get(i);
            double x = svg.x(0) + i * slot;
            if (b.rate() != null) {
                svg.bar(x + slot * 0.25, slot * 0.5, b.rate(), Svg.PALETTE.get(i % Svg.PALETTE.size()),
                        b.band() + ": " + b.converted() + " of " + b.entered() + " converted");
                svg.whisker(x + slot / 2, b.rateLow(), b.rateHigh());
            }
            svg.text(x + slot / 2, Svg.HEIGHT - Svg.BOTTOM + 14, "middle", b.band() + " (" + b.entered() + ")");
        }
        if (r.overall().rate() != null) {
            svg.level(r.overall().rate(), "#555", "all contacts " + percent(r.overall().rate()));
        }
        figure(h, svg.end(), "Share of the contacts entering each band that converted within the window; whiskers"
                + " are 95% Wilson intervals, the dashed line is the rate of all contacts.");
        h.append("<table><tr><th>band</th><th>entered</th><th>converted</th><th>rate</th><th>95% interval</th>")
                .append("<th>lift</th><th>lift interval</th><th>deals</th><th>won rate</th><th>won amount</th>")
                .append("<th>baseline entered</th><th>baseline rate</th></tr>");
        for (int i = 0; i < r.bands().size(); i++) {
            Report.BandOutcome b = r.bands().get(i);
            Report.BandOutcome base = r.baselineBands().get(i);
            h.append("<tr><td>").append(escape(b.band())).append("</td><td>").append(b.entered()).append("</td><td>")
                    .append(b.converted()).append("</td><td>").append(percent(b.rate())).append("</td><td>")
                    .append(interval(b.rateLow(), b.rateHigh())).append("</td><td>").append(number(b.lift()))
                    .append("</td><td>").append(numbers(b.liftLow(), b.liftHigh()))
                    .append("</td><td>").append(b.dealsCreated()).append("</td><td>").append(percent(b.wonRate()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%,.0f", b.wonAmount())).append("</td><td>")
                    .append(base.entered()).append("</td><td>").append(percent(base.rate())).append("</td></tr>");
        }
        h.append("<tr><td>all</td><td>").append(r.overall().contacts()).append("</td><td>")
                .append(r.overall().converted()).append("</td><td>").append(percent(r.overall().rate()))
                .append("</td><td>").append(interval(r.overall().rateLow(), r.overall().rateHigh()))
                .append("</td><td>1</td><td></td><td></td><td></td><td></td><td>").append(r.baselineOverall().contacts())
                .append("</td><td>").append(percent(r.baselineOverall().rate())).append("</td></tr></table>");
        h.append("<p>Top band ").append(escape(r.topBand().band())).append(": precision ")
                .append(percent(r.topBand().precision())).append(", recall ").append(percent(r.topBand().recall()))
                .append(". Baseline \"all\": contacts created in the baseline period that converted within the window."
                        + "</p>\n");
    }

    private static void convertedVsNot(StringBuilder h, Report r) {
        h.append("<h2>4. Converted against not converted</h2>");
        Svg svg = pairedHistogram(r.convertedVsNot().histogram(), "chart-converted",
                "scores of converted and not converted contacts", "not converted", "converted", "#16a085");
        svg.legend(List.of("not converted (score at the period's end)", "converted (score at conversion)"),
                List.of(GREY, "#16a085"));
        figure(h, svg.end(), "Scores of the contacts that converted in the period, at their conversion, against the"
                + " others'.");
        h.append("<table><tr><th>contacts</th><th>count</th><th>p10</th><th>p25</th><th>median</th><th>p75</th>")
                .append("<th>p90</th></tr>");
        percentilesRow(h, "converted", r.convertedVsNot().converted());
        percentilesRow(h, "not converted", r.convertedVsNot().notConverted());
        h.append("</table>\n");
    }

    private static void rules(StringBuilder h, Report r) {
        h.append("<h2>5. Rule effectiveness</h2>");
        double max = 2;
        for (Report.RuleEffect rule : r.rules()) {
            if (rule.liftHigh() != null) {
                max = Math.max(max, Math.min(rule.liftHigh(), 10));
            }
        }
        Svg svg = new Svg("chart-rules", "lift of each rule with 95% intervals", 0, max * 1.05)
                .axes(v -> String.format(Locale.ROOT, "%.1f", v));
        double slot = svg.plotWidth() / Math.max(1, r.rules().size());
        for (int i = 0; i < r.rules().size(); i++) {
            Report.RuleEffect rule = r.rules().get(i);
            double x = svg.x(0) + i * slot;
            if (rule.lift() != null) {
                svg.bar(x + slot * 0.2, slot * 0.6, rule.lift(), rule.flagged() ? "#c0392b" : "#2e86c1",
                        rule.rule() + ": lift " + number(rule.lift()));
                if (rule.liftLow() != null && rule.liftHigh() != null) {
                    svg.whisker(x + slot / 2, rule.liftLow(), rule.liftHigh());
                }
            }
            svg.text(x + slot / 2, Svg.HEIGHT - Svg.BOTTOM + 14 + (i % 2) * 12, "middle", rule.rule());
        }
        svg.level(1, "#555", "no lift");
        figure(h, svg.end(), "Conversion rate of the contacts each rule scored against the others' (lift), with 95%"
                + " intervals; red: the lift goes against the rule's sign.");
        h.append("<table><tr><th>rule</th><th>group</th><th>points</th><th>coverage</th><th>rate scored</th>")
                .append("<th>rate not scored</th><th>lift</th><th>95% interval</th><th>flag</th></tr>");
        for (Report.RuleEffect rule : r.rules()) {
            h.append("<tr><td>").append(escape(rule.rule())).append("</td><td>").append(rule.group())
                    .append("</td><td>").append(number(rule.points())).append("</td><td>")
                    .append(percent(rule.coverage())).append("</td><td>").append(percent(rule.rateScored()))
                    .append("</td><td>").append(percent(rule.rateNotScored())).append("</td><td>")
                    .append(number(rule.lift())).append("</td><td>").append(numbers(rule.liftLow(), rule.liftHigh()))
                    .append("</td><td").append(rule.flagged() ? " class=\"flag\">against its sign" : ">")
                    .append("</td></tr>");
        }
        h.append("</table>\n");
    }

    private static void drift(StringBuilder h, Report r) {
        h.append("<h2>6. Drift</h2>");
        double max = 0.3;
        for (Report.WeekPsi w : r.psi().weekly()) {
            if (w.psi() != null) {
                max = Math.max(max, w.psi());
            }
        }
        Svg svg = new Svg("chart-psi", "PSI against the baseline per week", 0, max * 1.1)
                .axes(v -> String.format(Locale.ROOT, "%.2f", v));
        svg.level(0.10, "#e67e22", "0.10 watch");
        svg.level(0.25, "#c0392b", "0.25 shift");
        svg.line(r.psi().weekly().stream().map(Report.WeekPsi::psi).toList(), "#2e86c1", "PSI per week");
        List<Report.WeekPsi> weeks = r.psi().weekly();
        for (int w = 0; w < weeks.size(); w += Math.max(1, weeks.size() / 6)) {
            svg.text(svg.x(weeks.size() == 1 ? 0.5 : (double) w / (weeks.size() - 1)), Svg.HEIGHT - Svg.BOTTOM + 14,
                    "middle", weeks.get(w).week());
        }
        figure(h, svg.end(), "Population stability index of each week's scores against the baseline.");
        h.append("<p>PSI against the baseline: <b>").append(number(r.psi().baseline())).append("</b> (")
                .append(r.psi().baselineLevel() == null ? "no scores to compare" : r.psi().baselineLevel()).append("); against four weeks earlier: <b>")
                .append(number(r.psi().fourWeeks())).append("</b> (")
                .append(r.psi().fourWeeksLevel() == null ? "no scores to compare" : r.psi().fourWeeksLevel()).append(").</p>");
        h.append("<table><tr><th>band</th><th>share now</th><th>four weeks ago</th><th>baseline</th></tr>");
        for (Report.BandShare s : r.bandShares()) {
            h.append("<tr><td>").append(escape(s.band())).append("</td><td>").append(percent(s.now()))
                    .append("</td><td>").append(percent(s.fourWeeksAgo())).append("</td><td>")
                    .append(percent(s.baseline())).append("</td></tr>");
        }
        h.append("</table>\n");
    }

    private static void dataQuality(StringBuilder h, Report r) {
        h.append("<h2>7. Data quality</h2>");
        h.append("<table><tr><th>note</th><th>property</th><th>contacts</th><th>share</th></tr>");
        for (Report.NoteShare n : r.dataQuality().notes()) {
            h.append("<tr><td>").append(escape(n.source())).append("</td><td>")
                    .append(escape(n.property() == null ? "-" : n.property())).append("</td><td>").append(n.contacts())
                    .append("</td><td>").append(percent(n.share())).append("</td></tr>");
        }
        if (r.dataQuality().notes().isEmpty()) {
            h.append("<tr><td colspan=\"4\">no data-quality notes</td></tr>");
        }
        h.append("</table><p>Properties the model reads that no contact has: ")
                .append(r.dataQuality().missingProperties().isEmpty() ? "none"
                        : escape(String.join(", ", r.dataQuality().missingProperties())))
                .append(".</p>\n");
    }

    private static void figure(StringBuilder h, String svg, String caption) {
        h.append("<figure>").append(svg).append("<figcaption>").append(escape(caption)).append("</figcaption></figure>");
    }

    private static void percentilesRow(StringBuilder h, String name, Report.Percentiles p) {
        h.append("<tr><td>").append(name).append("</td><td>").append(p.contacts()).append("</td>");
        for (Integer v : new Integer[] {p.p10(), p.p25(), p.p50(), p.p75(), p.p90()}) {
            h.append("<td>").append(v == null ? "-" : v).append("</td>");
        }
        h.append("</tr>");
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.0f%%", value * 100);
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

    static String numbers(Double low, Double high) {
        return low == null || high == null ? "-" : number(low) + " to " + number(high);
    }

    /** Text made safe for HTML content and attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
