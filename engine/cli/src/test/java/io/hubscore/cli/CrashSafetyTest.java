package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.LiveConfig;
import io.hubscore.daemon.testing.PortalHarness;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubscore.client.Sleeper;
import io.hubscore.simulator.FaultKind;
import io.hubscore.simulator.FaultTarget;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerSql;
import io.hubscore.ledger.Outbox;
import io.hubscore.ledger.Runs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code hubscore run --once} child process with SIGKILL during the backfill, the scoring and the
 * write-back, restarting it each time, and checks that the simulated portal and the ledger end exactly as after an
 * uninterrupted run: no missing write, no duplicated transition. Both runs score at one fixed instant, so their
 * results can be compared value for value. Each kill is aimed: the test watches the child's ledger (its
 * {@code runs} rows and checkpoints) and kills it a random moment after it entered the phase aimed at, then
 * records the phase the kill landed in; it asserts kills landed in every phase, so a machine too slow or too fast
 * for fixed delays cannot make it pass without testing anything. A variant also loses a share of HubSpot's answers
 * to batch updates after HubSpot applied them.
 */
class CrashSafetyTest {

    private static final Instant AT = Instant.parse("2026-11-20T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The cursor a finished backfill stores: the ledger's format, which every later hubscore keeps reading. */
    private static final String BACKFILL_DONE = "done";

    /**
     * Where a kill landed; {@code BACKFILL_WRITING} is a backfill whose scored contacts the writer has already taken
     * up (told apart only in a plan that aims at it).
     */
    enum Phase {
        STARTUP, BACKFILL, BACKFILL_WRITING, PULL, SCORING, WRITE_BACK, BETWEEN_JOBS
    }

    /**
     * How the runs read, and where kills are aimed.
     *
     * @param rateLimit the config's rate-limit section, which decides the backfill's endpoints
     * @param contactsVia the endpoint the contacts' backfill must have read through
     * @param aimed the phases kills are aimed at, in the order a run goes through them; each must get one
     */
    private record Plan(String rateLimit, String contactsVia, List<Phase> aimed) {
    }

    /**
     * Limits that leave search no advantage (the 10-second bucket far larger): every stream pages through the list
     * endpoint, and the contacts, scored once every stream is whole, are written after the backfill.
     */
    private static final Plan LIST_PLAN = new Plan("rate-limit:\n  burst-share: 1.0\n  burst-limit: 100000\n"
            + "  search-per-second: 1000\n\n", "list", List.of(Phase.BACKFILL, Phase.SCORING, Phase.WRITE_BACK));

    /**
     * Limits under which search reads more a second (1,000 pages of 200) than the list endpoint (10,000 requests per
     * 10 seconds, pages of 100, shared with the writes): the contacts are read through search, scored as their pages
     * are stored and written while the backfill goes on, so that is where the kills are aimed. The runs' clock stands
     * still at {@link #AT}, and so does the rate governor's: the limits are high enough that no wait falls due.
     */
    private static final Plan SEARCH_PLAN = new Plan("rate-limit:\n  burst-share: 1.0\n  burst-limit: 10000\n"
            + "  search-per-second: 1000\n\n", "search", List.of(Phase.BACKFILL, Phase.BACKFILL_WRITING));

    @TempDir
    Path dir;

    @Test
    void killing_the_daemon_twenty_times_in_every_phase_converges_to_the_uninterrupted_result() throws Exception {
        crashAndCompare(3_000, 20L, 20, LIST_PLAN, simulator -> { });
    }

    /**
     * With limits under which search pays off, the backfill reads contacts through search (keyset pages of 200,
     * scored as they are stored) while the engagements page through the list endpoint and the writer sends batches
     * between them: the kills land in that interleaving, and the result must still be the uninterrupted one.
     */
    @Test
    void kills_while_contacts_are_read_through_search_beside_the_list_reads_and_writes_converge() throws Exception {
        crashAndCompare(5_000, 22L, 12, SEARCH_PLAN, simulator -> { });
    }

    /**
     * A quarter of the batch updates are applied by HubSpot but their answers are lost (the connection resets), on
     * top of the kills; the daemon must neither lose nor double anything, and leave nothing queued.
     */
    @Test
    void kills_and_lost_batch_update_answers_converge_to_the_uninterrupted_result() throws Exception {
        long lost = crashAndCompare(1_200, 21L, 9, LIST_PLAN, simulator -> simulator.faults().target(FaultTarget.of(
                FaultKind.LOST_RESPONSE, "POST /crm/v3/objects/contacts/batch/update").untilCleared().rate(0.25)));

        assertTrue(lost >= 3, "answers to batch updates were lost: " + lost);
    }

    /** Runs the comparison on {@code plan}; returns how many faults the crashed portal's simulator sent. */
    private long crashAndCompare(int contacts, long seed, int kills, Plan plan, Consumer<PortalSimulator> faults)
            throws Exception {
        Clock fixed = Clock.fixed(AT, ZoneOffset.UTC);
        SimulatorOptions options = SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN)
                .withoutRateLimits().withClock(fixed);
        Path referenceDir = Files.createDirectories(dir.resolve("reference"));
        Path crashedDir = Files.createDirectories(dir.resolve("crashed"));
        try (PortalSimulator reference = PortalSimulator.start(options, Portal.generate(contacts, seed, fixed));
                PortalSimulator crashed = PortalSimulator.start(options, Portal.generate(contacts, seed, fixed))) {
            Path referenceLedger = referenceDir.resolve("ledger.db");
            Path crashedLedger = crashedDir.resolve("ledger.db");
            Path referenceConfig = writeConfig(referenceDir, referenceLedger, plan.rateLimit());
            Path crashedConfig = writeConfig(crashedDir, crashedLedger, plan.rateLimit());

            try (Daemon daemon = Daemon.open(LiveConfig.load(referenceConfig, new io.hubscore.config.ConfigLoader(
                    PortalHarness.ENV::get)), new Daemon.Options(reference.baseUrl(), referenceLedger, fixed,
                    PortalHarness.ENV::get, null, Sleeper.real(), new Random(seed)))) {
                assertTrue(daemon.runOnce(Duration.ofMinutes(2)), "the uninterrupted run completes");
            }

            faults.accept(crashed);
            Random random = new Random(seed);
            Map<Phase, Integer> landed = new EnumMap<>(Phase.class);
            int killed = 0;
            int runs = 0;
            while (killed < kills && runs < kills * 3) {
                runs++;
                Phase aim = aim(crashedLedger, landed, kills, plan.aimed());
                long before = lastRun(crashedLedger);
                Process child = start(crashedConfig, crashed);
                if (!waitUntilIn(child, crashedLedger, before, aim)) {
                    continue; // finished before the kill: the next run starts over on the same ledger
                }
                // a random moment into the phase, unless the child ends first
                child.waitFor(random.nextInt(aim == Phase.SCORING || aim == Phase.WRITE_BACK ? 120 : 400),
                        TimeUnit.MILLISECONDS);
                child.destroyForcibly(); // SIGKILL: no shutdown hook runs
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed daemon is gone");
                killed++;
                landed.merge(phaseAt(crashedLedger, before, plan.aimed()), 1, Integer::sum);
            }
            Process last = start(crashedConfig, crashed);
            assertTrue(last.waitFor(3, TimeUnit.MINUTES), "the last run finishes");
            assertEquals(0, last.exitValue(), () -> readLog(crashedDir));

            assertTrue(killed >= kills, "killed " + killed + " times in " + runs + " runs: " + landed);
            for (Path ledger : List.of(referenceLedger, crashedLedger)) {
                try (Ledger read = Ledger.openReadOnly(ledger)) {
                    assertEquals(Optional.of(plan.contactsVia()), read.read(tx -> tx.checkpoints().get("contacts.via")),
                            "the endpoint the contacts' backfill read through in " + ledger);
                }
            }
            for (Phase phase : plan.aimed()) {
                assertTrue(landed.getOrDefault(phase, 0) > 0, "a kill landed in " + phase + ": " + landed);
            }
            assertEquals(portalState(reference), portalState(crashed), "the portals agree");
            List<String> expected = ledgerState(referenceLedger);
            List<String> actual = ledgerState(crashedLedger);
            assertEquals(expected.stream().filter(row -> row.startsWith("SELECT contact_id, from_band")).count(),
                    actual.stream().filter(row -> row.startsWith("SELECT contact_id, from_band")).count(),
                    "no transition recorded twice");
            assertEquals(expected, actual, "the ledgers agree");
            try (Ledger ledger = Ledger.openReadOnly(crashedLedger)) {
                assertEquals(0L, (long) ledger.read(tx -> tx.outbox().pendingCount()), "the outbox is empty");
            }
            return crashed.stats().faultsByKind().values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * The phase to aim the next kill at: the first of backfill, scoring and write-back that still has work in the
     * ledger and has had fewer than its share of the kills, else the first that has work, else the pulls every
     * run starts with (so the kills can always be made, however quickly the work got done).
     */
    private static Phase aim(Path ledger, Map<Phase, Integer> landed, int kills, List<Phase> aimed) {
        int share = (kills + aimed.size() - 1) / aimed.size();
        boolean backfilling;
        long dirty;
        long pending;
        if (!Files.exists(ledger)) {
            backfilling = true;
            dirty = 1;
            pending = 1;
        } else {
            try (Ledger read = Ledger.openReadOnly(ledger)) {
                backfilling = read.read(CrashSafetyTest::backfilling);
                dirty = read.read(tx -> tx.contacts().dirtyCount());
                pending = read.read(tx -> tx.outbox().pendingCount());
            }
        }
        java.util.function.Predicate<Phase> work = phase -> switch (phase) {
            case SCORING -> backfilling || dirty > 0;
            case WRITE_BACK -> backfilling || dirty > 0 || pending > 0;
            default -> backfilling;
        };
        for (Phase phase : aimed) {
            if (work.test(phase) && landed.getOrDefault(phase, 0) < share) {
                return phase;
            }
        }
        for (Phase phase : aimed) {
            if (work.test(phase)) {
                return phase;
            }
        }
        return Phase.PULL;
    }

    /**
     * Waits until the child runs a job of the aimed phase (true), or has finished (false); for
     * {@code BACKFILL_WRITING}, until the writer has also taken up contacts.
     */
    private static boolean waitUntilIn(Process child, Path ledger, long before, Phase aim) throws InterruptedException {
        while (child.isAlive()) {
            if (Files.exists(ledger)) {
                Optional<String> job = openJob(ledger, before);
                if (job.isPresent() && reached(job.get(), aim)
                        && (aim != Phase.BACKFILL_WRITING || writesTakenUp(ledger))) {
                    return true;
                }
            }
            child.waitFor(10, TimeUnit.MILLISECONDS); // the next look at the ledger, unless the child ends first
        }
        return false;
    }

    /** Whether a run of {@code job} is the aimed phase or past it. */
    private static boolean reached(String job, Phase aim) {
        int at = switch (job) {
            case "pull-contacts", "pull-engagements" -> 0;
            case "score" -> 1;
            case "write-back" -> 2;
            default -> -1;
        };
        int aimedAt = switch (aim) {
            case SCORING -> 1;
            case WRITE_BACK -> 2;
            default -> 0;
        };
        return at >= aimedAt;
    }

    /** Whether any write was queued in the ledger (the writer takes them up as they come). */
    private static boolean writesTakenUp(Path ledger) {
        try (Ledger read = Ledger.openReadOnly(ledger)) {
            Outbox.Counts counts = read.read(tx -> tx.outbox().counts());
            return counts.pending() + counts.parked() + counts.delivered() + counts.superseded() > 0;
        } catch (RuntimeException e) {
            return false; // the child is creating the ledger
        }
    }

    /** The job the child is running, as its ledger says: its newest run without an end. */
    private static Optional<String> openJob(Path ledger, long before) {
        try (Ledger read = Ledger.openReadOnly(ledger)) {
            return read.read(tx -> tx.runs().latest()).filter(run -> run.seq() > before)
                    .map(run -> run.endedAt() == null ? run.job() : "");
        } catch (RuntimeException e) {
            return Optional.empty(); // the child is creating the ledger
        }
    }

    /**
     * Where the kill landed, from the killed child's runs and the checkpoints it left; a backfill with writes already
     * queued is told apart when {@code aimed} aims at it.
     */
    private static Phase phaseAt(Path ledger, long before, List<Phase> aimed) {
        Optional<String> job = Files.exists(ledger) ? openJob(ledger, before) : Optional.empty();
        if (job.isEmpty()) {
            return Phase.STARTUP;
        }
        boolean backfilling;
        try (Ledger read = Ledger.openReadOnly(ledger)) {
            backfilling = read.read(CrashSafetyTest::backfilling);
        }
        boolean writing = aimed.contains(Phase.BACKFILL_WRITING) && backfilling && writesTakenUp(ledger);
        return switch (job.get()) {
            case "pull-contacts", "pull-engagements" -> writing ? Phase.BACKFILL_WRITING
                    : backfilling ? Phase.BACKFILL : Phase.PULL;
            case "score" -> Phase.SCORING;
            case "write-back" -> writing ? Phase.BACKFILL_WRITING : Phase.WRITE_BACK;
            default -> Phase.BETWEEN_JOBS;
        };
    }

    /** True while any stream's backfill has not reached {@code done} (or has not started). */
    private static boolean backfilling(Ledger.Tx tx) {
        for (String stream : List.of("contacts", "engagements.emails", "engagements.meetings")) {
            Optional<String> cursor = tx.checkpoints().get(stream + ".backfill");
            if (cursor.isEmpty() || !BACKFILL_DONE.equals(cursor.get())) {
                return true;
            }
        }
        return false;
    }

    /** The newest run's sequence number (0 without a ledger): the next child's runs come after it. */
    private static long lastRun(Path ledger) {
        if (!Files.exists(ledger)) {
            return 0;
        }
        try (Ledger read = Ledger.openReadOnly(ledger)) {
            return read.read(tx -> tx.runs().latest()).map(Runs.Run::seq).orElse(0L);
        }
    }

    private static Path writeConfig(Path dir, Path ledger, String rateLimit) throws IOException {
        Path config = dir.resolve("hubscore.yaml");
        Files.writeString(config, PortalHarness.configText("icp-agency.yaml", ledger, "overwrite")
                .replaceAll("(?ms)^rate-limit:.*?\\n\\n", rateLimit));
        return config;
    }

    /** A child daemon; it lives a few seconds, so it runs on C1 alone with the serial collector and starts quicker. */
    private static Process start(Path config, PortalSimulator simulator) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "io.hubscore.cli.Main", "run", "--once",
                "--config", config.toString(), "--base-url", simulator.baseUrl().toString(), "--at", AT.toString());
        builder.environment().putAll(PortalHarness.ENV);
        builder.environment().put("HUBSCORE_LOG_LEVEL", "WARN");
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(config.resolveSibling("daemon.log").toFile()));
        return builder.start();
    }

    private static String readLog(Path dir) {
        try {
            return Files.readString(dir.resolve("daemon.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "no daemon log: " + e.getMessage();
        }
    }

    /** Every contact's hubscore properties, as the portal holds them. */
    private static Map<String, Map<String, String>> portalState(PortalSimulator simulator) {
        Map<String, Map<String, String>> state = new TreeMap<>();
        for (String id : simulator.portal().contactIds()) {
            Map<String, String> owned = new TreeMap<>();
            simulator.portal().contactProperties(id).orElseThrow().forEach((k, v) -> {
                if (k.startsWith("hubscore_")) {
                    owned.put(k, v);
                }
            });
            state.put(id, owned);
        }
        return state;
    }

    /**
     * A contact's stored properties without hubscore's own. A run that starts again after a write-back pulls the
     * contacts it wrote once more (HubSpot bumps their lastmodifieddate), so its snapshot of them holds the values
     * it wrote, and which contacts those are depends on where the kills fell. Every other property, every score,
     * transition and write must agree.
     */
    private static String withoutOwnProperties(String json) {
        try {
            Map<String, String> properties = JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
            properties.keySet().removeIf(name -> name.startsWith("hubscore_"));
            return JSON.writeValueAsString(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("stored properties are not JSON: " + json, e);
        }
    }

    /** The ledger's facts, without row numbers and wall-clock bookkeeping. */
    private static List<String> ledgerState(Path file) {
        try (Ledger ledger = Ledger.openReadOnly(file)) {
            List<String> rows = new ArrayList<>();
            for (String sql : List.of(
                    "SELECT id, properties, relevant_hash, archived, merged_into, EXISTS (SELECT 1 FROM dirty_contacts d "
                            + "WHERE d.contact_id = c.id) FROM contacts c ORDER BY id",
                    "SELECT type, id, occurred_at, properties FROM engagements ORDER BY type, id",
                    "SELECT type, engagement_id, contact_id FROM engagement_contacts ORDER BY 1, 2, 3",
                    "SELECT contact_id, fingerprint, score, fit, engagement, band, contributions, notes, scored_at"
                            + " FROM scores ORDER BY contact_id, seq",
                    "SELECT * FROM band_state ORDER BY contact_id",
                    "SELECT contact_id, from_band, to_band, score, fingerprint, at, fired, held_by, reason"
                            + " FROM transitions ORDER BY contact_id, seq",
                    "SELECT contact_id, property, value FROM written ORDER BY contact_id, property",
                    "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'parked')",
                    "SELECT fingerprint, version FROM model_versions ORDER BY fingerprint")) {
                for (List<String> columns : LedgerSql.rows(ledger, sql)) {
                    StringBuilder row = new StringBuilder(sql.substring(0, 30)).append(':');
                    for (int i = 0; i < columns.size(); i++) {
                        boolean contactProperties = i == 1 && sql.contains("FROM contacts");
                        row.append(contactProperties ? withoutOwnProperties(columns.get(i)) : columns.get(i))
                                .append('|');
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        }
    }
}
