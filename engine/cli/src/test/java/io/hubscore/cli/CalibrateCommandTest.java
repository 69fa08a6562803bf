package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerSql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubscore calibrate} is a promise: the daemon runs through eight weeks of a simulated market, calibrate
 * suggests a Hot edge for a capacity the current edge exceeds, and the daemon then runs through the very same weeks
 * with the suggested edge. It must do exactly what calibrate said, week by week and band by band, within capacity.
 */
class CalibrateCommandTest {

    static final int CONTACTS = 1000;
    static final long SEED = 23L;
    static final int WEEKS = 8;

    @TempDir
    static Path dir;

    static MarketRun current;

    @BeforeAll
    static void theDaemonRunsThroughEightWeeksWithTheExampleEdges() throws Exception {
        current = MarketRun.play(Files.createDirectories(dir.resolve("current")), CONTACTS, SEED, WEEKS,
                UnaryOperator.identity());
    }

    @Test
    void theSuggestedEdgeDoesWhatCalibrateSaidWhenTheDaemonRunsWithIt() throws Exception {
        List<Long> hotEntries = reportedHotEntries(current);
        long busiest = hotEntries.stream().mapToLong(Long::longValue).max().orElseThrow();
        int capacity = (int) Math.max(1, busiest * 2 / 3);
        assertTrue(capacity < busiest, "the example edge exceeds a capacity of " + capacity + ": " + hotEntries);

        ReportCommands calibrate = new ReportCommands();
        assertEquals(0, calibrate.run(current.clock(), "calibrate", "--config", current.config().toString(),
                "--per-week", Integer.toString(capacity)), calibrate.err.toString());
        String text = calibrate.out.toString();
        String[] now = cells(calibrate.line("  now .*"));
        String[] suggested = cells(calibrate.line("  suggested .*"));
        // replaying the example's edges gives what the daemon did
        assertEquals("30", now[2], text);
        assertEquals(hotEntries, numbers(now[3]), text);
        int min = suggestedMin(text);
        assertEquals(Integer.toString(min), suggested[2], text);
        assertTrue(min > 30, "a tighter edge: " + text);
        List<Long> promised = numbers(suggested[3]);
        assertTrue(promised.stream().allMatch(n -> n <= capacity), text);
        Map<String, Long> promisedBands = new LinkedHashMap<>();
        for (String band : List.of("Hot", "Warm", "Cold")) {
            String[] row = cells(calibrate.line("  " + band + " +\\d+ +\\d+ +[+-]\\d+"));
            promisedBands.put(band, Long.parseLong(row[3]));
            assertEquals(bandCounts(current.ledger()).get(band), Long.parseLong(row[2]), "now: " + text);
        }

        MarketRun tighter = MarketRun.play(Files.createDirectories(dir.resolve("suggested")), CONTACTS, SEED, WEEKS,
                config -> withHotMin(config, min));

        assertEquals(promised, reportedHotEntries(tighter), "entries per week into Hot: " + text);
        assertEquals(promisedBands, bandCounts(tighter.ledger()), "contacts per band: " + text);
    }

    @Test
    void aBandItCannotCalibrateIsRefusedWithOneLine() {
        for (String[] args : List.of(new String[] {"--band", "Nope"}, new String[] {"--band", "Cold"},
                new String[] {"--per-week", "0"})) {
            ReportCommands run = new ReportCommands();
            List<String> command = new ArrayList<>(List.of("calibrate", "--config", current.config().toString()));
            command.addAll(Arrays.asList(args));
            assertEquals(2, run.run(current.clock(), command.toArray(String[]::new)), run.out.toString());
            assertEquals(1, run.err.toString().lines().count(), run.err.toString());
            assertTrue(run.err.toString().startsWith("hubscore calibrate: "), run.err.toString());
            assertTrue(run.err.toString().contains(args[1].equals("0") ? "--per-week" : args[1]), run.err.toString());
        }
    }

    /** The report's entries into Hot over the last eight weeks, from the run's ledger. */
    private static List<Long> reportedHotEntries(MarketRun run) throws Exception {
        ReportCommands report = new ReportCommands();
        Path json = run.config().resolveSibling("report.json");
        assertEquals(0, report.run(run.clock(), "report", "--config", run.config().toString(), "--json",
                json.toString()), report.err.toString());
        List<Long> entries = new ArrayList<>();
        for (JsonNode n : ReportCommands.MAPPER.readTree(json.toFile()).at("/volumes/entries/Hot")) {
            entries.add(n.asLong());
        }
        return entries.subList(entries.size() - WEEKS, entries.size());
    }

    private static Map<String, Long> bandCounts(Path ledger) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Ledger open = Ledger.openReadOnly(ledger)) {
            for (String band : List.of("Hot", "Warm", "Cold")) {
                counts.put(band, Long.parseLong(LedgerSql.rows(open, "SELECT COUNT(*) FROM band_state WHERE band = '"
                        + band + "'").get(0).get(0)));
            }
        }
        return counts;
    }

    private static String withHotMin(String config, int min) {
        String changed = config.replaceFirst("(?m)^    - name: Hot\\n      min: 30$", "    - name: Hot\n      min: " + min);
        assertTrue(!changed.equals(config), "the Hot edge was replaced");
        return changed;
    }

    private static int suggestedMin(String text) {
        Matcher m = Pattern.compile("(?m)^Suggested bands \\(for the config\\):\\nbands:\\n  levels:\\n    - name: Hot\\n"
                + "      min: (\\d+)\\n    - name: Warm\\n      min: 15\\n    - name: Cold$").matcher(text);
        assertTrue(m.find(), "a config snippet: " + text);
        return Integer.parseInt(m.group(1));
    }

    private static String[] cells(String line) {
        return line.split(" {2,}");
    }

    private static List<Long> numbers(String cell) {
        return Arrays.stream(cell.split(" ")).map(Long::parseLong).toList();
    }
}
