package io.hubscore.config;

import static io.hubscore.config.ConfigLoaderTest.MINIMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * YAML anchors and aliases mean what YAML says: an alias stands for the value anchored before it, never for its
 * own name; what cannot be resolved (or would expand without bound) is one located problem.
 */
class YamlAliasesTest {

    /** MINIMAL with the rule's values anchored as written and a suppression after the bands using them. */
    private static String withSuppression(String ruleValues, String suppressionValues) {
        return MINIMAL.replace("values: [Marketing]", "values: " + ruleValues)
                + "suppressions:\n"
                + "  - name: marketers\n"
                + "    when: {property: jobtitle, operator: in, values: " + suppressionValues + "}\n"
                + "    action: no-write\n";
    }

    private static List<String> problems(String yaml) {
        return ConfigLoaderTest.formatted(new ConfigLoader(Map.<String, String>of()::get).parse("test.yaml", yaml));
    }

    @Test
    void aScalarAliasStandsForTheAnchoredTextNotForItsName() {
        SyncConfig config = ConfigLoaderTest.valid(withSuppression("[&mm \"Marketing Manager\", Growth]", "[*mm]"));

        assertEquals(List.of("Marketing Manager"), config.suppressions().get(0).when().values());
        assertEquals(List.of("Marketing Manager", "Growth"), config.model().fit().rules().get(0).values());
    }

    @Test
    void aListAliasStandsForTheWholeList() {
        SyncConfig config = ConfigLoaderTest.valid(withSuppression("&titles [Marketing, Growth]", "*titles"));

        assertEquals(List.of("Marketing", "Growth"), config.suppressions().get(0).when().values());
    }

    @Test
    void aMappingAliasStandsForTheWholeMapping() {
        String yaml = MINIMAL.replace("      - name: meeting\n        type: meetings\n        points: 20\n", """
                      - name: reply
                        type: emails
                        where: &inbound {hs_email_direction: [INCOMING_EMAIL]}
                        points: 10
                      - name: another-reply
                        type: emails
                        where: *inbound
                        points: 5
                """);

        SyncConfig config = ConfigLoaderTest.valid(yaml);

        assertEquals(Map.of("hs_email_direction", List.of("INCOMING_EMAIL")),
                config.model().engagement().events().get(1).where());
    }

    @Test
    void aValueOfTheWrongKindIsReportedWhereTheAliasIsWritten() {
        String yaml = MINIMAL.replace("values: [Marketing]", "values: &titles [Marketing]")
                .replace("        points: 20\n", "        points: *titles\n");

        assertEquals(List.of("test.yaml:19:17: model.engagement.events[0].points: expected a whole number, "
                + "found a list"), problems(yaml));
    }

    @Test
    void aProblemInsideAnAliasedValueIsReportedWhereTheValueIsWritten() {
        String yaml = MINIMAL.replace("values: [Marketing]", "values: [Marketing]\n        min: &few \"a few\"")
                .replace("        points: 20\n", "        points: 20\n        max-points: *few\n");

        List<String> found = problems(yaml);

        assertEquals(List.of(
                "test.yaml:14:14: model.fit.rules[0].min: expected a number, found 'a few'",
                "test.yaml:21:21: model.engagement.events[0].max-points: expected a whole number, found 'a few'"),
                found);
    }

    @Test
    void anAliasWithoutAnAnchorBeforeItIsOneLocatedProblem() {
        String yaml = withSuppression("[Marketing]", "[*mm]");

        assertEquals(List.of("test.yaml:27:55: unknown alias '*mm': no anchor '&mm' before it "
                + "(anchor a value with &mm before using *mm)"), problems(yaml));
    }

    @Test
    void anAliasInsideTheValueItNamesIsOneLocatedProblem() {
        String yaml = MINIMAL.replace("values: [Marketing]", "values: &titles [Marketing, *titles]");

        assertEquals(List.of("test.yaml:13:37: alias '*titles' refers to the value it is part of "
                + "(an alias may only stand for a value written before it)"), problems(yaml));
    }

    @Test
    void aBillionLaughsDocumentIsRefusedAtTheAliasThatWouldExpandItTooFar() {
        StringBuilder yaml = new StringBuilder(MINIMAL).append("laughs:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        String previous = "a";
        for (char level = 'b'; level <= 'i'; level++) {
            yaml.append("  ").append(level).append(": &").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, "*" + previous))).append("]\n");
            previous = String.valueOf(level);
        }

        List<String> found = problems(yaml.toString());

        // b, c and d add 90 + 819 + 7,380 values through aliases; e's first alias (line 30) adds 7,381 more
        assertEquals(1, found.size(), found.toString());
        assertEquals("test.yaml:30:10: aliases add more than 10000 values to the file "
                + "(write the values out or use fewer aliases; a config needs few)", found.get(0));
    }

    @Test
    void aMergeKeyIsRefusedRatherThanReadAsAKey() {
        String yaml = MINIMAL.replace("  auth:\n", "  defaults: &d {ledger: acme.db}\n  auth:\n")
                .replace("    token: ${HUBSPOT_TOKEN}\n", "    token: ${HUBSPOT_TOKEN}\n  <<: *d\n");

        assertEquals(List.of("test.yaml:6:3: merge keys ('<<') are not supported "
                + "(write the keys out; an alias (*name) may stand for a whole value)"), problems(yaml));
    }
}
