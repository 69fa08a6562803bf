package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void the_demo_plays_weeks_of_simulated_time_and_ends_with_the_outcome_report(@TempDir Path dir)
            throws IOException {
        Path html = dir.resolve("demo-report.html");
        int exit = run("demo", "--contacts", "400", "--weeks", "3", "--report", html.toString());

        String text = out.toString();
        assertEquals(ExitCodes.OK, exit, text + err);
        assertTrue(text.contains("Backfill done: 400 contacts scored"), text);
        String distribution = text.substring(text.indexOf("Band distribution"), text.indexOf("Transitions that fired"));
        Matcher bands = Pattern.compile("(?m)^  (Hot|Warm|Cold) +([0-9,]+) ").matcher(distribution);
        int total = 0;
        while (bands.find()) {
            total += Integer.parseInt(bands.group(2).replace(",", ""));
        }
        assertEquals(400, total, "the band distribution covers every contact");
        List<LocalDate> weekEnds = new ArrayList<>();
        Matcher weeks = Pattern.compile("(?m)^  week (\\d+) to (\\d{4}-\\d{2}-\\d{2}): .* sync done, ").matcher(text);
        while (weeks.find()) {
            weekEnds.add(LocalDate.parse(weeks.group(2)));
        }
        assertEquals(3, weekEnds.size(), "three weeks played and synced: " + text);
        assertEquals(14, ChronoUnit.DAYS.between(weekEnds.get(0), weekEnds.get(2)), "a simulated week each");
        assertTrue(text.contains("= score"), "an explained contact: " + text);

        assertTrue(text.endsWith("The outcome report, with its charts: " + html + System.lineSeparator()),
                "the demo ends with the report's path: " + text);
        Document page = Jsoup.parse(html.toFile(), "UTF-8");
        for (String chart : OutcomeReportTest.CHARTS) {
            assertNotNull(page.getElementById(chart), chart + " in the page");
        }
        // the conversion by band the demo printed is the page's, band by band
        Map<String, String> printed = new LinkedHashMap<>();
        Matcher rows = Pattern.compile("(?m)^  (Hot|Warm|Cold) +(\\d+) +(\\d+) +").matcher(
                text.substring(text.indexOf("Does the score predict conversion?")));
        while (rows.find()) {
            printed.put(rows.group(1), rows.group(2) + "/" + rows.group(3));
        }
        Map<String, String> shown = new LinkedHashMap<>();
        Element table = page.getElementById("chart-conversion").parent().nextElementSibling();
        for (Element row : table.select("tr:gt(0)")) {
            String band = row.child(0).text();
            if (!band.equals("all")) {
                shown.put(band, row.child(1).text() + "/" + row.child(2).text());
            }
        }
        assertEquals(List.of("Hot", "Warm", "Cold"), List.copyOf(printed.keySet()), text);
        assertEquals(printed, shown);
        long entered = printed.values().stream().mapToLong(v -> Long.parseLong(v.split("/")[0])).sum();
        assertTrue(entered >= 400, "every contact entered a band once at least: " + printed);
    }

    @Test
    void a_report_file_in_a_missing_directory_is_refused_before_anything_runs(@TempDir Path dir) {
        int exit = run("demo", "--contacts", "10", "--report", dir.resolve("no/such/dir/report.html").toString());

        assertEquals(ExitCodes.USER_ERROR, exit);
        assertTrue(err.toString().contains("--report") && err.toString().contains("existing directory"),
                err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void a_contact_count_out_of_range_is_refused_with_one_line() {
        int exit = run("demo", "--contacts", "0");

        assertEquals(ExitCodes.USER_ERROR, exit);
        assertTrue(err.toString().contains("--contacts must be between 1 and 200000"), err.toString());
    }
}
