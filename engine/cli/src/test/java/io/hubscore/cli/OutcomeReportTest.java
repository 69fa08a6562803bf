package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.testing.MutableClock;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerSql;
import io.hubscore.simulator.SimulatorOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubscore report} on the ledger of a real daemon that ran through weeks of simulated time on a simulated
 * portal, whose market converts contacts by their hidden propensity: the icp-agency model shows real lift, its
 * figures are checked contact by contact against the ledger, its JSON has the documented fields, and
 * its HTML is checked as a person would see it: parsed by a real HTML parser (every chart there, drawn, nothing
 * fetched from anywhere) and rendered by headless Chromium (every chart's area drawn on).
 */
class OutcomeReportTest {

    static final List<String> CHARTS = List.of("chart-histogram", "chart-volumes", "chart-conversion", "chart-rules",
            "chart-psi");

    @TempDir
    static Path dir;

    static Path config;
    static Path ledger;
    static MutableClock clock;
    static ReportCommands run;

    @BeforeAll
    static void aDaemonRunsThroughEightSimulatedWeeks() throws Exception {
        clock = new MutableClock();
        try (PortalHarness harness = PortalHarness.start(dir, 1000, 23L, "overwrite", clock,
                SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN).withoutRateLimits())) {
            config = harness.configFile;
            ledger = harness.ledgerFile;
            Random random = new Random(23L);
            try (Daemon daemon = harness.openDaemon()) {
                assertTrue(daemon.runOnce(Duration.ofMinutes(2)));
                for (int week = 0; week < 8; week++) {
                    for (int day = 0; day < 7; day++) {
                        clock.advance(Duration.ofDays(1));
                        harness.simulator.portal().passTime(random, Duration.ofDays(1));
                    }
                    assertTrue(daemon.runOnce(Duration.ofMinutes(2)));
                }
            }
        }
        run = new ReportCommands();
        int exit = run.run(clock, "report", "--config", config.toString(), "--json", dir.resolve("report.json").toString(),
                "--html", dir.resolve("report.html").toString());
        assertEquals(0, exit, run.err.toString());
    }

    @Test
    void conversionByBandIsWhatTheLedgerSaysContactByContact() throws Exception {
        JsonNode report = ReportCommands.MAPPER.readTree(dir.resolve("report.json").toFile());
        long since = java.time.LocalDate.parse(report.at("/period/from").asText())
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
        long until = clock.millis();
        long window = Duration.ofDays(90).toMillis();

        Map<String, long[]> expected = new TreeMap<>();
        try (Ledger open = Ledger.openReadOnly(ledger)) {
            Map<Long, Long> converted = new HashMap<>();
            for (List<String> row : LedgerSql.rows(open, "SELECT contact_id, MIN(entered_at) FROM stage_entries "
                    + "WHERE stage IN ('salesqualifiedlead', 'opportunity', 'customer') GROUP BY contact_id")) {
                converted.put(Long.parseLong(row.get(0)), Long.parseLong(row.get(1)));
            }
            // band entries: each contact's first score, then every fired transition
            Map<Long, List<String[]>> entries = new TreeMap<>();
            for (List<String> row : LedgerSql.rows(open, "SELECT contact_id, band, scored_at FROM scores s WHERE seq ="
                    + " (SELECT MIN(seq) FROM scores t WHERE t.contact_id = s.contact_id)")) {
                entries.computeIfAbsent(Long.parseLong(row.get(0)), k -> new ArrayList<>())
                        .add(new String[] {row.get(1), row.get(2)});
            }
            for (List<String> row : LedgerSql.rows(open, "SELECT contact_id, to_band, at FROM transitions "
                    + "WHERE fired = 1 ORDER BY seq")) {
                entries.computeIfAbsent(Long.parseLong(row.get(0)), k -> new ArrayList<>())
                        .add(new String[] {row.get(1), row.get(2)});
            }
            entries.forEach((contact, list) -> {
                Map<String, Boolean> seen = new HashMap<>();
                for (String[] entry : list) {
                    long at = Long.parseLong(entry[1]);
                    Long conversion = converted.get(contact);
                    if (at < since || at > until || seen.containsKey(entry[0])
                            || conversion != null && conversion <= at) {
                        continue;
                    }
                    seen.put(entry[0], true);
                    long[] counts = expected.computeIfAbsent(entry[0], k -> new long[2]);
                    counts[0]++;
                    if (conversion != null && conversion <= at + window) {
                        counts[1]++;
                    }
                }
            });
        }
        Map<String, long[]> reported = new TreeMap<>();
        for (JsonNode band : report.get("bands")) {
            reported.put(band.get("band").asText(), new long[] {band.get("entered").asLong(),
                    band.get("converted").asLong()});
            double rate = band.get("rate").asDouble();
            assertEquals((double) band.get("converted").asLong() / band.get("entered").asLong(), rate, 1e-4);
            assertTrue(band.get("rate_low").asDouble() <= rate && rate <= band.get("rate_high").asDouble());
            assertTrue(band.has("lift"));
        }
        assertEquals(toText(expected), toText(reported));
        assertTrue(expected.values().stream().mapToLong(c -> c[1]).sum() > 0, "some contacts converted");
    }

    @Test
    void hotConvertsMoreThanWarmAndWarmMoreThanColdEachBeyondItsInterval() throws Exception {
        JsonNode bands = ReportCommands.MAPPER.readTree(dir.resolve("report.json").toFile()).get("bands");
        JsonNode hot = bands.get(0);
        JsonNode warm = bands.get(1);
        JsonNode cold = bands.get(2);

        String all = bands.toString();
        assertBeyond(hot, warm, all);
        assertBeyond(warm, cold, all);
        assertTrue(hot.get("lift_low").asDouble() > 1, "Hot's lift is above 1 beyond its interval: " + hot);
        assertTrue(cold.get("lift_high").asDouble() < 1, "Cold's lift is below 1 beyond its interval: " + cold);
        double overall = ReportCommands.MAPPER.readTree(dir.resolve("report.json").toFile()).at("/overall/rate")
                .asDouble();
        for (JsonNode band : bands) {
            assertEquals(band.get("rate_low").asDouble() / overall, band.get("lift_low").asDouble(), 1e-3);
            assertEquals(band.get("rate_high").asDouble() / overall, band.get("lift_high").asDouble(), 1e-3);
        }
    }

    /** {@code higher}'s whole 95% interval is above {@code lower}'s. */
    static void assertBeyond(JsonNode higher, JsonNode lower, String all) {
        assertTrue(higher.get("rate_low").asDouble() > lower.get("rate_high").asDouble(),
                higher.get("band").asText() + " converts more than " + lower.get("band").asText()
                        + " beyond both intervals: " + all);
    }

    @Test
    void theJsonHasTheDocumentedFields() throws Exception {
        JsonNode report = ReportCommands.MAPPER.readTree(dir.resolve("report.json").toFile());

        assertEquals(List.of("Hot", "Warm", "Cold"), names(report.get("bands"), "band"));
        for (String field : List.of("entered", "converted", "rate", "rate_low", "rate_high", "lift", "lift_low",
                "lift_high")) {
            assertTrue(report.get("bands").get(0).has(field), field);
        }
        assertTrue(report.at("/psi/baseline").isNumber(), report.get("psi").toString());
        assertTrue(report.at("/psi/four_weeks").isNumber(), report.get("psi").toString());
        assertEquals(List.of("marketing-title", "agency-industry", "company-size-10-50", "target-country",
                "student-or-intern", "opted-out", "converted", "case-study-conversion", "page-views-10-plus", "meeting",
                "email-reply"), names(report.get("rules"), "rule"));
        for (JsonNode rule : report.get("rules")) {
            assertTrue(rule.has("coverage") && rule.has("lift") && rule.get("flagged").isBoolean(), rule.toString());
        }
        assertEquals(List.of("Hot", "Warm"), names(report.get("capacity"), "band"));
        assertEquals(40, report.at("/capacity/0/per_week").asLong());
        List<Long> hotEntries = new ArrayList<>();
        report.at("/volumes/entries/Hot").forEach(n -> hotEntries.add(n.asLong()));
        assertEquals(hotEntries.get(hotEntries.size() - 1), report.at("/capacity/0/entered_last_week").asLong());
    }

    @Test
    void theHtmlIsOneSelfContainedPageWithEveryChartDrawn() throws IOException {
        Document page = Jsoup.parse(dir.resolve("report.html").toFile(), "UTF-8");

        for (String id : CHARTS) {
            Element chart = page.getElementById(id);
            assertTrue(chart != null && chart.tagName().equals("svg"), id + " is in the page");
            long bars = chart.select("rect").stream().filter(e -> Double.parseDouble(e.attr("height")) > 0).count();
            long lines = chart.select("polyline").stream().filter(e -> !e.attr("points").isBlank()).count();
            long marks = bars + lines + chart.select("path.whisker, circle").size();
            assertTrue(marks >= 3, id + " draws something: " + chart.outerHtml().length() + " characters");
        }
        assertTrue(page.select("script, link, img, iframe, object, embed").isEmpty(), "nothing to load");
        for (Element element : page.getAllElements()) {
            for (var attribute : element.attributes()) {
                if (List.of("src", "href", "xlink:href").contains(attribute.getKey())) {
                    throw new AssertionError("an external reference: " + element.outerHtml());
                }
            }
        }
        String styles = page.select("style").html();
        assertFalse(styles.contains("url(") || styles.contains("@import"), "the styles fetch nothing");
        assertEquals(7, page.select("h2").size(), "seven sections");
    }

    @Test
    void chromiumDrawsEveryChart() throws Exception {
        Document page = Jsoup.parse(dir.resolve("report.html").toFile(), "UTF-8");
        // every chart's figure, as the report has it, in a cell of known place and size
        StringBuilder cells = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>")
                .append(page.select("style").html())
                .append(" body{margin:0;padding:0;max-width:none} .cell{position:absolute;left:0;width:800px;"
                        + "height:400px;overflow:hidden}</style></head><body>");
        for (int i = 0; i < CHARTS.size(); i++) {
            cells.append("<div class=\"cell\" style=\"top:").append(i * 400).append("px\">")
                    .append(page.getElementById(CHARTS.get(i)).parent().outerHtml()).append("</div>");
        }
        Path cellsFile = dir.resolve("cells.html");
        Files.writeString(cellsFile, cells.append("</body></html>").toString(), StandardCharsets.UTF_8);

        BufferedImage image = Chromium.screenshot(cellsFile, 800, 400 * CHARTS.size(), dir.resolve("cells.png"));
        for (int i = 0; i < CHARTS.size(); i++) {
            int inked = 0;
            int coloured = 0;
            for (int y = i * 400 + 10; y < i * 400 + 280; y++) {
                for (int x = 60; x < 760; x++) {
                    int rgb = image.getRGB(x, y) & 0xffffff;
                    if (rgb != 0xffffff) {
                        inked++;
                    }
                    int r = rgb >> 16 & 0xff;
                    int g = rgb >> 8 & 0xff;
                    int b = rgb & 0xff;
                    if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                        coloured++;
                    }
                }
            }
            assertTrue(inked > 2_000 && coloured > 300, CHARTS.get(i) + " is drawn: " + inked + " inked pixels, "
                    + coloured + " coloured");
        }
        BufferedImage whole = Chromium.screenshot(dir.resolve("report.html"), 1000, 1400, dir.resolve("report.png"));
        long inked = 0;
        for (int y = 0; y < whole.getHeight(); y += 2) {
            for (int x = 0; x < whole.getWidth(); x += 2) {
                inked += (whole.getRGB(x, y) & 0xffffff) != 0xffffff ? 1 : 0;
            }
        }
        assertTrue(inked * 4 > whole.getWidth() * whole.getHeight() / 20, "the page's first screen is not blank");
    }

    private static List<String> names(JsonNode list, String field) {
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.get(field).asText()));
        return names;
    }

    private static String toText(Map<String, long[]> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((band, c) -> text.append(band).append(": entered ").append(c[0]).append(", converted ")
                .append(c[1]).append('\n'));
        return text.toString();
    }

    /** Headless Chromium (the Debian package {@code chromium}), rendering a local file to a PNG. */
    static final class Chromium {

        static BufferedImage screenshot(Path html, int width, int height, Path png) throws Exception {
            List<String> command = List.of(executable(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + html.resolveSibling("chromium-profile"),
                    "--screenshot=" + png, "--window-size=" + width + "," + height, html.toUri().toString());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(html.resolveSibling("chromium.log").toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("chromium did not finish within 90 s");
            }
            assertEquals(0, process.exitValue(), () -> "chromium failed: " + read(html.resolveSibling("chromium.log")));
            return ImageIO.read(png.toFile());
        }

        private static String executable() {
            for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
                if (Files.isExecutable(Path.of(candidate))) {
                    return candidate;
                }
            }
            throw new AssertionError("headless Chromium is needed to check the HTML report as a person sees it: "
                    + "install the Debian package chromium (.ci/run does)");
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return e.getMessage();
            }
        }
    }
}
