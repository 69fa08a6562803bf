package io.hubscore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.Problem;
import io.hubscore.config.SyncConfig;
import io.hubscore.config.WriteBackConfig;
import io.hubscore.client.Auth;
import io.hubscore.client.ClientSettings;
import io.hubscore.client.HubSpotClient;
import io.hubscore.client.Credentials;
import io.hubscore.client.Sleeper;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.Written;
import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.LiveConfig;
import io.hubscore.daemon.ModelPreview;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore dry-run}: the daemon's real code path against a simulated copy of a portal (a snapshot, or a
 * generated one) on 127.0.0.1, so an admin sees what a config would do before it touches HubSpot.
 */
@Command(
        name = "dry-run",
        mixinStandardHelpOptions = true,
        header = "Previews what a config would write, against a simulated copy of the portal.",
        description = {
            "Runs one full cycle of the daemon with a config against a simulated portal on 127.0.0.1 (loaded from",
            "a snapshot, or generated) and prints the plan: the property writes it would make, the band",
            "transitions, the suppressions and the conflicts. Writes nothing to HubSpot; the plan is saved as JSON.",
            "Exit 0 ok, 2 a problem with the config, the snapshot or the arguments."
        })
final class DryRunCommand implements Callable<Integer> {

    /** The plan's JSON: indented, fields in snake case as the plan file has always had them. */
    private static final ObjectMapper PLAN_JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The sync config to try.")
    Path config;

    @ArgGroup(exclusive = true)
    Source source = new Source();

    static final class Source {
        @Option(names = "--snapshot", paramLabel = "FILE", description = "A portal snapshot (hubscore snapshot).")
        Path snapshot;

        @Option(names = "--contacts", paramLabel = "N", description = "Generate a portal of N contacts (default 1000).")
        Integer contacts;
    }

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Generator seed (with --contacts).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "dry-run-plan.json",
            description = "Where to save the plan as JSON (default ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    MappingsOption mappings;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadResult loaded = new ConfigLoader(System::getenv).load(config);
        if (loaded instanceof LoadResult.Invalid invalid) {
            for (Problem problem : invalid.problems()) {
                err.println(problem.format());
            }
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        LoadResult.Valid valid = (LoadResult.Valid) loaded;
        int contacts = source.contacts == null ? 1_000 : source.contacts;
        if (contacts < 1 || contacts > 1_000_000) {
            err.println("hubscore dry-run: --contacts must be between 1 and 1000000, was " + contacts);
            return ExitCodes.USER_ERROR;
        }
        Clock clock = Clock.systemUTC();
        Portal portal;
        if (source.snapshot != null) {
            try {
                portal = Portal.load(source.snapshot, clock);
            } catch (IOException | RuntimeException e) {
                err.println("hubscore dry-run: --snapshot " + source.snapshot + ": " + e.getMessage());
                return ExitCodes.USER_ERROR;
            }
        } else {
            portal = Portal.generate(contacts, seed, clock);
        }
        SyncConfig sync = withWrites(valid.config());
        Map<String, Map<String, String>> before = ownedValues(portal, sync);
        PortalSimulator simulator = mappings.start(SimulatorOptions.defaults()
                .withToken(SimulatorOptions.DEMO_TOKEN).withoutRateLimits().withClock(clock), portal, "dry-run", err);
        if (simulator == null) {
            return ExitCodes.USER_ERROR;
        }
        Path dir = Files.createTempDirectory("hubscore-dry-run");
        try (simulator) {
            Path ledgerFile = dir.resolve("dry-run.db");
            List<PortalPropertyCheck.Missing> missing;
            try (HubSpotClient client = HubSpotClient.create(ClientSettings.builder().baseUrl(simulator.baseUrl())
                    .bearerToken(Credentials.of(SimulatorOptions.DEMO_TOKEN.toCharArray())).clock(clock)
                    .sleeper(Sleeper.real()).random(new Random(seed)).build())) {
                missing = PortalPropertyCheck.missing(sync, client);
            }
            Auth simulatorToken = new Auth.StaticToken(Credentials.of(SimulatorOptions.DEMO_TOKEN.toCharArray()));
            boolean ok;
            Plan plan;
            LiveConfig live = LiveConfig.fixed(sync, valid.text());
            try (Daemon daemon = Daemon.open(live, new Daemon.Options(simulator.baseUrl(), ledgerFile, clock,
                    System::getenv, simulatorToken, Sleeper.real(), new Random()))) {
                // The portal's data first, then the preview of scoring it from the portal's own hubscore values,
                // then the cycle that does it.
                daemon.scoreOnlyInTheScoreJob();
                ok = daemon.runStep("pull-contacts") != null && daemon.runStep("pull-engagements") != null;
                ModelPreview.Report summary = ok ? ModelPreview.report(daemon.ledger(), live.active(),
                        clock.instant().truncatedTo(ChronoUnit.MILLIS), System::getenv) : null;
                ok = ok && daemon.runOnce(Duration.ofMinutes(10));
                plan = plan(daemon.ledger(), before, sync, source.snapshot, contacts, clock.instant(), summary);
            }
            if (!ok) {
                err.println("hubscore dry-run: the cycle did not complete; see the log");
                return ExitCodes.UNEXPECTED;
            }
            try {
                save(plan, out);
            } catch (IOException e) {
                err.println("hubscore dry-run: --out " + out + ": cannot write the plan there ("
                        + PrivateFiles.describe(e) + ")");
                return ExitCodes.USER_ERROR;
            }
            print(stdout, plan);
            if (!missing.isEmpty()) {
                stdout.println();
                PortalPropertyCheck.print(stdout, missing);
            }
            stdout.printf("%nPlan saved to %s. Nothing was written to HubSpot.%n", out);
            stdout.flush();
            return ExitCodes.OK;
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The config as it would run for real: a {@code dry-run: true} in it would hold back the very writes shown. */
    private static SyncConfig withWrites(SyncConfig c) {
        WriteBackConfig w = c.writeBack();
        WriteBackConfig writing = new WriteBackConfig(w.group(), w.groupLabel(), w.properties(), w.ownership(), false,
                w.reasons());
        return new SyncConfig(c.portal(), c.schedule(), c.rateLimit(), writing, c.model(), c.bands(), c.transitions(),
                c.suppressions(), c.sync(), c.metrics(), c.outcomes(), c.shadow());
    }

    private static Map<String, Map<String, String>> ownedValues(Portal portal, SyncConfig config) {
        WriteBackConfig.PropertiesConfig p = config.writeBack().properties();
        List<String> owned = List.of(p.score(), p.band(), p.bandChangedAt(), p.modelVersion(), p.reasons());
        Map<String, Map<String, String>> values = new TreeMap<>();
        portal.allContactProperties().forEach((id, properties) -> {
            Map<String, String> mine = new TreeMap<>();
            for (String name : owned) {
                if (properties.get(name) != null) {
                    mine.put(name, properties.get(name));
                }
            }
            values.put(id, mine);
        });
        return values;
    }

    /**
     * The plan as saved: every property change against the portal's value, every transition, suppressed contact and
     * conflict, the bands and how many contacts were scored. Its fields are written in snake case.
     */
    private record Plan(String modelVersion, String portal, String at, List<PlannedWrite> writes,
            List<PlannedTransition> transitions, List<PlannedSuppression> suppressions, List<PlannedConflict> conflicts,
            Map<String, Long> bands, long contactsScored, ModelPreview.Report summary) {
    }

    /** A property change: {@code from} is the portal's value before, null when it had none. */
    private record PlannedWrite(String contact, String property, String from, String to) {
    }

    private record PlannedTransition(String contact, String from, String to, int score, boolean fired, String heldBy,
            String reason) {
    }

    private record PlannedSuppression(String contact, String suppression, String action) {
    }

    private record PlannedConflict(String contact, String property, String ours, String theirs, String policy) {
    }

    private static Plan plan(Ledger ledger, Map<String, Map<String, String>> before, SyncConfig config,
            Path snapshot, int contacts, Instant at, ModelPreview.Report summary) {
        return ledger.read(tx -> {
            List<PlannedWrite> writes = new ArrayList<>();
            for (Written.Value written : tx.written().all()) {
                String id = Long.toString(written.contactId());
                String previous = before.getOrDefault(id, Map.of()).get(written.property());
                if (!written.value().equals(previous)) { // already so in the portal: not a change
                    writes.add(new PlannedWrite(id, written.property(), previous, written.value()));
                }
            }
            Map<String, Long> bands = tx.scores().bandCounts();
            return new Plan(config.model().version(),
                    snapshot != null ? "snapshot " + snapshot : "generated, " + contacts + " contacts", at.toString(),
                    writes,
                    tx.scores().transitions().stream().map(t -> new PlannedTransition(Long.toString(t.contactId()),
                            t.fromBand(), t.toBand(), t.score(), t.fired(), t.heldBy(), t.reason())).toList(),
                    tx.suppressions().all().stream().map(h -> new PlannedSuppression(Long.toString(h.contactId()),
                            h.name(), h.action())).toList(),
                    tx.conflicts().open(Integer.MAX_VALUE).stream().map(c -> new PlannedConflict(
                            Long.toString(c.contactId()), c.property(), c.ours(), c.theirs(), c.policy())).toList(),
                    Formats.bandsInConfigOrder(config, bands),
                    bands.values().stream().mapToLong(Long::longValue).sum(), summary);
        });
    }

    /** The plan names contacts and their values: owner-only, like the ledger, and in place only when complete. */
    private static void save(Plan plan, Path out) throws IOException {
        Path temporary = PrivateFiles.temporaryBeside(out);
        try {
            PLAN_JSON.writeValue(temporary.toFile(), plan);
            PrivateFiles.moveInPlace(temporary, out, true);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void print(PrintWriter out, Plan plan) {
        out.printf("Dry run of model %s on %s%n", plan.modelVersion(), plan.portal());
        out.printf("  contacts scored: %,d%n", plan.contactsScored());
        long contactsWritten = plan.writes().stream().map(PlannedWrite::contact).distinct().count();
        out.printf("  writes: %,d property changes on %,d contacts%n", plan.writes().size(), contactsWritten);
        out.print("  bands:");
        plan.bands().forEach((band, count) -> out.printf(" %s %,d", band, count));
        out.println();
        long fired = plan.transitions().stream().filter(PlannedTransition::fired).count();
        out.printf("  transitions: %,d would fire, %,d held by a cooldown or suppression%n", fired,
                plan.transitions().size() - fired);
        Map<String, Integer> suppressed = new TreeMap<>();
        plan.suppressions().forEach(s -> suppressed.merge(s.suppression() + " (" + s.action() + ")", 1, Integer::sum));
        out.printf("  suppressions: %s%n", suppressed.isEmpty() ? "none" : suppressed.toString().replaceAll("[{}]", ""));
        out.printf("  conflicts: %,d%n", plan.conflicts().size());
        if (plan.summary() != null) {
            out.printf("%nStarting from: %s%n", PreviewCommand.inForce(plan.summary()));
            PreviewCommand.summary(out, plan.summary());
        }
    }
}
