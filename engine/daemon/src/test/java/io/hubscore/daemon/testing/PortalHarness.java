package io.hubscore.daemon.testing;

import io.hubscore.client.Sleeper;
import io.hubscore.config.BundledExamples;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.EngagementType;
import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.LiveConfig;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.scoring.ContactSnapshot;
import io.hubscore.scoring.EngagementEvent;
import io.hubscore.scoring.ScoreResult;
import io.hubscore.scoring.ScoringInput;
import io.hubscore.scoring.ScoringModel;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A simulated portal on 127.0.0.1 and a config for it, derived from a bundled example: rate budget opened up so
 * tests are quick, no search lag, the ledger in a temporary directory. Also computes what the scoring engine says
 * about a simulated contact straight from the simulator's data, independently of the daemon. The daemon's tests
 * and, through the daemon module's test-jar, the command line's tests use it. Its daemons share the portal's clock,
 * jitter seeded from the portal's seed, and wait for real unless given a sleeper. Thread-safe as far as the
 * simulator is; the fields never change.
 */
public final class PortalHarness implements AutoCloseable {

    /** The environment the harness's configs read their token from: the simulator's demo token. */
    public static final Map<String, String> ENV = Map.of("HUBSPOT_TOKEN", SimulatorOptions.DEMO_TOKEN);

    public final PortalSimulator simulator;
    public final Path configFile;
    public final Path ledgerFile;
    public final Clock clock;
    private final long seed;

    private PortalHarness(PortalSimulator simulator, Path configFile, Path ledgerFile, Clock clock, long seed) {
        this.simulator = simulator;
        this.configFile = configFile;
        this.ledgerFile = ledgerFile;
        this.clock = clock;
        this.seed = seed;
    }

    /** A portal of {@code contacts} generated from {@code seed}, without rate limits, on the system clock. */
    public static PortalHarness start(Path dir, int contacts, long seed, String ownership) throws IOException {
        return start(dir, contacts, seed, ownership, Clock.systemUTC(),
                SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN).withoutRateLimits());
    }

    /** A portal served with {@code options} (the clock is set from {@code clock}), shared by the daemon. */
    public static PortalHarness start(Path dir, int contacts, long seed, String ownership, Clock clock,
            SimulatorOptions options) throws IOException {
        PortalSimulator simulator = PortalSimulator.start(options.withClock(clock),
                Portal.generate(contacts, seed, clock));
        Path ledger = dir.resolve("ledger.db");
        Path config = dir.resolve("hubscore.yaml");
        Files.writeString(config, configText("icp-agency.yaml", ledger, ownership), StandardCharsets.UTF_8);
        return new PortalHarness(simulator, config, ledger, clock, seed);
    }

    /** The example config with a wide-open rate budget, no search lag, and the given ledger and ownership. */
    public static String configText(String example, Path ledger, String ownership) {
        String text = BundledExamples.read(example);
        text = text.replaceAll("(?m)^  ledger: .*$", "  ledger: " + ledger.toString().replace("\\", "/"));
        text = text.replaceAll("(?m)^  ownership: .*$", "  ownership: " + ownership);
        text = text.replaceAll("(?ms)^rate-limit:.*?\\n\\n", "rate-limit:\n  burst-share: 1.0\n  burst-limit: 100000\n"
                + "  search-per-second: 1000\n\n");
        return text + "\nsync:\n  search-lag: 0s\n";
    }

    public LiveConfig liveConfig() {
        return LiveConfig.load(configFile, new ConfigLoader(ENV::get));
    }

    /** A daemon on this portal that waits for real: for a harness on the system clock or one moved by hand. */
    public Daemon openDaemon() {
        return openDaemon(simulator.baseUrl());
    }

    /** A daemon that calls HubSpot at {@code baseUrl} (a proxy in front of the simulator) and waits for real. */
    public Daemon openDaemon(URI baseUrl) {
        return Daemon.open(liveConfig(), options(baseUrl, Sleeper.real()));
    }

    /** A daemon on this portal whose every wait is made by {@code sleeper} (fake time shared with the simulator). */
    public Daemon openDaemon(Sleeper sleeper) {
        return Daemon.open(liveConfig(), options(simulator.baseUrl(), sleeper));
    }

    /** The options of the harness's daemons: its ledger, clock and token, jitter seeded from the portal's seed. */
    public Daemon.Options options(URI baseUrl, Sleeper sleeper) {
        return new Daemon.Options(baseUrl, ledgerFile, clock, ENV::get, null, sleeper, new Random(seed));
    }

    /** Replaces the config's {@code rate-limit} section with these lines (each {@code key: value}). */
    public void rateLimit(String... lines) throws IOException {
        String text = Files.readString(configFile, StandardCharsets.UTF_8);
        String section = java.util.Arrays.stream(lines).map(line -> "  " + line + "\n")
                .collect(java.util.stream.Collectors.joining("", "rate-limit:\n", "\n"));
        Files.writeString(configFile, text.replaceAll("(?ms)^rate-limit:.*?\\n\\n", section), StandardCharsets.UTF_8);
    }

    /** Calls the simulator's admin endpoint {@code POST /__sim/...} with a JSON body; returns the answer's body. */
    public String admin(String path, String json) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(simulator.baseUrl().resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** The engine's result for a simulated contact scored first at {@code now}, from the simulator's own data. */
    public ScoreResult expected(ScoringModel model, String id, Instant now) {
        Portal portal = simulator.portal();
        Map<String, String> properties = new java.util.HashMap<>(portal.contactProperties(id).orElseThrow());
        List<EngagementEvent> events = new ArrayList<>();
        for (io.hubscore.simulator.EngagementType type
                : io.hubscore.simulator.EngagementType.values()) {
            for (String engagementId : portal.engagementIds(id, type)) {
                Map<String, String> e = portal.engagementProperties(type, engagementId).orElseThrow();
                String at = e.get("hs_timestamp");
                if (at != null) {
                    events.add(new EngagementEvent(EngagementType.valueOf(type.name()), Instant.parse(at),
                            new java.util.HashMap<>(e)));
                }
            }
        }
        return model.score(new ScoringInput(new ContactSnapshot(id, properties), events, false, null, now));
    }

    @Override
    public void close() {
        simulator.close();
    }
}
