package io.hubscore.cli.bench;

import io.hubscore.config.BundledExamples;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.daemon.Decisions;
import io.hubscore.daemon.LiveConfig;
import io.hubscore.daemon.ModelPreview;
import io.hubscore.ledger.Contacts;
import io.hubscore.ledger.Engagements;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.PortalState;
import io.hubscore.ledger.Scores;
import io.hubscore.ledger.ScoringStates;
import io.hubscore.simulator.EngagementType;
import io.hubscore.simulator.Portal;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The preview benchmark: {@code preview} of a model change over a ledger of 100,000 contacts and 300,000 engagements
 * (the daemon benchmark's portal), every contact already scored by the live model. The ledger is built through the
 * ledger's own stores from a generated portal, the live model's state through {@link Decisions#decide}; the preview
 * then runs in a child JVM with its heap capped at 256 MB, timed from the first ledger read to the report. Prints
 * one line of {@code key=value} figures, with the child's CPU time and the machine's load average (a busy machine
 * stretches the time). Run by {@code mvn -B -P bench-preview -pl engine/cli -am verify}; {@code -Dbench.ledger=FILE}
 * keeps the ledger it builds in FILE, or reuses FILE when it exists.
 */
public final class PreviewBenchmark {

    private static final int CONTACTS = Integer.getInteger("bench.contacts", 100_000);
    private static final int ENGAGEMENTS = Integer.getInteger("bench.engagements", 300_000);
    private static final EngagementType[] TYPES = EngagementType.values();
    private static final int BATCH = 2_000;

    private PreviewBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--preview")) {
            preview(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        Clock clock = Clock.systemUTC();
        Instant now = clock.instant();
        Path dir = Files.createTempDirectory("hubscore-bench-preview");
        String kept = System.getProperty("bench.ledger", "");
        try {
            Path ledgerFile = kept.isEmpty() ? dir.resolve("bench.db") : Path.of(kept);
            Path live = dir.resolve("live.yaml");
            Path candidate = dir.resolve("candidate.yaml");
            String liveText = config(ledgerFile);
            Files.writeString(live, liveText, StandardCharsets.UTF_8);
            Files.writeString(candidate, liveText.replace("version: \"icp-agency-1\"", "version: \"icp-agency-2\"")
                    .replace("      min: 30\n", "      min: 35\n"), StandardCharsets.UTF_8);
            long engagements = kept.isEmpty() || !Files.exists(ledgerFile) ? build(ledgerFile, live, now) : ENGAGEMENTS;
            System.err.printf("built a ledger of %d contacts and %d engagements (%d MB)%n", CONTACTS, engagements,
                    Files.size(ledgerFile) / (1024 * 1024));

            Path gcLog = dir.resolve("gc.log");
            Path out = dir.resolve("preview.out");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(java.toString(), "-Xmx256m", "-Xlog:gc:file=" + gcLog, "-cp",
                    System.getProperty("java.class.path"), PreviewBenchmark.class.getName(), "--preview",
                    candidate.toString(), ledgerFile.toString()).redirectErrorStream(true).redirectOutput(out.toFile())
                    .start();
            if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("the preview failed:\n" + Files.readString(out));
            }
            String result = Files.readString(out).strip();
            Matcher m = Pattern.compile("contacts=(\\d+) seconds=([0-9.]+) cpu_seconds=([0-9.]+)").matcher(result);
            if (!m.find()) {
                throw new IllegalStateException("the preview printed no figures:\n" + result);
            }
            long contacts = Long.parseLong(m.group(1));
            double seconds = Double.parseDouble(m.group(2));
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            System.out.printf(Locale.ROOT, "contacts=%d seconds=%.2f contacts_per_second=%.0f peak_heap_mb=%d"
                    + " process_cpu_seconds=%s load_average=%.1f%n", contacts, seconds, contacts / seconds,
                    ChildHubscore.peakHeapMb(gcLog), m.group(3), load);
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The child: the preview's report over the ledger, timed; prints {@code contacts=N seconds=S}. */
    private static void preview(Path candidate, Path ledgerFile) {
        LoadResult.Valid valid = (LoadResult.Valid) new ConfigLoader(name -> null).load(candidate);
        LiveConfig.Active active = LiveConfig.Active.of(valid.config(), valid.text());
        Instant at = Clock.systemUTC().instant();
        long started = System.nanoTime();
        ModelPreview.Report report;
        try (Ledger ledger = Ledger.openReadOnly(ledgerFile)) {
            report = ModelPreview.report(ledger, active, at, name -> null);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
        System.out.printf(Locale.ROOT, "contacts=%d seconds=%.3f cpu_seconds=%.1f fire=%d%n", report.contacts(),
                seconds, cpu, report.transitions().fire());
    }

    /** Stores the generated portal's contacts and engagements, then each contact's live score, band and write. */
    private static long build(Path ledgerFile, Path live, Instant now) throws IOException {
        Clock clock = Clock.fixed(now, java.time.ZoneOffset.UTC);
        Random random = new Random(190);
        Portal portal = Portal.generate(CONTACTS, 100L, clock);
        List<String> ids = portal.contactIds();
        for (int i = DaemonBenchmark.countEngagements(portal, ids); i < ENGAGEMENTS; i++) {
            Map<String, String> properties = new HashMap<>();
            properties.put("hs_timestamp", now.minus(Duration.ofMinutes(random.nextInt(180 * 24 * 60))).toString());
            portal.addEngagement(TYPES[random.nextInt(TYPES.length)], properties,
                    List.of(ids.get(random.nextInt(ids.size()))));
        }
        LoadResult.Valid valid = (LoadResult.Valid) new ConfigLoader(name -> null).load(live);
        LiveConfig.Active active = LiveConfig.Active.of(valid.config(), valid.text());
        Set<String> read = new HashSet<>(active.model().contactProperties());
        read.add("lifecyclestage");
        long t = now.toEpochMilli();
        long stored = 0;
        Map<String, Set<Long>> linked = new TreeMap<>();
        for (String id : ids) {
            for (EngagementType type : TYPES) {
                for (String e : portal.engagementIds(id, type)) {
                    linked.computeIfAbsent(type + "/" + e, k -> new HashSet<>()).add(Long.parseLong(id));
                }
            }
        }
        try (Ledger ledger = Ledger.open(ledgerFile)) {
            for (int from = 0; from < ids.size(); from += BATCH) {
                List<Contacts.Pulled> contacts = new ArrayList<>();
                for (String id : ids.subList(from, Math.min(ids.size(), from + BATCH))) {
                    Map<String, String> properties = new TreeMap<>();
                    portal.contactProperties(id).orElseThrow().forEach((k, v) -> {
                        if (read.contains(k) && v != null && !v.isEmpty()) {
                            properties.put(k, v);
                        }
                    });
                    contacts.add(new Contacts.Pulled(Long.parseLong(id), properties, "h", t));
                }
                ledger.update(tx -> tx.contacts().upsert(contacts, t));
            }
            List<Engagements.Pulled> engagements = new ArrayList<>();
            for (Map.Entry<String, Set<Long>> link : linked.entrySet()) {
                String[] key = link.getKey().split("/");
                EngagementType type = EngagementType.valueOf(key[0]);
                Map<String, String> p = portal.engagementProperties(type, key[1]).orElseThrow();
                String at = p.get("hs_timestamp");
                engagements.add(new Engagements.Pulled(type.name().toLowerCase(Locale.ROOT), Long.parseLong(key[1]),
                        at == null ? null : Instant.parse(at).toEpochMilli(), p, link.getValue()));
                if (engagements.size() == BATCH) {
                    List<Engagements.Pulled> chunk = List.copyOf(engagements);
                    ledger.update(tx -> tx.engagements().upsert(chunk, t));
                    engagements.clear();
                }
            }
            List<Engagements.Pulled> rest = List.copyOf(engagements);
            ledger.update(tx -> tx.engagements().upsert(rest, t));
            stored = linked.size();
            ledger.update(tx -> {
                tx.scores().releaseModel(new Scores.ModelVersion(active.model().fingerprint(), active.model().version(),
                        active.text(), t, null));
                tx.portalState().put(PortalState.Key.ACTIVE_MODEL, active.model().fingerprint(), t);
            });
            long after = 0;
            while (true) {
                long cursor = after;
                List<Long> page = ledger.read(tx -> tx.scoringStates().liveIdsAfter(cursor, BATCH));
                if (page.isEmpty()) {
                    break;
                }
                ledger.update(tx -> {
                    // recorded as the score job records them (digest on the band state, first transitions), with the
                    // writes as HubSpot acknowledged them
                    List<ScoringStates.Recorded> recorded = new ArrayList<>();
                    for (ScoringStates.ScoringState state : tx.scoringStates().load(page).values()) {
                        Decisions.Decision d = Decisions.decide(state, active.model(), active.config().writeBack(),
                                false, now);
                        ScoringStates.Recorded r = d.toRecord();
                        recorded.add(new ScoringStates.Recorded(r.score(), r.digest(), r.newScore(), r.transition(),
                                r.band(), r.suppression(), r.suppressionAction(), Optional.empty()));
                        d.write().ifPresent(values -> tx.written().put(d.id(), values, t));
                    }
                    tx.scoringStates().record(recorded, t);
                    tx.contacts().clearDirty(page);
                });
                after = page.get(page.size() - 1);
            }
        }
        return stored;
    }

    /** icp-agency with an event rule for every engagement type, as in the daemon benchmark. */
    private static String config(Path ledger) {
        String text = BundledExamples.read("icp-agency.yaml");
        text = text.replaceAll("(?m)^  ledger: .*$", "  ledger: " + ledger.toString().replace("\\", "/"));
        return DaemonBenchmark.withCallNoteAndTaskRules(text);
    }

}
