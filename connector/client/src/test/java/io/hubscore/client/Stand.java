package io.hubscore.client;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.extension.Extension;
import java.time.Duration;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * A HubSpot stand-in on 127.0.0.1 (plain WireMock stubs) plus a client wired to it with fake time.
 * One per test; close it.
 */
final class Stand implements AutoCloseable {

    static final String TOKEN = "pat-na1-4f3c9e1a-secret-token-value";

    final WireMockServer server;
    final FakeTime time = FakeTime.at("2026-11-23T10:00:00Z");
    final HubSpotClient client;

    Stand(Extension... extensions) {
        this(builder -> builder, extensions);
    }

    Stand(UnaryOperator<ClientSettings.Builder> tweak, Extension... extensions) {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(extensions));
        server.start();
        ClientSettings.Builder builder = ClientSettings.builder()
                .baseUrl("http://127.0.0.1:" + server.port())
                .bearerToken(Credentials.of(TOKEN.toCharArray()))
                .readTimeout(Duration.ofSeconds(1))
                .callTimeout(Duration.ofSeconds(5))
                .rateBudget(new RateBudget(1_000, Duration.ofSeconds(10), 0, 100))
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5)))
                .searchLagMargin(Duration.ofMinutes(1))
                .clock(time)
                .sleeper(time)
                .random(new Random(42));
        client = HubSpotClient.create(tweak.apply(builder).build());
    }

    /** Answers {@code method path} with each response in turn; the last one keeps answering. */
    void respondInTurn(String method, String path, ResponseDefinitionBuilder... responses) {
        String scenario = method + " " + path;
        for (int i = 0; i < responses.length; i++) {
            ScenarioMappingBuilder mapping = WireMock.request(method, WireMock.urlPathEqualTo(path))
                    .inScenario(scenario)
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step " + i)
                    .willReturn(responses[i]);
            if (i < responses.length - 1) {
                mapping = (ScenarioMappingBuilder) mapping.willSetStateTo("step " + (i + 1));
            }
            server.stubFor(mapping);
        }
    }

    int requestsTo(String path) {
        return server.findAll(WireMock.anyRequestedFor(WireMock.urlPathEqualTo(path))).size();
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return WireMock.aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    static final String ONE_CONTACT = """
            {"results":[{"id":"101","properties":{"email":"ada@example.com","lastmodifieddate":"1795000000000",
              "hs_object_id":"101","firstname":null},"createdAt":"2026-01-01T00:00:00Z",
              "updatedAt":"2026-11-01T00:00:00Z","archived":false}]}""";

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        client.close();
        server.stop();
    }
}
