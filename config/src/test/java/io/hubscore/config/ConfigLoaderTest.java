package io.hubscore.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    static final String MINIMAL = """
            portal:
              id: acme
              auth:
                token: ${HUBSPOT_TOKEN}
              ledger: acme.db
            model:
              version: "1"
              fit:
                rules:
                  - name: title
                    property: jobtitle
                    operator: contains-any
                    values: [Marketing]
                    points: 10
              engagement:
                events:
                  - name: meeting
                    type: meetings
                    points: 20
            bands:
              levels:
                - name: Hot
                  min: 30
                - name: Cold
            """;

    static SyncConfig valid(String yaml) {
        LoadResult result = new ConfigLoader(name -> null).parse("test.yaml", yaml);
        if (result instanceof LoadResult.Invalid invalid) {
            throw new AssertionError("expected a valid config, got " + invalid.problems());
        }
        return ((LoadResult.Valid) result).config();
    }

    @Nested
    class BundledExamples {

        @Test
        void everyBundledExampleIsValid() {
            for (String name : io.hubscore.config.BundledExamples.NAMES) {
                LoadResult result = new ConfigLoader(n -> null).parse(name, io.hubscore.config.BundledExamples.read(name));

                assertInstanceOf(LoadResult.Valid.class, result, name + ": " + result);
            }
        }

        @Test
        void theBundledListNamesEveryFileInTheExamplesFolder() throws IOException {
            try (var files = Files.list(Path.of("examples"))) {
                List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                        .sorted().toList();

                assertEquals(onDisk, io.hubscore.config.BundledExamples.NAMES.stream().sorted().toList());
            }
        }

        @Test
        void icpAgencyScoresWhatTheSmbExampleDescribes() throws IOException {
            SyncConfig config = valid(Files.readString(Path.of("examples/icp-agency.yaml")));

            assertEquals(6, config.model().fit().rules().size());
            assertEquals(List.of("Hot", "Warm", "Cold"),
                    config.bands().levels().stream().map(BandsConfig.Band::name).toList());
            EventRule reply = config.model().engagement().events().get(1);
            assertEquals(Map.of("hs_email_direction", List.of("INCOMING_EMAIL")), reply.where());
            assertEquals(30, reply.maxPoints());
            assertEquals(SuppressionConfig.Action.NO_WRITE, config.suppressions().get(0).action());
            assertEquals(new SecretRef(SecretRef.Kind.ENV, "HUBSPOT_TOKEN"), config.portal().auth().token());
        }
    }

    @Nested
    class Defaults {

        @Test
        void settingsLeftOutTakeTheirDocumentedDefaults() {
            SyncConfig config = valid(MINIMAL);

            assertEquals("https://api.hubapi.com", config.portal().baseUrl());
            assertEquals(ZoneId.of("UTC"), config.portal().timeZone());
            assertEquals(ScheduleSpec.every(Duration.ofMinutes(5)), config.schedule().pullContacts());
            assertEquals(ScheduleSpec.cron("0 0 3 * * ?"), config.schedule().decayRescore());
            assertEquals(0.5, config.rateLimit().burstShare());
            assertEquals("hubscore_band", config.writeBack().properties().band());
            assertEquals(WriteBackConfig.Ownership.OVERWRITE, config.writeBack().ownership());
            assertFalse(config.writeBack().dryRun());
            assertEquals(Duration.ZERO, config.transitions().cooldown());
            assertEquals(Duration.ofDays(90), config.model().engagement().events().get(0).lookback());
            assertNull(config.model().fit().cap());
            assertEquals(List.of(), config.suppressions());
        }

        @Test
        void durationsReadEveryUnitAndIso8601() {
            assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
            assertEquals(Duration.ofSeconds(45), Durations.parse("45s"));
            assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
            assertEquals(Duration.ofHours(12), Durations.parse("12h"));
            assertEquals(Duration.ofDays(30), Durations.parse("30d"));
            assertEquals(Duration.ofDays(14), Durations.parse("2w"));
            assertEquals(Duration.ofMinutes(90), Durations.parse("PT1H30M"));
            assertNull(Durations.parse("soon"));
            assertEquals("30d", Durations.format(Duration.ofDays(30)));
            assertEquals("2w", Durations.format(Duration.ofDays(14)));
            assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        }
    }

    @Nested
    class EnvironmentAndSecrets {

        @Test
        void environmentReferencesAreResolvedInPlainSettings() {
            String yaml = MINIMAL.replace("ledger: acme.db", "ledger: ${DATA_DIR}/acme.db");

            LoadResult result = new ConfigLoader(Map.of("DATA_DIR", "/var/lib/hubscore")::get).parse("t.yaml", yaml);

            assertEquals("/var/lib/hubscore/acme.db", ((LoadResult.Valid) result).config().portal().ledger());
        }

        @Test
        void aReferenceWithADefaultUsesItWhenTheVariableIsUnset() {
            SyncConfig config = valid(MINIMAL.replace("ledger: acme.db", "ledger: ${DATA_DIR:-./data}/acme.db"));

            assertEquals("./data/acme.db", config.portal().ledger());
        }

        @Test
        void secretsStayReferencesUntilResolvedAndNeverPrintTheirValue() {
            SyncConfig config = valid(MINIMAL);
            SecretRef token = config.portal().auth().token();

            String value = token.resolve(Map.of("HUBSPOT_TOKEN", "s3cr3t-value")::get);

            assertEquals("s3cr3t-value", value);
            assertEquals("${HUBSPOT_TOKEN}", token.toString());
            assertFalse(config.toString().contains("s3cr3t-value"));
        }

        @Test
        void anUnsetSecretVariableIsReportedByNameWhenResolved() {
            SecretRef token = new SecretRef(SecretRef.Kind.ENV, "HUBSPOT_TOKEN");

            var e = assertThrows(SecretRef.SecretUnavailableException.class, () -> token.resolve(n -> null));

            assertEquals("environment variable HUBSPOT_TOKEN is not set", e.getMessage());
        }

        @Test
        void aSecretFileIsReadAndTrimmed(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("token");
            Files.writeString(file, "from-a-file\n");
            SyncConfig config = valid(MINIMAL.replace("${HUBSPOT_TOKEN}", "file:" + file));

            assertEquals("from-a-file", config.portal().auth().token().resolve(n -> null));
        }
    }

    @Nested
    class Files_ {

        @Test
        void aMissingFileIsOneProblemNamingIt(@TempDir Path dir) {
            LoadResult result = new ConfigLoader(n -> null).load(dir.resolve("nope.yaml"));

            assertEquals(List.of(dir.resolve("nope.yaml") + ":1:1: no such file"), formatted(result));
        }

        @Test
        void aFileThatIsNotUtf8IsOneProblem(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("latin1.yaml");
            Files.write(file, new byte[] {'i', 'd', ':', ' ', (byte) 0xE9, '\n'});

            LoadResult result = new ConfigLoader(n -> null).load(file);

            assertEquals(List.of(file + ":1:1: is not UTF-8 text"), formatted(result));
        }

        @Test
        void aValidFileLoadsWithItsText(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("acme.yaml");
            Files.writeString(file, MINIMAL);

            LoadResult result = new ConfigLoader(n -> null).load(file);

            assertTrue(result instanceof LoadResult.Valid valid && valid.text().equals(MINIMAL));
        }
    }

    static List<String> formatted(LoadResult result) {
        assertInstanceOf(LoadResult.Invalid.class, result);
        return ((LoadResult.Invalid) result).problems().stream().map(Problem::format).toList();
    }
}
