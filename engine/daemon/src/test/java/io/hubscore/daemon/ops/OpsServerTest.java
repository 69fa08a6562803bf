package io.hubscore.daemon.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
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
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, health::get, new PrometheusRegistry())) {

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
                new PrometheusRegistry())) {

            HttpResponse<String> health = get(server, "/health");

            JsonNode body = new ObjectMapper().readTree(health.body());
            assertEquals(200, health.statusCode());
            assertEquals("degraded", body.get("status").asText());
            assertEquals(detail, body.get("detail").asText());
            assertEquals(1, health.body().strip().lines().count(), health.body());
        }
    }

    @Test
    void metricsAreTheRegistryScrapedIntoThePrometheusTextFormat() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        AtomicLong pending = new AtomicLong(12);
        GaugeWithCallback.builder().name("hubscore_outbox_pending").help("Writes waiting for HubSpot.")
                .constLabels(Labels.of("portal", "acme")).callback(callback -> callback.call(pending.get()))
                .register(registry);
        Counter rateLimited = Counter.builder().name("hubscore_http_429").help("429s by policy.")
                .labelNames("policy").register(registry);
        rateLimited.labelValues("DAILY").inc(3);
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> new OpsServer.Health(true, "ok", ""),
                registry)) {

            HttpResponse<String> first = get(server, "/metrics");
            pending.set(7);
            HttpResponse<String> second = get(server, "/metrics");

            assertEquals(200, first.statusCode());
            assertEquals("""
                    # HELP hubscore_http_429_total 429s by policy.
                    # TYPE hubscore_http_429_total counter
                    hubscore_http_429_total{policy="DAILY"} 3.0
                    # HELP hubscore_outbox_pending Writes waiting for HubSpot.
                    # TYPE hubscore_outbox_pending gauge
                    hubscore_outbox_pending{portal="acme"} 12.0
                    """, first.body());
            assertTrue(second.body().contains("hubscore_outbox_pending{portal=\"acme\"} 7.0\n"), "read at each scrape: "
                    + second.body());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    first.headers().firstValue("Content-Type").orElseThrow());
        }
    }

    @Test
    void aMetricThatCannotBeReadAnswers503WithTheReason() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        GaugeWithCallback.builder().name("hubscore_contacts").help("Live contacts.")
                .callback(callback -> {
                    throw new IllegalStateException("ledger acme.db is locked");
                })
                .register(registry);
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> new OpsServer.Health(true, "ok", ""),
                registry)) {

            HttpResponse<String> metrics = get(server, "/metrics");

            assertEquals(503, metrics.statusCode());
            assertEquals("metrics unavailable: ledger acme.db is locked\n", metrics.body());
        }
    }

    @Test
    void otherPathsAre404() throws Exception {
        try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> new OpsServer.Health(true, "ok", ""),
                new PrometheusRegistry())) {
            assertEquals(404, get(server, "/admin").statusCode());
        }
    }
}
