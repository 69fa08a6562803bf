package io.hubscore.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.Problem;
import io.hubscore.config.SyncConfig;
import io.hubscore.config.WriteBackConfig;
import io.hubscore.client.Auth;
import io.hubscore.client.Credentials;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.ledger.Conflicts;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.Suppressions;
import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.LiveConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            Auth simulatorToken = new Auth.StaticToken(Credentials.of(SimulatorOptions.DEMO_TOKEN.toCharArray()));
            boolean ok;
            ObjectNode plan;
            try (Daemon daemon = Daemon.open(LiveConfig.fixed(sync, valid.text()),
                    new Daemon.Options(simulator.baseUrl(), ledgerFile, clock, System::getenv, simulatorToken))) {
                ok = daemon.runOnce(Duration.ofMinutes(10));
                plan = plan(daemon.context().ledger(), before, sync, source.snapshot, contacts, clock.instant());
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
                c.suppressions(), c.sync(), c.metrics());
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

    private static ObjectNode plan(Ledger ledger, Map<String, Map<String, String>> before, SyncConfig config,
            Path snapshot, int contacts, Instant at) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode plan = json.createObjectNode();
        plan.put("model_version", config.model().version());
        plan.put("portal", snapshot != null ? "snapshot " + snapshot : "generated, " + contacts + " contacts");
        plan.put("at", at.toString());
        ledger.read(c -> {
            ArrayNode writes = plan.putArray("writes");
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT contact_id, property, value FROM written ORDER BY contact_id, property");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = Long.toString(rs.getLong(1));
                    String previous = before.getOrDefault(id, Map.of()).get(rs.getString(2));
                    if (rs.getString(3).equals(previous)) {
                        continue; // already so in the portal: not a change
                    }
                    ObjectNode w = writes.addObject();
                    w.put("contact", id);
                    w.put("property", rs.getString(2));
                    w.put("from", previous);
                    w.put("to", rs.getString(3));
                }
            }
            ArrayNode transitions = plan.putArray("transitions");
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT contact_id, from_band, to_band, score, fired, held_by, reason FROM transitions ORDER BY seq");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode t = transitions.addObject();
                    t.put("contact", Long.toString(rs.getLong(1)));
                    t.put("from", rs.getString(2));
                    t.put("to", rs.getString(3));
                    t.put("score", rs.getInt(4));
                    t.put("fired", rs.getInt(5) == 1);
                    t.put("held_by", rs.getString(6));
                    t.put("reason", rs.getString(7));
                }
            }
            ArrayNode suppressions = plan.putArray("suppressions");
            for (Suppressions.Held held : Suppressions.all(c)) {
                ObjectNode s = suppressions.addObject();
                s.put("contact", Long.toString(held.contactId()));
                s.put("suppression", held.name());
                s.put("action", held.action());
            }
            ArrayNode conflicts = plan.putArray("conflicts");
            for (Conflicts.Conflict conflict : Conflicts.open(c, Integer.MAX_VALUE)) {
                ObjectNode k = conflicts.addObject();
                k.put("contact", Long.toString(conflict.contactId()));
                k.put("property", conflict.property());
                k.put("ours", conflict.ours());
                k.put("theirs", conflict.theirs());
                k.put("policy", conflict.policy());
            }
            ObjectNode bands = plan.putObject("bands");
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT band, COUNT(*) FROM band_state GROUP BY band ORDER BY MIN(score) DESC");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bands.put(rs.getString(1), rs.getLong(2));
                }
            }
            plan.put("contacts_scored", countScored(c));
            return null;
        });
        return plan;
    }

    private static long countScored(java.sql.Connection c) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM band_state");
                ResultSet rs = ps.executeQuery()) {
            return rs.getLong(1);
        }
    }

    /** The plan names contacts and their values: owner-only, like the ledger, and in place only when complete. */
    private static void save(ObjectNode plan, Path out) throws IOException {
        Path temporary = PrivateFiles.temporaryBeside(out);
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(temporary.toFile(), plan);
            PrivateFiles.moveInPlace(temporary, out, true);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void print(PrintWriter out, ObjectNode plan) {
        out.printf("Dry run of model %s on %s%n", plan.path("model_version").asText(), plan.path("portal").asText());
        out.printf("  contacts scored: %,d%n", plan.path("contacts_scored").asLong());
        Map<String, Integer> byContact = new LinkedHashMap<>();
        plan.path("writes").forEach(w -> byContact.merge(w.path("contact").asText(), 1, Integer::sum));
        out.printf("  writes: %,d property changes on %,d contacts%n", plan.path("writes").size(), byContact.size());
        out.print("  bands:");
        plan.path("bands").fields().forEachRemaining(e -> out.printf(" %s %,d", e.getKey(), e.getValue().asLong()));
        out.println();
        long fired = 0;
        long held = 0;
        for (var t : plan.path("transitions")) {
            if (t.path("fired").asBoolean()) {
                fired++;
            } else {
                held++;
            }
        }
        out.printf("  transitions: %,d would fire, %,d held by a cooldown or suppression%n", fired, held);
        Map<String, Integer> suppressed = new TreeMap<>();
        plan.path("suppressions").forEach(s -> suppressed.merge(
                s.path("suppression").asText() + " (" + s.path("action").asText() + ")", 1, Integer::sum));
        out.printf("  suppressions: %s%n", suppressed.isEmpty() ? "none" : suppressed.toString().replaceAll("[{}]", ""));
        out.printf("  conflicts: %,d%n", plan.path("conflicts").size());
    }
}
