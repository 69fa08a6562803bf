package io.hubscore.daemon.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(OpsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAnswers200WhileUpAnd503WhenNot() throws Exception {
        AtomicReference<OpsServer.Health> health = new AtomicReference<>(new OpsServer.Health(true, "ok", "running"));
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, health::get, () -> "")) {

            HttpResponse<String> up = get(server, "/health");
            health.set(new OpsServer.Health(false, "down", "ledger \"acme.db\" unreadable"));
            HttpResponse<String> down = get(server, "/health");

            assertEquals(200, up.statusCode());
            assertEquals("{\"status\":\"ok\",\"detail\":\"running\"}\n", up.body());
            assertEquals(503, down.statusCode());
            assertEquals("{\"status\":\"down\",\"detail\":\"ledger \\\"acme.db\\\" unreadable\"}\n", down.body());
        }
    }

    @Test
    void theHealthBodyStaysOneLineOfValidJsonWhateverTheDetailHolds() throws Exception {
        String detail = "pull-contacts failed: HubSpot said \"bad\\request\"\n\tat line 2\u0000\u0007 \u2028 end";
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> new OpsServer.Health(true, "degraded", detail),
                () -> "")) {

            HttpResponse<String> health = get(server, "/health");

            JsonNode body = new ObjectMapper().readTree(health.body());
            assertEquals(200, health.statusCode());
            assertEquals("degraded", body.get("status").asText());
            assertEquals(detail, body.get("detail").asText());
            assertEquals(1, health.body().strip().lines().count(), health.body());
        }
    }

    @Test
    void metricsAreServedInThePrometheusTextFormat() throws Exception {
        String text = new PrometheusText()
                .gauge("hubscore_outbox_pending", "Writes waiting for HubSpot.", 12, Map.of("portal", "acme"))
                .counter("hubscore_http_429_total", "429s by policy.", 3, Map.of("policy", "DAILY", "portal", "acme"))
                .counter("hubscore_http_429_total", "429s by policy.", 1.5, Map.of("policy", "TEN_SECONDLY_ROLLING"))
                .toString();
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> new OpsServer.Health(true, "ok", ""), () -> text)) {

            HttpResponse<String> metrics = get(server, "/metrics");

            assertEquals(200, metrics.statusCode());
            assertEquals("""
                    # HELP hubscore_outbox_pending Writes waiting for HubSpot.
                    # TYPE hubscore_outbox_pending gauge
                    hubscore_outbox_pending{portal="acme"} 12
                    # HELP hubscore_http_429_total 429s by policy.
                    # TYPE hubscore_http_429_total counter
                    hubscore_http_429_total{policy="DAILY",portal="acme"} 3
                    hubscore_http_429_total{policy="TEN_SECONDLY_ROLLING"} 1.5
                    """, metrics.body());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    metrics.headers().firstValue("Content-Type").orElseThrow());
        }
    }

    @Test
    void otherPathsAre404() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> new OpsServer.Health(true, "ok", ""), () -> "")) {
            assertEquals(404, get(server, "/admin").statusCode());
        }
    }
}
