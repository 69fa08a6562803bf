package io.hubscore.client.bench;

import io.hubscore.client.ClientSettings;
import io.hubscore.client.CrmObject;
import io.hubscore.client.Credentials;
import io.hubscore.client.HubSpotClient;
import io.hubscore.client.ListQuery;
import io.hubscore.client.MetricsSnapshot;
import io.hubscore.client.ObjectType;
import io.hubscore.client.ObjectUpdate;
import io.hubscore.client.RateBudget;
import io.hubscore.client.Sleeper;
import io.hubscore.client.UpdateOutcome;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Pulls a simulated 100,000-contact portal whose budget is 100 requests per 10 s, then writes one
 * property to every contact, and prints one line of figures: requests sent, the least possible
 * (one list page and one batch update per 100 contacts), how much of the budget the run used while
 * saturated, and how many 429s it drew. Requests and 429s are the simulator's own counts (checked
 * against the client's metrics). The whole run is saturated: every call waits for the limiter.
 * Run by the {@code bench-connector} profile; an optional argument sets the number of contacts.
 */
public final class ConnectorBenchmark {

    private static final String TOKEN = "bench-token";
    private static final int BUDGET = 100;
    private static final Duration WINDOW = Duration.ofSeconds(10);

    private ConnectorBenchmark() {
    }

    public static void main(String[] args) {
        int contacts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Clock clock = Clock.systemUTC();
        Portal portal = Portal.generate(contacts, 2026, clock);
        SimulatorOptions options = SimulatorOptions.defaults().withToken(TOKEN).withMaxPer10s(BUDGET).withWindow(WINDOW)
                .withDailyLimit(0);
        try (PortalSimulator simulator = PortalSimulator.start(options, portal);
                HubSpotClient client = HubSpotClient.create(ClientSettings.builder()
                        .baseUrl(simulator.baseUrl())
                        .bearerToken(Credentials.of(TOKEN.toCharArray()))
                        .rateBudget(new RateBudget(BUDGET, WINDOW, 0, 4))
                        .clock(clock)
                        .sleeper(Sleeper.real())
                        .random(new Random(2026))
                        .build())) {
            long start = System.nanoTime();
            List<String> ids = new ArrayList<>(contacts);
            client.list(ObjectType.CONTACTS, ListQuery.of(List.of("email", "lastmodifieddate")))
                    .map(CrmObject::id)
                    .forEach(ids::add);
            long notApplied = 0;
            for (int from = 0; from < ids.size(); from += 100) {
                List<ObjectUpdate> batch = ids.subList(from, Math.min(ids.size(), from + 100)).stream()
                        .map(id -> new ObjectUpdate(id, Map.of("jobtitle", "benchmarked"))).toList();
                notApplied += client.batchUpdate(ObjectType.CONTACTS, batch).stream()
                        .filter(outcome -> !(outcome instanceof UpdateOutcome.Applied)).count();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            MetricsSnapshot metrics = client.metrics();
            long served = simulator.stats().totalRequests();
            long refused = simulator.stats().rateLimitedByPolicy().values().stream().mapToLong(Long::longValue).sum();
            if (ids.size() != contacts || notApplied != 0) {
                throw new IllegalStateException("benchmark run incomplete: listed " + ids.size() + " of " + contacts
                        + ", " + notApplied + " updates not applied");
            }
            if (served != metrics.requests() || refused != metrics.http429Total()) {
                throw new IllegalStateException("client and simulator disagree: client counted " + metrics.requests()
                        + " requests and " + metrics.http429Total() + " 429s, simulator " + served + " and " + refused);
            }
            long minRequests = 2 * ceilDiv(ids.size(), 100);
            double allowedPerSecond = BUDGET / (double) WINDOW.toSeconds();
            double used = served / seconds / allowedPerSecond;
            System.out.printf(java.util.Locale.ROOT,
                    "requests=%d min_requests=%d efficiency=%.4f rate_budget_used=%.4f http_429=%d seconds=%.1f%n",
                    served, minRequests, minRequests / (double) served, used, refused, seconds);
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
