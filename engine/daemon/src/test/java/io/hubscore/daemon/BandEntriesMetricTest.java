package io.hubscore.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.config.BandsConfig;
import io.hubscore.daemon.ops.OpsServer;
import io.hubscore.daemon.testing.MutableClock;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Scores;
import io.hubscore.simulator.SimulatorOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hubscore_band_entries_total} scraped over HTTP after weeks of a simulated market: each band's entries are
 * the contacts whose first band it was plus the transitions that fired into it, counted contact by contact from
 * the ledger's own records.
 */
class BandEntriesMetricTest {

    private static final Pattern ENTRIES = Pattern.compile(
            "(?m)^hubscore_band_entries_total\\{band=\"([^\"]*)\",portal=\"icp-agency\"} (\\S+)$");

    @TempDir
    Path dir;

    @Test
    void aScrapeCountsEveryContactsFirstBandAndEveryFiredTransitionIntoEachBand() throws Exception {
        MutableClock clock = new MutableClock();
        try (PortalHarness harness = PortalHarness.start(dir, 300, 31L, "overwrite", clock,
                SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN).withoutRateLimits());
                Daemon daemon = harness.openDaemon()) {
            assertTrue(daemon.runOnce(Duration.ofMinutes(2)));
            Random market = new Random(31L);
            for (int day = 0; day < 21; day++) {
                clock.advance(Duration.ofDays(1));
                harness.simulator.portal().passTime(market, Duration.ofDays(1));
            }
            assertTrue(daemon.runOnce(Duration.ofMinutes(2)));

            Map<String, Double> expected = new TreeMap<>();
            for (BandsConfig.Band band : harness.liveConfig().active().config().bands().levels()) {
                expected.put(band.name(), 0.0);
            }
            long fired = 0;
            for (String id : harness.simulator.portal().contactIds()) {
                long contact = Long.parseLong(id);
                List<Scores.Transition> transitions = daemon.context().ledger().read(tx -> tx.scores()
                        .transitions(contact)).stream().filter(Scores.Transition::fired).toList();
                String first = transitions.isEmpty()
                        ? daemon.context().ledger().read(tx -> tx.scores().bandState(contact)).orElseThrow().band()
                        : transitions.get(0).fromBand();
                if (first != null) {
                    expected.merge(first, 1.0, Double::sum);
                }
                for (Scores.Transition t : transitions) {
                    expected.merge(t.toBand(), 1.0, Double::sum);
                    fired++;
                }
            }
            assertTrue(fired > 10, "the market moved contacts between bands: " + fired);

            Map<String, Double> scraped = new TreeMap<>();
            try (OpsServer server = OpsServer.start("127.0.0.1", 0, () -> new OpsServer.Health(true, "up", ""),
                    DaemonMetrics.registry(daemon.context()))) {
                String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(text.contains("# TYPE hubscore_band_entries_total counter\n"), text);
                Matcher m = ENTRIES.matcher(text);
                while (m.find()) {
                    scraped.put(m.group(1), Double.parseDouble(m.group(2)));
                }
            }
            assertEquals(expected, scraped);
        }
    }
}
