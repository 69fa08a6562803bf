package io.hubscore.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hubscore.config.BundledExamples;
import io.hubscore.client.ClientSettings;
import io.hubscore.client.Credentials;
import io.hubscore.client.HubSpotClient;
import io.hubscore.client.ObjectType;
import io.hubscore.client.PropertyDefinition;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hubscore probe} against the simulated portal over real HTTP on 127.0.0.1. */
class ProbeCommandTest {

    private static final String TOKEN = "pat-na1-probe-secret-value";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    private final PortalSimulator simulator = PortalSimulator.start(SimulatorOptions.defaults().withToken(TOKEN)
            .withClock(CLOCK), Portal.generate(30, 11, CLOCK));
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        simulator.close();
    }

    private int probe(Map<String, String> environment, String... args) {
        CommandLine probe = new CommandLine(new ProbeCommand(environment::get));
        probe.setExecutionExceptionHandler(new ExitCodes.UnexpectedErrorHandler());
        probe.setOut(new PrintWriter(out));
        probe.setErr(new PrintWriter(err));
        return probe.execute(args);
    }

    private int probeSimulator(String token, String... more) {
        String[] base = {"--base-url", simulator.baseUrl().toString(), "--token-env", "HUBSPOT_TOKEN"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return probe(Map.of("HUBSPOT_TOKEN", token), args);
    }

    private Path exampleConfig() throws IOException {
        Path file = dir.resolve("hubscore.yaml");
        Files.writeString(file, BundledExamples.read("fit-engagement-70.yaml"));
        return file;
    }

    @Nested
    class UsablePortal {

        @Test
        void aPortalThatAcceptsTheTokenExitsZeroAndShowsItsRateLimitHeaders() {
            int exit = probeSimulator(TOKEN);

            assertEquals(0, exit, err.toString());
            assertTrue(out.toString().contains("accepted; read 1 contact(s)"), out.toString());
            assertTrue(out.toString().contains("max=100 remaining=99 interval-ms=10000"), out.toString());
            assertEquals(1, simulator.stats().requests("GET /crm/v3/objects/contacts"));
            assertFalse(out.toString().contains(TOKEN));
            assertEquals("", err.toString());
        }

        @Test
        void withAConfigMissingWriteBackPropertiesAreReportedAsCreatedOnTheFirstRun() throws IOException {
            int exit = probeSimulator(TOKEN, "--config", exampleConfig().toString());

            assertEquals(0, exit, err.toString());
            for (String name : List.of("hubscore_score", "hubscore_band", "hubscore_band_changed_at",
                    "hubscore_model_version", "hubscore_reasons")) {
                assertTrue(out.toString().contains("Property " + name + ": missing"), out.toString());
            }
            assertEquals(0, simulator.stats().requests("POST /crm/v3/properties/contacts")
                    + simulator.stats().requests("POST /crm/v3/properties/contacts/batch/create"),
                    "the probe creates nothing");
        }

        @Test
        void withAConfigMatchingPropertiesAreOkAndAConflictingOneIsAUserError() throws IOException {
            try (HubSpotClient client = HubSpotClient.create(ClientSettings.builder()
                    .baseUrl(simulator.baseUrl())
                    .bearerToken(Credentials.of(TOKEN.toCharArray()))
                    .clock(CLOCK)
                    .sleeper(duration -> { })
                    .random(new Random(5))
                    .build())) {
                client.ensureProperty(ObjectType.CONTACTS, new PropertyDefinition("hubscore_score", "Score", "number",
                        "number", "contactinformation", null, List.of()));
                client.ensureProperty(ObjectType.CONTACTS, new PropertyDefinition("hubscore_band", "Band", "string",
                        "text", "contactinformation", null, List.of()));
            }

            int exit = probeSimulator(TOKEN, "--config", exampleConfig().toString());

            assertEquals(2, exit, out.toString());
            assertTrue(out.toString().contains("Property hubscore_score: ok (number/number)"), out.toString());
            assertTrue(err.toString().contains("hubscore_band (it is string/text, hubscore needs enumeration/select)"),
                    err.toString());
            assertEquals(1, err.toString().lines().count(), err.toString());
        }
    }

    @Nested
    class UnusablePortal {

        @Test
        void aRejectedTokenIsAUserErrorThatNeverShowsTheToken() {
            int exit = probeSimulator("pat-na1-some-other-token");

            assertEquals(2, exit);
            assertTrue(err.toString().contains("rejected the token in HUBSPOT_TOKEN"), err.toString());
            assertEquals(1, err.toString().lines().count(), err.toString());
            assertFalse(err.toString().contains("pat-na1-some-other-token"));
        }

        @Test
        void anUnreachablePortalIsAUserError() {
            String baseUrl = simulator.baseUrl().toString();
            simulator.close();

            int exit = probe(Map.of("HUBSPOT_TOKEN", TOKEN), "--base-url", baseUrl, "--token-env", "HUBSPOT_TOKEN");

            assertEquals(2, exit);
            assertTrue(err.toString().contains("cannot reach HubSpot at " + baseUrl), err.toString());
            assertEquals(1, err.toString().lines().count(), err.toString());
        }

        @Test
        void missingScopesAreAUserErrorNamingTheScopes() {
            // The simulator grants every scope, so this one answer comes from a loopback stand-in.
            WireMockServer hubSpot = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
            hubSpot.start();
            try {
                hubSpot.stubFor(get(urlPathEqualTo("/crm/v3/objects/contacts")).willReturn(aResponse().withStatus(403)
                        .withBody("{\"status\":\"error\",\"category\":\"MISSING_SCOPES\",\"message\":"
                                + "\"This app hasn't been granted all required scopes\",\"correlationId\":\"c-403\"}")));

                int exit = probe(Map.of("HUBSPOT_TOKEN", TOKEN), "--base-url", "http://127.0.0.1:" + hubSpot.port(),
                        "--token-env", "HUBSPOT_TOKEN");

                assertEquals(2, exit);
                assertTrue(err.toString().contains("lacks the scopes"), err.toString());
                assertTrue(err.toString().contains("MISSING_SCOPES"), err.toString());
            } finally {
                hubSpot.stop();
            }
        }
    }

    @Nested
    class BadInput {

        @Test
        void anUnsetTokenVariableIsAUserErrorNamingIt() {
            int exit = probe(Map.of(), "--token-env", "NO_SUCH_VARIABLE");

            assertEquals(2, exit);
            assertTrue(err.toString().contains("NO_SUCH_VARIABLE"), err.toString());
            assertEquals(1, err.toString().lines().count(), err.toString());
        }

        @Test
        void aMissingTokenEnvOptionIsAUserError() {
            int exit = probe(Map.of());

            assertEquals(2, exit);
            assertTrue(err.toString().contains("--token-env VAR is required"), err.toString());
        }

        @Test
        void aMalformedBaseUrlIsAUserErrorNamingTheOption() {
            int exit = probe(Map.of("HUBSPOT_TOKEN", TOKEN), "--base-url", "not a url", "--token-env", "HUBSPOT_TOKEN");

            assertEquals(2, exit);
            assertTrue(err.toString().contains("--base-url"), err.toString());
            assertEquals(1, err.toString().lines().count(), err.toString());
        }

        @Test
        void anInvalidConfigIsReportedWithItsPlaceBeforeAnyCall() throws IOException {
            Path file = dir.resolve("broken.yaml");
            Files.writeString(file, "portal:\n  id: broken\n");

            int exit = probeSimulator(TOKEN, "--config", file.toString());

            assertEquals(2, exit);
            assertTrue(err.toString().contains("broken.yaml"), err.toString());
            assertTrue(err.toString().contains("is not a valid config"), err.toString());
            assertEquals(0, simulator.stats().totalRequests());
        }
    }
}
