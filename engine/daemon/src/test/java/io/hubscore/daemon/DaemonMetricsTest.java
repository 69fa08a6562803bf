package io.hubscore.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.client.MetricsSnapshot;
import io.hubscore.config.BandsConfig;
import io.hubscore.daemon.ops.OpsServer;
import io.hubscore.daemon.testing.FakeTime;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Scores;
import io.hubscore.scoring.ScoringModel;
import io.hubscore.simulator.SimulatorOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} scraped over HTTP after a cycle against a portal whose budget another app takes for a minute:
 * what the client sent and waited, and what the ledger holds, each checked against an independent count (the
 * simulator's, the scoring engine's).
 */
class DaemonMetricsTest {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir
    Path dir;

    @Test
    void a_scrape_reports_requests_429s_latency_budget_wait_and_contacts_per_band() throws Exception {
        FakeTime time = new FakeTime(Instant.parse("2026-11-23T10:00:00Z"));
        SimulatorOptions hubSpot = SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN)
                .withMaxPer10s(100).withSearchPerSecond(5);
        try (PortalHarness harness = PortalHarness.start(dir, 200, 51L, "overwrite", time, hubSpot)) {
            harness.rateLimit("burst-share: 1.0", "burst-limit: 100", "search-per-second: 4");
            harness.admin("/__sim/limits", "{\"otherClientsPer10s\":100,\"otherClientsForMs\":60000}");
            long requestsBefore = harness.simulator.stats().totalRequests();
            try (Daemon daemon = harness.openDaemon(time)) {
                assertTrue(daemon.runOnce(Duration.ofMinutes(10)), "the cycle completes");
                MetricsSnapshot client = daemon.context().client().metrics();
                String text;
                try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> new OpsServer.Health(true, "up", ""),
                        DaemonMetrics.registry(daemon.context()))) {

                    text = scrape(server);
                }

                Map<String, Double> samples = samples(text);
                String portal = "portal=\"icp-agency\"";
                long requests = harness.simulator.stats().totalRequests() - requestsBefore;
                long refused = harness.simulator.stats().rateLimited("TEN_SECONDLY_ROLLING");
                assertTrue(refused > 0, "the other app's share made HubSpot answer 429");
                assertEquals(requests, value(samples, "hubscore_http_requests_total{" + portal + "}"), text);
                assertEquals(refused, value(samples, "hubscore_http_429_total{policy=\"TEN_SECONDLY_ROLLING\"," + portal
                        + "}"), text);
                assertEquals(client.retries(), value(samples, "hubscore_http_retries_total{" + portal + "}"), text);
                assertTrue(client.budgetWaitMillis() > 0, "the daemon waited for budget");
                assertEquals(client.budgetWaitMillis() / 1000.0,
                        value(samples, "hubscore_rate_budget_wait_seconds_total{" + portal + "}"), text);
                assertTrue(text.contains("# TYPE hubscore_http_request_duration_seconds summary\n"), text);
                assertEquals(requests, value(samples, "hubscore_http_request_duration_seconds_count{" + portal + "}"),
                        text);
                assertEquals(client.totalLatencyMillis() / 1000.0,
                        value(samples, "hubscore_http_request_duration_seconds_sum{" + portal + "}"), text);

                assertEquals(200.0, value(samples, "hubscore_contacts{" + portal + "}"), text);
                assertEquals(0.0, value(samples, "hubscore_dirty_contacts{" + portal + "}"), text);
                assertEquals(0.0, value(samples, "hubscore_outbox_pending{" + portal + "}"), text);
                assertEquals(0.0, value(samples, "hubscore_outbox_parked{" + portal + "}"), text);
                assertTrue(text.contains("# TYPE hubscore_band_contacts gauge\n"), text);
                Map<String, Double> scrapedBands = new TreeMap<>();
                samples.forEach((key, value) -> {
                    Matcher band = Pattern.compile("hubscore_band_contacts\\{band=\"([^\"]*)\"," + Pattern.quote(portal)
                            + "}").matcher(key);
                    if (band.matches()) {
                        scrapedBands.put(band.group(1), value);
                    }
                });
                assertEquals(expectedBands(harness, daemon), scrapedBands, text);
                long fired = harness.simulator.portal().contactIds().stream().mapToLong(id -> daemon.context()
                        .ledger().read(tx -> tx.scores().transitions(Long.parseLong(id))).stream()
                        .filter(Scores.Transition::fired).count()).sum();
                assertEquals(fired, value(samples, "hubscore_transitions_fired_total{" + portal + "}"), text);
            }
        }
    }

    /** Every configured band with how many contacts the scoring engine puts in it, from the simulator's data. */
    private static Map<String, Double> expectedBands(PortalHarness harness, Daemon daemon) {
        ScoringModel model = harness.liveConfig().active().model();
        Map<String, Double> bands = new TreeMap<>();
        for (BandsConfig.Band band : harness.liveConfig().active().config().bands().levels()) {
            bands.put(band.name(), 0.0);
        }
        for (String id : harness.simulator.portal().contactIds()) {
            Scores.Score row = daemon.context().ledger().read(tx -> tx.scores().latest(Long.parseLong(id)))
                    .orElseThrow();
            String band = harness.expected(model, id, Instant.ofEpochMilli(row.scoredAt())).band();
            bands.merge(band, 1.0, Double::sum);
        }
        return bands;
    }

    /** The sample's value, failing with the names scraped when there is none. */
    private static double value(Map<String, Double> samples, String key) {
        Double value = samples.get(key);
        assertTrue(value != null, "no sample " + key + " in " + samples.keySet());
        return value;
    }

    private static String scrape(OpsServer server) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** The exposition's samples by name and labels (labels in name order), parsed line by line. */
    private static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "not a sample line: " + line);
            Map<String, String> labels = new TreeMap<>();
            Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            String key = sample.group(1) + (labels.isEmpty() ? "" : labels.entrySet().stream()
                    .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                    .collect(java.util.stream.Collectors.joining(",", "{", "}")));
            samples.put(key, Double.parseDouble(sample.group(3)));
        }
        return samples;
    }
}
