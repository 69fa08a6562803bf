package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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
    void the_demo_backfills_a_simulated_portal_and_reports_bands_transitions_and_explanations() {
        int exit = run("demo", "--contacts", "400", "--rounds", "1");

        String text = out.toString();
        assertEquals(ExitCodes.OK, exit, text + err);
        assertTrue(text.contains("Backfill done: 400 contacts scored"), text);
        Matcher bands = Pattern.compile("(?m)^  (Hot|Warm|Cold) +([0-9,]+) ").matcher(text);
        int total = 0;
        while (bands.find()) {
            total += Integer.parseInt(bands.group(2).replace(",", ""));
        }
        assertEquals(400, total, "the band distribution covers every contact");
        assertTrue(text.contains("Transitions that fired"), text);
        assertTrue(text.contains("= score"), "an explained contact: " + text);
    }

    @Test
    void a_contact_count_out_of_range_is_refused_with_one_line() {
        int exit = run("demo", "--contacts", "0");

        assertEquals(ExitCodes.USER_ERROR, exit);
        assertTrue(err.toString().contains("--contacts must be between 1 and 200000"), err.toString());
    }
}
