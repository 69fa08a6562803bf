package io.hubscore.engine.sync;

import io.hubscore.config.AuthConfig;
import io.hubscore.config.OAuthConfig;
import io.hubscore.config.RateLimitConfig;
import io.hubscore.config.ScheduleConfig;
import io.hubscore.config.ScheduleSpec;
import io.hubscore.config.SecretRef;
import io.hubscore.config.SyncConfig;
import io.hubscore.connector.api.Auth;
import io.hubscore.connector.api.ClientSettings;
import io.hubscore.connector.api.Credentials;
import io.hubscore.connector.api.HubSpotClient;
import io.hubscore.connector.api.MetricsSnapshot;
import io.hubscore.connector.api.RateBudget;
import io.hubscore.connector.api.Sleeper;
import io.hubscore.engine.ledger.Contacts;
import io.hubscore.engine.ledger.Ledger;
import io.hubscore.engine.ledger.Outbox;
import io.hubscore.engine.ledger.PortalState;
import io.hubscore.engine.ledger.Scores;
import io.hubscore.engine.ops.OpsServer;
import io.hubscore.engine.ops.PrometheusText;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One portal's daemon: the composition root that opens the ledger (taking its lock), builds the HubSpot client
 * from the config, and wires the jobs. {@link #runOnce} runs one full cycle and drains the outbox (for cron and
 * tests); {@link #start} schedules the jobs with Quartz until {@link #close}. Thread-safe as far as its parts are.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** Waits for queued writes that are due later (the composition root's one real sleeper). */
    private static final Sleeper SLEEPER = Sleeper.real();

    /** How often the config file is checked for changes. */
    static final Duration CONFIG_WATCH = Duration.ofSeconds(10);

    /**
     * Where the daemon runs and what may override the config. Null overrides ({@code baseUrl}, {@code ledger},
     * {@code auth}) keep the config's values.
     */
    public record Options(URI baseUrl, Path ledger, Clock clock, UnaryOperator<String> environment, Auth auth) {

        public Options(URI baseUrl, Path ledger, Clock clock, UnaryOperator<String> environment) {
            this(baseUrl, ledger, clock, environment, null);
        }
    }

    private final SyncContext context;
    private final StepRunner runner;
    private final PullContacts pullContacts;
    private final PullEngagements pullEngagements;
    private final ScoreContacts score;
    private final WriteBack writeBack;
    private final DecayRescore decay;
    private final Reconcile reconcile;
    private final WatchConfig watch;
    private JobScheduler scheduler;
    private OpsServer ops;

    private Daemon(SyncContext context) {
        this.context = context;
        this.runner = new StepRunner(context.portal(), context.ledger(), context.clock());
        this.pullContacts = new PullContacts(context);
        this.pullEngagements = new PullEngagements(context);
        this.score = new ScoreContacts(context);
        this.writeBack = new WriteBack(context);
        this.decay = new DecayRescore(context);
        this.reconcile = new Reconcile(context);
        this.watch = new WatchConfig(context.config());
    }

    /**
     * Opens the daemon: resolves the credentials (so a missing token fails now, with its name), opens the ledger
     * (failing when another daemon holds it) and builds the client.
     *
     * @throws DaemonException for anything the admin must fix; the message says what and where
     */
    public static Daemon open(LiveConfig config, Options options) {
        return open(config, options, UnaryOperator.identity());
    }

    /**
     * As {@link #open(LiveConfig, Options)}, with the HubSpot client's settings passed through {@code client}
     * first (tests: retries that do not wait).
     */
    public static Daemon open(LiveConfig config, Options options, UnaryOperator<ClientSettings> client) {
        SyncConfig sync = config.active().config();
        Path ledgerPath = options.ledger() != null ? options.ledger()
                : sync.portal().ledger() == null ? null : Path.of(sync.portal().ledger());
        if (ledgerPath == null) {
            throw new DaemonException("no ledger file: set portal.ledger in the config or give --ledger");
        }
        URI baseUrl = options.baseUrl() != null ? options.baseUrl() : URI.create(sync.portal().baseUrl());
        Auth auth = options.auth() != null ? options.auth() : auth(sync.portal().auth(), options.environment());
        Ledger ledger = Ledger.open(ledgerPath);
        try {
            HubSpotClient hubSpot = HubSpotClient.create(client.apply(settings(sync, baseUrl, auth, options.clock())));
            String portal = sync.portal().id() == null ? ledgerPath.getFileName().toString() : sync.portal().id();
            return new Daemon(new SyncContext(portal, ledger, hubSpot, config, options.clock(),
                    new ApiGate(ledger, options.clock())));
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    public static ClientSettings settings(SyncConfig sync, URI baseUrl, Auth auth, Clock clock) {
        RateLimitConfig limits = sync.rateLimit();
        int burst = Math.max(1, (int) Math.floor(limits.burstLimit() * limits.burstShare()));
        long daily = (long) Math.floor(limits.dailyLimit() * limits.dailyShare());
        return ClientSettings.builder()
                .baseUrl(baseUrl)
                .auth(auth)
                .rateBudget(new RateBudget(burst, Duration.ofSeconds(10), daily, limits.searchPerSecond()))
                .searchLagMargin(sync.sync().searchLag())
                .portalZone(sync.portal().timeZone())
                .clock(clock)
                .sleeper(Sleeper.real())
                .random(new Random())
                .build();
    }

    /** Credentials from the config's references; each is read once now so a missing one is reported at start. */
    public static Auth auth(AuthConfig config, UnaryOperator<String> environment) {
        try {
            if (config.token() != null) {
                return new Auth.StaticToken(credentials(config.token(), environment));
            }
            OAuthConfig oauth = config.oauth();
            Auth.TokenEndpoint endpoint = "2026-03".equals(oauth.tokenEndpoint())
                    ? Auth.TokenEndpoint.V2026_03 : Auth.TokenEndpoint.V1;
            return new Auth.OAuth(oauth.clientId().resolve(environment), credentials(oauth.clientSecret(), environment),
                    credentials(oauth.refreshToken(), environment), endpoint);
        } catch (SecretRef.SecretUnavailableException e) {
            throw new DaemonException("portal.auth: " + e.getMessage());
        }
    }

    private static Credentials credentials(SecretRef ref, UnaryOperator<String> environment) {
        ref.resolve(environment); // fails now, naming the variable or file, when it is missing
        return Credentials.from(() -> ref.resolve(environment).toCharArray());
    }

    public SyncContext context() {
        return context;
    }

    /** Runs one job once, as its schedule would; returns its counts, or null when it failed. */
    public Map<String, Long> runStep(String name) {
        for (SyncStep step : List.of(pullContacts, pullEngagements, score, writeBack, decay, reconcile, watch)) {
            if (step.name().equals(name)) {
                return runner.run(step);
            }
        }
        throw new IllegalArgumentException("no job named " + name);
    }

    /**
     * One full cycle: pull contacts (the whole backfill when it is not done), pull engagements, score, write back,
     * then write back again until the outbox is drained (waiting for rows that are due later). Returns false when a
     * step failed; the reason was logged and recorded in {@code runs}.
     */
    public boolean runOnce(Duration drainTimeout) throws InterruptedException {
        for (SyncStep step : List.of(pullContacts, pullEngagements, score, writeBack)) {
            if (runner.run(step) == null) {
                return false;
            }
        }
        if (context.current().writeBack().dryRun()) {
            return true;
        }
        long deadline = context.clock().millis() + drainTimeout.toMillis();
        while (true) {
            OptionalLong due = context.ledger().read(Outbox::nextDueAt);
            if (due.isEmpty()) {
                return true;
            }
            long now = context.clock().millis();
            if (now >= deadline) {
                LOG.warn("outbox not drained after {}: {} writes stay queued for the next run", drainTimeout,
                        context.ledger().read(Outbox::pendingCount));
                return false;
            }
            long wait = Math.min(due.getAsLong() - now, deadline - now);
            if (wait > 0) {
                SLEEPER.sleep(Duration.ofMillis(Math.min(wait, 1_000))); // the rows are due at a known time
                continue;
            }
            if (runner.run(writeBack) == null) {
                return false;
            }
        }
    }

    /** Schedules every job per the config, the config watch, and the health endpoint when configured. */
    public void start() {
        SyncConfig sync = context.current();
        ScheduleConfig schedule = sync.schedule();
        scheduler = new JobScheduler(context.portal(), runner);
        scheduler.schedule(pullContacts, schedule.pullContacts());
        scheduler.schedule(pullEngagements, schedule.pullEngagements());
        scheduler.schedule(score, schedule.score());
        scheduler.schedule(writeBack, schedule.writeBack());
        scheduler.schedule(decay, schedule.decayRescore());
        scheduler.schedule(reconcile, schedule.reconcile());
        if (context.config().file() != null) {
            scheduler.schedule(watch, ScheduleSpec.every(CONFIG_WATCH));
        }
        if (sync.metrics().port() > 0) {
            ops = OpsServer.start(sync.metrics().bind(), sync.metrics().port(), this::health, this::metrics);
            LOG.info("health and metrics on http://{}:{}/health and /metrics", sync.metrics().bind(), ops.port());
        }
        scheduler.start();
        LOG.info("daemon started for portal {} with model version {}", context.portal(),
                context.config().active().model().version());
    }

    OpsServer.Health health() {
        try {
            var paused = context.ledger().read(c -> PortalState.get(c, PortalState.PAUSED_UNTIL));
            var auth = context.ledger().read(c -> PortalState.get(c, PortalState.AUTH_FAILURE));
            if (auth.isPresent()) {
                return new OpsServer.Health(false, "auth-failed", auth.get());
            }
            if (paused.isPresent()) {
                return new OpsServer.Health(true, "paused", "daily limit reached; paused until epoch ms "
                        + paused.get());
            }
            return new OpsServer.Health(true, "up", "portal " + context.portal());
        } catch (RuntimeException e) {
            return new OpsServer.Health(false, "ledger-unavailable", e.getMessage());
        }
    }

    String metrics() {
        MetricsSnapshot m = context.client().metrics();
        Map<String, Long> ledger = context.ledger().read(c -> Map.of(
                "contacts", Contacts.count(c),
                "dirty", Contacts.dirtyCount(c),
                "outbox_pending", Outbox.pendingCount(c),
                "outbox_parked", Outbox.parkedCount(c),
                "transitions_fired", Scores.firedTransitionCount(c)));
        Map<String, String> portal = Map.of("portal", context.portal());
        PrometheusText text = new PrometheusText()
                .counter("hubscore_http_requests_total", "HubSpot API requests sent", m.requests(), portal)
                .counter("hubscore_http_retries_total", "HubSpot API requests retried", m.retries(), portal)
                .counter("hubscore_http_transient_failures_total", "5xx, resets and timeouts seen",
                        m.transientFailures(), portal)
                .gauge("hubscore_http_latency_mean_ms", "Mean HubSpot API latency", m.meanLatencyMillis(), portal)
                .gauge("hubscore_contacts", "Live contacts in the ledger", ledger.get("contacts"), portal)
                .gauge("hubscore_dirty_contacts", "Contacts waiting to be scored", ledger.get("dirty"), portal)
                .gauge("hubscore_outbox_pending", "Writes waiting for HubSpot", ledger.get("outbox_pending"), portal)
                .gauge("hubscore_outbox_parked", "Writes HubSpot rejected", ledger.get("outbox_parked"), portal)
                .counter("hubscore_transitions_fired_total", "Band transitions fired", ledger.get("transitions_fired"),
                        portal);
        m.http429ByPolicy().forEach((policy, n) -> text.counter("hubscore_http_429_total",
                "429 answers by HubSpot rate-limit policy", n, Map.of("portal", context.portal(), "policy", policy)));
        return text.toString();
    }

    /** Stops the jobs (each finishes its current batch), then the endpoint, the client and the ledger. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        if (ops != null) {
            ops.close();
        }
        context.client().close();
        context.ledger().close();
    }

    /** Something the admin must fix before the daemon can start. */
    public static final class DaemonException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DaemonException(String message) {
            super(message);
        }
    }
}
