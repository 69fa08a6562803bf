package io.hubscore.cli.bench;

import io.hubscore.config.BundledExamples;
import io.hubscore.client.Sleeper;
import io.hubscore.simulator.EngagementType;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon benchmark: {@code hubscore run --once} as a real child process (heap capped at 256 MB) backfills a
 * simulated portal of 100,000 contacts and 300,000 engagements limited to 190 requests per 10 seconds; then, after
 * one cycle that reads back hubscore's own writes, 1,000 contacts change and one incremental cycle is timed. Prints
 * one line of {@code key=value} figures ({@code -Dbench.keep=true} keeps the runs' logs and ledger). Run by
 * {@code mvn -B -P bench-daemon -pl engine/cli -am -DskipTests verify}.
 */
public final class DaemonBenchmark {

    private static final int CONTACTS = Integer.getInteger("bench.contacts", 100_000);
    private static final int ENGAGEMENTS = Integer.getInteger("bench.engagements", 300_000);
    private static final int BUDGET = 190;
    private static final int CHANGED = 1_000;
    private static final Duration SEARCH_LAG = Duration.ofSeconds(2);
    private static final EngagementType[] TYPES = EngagementType.values();

    private DaemonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Clock clock = Clock.systemUTC();
        Random random = new Random(190);
        Portal portal = Portal.generate(CONTACTS, 100L, clock);
        List<String> ids = portal.contactIds();
        int engagements = countEngagements(portal, ids);
        Instant now = clock.instant();
        for (int i = engagements; i < ENGAGEMENTS; i++) {
            Map<String, String> properties = new HashMap<>();
            properties.put("hs_timestamp", now.minus(Duration.ofMinutes(random.nextInt(180 * 24 * 60))).toString());
            portal.addEngagement(TYPES[random.nextInt(TYPES.length)], properties,
                    List.of(ids.get(random.nextInt(ids.size()))));
        }
        engagements = Math.max(engagements, ENGAGEMENTS);
        Path dir = Files.createTempDirectory("hubscore-bench-daemon");
        try (PortalSimulator simulator = PortalSimulator.start(SimulatorOptions.defaults()
                .withToken(SimulatorOptions.DEMO_TOKEN).withMaxPer10s(BUDGET).withSearchLag(SEARCH_LAG)
                .withClock(clock), portal)) {
            Path ledger = dir.resolve("bench.db");
            Path config = dir.resolve("bench.yaml");
            Files.writeString(config, config(ledger), StandardCharsets.UTF_8);

            long started = System.nanoTime();
            Path gcLog = dir.resolve("gc-backfill.log");
            run(config, simulator, gcLog, dir.resolve("backfill.log"));
            double seconds = (System.nanoTime() - started) / 1e9;
            long requests = simulator.stats().totalRequests();
            long http429 = simulator.stats().rateLimitedByPolicy().values().stream().mapToLong(Long::longValue).sum();
            long written = portal.allContactProperties().values().stream()
                    .filter(p -> p.containsKey("hubscore_score")).count();
            long minRequests = ceil(CONTACTS) + ceil(engagements) + ceil(written);
            long peakHeap = ChildHubscore.peakHeapMb(gcLog);
            long ledgerMb = Files.size(ledger) / (1024 * 1024);

            // steady state: the next cycle reads back hubscore's own writes once; after the search-lag margin
            // has passed it no longer sees them, as a daemon that runs every few minutes does not
            waitOut(SEARCH_LAG.plusSeconds(1));
            run(config, simulator, dir.resolve("gc-settle.log"), dir.resolve("settle.log"));
            waitOut(SEARCH_LAG.plusSeconds(1));
            for (String id : ids.subList(0, CHANGED)) {
                portal.updateContact(id, Map.of("hs_analytics_num_page_views",
                        Integer.toString(10 + random.nextInt(200)), "num_conversion_events", "1"));
            }
            long changedAt = System.nanoTime();
            waitOut(SEARCH_LAG); // HubSpot's search index shows the changes only after its lag
            Path incrementalLog = dir.resolve("incremental.log");
            run(config, simulator, dir.resolve("gc-incremental.log"), incrementalLog);
            double incremental = (System.nanoTime() - changedAt) / 1e9;
            long cycleMillis = 0;
            Matcher done = Pattern.compile(" done in (\\d+) ms").matcher("");
            for (String line : Files.readAllLines(incrementalLog)) {
                if (done.reset(line).find()) {
                    cycleMillis += Long.parseLong(done.group(1));
                    System.err.println("incremental cycle: " + line.substring(line.indexOf(']') + 2));
                }
            }
            System.err.flush();

            System.out.printf("contacts=%d engagements=%d seconds=%.1f requests=%d min_requests=%d http_429=%d"
                    + " peak_heap_mb=%d ledger_mb=%d requests_over_min=%.4f incremental_changed=%d"
                    + " incremental_cycle_seconds=%.1f incremental_seconds=%.1f%n", CONTACTS, engagements, seconds,
                    requests, minRequests, http429, peakHeap, ledgerMb, (double) requests / minRequests, CHANGED,
                    cycleMillis / 1e3, incremental);
        } finally {
            if (Boolean.getBoolean("bench.keep")) {
                System.out.println("kept the runs' logs and ledger in " + dir);
            } else {
                deleteQuietly(dir);
            }
        }
    }

    private static long ceil(long n) {
        return (n + 99) / 100;
    }

    /** The distinct engagements of every type linked to {@code ids} in the generated portal. */
    static int countEngagements(Portal portal, List<String> ids) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String id : ids) {
            for (EngagementType type : TYPES) {
                for (String e : portal.engagementIds(id, type)) {
                    seen.add(type + "/" + e);
                }
            }
        }
        return seen.size();
    }

    /** icp-agency with an event rule for every engagement type (so all are pulled) and the benchmark's budget. */
    private static String config(Path ledger) {
        String text = BundledExamples.read("icp-agency.yaml");
        text = text.replaceAll("(?m)^  ledger: .*$", "  ledger: " + ledger.toString().replace("\\", "/"));
        text = text.replaceAll("(?ms)^rate-limit:.*?\\n\\n", "rate-limit:\n  burst-share: 1.0\n  burst-limit: "
                + BUDGET + "\n  search-per-second: 4\n\n");
        text = withCallNoteAndTaskRules(text);
        return text + "\nsync:\n  search-lag: " + (SEARCH_LAG.toSeconds() + 1) + "s\n";
    }

    private static void waitOut(Duration duration) throws InterruptedException {
        Sleeper.real().sleep(duration); // a fixed, known delay: the simulated search index lag
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** {@code hubscore run --once} against the simulator, as a child JVM with the simulator's token. */
    static void run(Path config, PortalSimulator simulator, Path gcLog, Path log)
            throws IOException, InterruptedException {
        ChildHubscore.run(List.of("run", "--once", "--config", config.toString(), "--base-url",
                simulator.baseUrl().toString()), Map.of("HUBSPOT_TOKEN", SimulatorOptions.DEMO_TOKEN,
                        "HUBSCORE_LOG_LEVEL", "INFO"), gcLog, log, Duration.ofMinutes(60));
    }

    /** The model with event rules for calls, notes and tasks too, so every engagement type is pulled and scored. */
    static String withCallNoteAndTaskRules(String text) {
        return text.replace("\nbands:", """
                      - name: call
                        type: calls
                        points: 2
                        max-points: 6
                      - name: note
                        type: notes
                        points: 1
                        max-points: 3
                      - name: task
                        type: tasks
                        points: 1
                        max-points: 3

                bands:""");
    }
}
