package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubscore.daemon.testing.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other side of the outcome report's lift: a model that gives points for first and last names, which say nothing
 * about who buys, run by the real daemon through weeks of the same simulated market as the icp-agency model. Its
 * bands split the contacts at random, so the report must show no lift: every band's lift interval contains 1.
 */
class RandomPointsLiftTest {

    /** Points for names; the simulated market ignores names, so these bands are a random split. */
    static final String RANDOM_MODEL = """
            model:
              version: "random-points-1"
              fit:
                rules:
                  - name: first-name
                    property: firstname
                    operator: in
                    values: [Emma, Liam, Olivia, Noah, Ava, Lucas, Mia, Leo, Sophie, Hugo, Chloe, Finn, Lena, Jonas,
                             Clara, Sam, Nora, Ethan, Ines, Louis]
                    points: 15
                  - name: last-name
                    property: lastname
                    operator: in
                    values: [Smith, Johnson, Brown, Martin, Dubois, Muller, Schmidt, de Vries, Jansen, Peeters, Murphy,
                             Kelly, Walsh, Wilson, Taylor, Roux, Bernard, Weber, Fischer, Bakker]
                    points: 15

            """;

    @TempDir
    Path dir;

    @Test
    void aModelOfRandomPointsShowsNoLift() throws Exception {
        MarketRun market = MarketRun.play(dir, 1000, 23L, 8, text -> {
            String random = text.replaceAll("(?ms)^model:.*?\\n(?=bands:)", RANDOM_MODEL);
            assertTrue(!random.equals(text) && random.contains("random-points-1"), "the model was replaced");
            return random;
        });
        Path config = market.config();
        MutableClock clock = market.clock();
        ReportCommands run = new ReportCommands();
        Path json = dir.resolve("report.json");
        assertEquals(0, run.run(clock, "report", "--config", config.toString(), "--json", json.toString()),
                run.err.toString());

        JsonNode report = ReportCommands.MAPPER.readTree(json.toFile());
        assertEquals("random-points-1", report.get("model_version").asText());
        assertTrue(report.at("/overall/converted").asLong() >= 50, "enough conversions to judge: "
                + report.get("overall"));
        for (JsonNode band : report.get("bands")) {
            assertTrue(band.get("entered").asLong() >= 100, "enough entries to judge: " + band);
            assertTrue(band.get("lift_low").asDouble() <= 1 && 1 <= band.get("lift_high").asDouble(),
                    "no lift beyond the interval: " + band);
        }
    }
}
