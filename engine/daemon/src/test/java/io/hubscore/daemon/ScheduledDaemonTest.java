package io.hubscore.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.hubscore.daemon.testing.PortalHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon on its Quartz schedules, with its health and metrics endpoint. */
class ScheduledDaemonTest {

    @TempDir
    Path dir;

    @Test
    void scheduled_jobs_score_and_write_every_contact_and_the_endpoint_reports_it() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (PortalHarness harness = PortalHarness.start(dir, 500, 41L, "overwrite")) {
            String text = Files.readString(harness.configFile, StandardCharsets.UTF_8);
            Files.writeString(harness.configFile, text.replaceAll("(?ms)^schedule:.*?\\n\\n",
                    "schedule:\n  pull-contacts: 1s\n  pull-engagements: 1s\n  score: 1s\n  write-back: 1s\n\n")
                    + "\nmetrics:\n  port: " + port + "\n");
            HttpClient http = HttpClient.newHttpClient();

            try (Daemon daemon = harness.openDaemon()) {
                daemon.start();
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() ->
                        harness.simulator.portal().allContactProperties().values().stream()
                                .filter(p -> p.containsKey("hubscore_score")).count() > 450);

                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());

                assertEquals(200, health.statusCode(), health.body());
                assertTrue(health.body().contains("\"up\""), health.body());
                assertTrue(metrics.body().contains("hubscore_contacts{portal=\"icp-agency\"} 500"), metrics.body());
                assertTrue(metrics.body().contains("hubscore_http_requests_total"), metrics.body());
            }
        }
    }
}
