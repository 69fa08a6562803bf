package io.hubscore.cli;

import ch.qos.logback.classic.Level;
import io.hubscore.config.BundledExamples;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.SyncConfig;
import io.hubscore.client.Sleeper;
import io.hubscore.simulator.ActivityChange;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.ledger.Contacts;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.Scores;
import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.LiveConfig;
import io.hubscore.daemon.report.HtmlReport;
import io.hubscore.daemon.report.Report;
import io.hubscore.daemon.report.ReportBuilder;
import io.hubscore.scoring.ScoringModel;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore demo}: a simulated portal and the real daemon in one process on 127.0.0.1, with the icp-agency
 * example model. Needs no HubSpot account and touches nothing outside a temporary directory.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        header = "Shows hubscore working on a simulated portal, no HubSpot account needed.",
        description = {
            "Shows hubscore working without a HubSpot account: starts a simulated portal on 127.0.0.1, backfills",
            "it with the real daemon and the icp-agency example model, then plays weeks of simulated time (a",
            "simulated clock: contacts engage, become sales-qualified, open deals and win or lose them, as their hidden",
            "propensity has it) with an incremental sync each week. Prints the band distribution, the transitions that",
            "fired, two explained contacts and whether the score predicted conversion, and writes the outcome report",
            "as an HTML page (--report). Everything else lives in a temporary directory that is removed at the end."
        })
final class DemoCommand implements Callable<Integer> {

    private static final Duration SEARCH_LAG = Duration.ofSeconds(2);
    private static final Duration DAY = Duration.ofDays(1);
    /** Each week's sync runs this long after its last day's changes, well past the search lag. */
    private static final Duration BEFORE_SYNC = Duration.ofMinutes(1);
    private static final java.util.Set<String> SALES_QUALIFIED = java.util.Set.of("salesqualifiedlead");

    @Spec
    CommandSpec spec;

    @Option(names = "--contacts", paramLabel = "N", defaultValue = "5000",
            description = "Contacts in the simulated portal (default ${DEFAULT-VALUE}).")
    int contacts;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "2026", description = "Portal generator seed.")
    long seed;

    @Option(names = "--weeks", paramLabel = "W", defaultValue = "8",
            description = "Weeks of simulated time to play, 0 to 52 (default ${DEFAULT-VALUE}).")
    int weeks;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Where to write the HTML outcome report (default: a new file in the temporary directory).")
    Path reportFile;

    @Mixin
    MappingsOption mappings;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (contacts < 1 || contacts > 200_000) {
            err.println("hubscore demo: --contacts must be between 1 and 200000, was " + contacts);
            return ExitCodes.USER_ERROR;
        }
        if (weeks < 0 || weeks > 52) {
            err.println("hubscore demo: --weeks must be between 0 and 52, was " + weeks);
            return ExitCodes.USER_ERROR;
        }
        Path html = reportFile != null ? reportFile.toAbsolutePath() : null;
        if (html != null && (Files.isDirectory(html) || html.getParent() == null
                || !Files.isDirectory(html.getParent()))) {
            err.println("hubscore demo: --report " + reportFile + " must name a file in an existing directory");
            return ExitCodes.USER_ERROR;
        }
        Runnable restoreLogs = quietLogs();
        Path dir = Files.createTempDirectory("hubscore-demo");
        try {
            return run(dir, out, html);
        } finally {
            deleteRecursively(dir);
            restoreLogs.run();
        }
    }

    private int run(Path dir, PrintWriter out, Path html) throws Exception {
        SimulatedClock clock = new SimulatedClock(Clock.systemUTC());
        long started = System.nanoTime();
        out.printf("Generating a simulated portal with %,d contacts (seed %d)...%n", contacts, seed);
        out.flush();
        Portal portal = Portal.generate(contacts, seed, clock);
        Map<String, String> env = Map.of("HUBSPOT_TOKEN", SimulatorOptions.DEMO_TOKEN);
        PortalSimulator simulator = mappings.start(SimulatorOptions.defaults()
                .withToken(SimulatorOptions.DEMO_TOKEN).withMaxPer10s(1_000).withSearchLag(SEARCH_LAG)
                .withClock(clock), portal, "demo", spec.commandLine().getErr());
        if (simulator == null) {
            return ExitCodes.USER_ERROR;
        }
        Path written;
        try (simulator) {
            out.printf("Simulated HubSpot portal listening on %s%n", simulator.baseUrl());
            Path ledgerFile = dir.resolve("demo.db");
            String text = demoConfig(ledgerFile);
            LoadResult result = new ConfigLoader(env::get).parse("examples/icp-agency.yaml (demo)", text);
            LoadResult.Valid valid = (LoadResult.Valid) result;
            LiveConfig config = LiveConfig.fixed(valid.config(), text);
            out.printf("Model %s: %d fit rules, %d engagement rules, bands %s%n",
                    valid.config().model().version(),
                    valid.config().model().fit().rules().size(),
                    valid.config().model().engagement().rules().size()
                            + valid.config().model().engagement().events().size(),
                    String.join(" / ", valid.config().bands().levels().stream().map(b -> b.name()).toList()));
            try (Daemon daemon = Daemon.open(config, new Daemon.Options(simulator.baseUrl(), ledgerFile, clock,
                    env::get, null, Sleeper.real(), new Random(seed)))) {
                out.println();
                out.println("Backfill: pulling every contact and engagement, scoring, writing back");
                boolean ok = withProgress(out, daemon.ledger(), portal.contactCount(),
                        () -> daemon.runOnce(Duration.ofMinutes(5)));
                if (!ok) {
                    out.println("The backfill did not complete; see the log above.");
                    return ExitCodes.UNEXPECTED;
                }
                out.printf("Backfill done: %,d contacts scored, %,d HubSpot requests%n",
                        daemon.ledger().read(tx -> tx.contacts().counts().live()),
                        simulator.stats().totalRequests());
                Random random = new Random(seed);
                if (weeks > 0) {
                    out.printf("%nPlaying %d weeks of simulated time: each contact's hidden propensity decides whether"
                            + " it engages, becomes sales-qualified, opens a deal and wins it%n", weeks);
                }
                for (int week = 1; week <= weeks; week++) {
                    playWeek(out, daemon, portal, clock, random, week);
                }
                out.println();
                report(out, daemon.ledger(), valid.config());
                written = outcomes(out, daemon.ledger(), valid.config(), clock, html);
            }
        }
        out.printf("%nDone in %.1f s. Run it on your portal: hubscore run --config FILE (see the README).%n",
                (System.nanoTime() - started) / 1e9);
        out.printf("The outcome report, with its charts: %s%n", written);
        out.flush();
        return ExitCodes.OK;
    }

    private void playWeek(PrintWriter out, Daemon daemon, Portal portal, SimulatedClock clock, Random random,
            int week) throws InterruptedException {
        List<ActivityChange> changes = new ArrayList<>();
        for (int day = 0; day < 7; day++) {
            clock.skip(DAY);
            changes.addAll(portal.passTime(random, DAY));
        }
        clock.skip(BEFORE_SYNC);
        long engaged = 0;
        long qualified = 0;
        long opened = 0;
        long won = 0;
        long lost = 0;
        for (ActivityChange change : changes) {
            switch (change.kind()) {
                case LIFECYCLE_STAGE -> qualified += SALES_QUALIFIED.contains(change.detail()) ? 1 : 0;
                case DEAL_CREATED -> opened++;
                case DEAL_CLOSED -> {
                    if ("closedwon".equals(change.detail())) {
                        won++;
                    } else {
                        lost++;
                    }
                }
                default -> engaged++;
            }
        }
        long firedBefore = daemon.ledger().read(tx -> tx.scores().firedTransitionCount());
        boolean ok = daemon.runOnce(Duration.ofMinutes(2));
        long fired = daemon.ledger().read(tx -> tx.scores().firedTransitionCount()) - firedBefore;
        out.printf("  week %d to %s: %,d engagements, %d sales-qualified, %d deals opened, %d won, %d lost;"
                + " sync %s, %d band transitions%n", week, clock.instant().atZone(java.time.ZoneOffset.UTC)
                .toLocalDate(), engaged, qualified, opened, won, lost, ok ? "done" : "FAILED (see log)", fired);
        out.flush();
    }

    /**
     * Does the score predict conversion? The report's conversion by band, and the whole report as a page, written to
     * {@code html} or, when null, to a new file in the temporary directory; returns the page's path.
     */
    private static Path outcomes(PrintWriter out, Ledger ledger, SyncConfig config, Clock clock, Path html)
            throws IOException {
        Report report = new ReportBuilder(config, ScoringModel.compile(config).contactProperties())
                .build(ledger, clock.instant(), null, null);
        out.printf("%nDoes the score predict conversion? Band entries from %s, converted: entered %s within %d days%n",
                report.period().from(), String.join(", ", report.conversionStages()), report.windowDays());
        ReportText.conversionByBand(out, report);
        Path file = html != null ? html : Files.createTempFile("hubscore-demo-report-", ".html");
        Files.writeString(file, HtmlReport.render(report), StandardCharsets.UTF_8);
        return file;
    }

    private static boolean withProgress(PrintWriter out, Ledger ledger, int total, Callable<Boolean> work)
            throws Exception {
        boolean terminal = System.console() != null;
        long[] lastQuarter = {-1};
        ScheduledExecutorService bar = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-progress");
            t.setDaemon(true);
            return t;
        });
        bar.scheduleWithFixedDelay(() -> {
            Contacts.Counts contacts = ledger.read(tx -> tx.contacts().counts());
            long quarter = contacts.live() * 4 / Math.max(1, total);
            if (terminal) {
                printBar(out, contacts, total, "\r");
            } else if (quarter != lastQuarter[0]) { // no terminal (a build log): a line per quarter
                printBar(out, contacts, total, "");
                out.println();
                lastQuarter[0] = quarter;
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
        try {
            return work.call();
        } finally {
            bar.shutdownNow();
            bar.awaitTermination(5, TimeUnit.SECONDS);
            printBar(out, ledger.read(tx -> tx.contacts().counts()), total, terminal ? "\r" : "");
            out.println();
        }
    }

    private static void printBar(PrintWriter out, Contacts.Counts contacts, int total, String start) {
        int width = 30;
        int filled = (int) Math.min(width, contacts.live() * width / Math.max(1, total));
        out.printf("%s  [%s%s] %,d/%,d contacts pulled, %,d waiting to be scored   ", start, "#".repeat(filled),
                " ".repeat(width - filled), contacts.live(), total, contacts.dirty());
        out.flush();
    }

    /** The live contact with the highest score that is not a customer yet; null when there is none. */
    private static String hottestProspect(Ledger ledger) {
        return ledger.read(tx -> tx.scores().highestScored(properties -> !"customer".equals(
                properties.get("lifecyclestage")))).map(b -> Long.toString(b.contactId())).orElse(null);
    }

    private static void report(PrintWriter out, Ledger ledger, SyncConfig config) {
        Map<String, Long> bands = Formats.bandsInConfigOrder(config, ledger.read(tx -> tx.scores().bandCounts()));
        long total = bands.values().stream().mapToLong(Long::longValue).sum();
        out.println("Band distribution");
        bands.forEach((band, n) -> out.printf("  %-6s %,7d  %5.1f%%  %s%n", band, n, 100.0 * n / Math.max(1, total),
                "#".repeat((int) Math.round(40.0 * n / Math.max(1, total)))));

        Map<Long, Scores.Transition> lastFiredOfContact = new LinkedHashMap<>(); // of the 10 latest, latest first
        ledger.read(tx -> tx.scores().latestFired(10)).forEach(t -> lastFiredOfContact.putIfAbsent(t.contactId(), t));
        List<Scores.Transition> fired = List.copyOf(lastFiredOfContact.values());
        long firedInAll = ledger.read(tx -> tx.scores().firedTransitionCount());
        out.printf("%nTransitions that fired (%d in total; latest shown)%n", firedInAll);
        if (fired.isEmpty()) {
            out.println("  none: no contact crossed a band edge");
        }
        for (Scores.Transition t : fired) {
            out.printf("  contact %-8d %s -> %s at score %d%n", t.contactId(), t.fromBand(), t.toBand(), t.score());
        }

        List<Long> explained = new ArrayList<>();
        String hottest = hottestProspect(ledger);
        if (hottest != null) {
            explained.add(Long.parseLong(hottest));
        }
        fired.stream().map(Scores.Transition::contactId).filter(id -> !explained.contains(id)).findFirst()
                .ifPresent(explained::add);
        for (long id : explained) {
            explain(out, ledger, id);
        }
    }

    private static void explain(PrintWriter out, Ledger ledger, long id) {
        Scores.Score row = ledger.read(tx -> tx.scores().latest(id)).orElse(null);
        if (row == null) {
            return;
        }
        out.printf("%nContact %d: score %d, band %s (fit %s, engagement %s)%n", id, row.score(), row.band(),
                oneDecimal(row.fit()), oneDecimal(row.engagement()));
        List<Scores.Contribution> sorted = new ArrayList<>(row.contributions());
        sorted.sort(Comparator.comparing(Scores.Contribution::group)
                .thenComparing(line -> line.points().abs(), Comparator.reverseOrder()));
        for (Scores.Contribution line : sorted) {
            out.printf("  %-11s %-24s %8s%n", line.group(), line.name(), signed(line.points()));
        }
        out.printf("  %-36s %8d%n", "= score", row.score());
    }

    private static String oneDecimal(BigDecimal value) {
        return value.setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    private static String signed(BigDecimal points) {
        String plain = points.toPlainString();
        return plain.startsWith("-") ? plain : "+" + plain;
    }

    /** The icp-agency example, pointed at the demo's ledger with a budget fit for the simulated portal. */
    static String demoConfig(Path ledger) {
        String text = BundledExamples.read("icp-agency.yaml");
        text = text.replaceAll("(?m)^  ledger: .*$", "  ledger: " + ledger.toString().replace("\\", "/"));
        text = text.replaceAll("(?ms)^rate-limit:.*?\\n\\n",
                "rate-limit:\n  burst-share: 0.5\n  burst-limit: 1000\n  search-per-second: 4\n\n");
        return text + "\nsync:\n  search-lag: " + (SEARCH_LAG.toSeconds() + 1) + "s\n";
    }

    /** Job logs would bury the demo's own output; returns how to put the level back. */
    private static Runnable quietLogs() {
        if (LoggerFactory.getLogger("io.hubscore") instanceof ch.qos.logback.classic.Logger logger
                && System.getenv("HUBSCORE_LOG_LEVEL") == null) {
            Level before = logger.getLevel();
            logger.setLevel(Level.ERROR); // the demo reports failures itself
            return () -> logger.setLevel(before);
        }
        return () -> { };
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
