package io.hubscore.config;

import static io.hubscore.config.ConfigLoaderTest.MINIMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every validation rule, each shown with a broken input and the exact problem an admin sees. The base
 * is {@link ConfigLoaderTest#MINIMAL}; its line numbers are the ones the expectations name.
 */
class ValidationProblemsTest {

    private static List<String> problems(String yaml) {
        return problems(yaml, Map.of());
    }

    private static List<String> problems(String yaml, Map<String, String> env) {
        LoadResult result = new ConfigLoader(env::get).parse("test.yaml", yaml);
        return ConfigLoaderTest.formatted(result);
    }

    private static String edit(String from, String to) {
        if (!MINIMAL.contains(from)) {
            throw new IllegalArgumentException("not in the base config: " + from);
        }
        return MINIMAL.replace(from, to);
    }

    @Nested
    class Keys {

        @Test
        void anUnknownKeyNamesTheNearestValidKey() {
            List<String> found = problems(edit("  ledger: acme.db\n", "  ledger: acme.db\n  ledgr: x\n"));

            assertEquals(List.of("test.yaml:6:3: portal.ledgr: unknown key 'ledgr' (did you mean 'ledger'?)"), found);
        }

        @Test
        void anUnknownKeyWithNothingNearListsTheValidKeys() {
            List<String> found = problems(edit("  ledger: acme.db\n", "  ledger: acme.db\n  colour: blue\n"));

            assertEquals(List.of("test.yaml:6:3: portal.colour: unknown key 'colour' "
                    + "(valid keys: id, base-url, time-zone, auth, ledger)"), found);
        }

        @Test
        void aMissingRequiredKeyIsReportedAtItsSection() {
            List<String> found = problems(edit("  ledger: acme.db\n", ""));

            assertEquals(List.of("test.yaml:2:3: portal.ledger: missing required key 'ledger'"), found);
        }

        @Test
        void aDuplicateKeyPointsAtTheFirstOne() {
            List<String> found = problems(edit("  ledger: acme.db\n", "  ledger: acme.db\n  id: other\n"));

            assertEquals(List.of("test.yaml:6:3: duplicate key 'id' (first written at line 2)"), found);
        }
    }

    @Nested
    class Types {

        @Test
        void textWhereANumberBelongsIsAWrongType() {
            List<String> found = problems(edit("        points: 10\n", "        points: ten\n"));

            assertEquals(List.of("test.yaml:14:17: model.fit.rules[0].points: expected a whole number, found 'ten'"),
                    found);
        }

        @Test
        void aScalarWhereAListBelongsIsAWrongType() {
            List<String> found = problems(edit("values: [Marketing]", "values: Marketing"));

            assertEquals(List.of("test.yaml:13:17: model.fit.rules[0].values: expected a list, found 'Marketing' "
                    + "(write [a, b] or one item per line starting with '- ')"), found);
        }

        @Test
        void aListWhereASectionBelongsIsAWrongType() {
            List<String> found = problems(edit("  auth:\n    token: ${HUBSPOT_TOKEN}\n", "  auth: [a]\n"));

            assertEquals(List.of("test.yaml:3:9: portal.auth: expected a section of settings, found a list "
                    + "(valid keys: token, oauth)"), found);
        }

        @Test
        void aNegativeDurationIsNotADuration() {
            List<String> found = problems(edit("        points: 20\n", "        points: 20\n        lookback: -5d\n"));

            assertEquals(List.of("test.yaml:20:19: model.engagement.events[0].lookback: expected a duration, "
                    + "found '-5d' (write a whole number and a unit: 500ms, 45s, 5m, 12h, 30d or 2w)"), found);
        }
    }

    @Nested
    class Rules {

        @Test
        void duplicateRuleNamesAcrossGroupsAreRefused() {
            List<String> found = problems(edit("name: meeting", "name: title"));

            assertEquals(List.of("test.yaml:17:15: model.engagement.events[0].name: duplicate rule name 'title' "
                    + "(every rule in the model needs its own name)"), found);
        }

        @Test
        void anUnknownOperatorSuggestsTheNearestOne() {
            List<String> found = problems(edit("operator: contains-any", "operator: contains"));

            assertEquals(List.of("test.yaml:12:19: model.fit.rules[0].operator: unknown operator 'contains' "
                    + "(did you mean 'contains-any'? one of: equals, not-equals, in, contains-any, starts-with, "
                    + "regex, between, exists, missing, within, older-than, email-domain-in)"), found);
        }

        @Test
        void aRegexThatDoesNotCompileIsReportedWithWhere() {
            List<String> found = problems(edit("operator: contains-any\n        values: [Marketing]",
                    "operator: regex\n        value: \"(abc\""));

            assertEquals(List.of("test.yaml:13:16: model.fit.rules[0].value: regular expression does not compile: "
                    + "Unclosed group near index 4 (Java regex syntax; quote the value in YAML)"), found);
        }

        @Test
        void anOperatorWithoutItsValueSaysWhatItNeeds() {
            List<String> found = problems(edit("operator: contains-any\n        values: [Marketing]",
                    "operator: equals\n        values: [Marketing]"));

            assertEquals(List.of(
                    "test.yaml:10:9: model.fit.rules[0].value: operator equals needs value",
                    "test.yaml:13:17: model.fit.rules[0].values: operator equals does not use 'values' "
                            + "(remove it, or change the operator)"), found);
        }

        @Test
        void anInvalidPropertyNameSuggestsAnInternalName() {
            List<String> found = problems(edit("property: jobtitle", "property: Job Title"));

            assertEquals(List.of("test.yaml:11:19: model.fit.rules[0].property: 'Job Title' is not a valid HubSpot "
                    + "internal property name (lowercase letters, digits and underscores, starting with a letter, "
                    + "e.g. job_title)"), found);
        }

        @Test
        void anUnknownEngagementTypeSuggestsTheNearestOne() {
            List<String> found = problems(edit("type: meetings", "type: meeting"));

            assertEquals(List.of("test.yaml:18:15: model.engagement.events[0].type: unknown engagement type "
                    + "'meeting' (did you mean 'meetings'? one of: emails, calls, meetings, notes, tasks)"), found);
        }

        @Test
        void aCapSmallerThanOneRulesPointsIsRefused() {
            List<String> found = problems(edit("  fit:\n", "  fit:\n    cap: 5\n"));

            assertEquals(List.of("test.yaml:9:10: model.fit.cap: cap 5 is smaller than a single rule's points (10) "
                    + "(raise the cap or lower the rule's points)"), found);
        }

        @Test
        void aZeroHalfLifeIsRefused() {
            List<String> found = problems(edit("  engagement:\n", "  engagement:\n    decay:\n      half-life: 0d\n"));

            assertEquals(List.of("test.yaml:17:18: model.engagement.decay.half-life: must be longer than zero "
                    + "(e.g. 30d)"), found);
        }

        @Test
        void decayNeedsExactlyOneForm() {
            List<String> found = problems(edit("  engagement:\n",
                    "  engagement:\n    decay:\n      half-life: 30d\n      every: 30d\n      minus: 5\n"));

            assertEquals(List.of("test.yaml:17:7: model.engagement.decay: set either 'half-life' or both 'every' "
                    + "and 'minus' (half-life: 30d, or every: 30d with minus: 5)"), found);
        }
    }

    @Nested
    class Bands {

        @Test
        void thresholdsThatAreNotStrictlyDecreasingAreRefused() {
            List<String> found = problems(edit("    - name: Cold\n", "    - name: Warm\n      min: 40\n    - name: Cold\n"));

            assertEquals(List.of("test.yaml:25:12: bands.levels[1].min: band thresholds must be strictly decreasing: "
                    + "40 is not below 30 (list bands from highest to lowest)"), found);
        }

        @Test
        void theLowestBandHasNoMinimum() {
            List<String> found = problems(edit("    - name: Cold\n", "    - name: Cold\n      min: 0\n"));

            assertEquals(List.of("test.yaml:25:12: bands.levels[1].min: the lowest band takes every remaining score "
                    + "and has no min (remove min, or add a lower band after it)"), found);
        }

        @Test
        void capBandMustNameAConfiguredBand() {
            List<String> found = problems(MINIMAL + """
                    suppressions:
                      - name: opted-out
                        when: {property: hs_email_optout, operator: equals, value: "true"}
                        action: cap-band
                        band: hot
                    """);

            assertEquals(List.of("test.yaml:29:11: suppressions[0].band: unknown band 'hot' "
                    + "(did you mean 'Hot'? bands: Hot, Cold)"), found);
        }
    }

    @Nested
    class Schedules {

        @Test
        void anInvalidCronSaysWhatIsWrong() {
            List<String> found = problems(MINIMAL + "schedule:\n  score: \"0 0 25 * * ?\"\n");

            assertEquals(List.of("test.yaml:26:10: schedule.score: invalid cron expression '0 0 25 * * ?': "
                    + "Hour values must be between 0 and 23 (write an interval such as 5m, or a Quartz cron with "
                    + "seconds first such as '0 0 3 * * ?')"), found);
        }
    }

    @Nested
    class Secrets {

        @Test
        void anInlineTokenIsRefusedWithoutEchoingIt() {
            List<String> found = problems(edit("${HUBSPOT_TOKEN}", "pat-na1-0000-not-a-real-token"));

            assertEquals(List.of("test.yaml:4:12: portal.auth.token: secrets may not be written inline "
                    + "(write ${ENV_VAR} or file:/path/to/secret)"), found);
        }

        @Test
        void anUnsetVariableInAPlainSettingIsAProblemNotAnEmptyString() {
            List<String> found = problems(edit("ledger: acme.db", "ledger: ${DATA_DIR}/acme.db"));

            assertEquals(List.of("test.yaml:5:11: portal.ledger: environment variable DATA_DIR is not set "
                    + "(set it, or give a default: ${DATA_DIR:-value})"), found);
        }

        private List<String> readingSecrets(String yaml, Map<String, String> env) {
            return ConfigLoaderTest.formatted(new ConfigLoader(env::get).readingSecrets().parse("test.yaml", yaml));
        }

        @Test
        void anUnsetTokenVariableIsALocatedProblemWhenSecretsAreRead() {
            List<String> found = readingSecrets(MINIMAL, Map.of());

            assertEquals(List.of("test.yaml:4:12: portal.auth.token: environment variable HUBSPOT_TOKEN is not set"),
                    found);
        }

        @Test
        void secretsAreLeftForTheDaemonUnlessTheLoaderReadsThem() {
            LoadResult result = new ConfigLoader(n -> null).parse("test.yaml", MINIMAL);

            assertInstanceOf(LoadResult.Valid.class, result);
        }

        @Test
        void anUnreadableSecretFileIsALocatedProblem(@TempDir Path dir) {
            Path missing = dir.resolve("hubspot_token");

            List<String> found = readingSecrets(edit("${HUBSPOT_TOKEN}", "file:" + missing), Map.of());

            assertEquals(List.of("test.yaml:4:12: portal.auth.token: cannot read secret file " + missing
                    + " (no such file)"), found);
        }

        @Test
        void everyOAuthSecretIsReadAndEachMissingOneIsLocated(@TempDir Path dir) throws IOException {
            Path refresh = dir.resolve("refresh_token");
            Files.writeString(refresh, "   \n");
            String yaml = edit("    token: ${HUBSPOT_TOKEN}\n", """
                        oauth:
                          client-id: ${HUBSPOT_CLIENT_ID}
                          client-secret: ${HUBSPOT_CLIENT_SECRET}
                          refresh-token: file:%s
                    """.formatted(refresh));

            List<String> found = readingSecrets(yaml, Map.of("HUBSPOT_CLIENT_ID", "1234-abcd"));

            assertEquals(List.of(
                    "test.yaml:6:22: portal.auth.oauth.client-secret: environment variable HUBSPOT_CLIENT_SECRET is not set",
                    "test.yaml:7:22: portal.auth.oauth.refresh-token: secret file " + refresh + " is empty"), found);
        }

        @Test
        void aTokenWithALineBreakInsideIsRefusedNamingItsSourceNeverItsValue() {
            List<String> found = readingSecrets(MINIMAL, Map.of("HUBSPOT_TOKEN", "pat-na1-1234\n5678"));

            assertEquals(List.of("test.yaml:4:12: portal.auth.token: environment variable HUBSPOT_TOKEN holds a "
                    + "control character (U+000A); a secret is printable ASCII on one line"), found);
        }

        @Test
        void aSecretFileHoldingANulIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("hubspot_token");
            Files.writeString(file, "pat-na1-1234\u00005678\n");

            SecretRef ref = new SecretRef(SecretRef.Kind.FILE, file.toString());
            var e = assertThrows(SecretRef.SecretUnavailableException.class, () -> ref.resolve(n -> null));

            assertEquals("secret file " + file + " holds a control character (U+0000); a secret is printable ASCII "
                    + "on one line", e.getMessage());
        }

        @Test
        void aSecretFilesTrailingNewlineIsStrippedAndTheTokenAccepted(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("hubspot_token");
            Files.writeString(file, "pat-na1-1234-5678\r\n");

            LoadResult result = new ConfigLoader(n -> null).readingSecrets()
                    .parse("test.yaml", edit("${HUBSPOT_TOKEN}", "file:" + file));

            assertInstanceOf(LoadResult.Valid.class, result);
            assertEquals("pat-na1-1234-5678", new SecretRef(SecretRef.Kind.FILE, file.toString()).resolve(n -> null));
        }
    }

    @Nested
    class Syntax {

        @Test
        void aYamlSyntaxErrorIsOneLocatedProblem() {
            List<String> found = problems(edit("values: [Marketing]", "values: [Marketing"));

            assertEquals(List.of("test.yaml:14:15: YAML syntax error: while parsing a flow sequence "
                    + "(at line 13, column 17); expected ',' or ']', but got :"), found);
        }

        @Test
        void anEmptyFileIsOneProblem() {
            assertEquals(List.of("test.yaml:1:1: the file is empty (start from one of the bundled examples)"),
                    problems(""));
        }

        @Test
        void aSecondDocumentIsRefused() {
            List<String> found = problems(MINIMAL + "---\nportal: {}\n");

            assertEquals(List.of("test.yaml:25:1: a second YAML document ('---') is not allowed "
                    + "(keep one portal's config per file)"), found);
        }

        @Test
        void aFileThatIsNotAMappingIsOneProblem() {
            assertEquals(List.of("test.yaml:1:1: expected a mapping of sections at the top of the file, "
                    + "found 'just text' (start from one of the bundled examples)"), problems("just text\n"));
        }
    }

    @Test
    void everyProblemInAFileIsReportedAtOnceInFileOrder() {
        String yaml = edit("  ledger: acme.db\n", "  ledger: acme.db\n  ledgr: x\n")
                .replace("points: 10", "points: ten")
                .replace("type: meetings", "type: meeting");

        List<String> found = problems(yaml);

        assertEquals(List.of(
                "test.yaml:6:3: portal.ledgr: unknown key 'ledgr' (did you mean 'ledger'?)",
                "test.yaml:15:17: model.fit.rules[0].points: expected a whole number, found 'ten'",
                "test.yaml:19:15: model.engagement.events[0].type: unknown engagement type 'meeting' "
                        + "(did you mean 'meetings'? one of: emails, calls, meetings, notes, tasks)"), found);
    }
}
