package io.hubscore.cli.bench;

import io.hubscore.config.BundledExamples;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.EventRule;
import io.hubscore.config.PropertyRule;
import io.hubscore.config.SyncConfig;
import io.hubscore.ledger.Contacts;
import io.hubscore.ledger.Deals;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.Outcomes;
import io.hubscore.ledger.Scores;
import io.hubscore.scoring.ScoringModel;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The outcome report's benchmark: a ledger of 100,000 contacts with a year of weekly history (about 1,000,000 score
 * rows with their explanations, 200,000 fired transitions, lifecycle stage entries and deals), built directly through
 * the ledger's stores, then {@code hubscore report --json} as a real child process with its heap capped at 256 MB.
 * Prints one line of {@code key=value} figures: the report's wall time (JVM start included) and the most heap in use
 * before a collection. Run by {@code mvn -B -P bench-report -pl engine/cli -am -DskipTests verify};
 * {@code -Dbench.keep=true} keeps the ledger and its config (the path is printed) to look into a slow report.
 */
public final class ReportBenchmark {

    private static final int CONTACTS = Integer.getInteger("bench.contacts", 100_000);
    private static final int WEEKS = 52;
    /** A new score in a week, for a contact: about nine a year on top of the first. */
    private static final double RESCORED_PER_WEEK = 0.175;
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long WEEK = 7 * DAY;
    private static final int BATCH = 2_000;

    private ReportBenchmark() {
    }

    /** One of the model's rules, as the explanation names it. */
    private record Rule(String name, String group, String kind, int points) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("hubscore-bench-report");
        try {
            Path ledgerFile = dir.resolve("bench.db");
            Path config = dir.resolve("bench.yaml");
            String text = BundledExamples.read("icp-agency.yaml").replaceAll("(?m)^  ledger: .*$", "  ledger: "
                    + ledgerFile.toString().replace("\\", "/"));
            Files.writeString(config, text, StandardCharsets.UTF_8);
            SyncConfig sync = ((LoadResult.Valid) new ConfigLoader(name -> "bench-token").parse("bench.yaml", text))
                    .config();
            long built = System.nanoTime();
            long[] counts = build(ledgerFile, sync, text);
            System.err.printf("ledger built in %.1f s: %,d score rows, %,d transitions, %d MB%n",
                    (System.nanoTime() - built) / 1e9, counts[0], counts[1], Files.size(ledgerFile) / (1024 * 1024));

            Path gcLog = dir.resolve("gc.log");
            Path log = dir.resolve("report.log");
            long started = System.nanoTime();
            report(config, dir.resolve("report.json"), gcLog, log);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("contacts=%d score_rows=%d seconds=%.1f peak_heap_mb=%d%n", CONTACTS, counts[0], seconds,
                    ChildHubscore.peakHeapMb(gcLog));
        } finally {
            if (Boolean.getBoolean("bench.keep")) {
                System.err.println("KEPT " + dir);
                return;
            }
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The ledger: returns the score rows and fired transitions written. */
    private static long[] build(Path file, SyncConfig sync, String text) {
        Random random = new Random(2026);
        ScoringModel model = ScoringModel.compile(sync);
        String fingerprint = model.fingerprint();
        long now = System.currentTimeMillis();
        long start = now - WEEKS * WEEK - DAY;
        List<Rule> rules = rules(sync);
        long rows = 0;
        long fired = 0;
        try (Ledger ledger = Ledger.open(file)) {
            ledger.update(tx -> tx.scores().releaseModel(new Scores.ModelVersion(fingerprint, sync.model().version(),
                    text, start, "bench")));
            for (int from = 0; from < CONTACTS; from += BATCH) {
                int first = from;
                long[] written = ledger.write(tx -> batch(tx, first, Math.min(CONTACTS, first + BATCH), rules,
                        fingerprint, start, now, random));
                rows += written[0];
                fired += written[1];
            }
        }
        return new long[] {rows, fired};
    }

    private static long[] batch(Ledger.Tx tx, int from, int to, List<Rule> rules, String fingerprint, long start,
            long now, Random random) {
        List<Contacts.Pulled> pulled = new ArrayList<>();
        for (int c = from; c < to; c++) {
            pulled.add(new Contacts.Pulled(1_000 + c, Map.of("jobtitle", random.nextInt(4) == 0 ? "Marketing Manager"
                    : "Engineer", "industry", random.nextInt(6) == 0 ? "Marketing Agency" : "Retail", "country",
                    "France"), "h" + c, now, start - random.nextInt(700) * DAY));
        }
        tx.contacts().upsert(pulled, now);
        long rows = 0;
        long fired = 0;
        for (int c = from; c < to; c++) {
            long id = 1_000 + c;
            boolean[] on = new boolean[rules.size()];
            for (int r = 0; r < on.length; r++) {
                on[r] = random.nextInt(4) == 0;
            }
            long at = start + random.nextInt(7 * 24) * 3_600_000L;
            String band = null;
            int score = 0;
            while (at < now) {
                score = 0;
                List<Scores.Contribution> lines = new ArrayList<>();
                for (int r = 0; r < on.length; r++) {
                    if (on[r]) {
                        Rule rule = rules.get(r);
                        BigDecimal p = BigDecimal.valueOf(rule.points());
                        lines.add(new Scores.Contribution(rule.name(), rule.group(), rule.kind(), p, p));
                        score += rule.points();
                    }
                }
                String next = score >= 30 ? "Hot" : score >= 15 ? "Warm" : "Cold";
                tx.scores().append(new Scores.Score(id, fingerprint, score, BigDecimal.ZERO, BigDecimal.valueOf(score),
                        next, lines, List.of(), at));
                rows++;
                if (band != null && !band.equals(next)) {
                    tx.scores().recordTransition(new Scores.Transition(id, band, next, score, fingerprint, at, true,
                            null, null));
                    fired++;
                }
                band = next;
                do {
                    at += WEEK;
                } while (at < now && random.nextDouble() > RESCORED_PER_WEEK);
                int flip = random.nextInt(on.length);
                while (Math.abs(rules.get(flip).points()) > 8 && random.nextInt(8) > 0) {
                    flip = random.nextInt(on.length); // most changes are small: a visit, a form, a page view
                }
                on[flip] = !on[flip];
            }
            tx.scores().putBandState(new Scores.BandState(id, band, start, null, score, fingerprint));
            if (random.nextInt(5) == 0) {
                long converted = start + (long) (random.nextDouble() * (now - start));
                tx.outcomes().observe(new Outcomes.Observed(id, "salesqualifiedlead",
                        Map.of("salesqualifiedlead", converted), null), now);
                if (random.nextBoolean()) {
                    tx.deals().upsert(List.of(new Deals.Pulled(500_000_000L + id, Map.of("amount",
                            Integer.toString(1_000 + random.nextInt(20_000)), "createdate",
                            java.time.Instant.ofEpochMilli(converted + DAY).toString(), "hs_is_closed_won",
                            Boolean.toString(random.nextBoolean())), random.nextBoolean(), Set.of(id))), now);
                }
            }
        }
        return new long[] {rows, fired};
    }

    private static List<Rule> rules(SyncConfig sync) {
        List<Rule> rules = new ArrayList<>();
        for (PropertyRule rule : sync.model().fit().rules()) {
            rules.add(new Rule(rule.name(), "fit", "property-rule", rule.points()));
        }
        for (PropertyRule rule : sync.model().engagement().rules()) {
            rules.add(new Rule(rule.name(), "engagement", "property-rule", rule.points()));
        }
        for (EventRule rule : sync.model().engagement().events()) {
            rules.add(new Rule(rule.name(), "engagement", "event-rule", rule.points()));
        }
        return rules;
    }

    private static void report(Path config, Path json, Path gcLog, Path log) throws IOException, InterruptedException {
        ChildHubscore.run(List.of("report", "--config", config.toString(), "--json", json.toString()),
                Map.of("HUBSPOT_TOKEN", "bench-token"), gcLog, log, Duration.ofMinutes(10));
    }
}
