package io.hubscore.cli.bench;

import io.hubscore.config.BundledExamples;
import io.hubscore.ledger.RescoreFloor;
import io.hubscore.simulator.EngagementType;
import io.hubscore.simulator.FaultKind;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sync benchmark: {@code hubscore run --once} as a real child process (heap capped at 256 MB) backfills a
 * simulated portal with HubSpot's limits switched on and counted by the simulator (100 requests per 10 seconds, or
 * {@code -Dbench.per10s}, and 5 searches a second), the config taking 90% of the 10-second bucket and all of search. With no engagements the
 * model is the five property rules (title, industry, conversions, email clicks, student or intern); with
 * engagements it is {@code fit-engagement-70}. {@code floor_seconds} is the least time those limits allow for the
 * reads and writes made, every read free to use either bucket: {@code max(W/(100b), min(R/(200a),
 * (R+W)/(100b+200a)))}. Then the model's version changes and a second run rescores every contact:
 * {@code score_us_per_contact} is that score step's own time (its log line) over the contacts it scored, and
 * {@code sqlite_floor_us_per_contact} what the same reads and writes cost SQLite alone, set-based, on a copy of the
 * ledger before the rescore, the least of three ({@link RescoreFloor}): the score step cannot cost less. Before the
 * measured run, one untimed run against a small throwaway portal warms the simulator's code. Prints one
 * line of {@code key=value} figures ({@code -Dbench.keep=true} keeps the runs' logs and ledger). Run by {@code mvn -B -P bench-sync -pl engine/cli -am -DskipTests verify}.
 */
public final class SyncBenchmark {

    private static final int CONTACTS = Integer.getInteger("bench.contacts", 20_000);
    private static final int ENGAGEMENTS = Integer.getInteger("bench.engagements", 0);
    private static final double FAULTS = Double.parseDouble(System.getProperty("bench.faults", "0"));
    /** The simulated portal's 10-second limit: 100 (Free and Starter), 190 (Professional and Enterprise). */
    private static final int SIM_PER_10S = Integer.getInteger("bench.per10s", 100);
    private static final int SIM_SEARCH_PER_SECOND = 5;
    private static final double BURST_SHARE = 0.9;
    private static final int SEARCH_PER_SECOND = 5;
    private static final Pattern SCORE_DONE = Pattern.compile("\\bscore done in (\\d+) ms: .*\\bscored=(\\d+)");
    private static final Pattern VIA = Pattern.compile("backfill of (\\S+) starts through the (\\w+) endpoint");
    /** The engagement pull's run line: records read per type (and deals), the ones the model needs. */
    private static final Pattern ENGAGEMENTS_READ = Pattern.compile("pull-engagements done in \\d+ ms: (.*)$");
    private static final Pattern COUNT = Pattern.compile("\\b(emails|calls|meetings|notes|tasks|deals)=(\\d+)");
    private static final EngagementType[] TYPES = EngagementType.values();

    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Clock clock = Clock.systemUTC();
        Random random = new Random(20);
        Portal portal = Portal.generate(CONTACTS, 100L, clock);
        List<String> ids = portal.contactIds();
        int engagements = 0;
        if (ENGAGEMENTS > 0) {
            engagements = DaemonBenchmark.countEngagements(portal, ids);
            Instant now = clock.instant();
            for (int i = engagements; i < ENGAGEMENTS; i++) {
                Map<String, String> properties = new HashMap<>();
                properties.put("hs_timestamp",
                        now.minus(Duration.ofMinutes(random.nextInt(180 * 24 * 60))).toString());
                portal.addEngagement(TYPES[random.nextInt(TYPES.length)], properties,
                        List.of(ids.get(random.nextInt(ids.size()))));
            }
            engagements = Math.max(engagements, ENGAGEMENTS);
        }
        Path dir = Files.createTempDirectory("hubscore-bench-sync");
        warmUpSimulator(dir, clock);
        SimulatorOptions options = SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN)
                .withMaxPer10s(SIM_PER_10S).withSearchPerSecond(SIM_SEARCH_PER_SECOND).withClock(clock);
        try (PortalSimulator simulator = PortalSimulator.start(options, portal)) {
            Path ledger = dir.resolve("bench.db");
            Path config = dir.resolve("bench.yaml");
            Files.writeString(config, config(ledger, "bench-1"), StandardCharsets.UTF_8);
            if (FAULTS > 0) {
                simulator.faults().set(FaultKind.SERVER_ERROR_500, FAULTS / 2)
                        .set(FaultKind.SERVICE_UNAVAILABLE_503, FAULTS / 2);
            }

            long started = System.nanoTime();
            Path gcLog = dir.resolve("gc-sync.log");
            Path log = dir.resolve("sync.log");
            DaemonBenchmark.run(config, simulator, gcLog, log);
            double seconds = (System.nanoTime() - started) / 1e9;
            long requests = simulator.stats().totalRequests();
            long http429 = simulator.stats().rateLimitedByPolicy().values().stream().mapToLong(Long::longValue).sum();
            long written = portal.allContactProperties().values().stream()
                    .filter(p -> p.containsKey("hubscore_score")).count();
            Set<String> bySearch = new HashSet<>();
            Map<String, Long> streamsRead = new HashMap<>(); // records of each engagement type and of deals read
            for (String line : Files.readAllLines(log)) {
                Matcher read = ENGAGEMENTS_READ.matcher(line);
                if (read.find()) {
                    Matcher count = COUNT.matcher(read.group(1));
                    while (count.find()) {
                        streamsRead.merge(count.group(1), Long.parseLong(count.group(2)), Long::sum);
                    }
                }
                Matcher via = VIA.matcher(line);
                if (via.find() && via.group(2).equals("search")) {
                    bySearch.add(via.group(1));
                }
            }
            // the requests the run's mix of pages needed: every contact, and the engagements (of the types the model
            // scores) and deals its engagement pull read, each stream in pages of its own, search pages of 200 (with
            // an association read for each 1,000 engagements), list pages of 100; and a batch per 100 contacts written
            long minRequests = pages(CONTACTS, bySearch.contains("contacts") ? 200 : 100) + pages(written, 100);
            long otherRecords = 0;
            for (Map.Entry<String, Long> stream : streamsRead.entrySet()) {
                long n = stream.getValue();
                minRequests += bySearch.contains("engagements." + stream.getKey())
                        ? pages(n, 200) + pages(n, 1000) : pages(n, 100);
                otherRecords += n;
            }
            double a = Math.min(SIM_SEARCH_PER_SECOND, SEARCH_PER_SECOND);
            double b = Math.min(SIM_PER_10S, Math.floor(BURST_SHARE * SIM_PER_10S)) / 10.0;
            double reads = CONTACTS + otherRecords;
            double floor = Math.max(written / (100 * b),
                    Math.min(reads / (200 * a), (reads + written) / (100 * b + 200 * a)));
            long peakHeap = ChildHubscore.peakHeapMb(gcLog);

            // what the rescore's reads and writes cost SQLite alone, set-based, on a copy of the ledger it rescores
            double sqliteFloorUs = RescoreFloor.microsPerContact(ledger, 3);

            // a model change: every contact is rescored by the score step, whose own time is read from its log line
            Files.writeString(config, config(ledger, "bench-2"), StandardCharsets.UTF_8);
            Path rescoreLog = dir.resolve("rescore.log");
            DaemonBenchmark.run(config, simulator, dir.resolve("gc-rescore.log"), rescoreLog);
            long scoreMillis = 0;
            long scored = 0;
            for (String line : Files.readAllLines(rescoreLog)) {
                Matcher done = SCORE_DONE.matcher(line);
                if (done.find()) {
                    scoreMillis += Long.parseLong(done.group(1));
                    scored += Long.parseLong(done.group(2));
                }
            }
            if (scored == 0) {
                throw new IllegalStateException("the rescore run scored nothing:\n" + Files.readString(rescoreLog));
            }
            peakHeap = Math.max(peakHeap, ChildHubscore.peakHeapMb(dir.resolve("gc-rescore.log")));

            System.out.printf("contacts=%d engagements=%d seconds=%.1f floor_seconds=%.1f floor_ratio=%.2f"
                    + " requests=%d min_requests=%d http_429=%d score_us_per_contact=%.1f"
                    + " sqlite_floor_us_per_contact=%.1f peak_heap_mb=%d"
                    + " faults=%.2f per_10s=%d search_streams=%s rescored=%d%n", CONTACTS, engagements, seconds, floor,
                    seconds / floor, requests, minRequests, http429, scoreMillis * 1000.0 / scored, sqliteFloorUs, peakHeap,
                    FAULTS,
                    SIM_PER_10S, bySearch.isEmpty() ? "none" : String.join(",", new java.util.TreeSet<>(bySearch)),
                    scored);
        } finally {
            if (Boolean.getBoolean("bench.keep")) {
                System.out.println("kept the runs' logs and ledger in " + dir);
            } else {
                deleteQuietly(dir);
            }
        }
    }

    /**
     * Runs {@code hubscore run --once} once against a small throwaway portal served by this JVM, so the simulator's
     * own code (HTTP server, search, batch update) is compiled before the measured run: a HubSpot that answers its
     * first requests slowly while its code warms up is this benchmark's, not hubscore's, and would count as
     * hubscore's time. The measured portal, its limits and its counts are untouched.
     */
    private static void warmUpSimulator(Path dir, Clock clock) throws IOException, InterruptedException {
        Path warm = Files.createDirectories(dir.resolve("warm-up"));
        try (PortalSimulator simulator = PortalSimulator.start(SimulatorOptions.defaults()
                .withToken(SimulatorOptions.DEMO_TOKEN).withClock(clock), Portal.generate(2_000, 7L, clock))) {
            Path config = warm.resolve("warm-up.yaml");
            Files.writeString(config, config(warm.resolve("warm-up.db"), "warm-up"), StandardCharsets.UTF_8);
            DaemonBenchmark.run(config, simulator, warm.resolve("gc.log"), warm.resolve("run.log"));
        }
    }

    private static long pages(long records, int size) {
        return (records + size - 1) / size;
    }


    /**
     * The benchmark's config: with engagements {@code fit-engagement-70}, without them the five-rule model; the
     * benchmark's rate-limit shares, the ledger and the model version given.
     */
    private static String config(Path ledger, String version) {
        String text = BundledExamples.read(ENGAGEMENTS > 0 ? "fit-engagement-70.yaml" : "icp-agency.yaml");
        text = text.replaceAll("(?m)^  ledger: .*$", "  ledger: " + ledger.toString().replace("\\", "/"));
        text = text.replaceAll("(?ms)^rate-limit:.*?\\n\\n", "rate-limit:\n  burst-share: " + BURST_SHARE
                + "\n  burst-limit: " + SIM_PER_10S + "\n  search-per-second: " + SEARCH_PER_SECOND + "\n\n");
        text = text.replaceAll("(?m)^  version: .*$", "  version: \"" + version + "\"");
        if (ENGAGEMENTS == 0) {
            text = text.replaceAll("(?ms)^model:.*?\\n\\n(bands:)", """
                    model:
                      version: "%s"
                      fit:
                        rules:
                          - name: marketing-title
                            property: jobtitle
                            operator: contains-any
                            values: ["Marketing Manager", "Director of Marketing", "Agency Owner"]
                            points: 10
                          - name: agency-industry
                            property: industry
                            operator: equals
                            value: Marketing Agency
                            points: 15
                          - name: student-or-intern
                            property: jobtitle
                            operator: contains-any
                            values: [Student, Intern]
                            points: -5
                      engagement:
                        rules:
                          - name: converted
                            property: num_conversion_events
                            operator: between
                            min: 1
                            points: 7
                          - name: email-clicks
                            property: hs_email_click
                            operator: between
                            min: 1
                            points: 5

                    $1""".formatted(version));
            text = text.replaceAll("(?ms)^outcomes:.*?\\n\\n", "");
            text = text.replaceAll("(?ms)^suppressions:.*\\z", "");
        }
        return text;
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
