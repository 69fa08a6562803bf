package io.hubscore.simulator;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.standalone.MappingFileException;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated HubSpot portal served over HTTP on 127.0.0.1 by WireMock: HubSpot's paths, JSON shapes,
 * status codes, rate limits and faults, backed by a live {@link Portal}. Start it, point a HubSpot client
 * at {@link #baseUrl()}, change the portal or switch faults while it runs, and close it. WireMock stubs,
 * from the options' mappings directory or WireMock's admin API under {@code /__admin}, are matched first: a
 * request that matches one gets the stub's answer, any other the portal's.
 *
 * <p>Thread-safe. The clock for rate windows and token expiry is the options' clock, or the portal's
 * when the options have none.
 */
public final class PortalSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PortalSimulator.class);

    private final WireMockServer server;
    private final Stubs stubs;
    private final Portal portal;
    private final Faults faults;
    private final SimulatorStats stats;
    private final URI baseUrl;

    private PortalSimulator(WireMockServer server, Stubs stubs, Portal portal, Faults faults, SimulatorStats stats) {
        this.server = server;
        this.stubs = stubs;
        this.portal = portal;
        this.faults = faults;
        this.stats = stats;
        this.baseUrl = URI.create("http://127.0.0.1:" + server.port());
    }

    /**
     * Starts a simulator serving {@code portal}; port 0 picks a free port.
     *
     * @throws InvalidMappings when the options name stub mappings that cannot be loaded
     */
    public static PortalSimulator start(SimulatorOptions options, Portal portal) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(portal, "portal");
        Clock clock = options.clock() != null ? options.clock() : portal.clock();
        portal.searchLag(options.searchLag());
        Faults faults = new Faults(options.seed());
        SimulatorStats stats = new SimulatorStats();
        SimContext context = new SimContext(portal, new HubSpotErrors(options.seed()), stats, clock);
        Router router = new Router(context, new AccessTokens(options, clock), new RateLimits(options, clock), faults);
        Stubs stubs = new Stubs();
        WireMockConfiguration config = stubs.configure(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .port(options.port())
                .containerThreads(options.threads())
                .disableRequestJournal()
                .stubRequestLoggingDisabled(true)
                .maxLoggedResponseSize(0)
                .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER)
                .gzipDisabled(true)
                .stubCorsEnabled(false)
                .notifier(new QuietNotifier())
                .httpServerFactory(new PortalHttpServerFactory(new PortalFilter(router, stubs))), options.mappings());
        WireMockServer server;
        try {
            server = new WireMockServer(config);
        } catch (MappingFileException e) {
            throw new InvalidMappings(options.mappings(), e.getMessage().replace('\n', ' '));
        }
        stubs.serveFrom(server);
        server.start();
        PortalSimulator simulator = new PortalSimulator(server, stubs, portal, faults, stats);
        context.baseUrl(simulator.baseUrl.toString());
        LOG.debug("portal simulator listening on {}", simulator.baseUrl);
        return simulator;
    }

    /** The root URL; HubSpot paths such as {@code /crm/v3/objects/contacts} are appended to it. */
    public URI baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.port();
    }

    /** How many WireMock stubs are matched before the portal: those loaded from the mappings and any added since. */
    public int stubCount() {
        return stubs.count();
    }

    public Portal portal() {
        return portal;
    }

    public Faults faults() {
        return faults;
    }

    public SimulatorStats stats() {
        return stats;
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Keeps WireMock's console quiet; its errors go to the log. */
    private static final class QuietNotifier implements Notifier {
        @Override
        public void info(String message) {
        }

        @Override
        public void error(String message) {
            LOG.warn("wiremock: {}", message);
        }

        @Override
        public void error(String message, Throwable t) {
            LOG.warn("wiremock: {}", message, t);
        }
    }
}
