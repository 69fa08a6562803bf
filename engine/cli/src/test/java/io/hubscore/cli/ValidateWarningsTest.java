package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code validate} warns, located and without failing, about what scoring practice calls mistakes. */
class ValidateWarningsTest {

    private static final Path EXAMPLE = Path.of("../../config/examples/icp-agency.yaml");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int validate(Path file) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        ((ValidateCommand) cli.getSubcommands().get("validate").getCommand()).environment =
                Map.of("HUBSPOT_TOKEN", "pat-na1-validate-test")::get;
        return cli.execute("validate", file.toString());
    }

    @Test
    void aRuleWorthTheTopBandAloneAndARuleOnEmailOpensAreWarnedAboutWhereTheyAre(@TempDir Path dir)
            throws IOException {
        String example = Files.readString(EXAMPLE);
        String text = example.replace("        value: Marketing Agency\n        points: 15",
                "        value: Marketing Agency\n        points: 30")
                .replace("      - name: page-views-10-plus", "      - name: opened-emails\n"
                        + "        property: hs_email_open\n        operator: between\n        min: 3\n        points: 4\n"
                        + "      - name: page-views-10-plus");
        assertTrue(!text.equals(example) && text.contains("points: 30") && text.contains("hs_email_open"));
        Path file = dir.resolve("acme.yaml");
        Files.writeString(file, text);

        int exit = validate(file);

        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().startsWith(file + ": ok, model icp-agency-1") && out.toString().contains(
                "2 warning(s)"), out.toString());
        List<String> lines = text.lines().toList();
        int points = lines.indexOf("        points: 30") + 1;
        int property = lines.indexOf("        property: hs_email_open") + 1;
        assertEquals(List.of(
                file + ":" + points + ":17: warning: model.fit.rules[1].points: rule 'agency-industry' alone gives 30"
                        + " points, as much as band 'Hot' starts at (30): one signal must not qualify a lead (lower its"
                        + " points, or raise the band's min, so that reaching it takes fit and engagement together)",
                file + ":" + property + ":19: warning: model.engagement.rules[2].property: rule 'opened-emails' scores"
                        + " email opens (hs_email_open): privacy protection and mail scanners open emails nobody reads,"
                        + " so opens inflate scores (score clicks (hs_email_click) or replies instead)"),
                err.toString().lines().toList());
    }

    @Test
    void aBandNoContactCanReachUnderTheCapsIsWarnedAbout(@TempDir Path dir) throws IOException {
        String example = Files.readString(EXAMPLE);
        // fit gives at most 10 + 15 + 8 + 5 = 38, engagement 7 + 6 + 5 + 20 + 30 = 68, capped here at 40
        String text = example.replace("  engagement:\n    rules:", "  engagement:\n    cap: 40\n    rules:")
                .replace("    - name: Hot\n      min: 30", "    - name: Hot\n      min: 79");
        assertTrue(text.contains("cap: 40") && text.contains("min: 79"));
        Path file = dir.resolve("acme.yaml");
        Files.writeString(file, text);

        int exit = validate(file);

        assertEquals(0, exit, err.toString());
        int line = text.lines().toList().indexOf("      min: 79") + 1;
        assertEquals(file + ":" + line + ":12: warning: bands.levels[0].min: no contact can reach band 'Hot': it starts"
                + " at 79 but the rules and caps give at most 78 points (lower its min, or raise the caps that hold the"
                + " score below it)", err.toString().strip());

        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        Files.writeString(file, text.replace("min: 79", "min: 78"));
        assertEquals(0, validate(file));
        assertEquals("", err.toString(), "78 is within reach");
    }
}
