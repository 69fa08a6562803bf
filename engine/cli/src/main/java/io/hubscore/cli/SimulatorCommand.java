package io.hubscore.cli;

import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore simulator}: serves a simulated HubSpot portal on 127.0.0.1 until stopped (SIGTERM or
 * Ctrl-C). Prints {@code listening on http://127.0.0.1:PORT} as its first line and the accepted token's
 * source on the second. Not thread-safe; one run per instance.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true,
        description = "Serve a simulated HubSpot portal on 127.0.0.1 for demos, dry runs and benchmarks.")
final class SimulatorCommand implements Callable<Integer> {

    static final String TOKEN_ENV = "HUBSCORE_SIM_TOKEN";

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--contacts", defaultValue = "1000", description = "Contacts to generate (default: ${DEFAULT-VALUE}).")
    int contacts;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated portal and of fault injection (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-per-10s", defaultValue = "100", description = "Requests per rolling 10 s window; 0 = off (default: ${DEFAULT-VALUE}).")
    int maxPer10s;

    @Option(names = "--daily", defaultValue = "250000", description = "Daily request budget; 0 = off (default: ${DEFAULT-VALUE}).")
    int daily;

    @Option(names = "--search-lag-ms", defaultValue = "0", description = "Delay before changes reach search, in ms (default: ${DEFAULT-VALUE}).")
    long searchLagMs;

    @Option(names = "--snapshot", description = "Load the portal from this snapshot file instead of generating one.")
    Path snapshot;

    @Option(names = "--token", description = "Bearer token to accept (default: $" + TOKEN_ENV + ", else the demo token).")
    String token;

    @Mixin
    MappingsOption mappings;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile PortalSimulator running;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        String problem = check();
        if (problem != null) {
            err.println("hubscore simulator: " + problem);
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        Clock clock = Clock.systemUTC();
        Portal portal;
        try {
            portal = snapshot != null ? Portal.load(snapshot, clock) : Portal.generate(contacts, seed, clock);
        } catch (IOException e) {
            err.println("hubscore simulator: cannot read --snapshot " + snapshot + ": " + e.getMessage());
            err.flush();
            return ExitCodes.USER_ERROR;
        } catch (IllegalArgumentException e) {
            err.println("hubscore simulator: " + e.getMessage());
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        String env = System.getenv(TOKEN_ENV);
        String accepted = token != null ? token : env != null && !env.isBlank() ? env : SimulatorOptions.DEMO_TOKEN;
        SimulatorOptions options = SimulatorOptions.defaults().withPort(port).withToken(accepted).withSeed(seed)
                .withMaxPer10s(maxPer10s).withDailyLimit(daily).withSearchLag(Duration.ofMillis(searchLagMs))
                .withClock(clock);
        running = mappings.start(options, portal, "simulator", err);
        if (running == null) {
            return ExitCodes.USER_ERROR;
        }
        Thread hook = new Thread(this::stop, "hubscore-simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("listening on " + running.baseUrl());
        out.println(token != null ? "token from --token" : env != null && !env.isBlank() ? "token from " + TOKEN_ENV
                : "token " + SimulatorOptions.DEMO_TOKEN + " (demo token; set --token or " + TOKEN_ENV + ")");
        if (mappings.dir != null) {
            out.println("matching " + running.stubCount() + " WireMock stub mappings from " + mappings.dir
                    + " before the portal");
        }
        out.println("serving " + portal.contactCount() + " contacts; stop with SIGTERM or Ctrl-C");
        out.flush();
        stopped.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it stopped the simulator
        }
        return ExitCodes.OK;
    }

    /** Stops the simulator and lets {@link #call()} return; safe to call more than once. */
    void stop() {
        PortalSimulator simulator = running;
        if (simulator != null) {
            simulator.close();
        }
        stopped.countDown();
    }

    private String check() {
        if (port < 0 || port > 65535) {
            return "--port must be 0..65535, was " + port;
        }
        if (contacts < 0) {
            return "--contacts must be 0 or more, was " + contacts;
        }
        if (maxPer10s < 0 || daily < 0 || searchLagMs < 0) {
            return "--max-per-10s, --daily and --search-lag-ms must be 0 or more";
        }
        if (snapshot != null && !Files.isRegularFile(snapshot)) {
            return "--snapshot " + snapshot + " is not a file";
        }
        return null;
    }
}
