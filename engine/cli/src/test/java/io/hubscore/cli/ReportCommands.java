package io.hubscore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubscore.config.BundledExamples;
import io.hubscore.ledger.Scores;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine;

/** Runs the reporting commands through the real command line, on configs written into a test's directory. */
final class ReportCommands {

    static final ObjectMapper MAPPER = new ObjectMapper();

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Writes the bundled icp-agency example with {@code portal.ledger} pointing at {@code ledger}. */
    static Path config(Path dir, Path ledger) throws IOException {
        String example = BundledExamples.read("icp-agency.yaml");
        String configured = example.replace("ledger: ./data/icp-agency.db", "ledger: " + ledger.toAbsolutePath());
        if (configured.equals(example)) {
            throw new IllegalStateException("the icp-agency example no longer names ./data/icp-agency.db");
        }
        Path file = dir.resolve("icp-agency.yaml");
        Files.writeString(file, configured);
        return file;
    }

    /** Runs {@code hubscore args...}; {@code status} reads "today" on {@code clock}, and the reports "now". */
    int run(Clock clock, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        ((StatusCommand) cli.getSubcommands().get("status").getCommand()).clock = clock;
        ((ReportCommand) cli.getSubcommands().get("report").getCommand()).clock = clock;
        ((CalibrateCommand) cli.getSubcommands().get("calibrate").getCommand()).clock = clock;
        ((CompareCommand) cli.getSubcommands().get("compare").getCommand()).clock = clock;
        return cli.execute(args);
    }

    List<String> lines() {
        return out.toString().lines().toList();
    }

    /** The one output line matching {@code regex}; fails naming the output when there is none. */
    String line(String regex) {
        return lines().stream().filter(l -> l.matches(regex)).findFirst()
                .orElseThrow(() -> new AssertionError("no line matches " + regex + " in:\n" + out));
    }

    int indexOf(String regex) {
        List<String> lines = lines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(regex)) {
                return i;
            }
        }
        throw new AssertionError("no line matches " + regex + " in:\n" + out);
    }

    /** One line of a score's explanation, as the ledger keeps it. */
    static Scores.Contribution line(String name, String group, String kind, String raw, String points) {
        return new Scores.Contribution(name, group, kind, new BigDecimal(raw), new BigDecimal(points));
    }
}
