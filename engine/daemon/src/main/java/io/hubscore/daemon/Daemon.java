package io.hubscore.daemon;

import io.hubscore.HubScoreException;
import io.hubscore.config.AuthConfig;
import io.hubscore.config.OAuthConfig;
import io.hubscore.config.RateLimitConfig;
import io.hubscore.config.ScheduleConfig;
import io.hubscore.config.ScheduleSpec;
import io.hubscore.config.SecretRef;
import io.hubscore.config.SyncConfig;
import io.hubscore.client.Auth;
import io.hubscore.client.ClientSettings;
import io.hubscore.client.Credentials;
import io.hubscore.client.HubSpotClient;
import io.hubscore.client.MetricsSnapshot;
import io.hubscore.client.RateBudget;
import io.hubscore.client.Sleeper;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.PortalState;
import io.hubscore.ledger.Runs;
import io.hubscore.daemon.ops.OpsServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One portal's daemon: opens the ledger (taking its lock), builds the HubSpot client from the config and the
 * options (clock, sleeper and jitter come from the caller, the command line being the one composition root), and
 * wires the jobs. {@link #runOnce} runs one full cycle and drains the outbox (for cron and
 * tests); {@link #start} schedules the jobs with Quartz until {@link #close}. Thread-safe as far as its parts are.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /** How often the config file is checked for changes. */
    static final Duration CONFIG_WATCH = Duration.ofSeconds(10);

    /** How many failed runs in a row of one job make the daemon {@code degraded}; one failure may be a blip. */
    static final int FAILED_RUNS_DEGRADED = 3;

    /**
     * Where the daemon runs, what may override the config, and the time, waiting and randomness it runs on. Null
     * overrides ({@code baseUrl}, {@code ledger}, {@code auth}) keep the config's values. {@code clock},
     * {@code sleeper} (every wait: for rate budget, for queued writes due later), {@code random} (backoff jitter)
     * and {@code environment} (where {@code ${VAR}} secrets are read) have no default: the composition root chooses
     * them, so a test's fake time is never mixed with real waits.
     */
    public record Options(URI baseUrl, Path ledger, Clock clock, UnaryOperator<String> environment, Auth auth,
            Sleeper sleeper, Random random) {

        public Options {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(sleeper, "sleeper");
            Objects.requireNonNull(random, "random");
        }
    }

    /** How {@link #runCycle} ended. */
    public enum Outcome {
        /** Every job ran and every queued write was delivered (or the config is a dry run). */
        COMPLETED,
        /** A job failed, or queued writes were still waiting at the drain timeout; the log says which. */
        FAILED,
        /** The thread was interrupted (SIGTERM, a deadline): the run stopped after its current batch. */
        STOPPED
    }

    private final SyncContext context;
    private final Sleeper sleeper;
    private final StepRunner runner;
    private final PullContacts pullContacts;
    private final PullEngagements pullEngagements;
    private final PullEngagements engagementsBySearch;
    private final PullEngagements engagementsByList;
    private final ScoreContacts score;
    private final WriteBack writeBack;
    private final WriteBack writeBesideReads;
    private final DecayRescore decay;
    private final Reconcile reconcile;
    private final WatchConfig watch;
    private JobScheduler scheduler;
    private OpsServer ops;

    private Daemon(SyncContext context, Sleeper sleeper) {
        this.context = context;
        this.sleeper = sleeper;
        this.runner = new StepRunner(context.portal(), context.ledger(), context.clock(),
                context.client()::budgetWaitedByThisThread);
        this.pullContacts = new PullContacts(context);
        this.pullEngagements = new PullEngagements(context);
        this.engagementsBySearch = new PullEngagements(context, ReadPlan.Via.SEARCH);
        this.engagementsByList = new PullEngagements(context, ReadPlan.Via.LIST);
        this.score = new ScoreContacts(context);
        this.writeBack = new WriteBack(context);
        this.writeBesideReads = new WriteBack(context, true);
        this.decay = new DecayRescore(context);
        this.reconcile = new Reconcile(context);
        this.watch = new WatchConfig(context.config());
    }

    /**
     * Leaves all scoring to the score job: pulls store their pages without scoring them. For a dry run, which previews
     * the portal's data between the pulls and the score job, so that the preview and the cycle start from the same
     * state.
     */
    public void scoreOnlyInTheScoreJob() {
        context.scoresPages().set(false);
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
            String fileName = config.file() == null ? "config" : config.file().toString();
            Releases.versionReused(ledger.read(tx -> tx.scores().models()), config.active(), fileName)
                    .ifPresent(problem -> {
                        throw new LiveConfig.Rejected(List.of(problem));
                    });
            config.guard(next -> Releases.versionReused(ledger.read(tx -> tx.scores().models()), next, fileName)
                    .stream().toList());
            HubSpotClient hubSpot = HubSpotClient.create(client.apply(settings(sync, baseUrl, auth,
                    options.clock(), options.sleeper(), options.random())));
            String portal = sync.portal().id() == null ? ledgerPath.getFileName().toString() : sync.portal().id();
            ApiGate gate = new ApiGate(ledger, hubSpot, options.clock());
            gate.restore();
            return new Daemon(new SyncContext(portal, ledger, hubSpot, config, options.clock(), gate,
                    new ReadActivity(), new ShadowScorer(config), new AtomicBoolean(true)),
                    options.sleeper());
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    /**
     * The client settings for a config: its share of the budget, its search lag and time zone, on the caller's
     * clock, sleeper and jitter. The daily share stays a fraction: the client applies it to the daily limit
     * HubSpot's headers report, and to the configured {@code daily-limit} until they do.
     */
    public static ClientSettings settings(SyncConfig sync, URI baseUrl, Auth auth, Clock clock, Sleeper sleeper,
            Random random) {
        RateLimitConfig limits = sync.rateLimit();
        int burst = Math.max(1, (int) Math.floor(limits.burstLimit() * limits.burstShare()));
        return ClientSettings.builder()
                .baseUrl(baseUrl)
                .auth(auth)
                .rateBudget(new RateBudget(burst, Duration.ofSeconds(10), limits.dailyShare(), limits.dailyLimit(),
                        limits.searchPerSecond(), Math.max(burst, limits.burstLimit())))
                .searchLagMargin(sync.sync().searchLag())
                .portalZone(sync.portal().timeZone())
                .clock(clock)
                .sleeper(sleeper)
                .random(random)
                .build();
    }

    /**
     * Credentials from the config's references; each is read (and checked by {@link SecretRef#resolve}) once now,
     * so a missing or unusable one is reported at start, naming its setting and source.
     */
    public static Auth auth(AuthConfig config, UnaryOperator<String> environment) {
        if (config.token() != null) {
            return new Auth.StaticToken(credentials("portal.auth.token", config.token(), environment));
        }
        OAuthConfig oauth = config.oauth();
        Auth.TokenEndpoint endpoint = "2026-03".equals(oauth.tokenEndpoint())
                ? Auth.TokenEndpoint.V2026_03 : Auth.TokenEndpoint.V1;
        return new Auth.OAuth(read("portal.auth.oauth.client-id", oauth.clientId(), environment),
                credentials("portal.auth.oauth.client-secret", oauth.clientSecret(), environment),
                credentials("portal.auth.oauth.refresh-token", oauth.refreshToken(), environment), endpoint);
    }

    private static Credentials credentials(String key, SecretRef ref, UnaryOperator<String> environment) {
        read(key, ref, environment);
        return Credentials.from(() -> ref.resolve(environment).toCharArray());
    }

    private static String read(String key, SecretRef ref, UnaryOperator<String> environment) {
        try {
            return ref.resolve(environment);
        } catch (SecretRef.SecretUnavailableException e) {
            throw new DaemonException(key + ": " + e.getMessage());
        }
    }

    SyncContext context() {
        return context;
    }

    /** The portal's ledger, open for the daemon's lifetime (the daemon closes it). */
    public Ledger ledger() {
        return context.ledger();
    }

    /** Runs one job once, as its schedule would; returns its counts, or null when it failed. */
    public Map<String, ?> runStep(String name) {
        for (SyncStep step : steps()) {
            if (step.name().equals(name)) {
                return runner.run(step);
            }
        }
        throw new IllegalArgumentException("no job named " + name);
    }

    private List<SyncStep> steps() {
        return List.of(pullContacts, pullEngagements, score, writeBack, decay, reconcile, watch);
    }

    /**
     * One full cycle, as {@link #runCycle}; true when it completed.
     *
     * @throws InterruptedException the thread was interrupted: the cycle stopped after its current batch
     */
    public boolean runOnce(Duration drainTimeout) throws InterruptedException {
        Outcome outcome = runCycle(drainTimeout);
        if (outcome == Outcome.STOPPED) {
            Thread.interrupted();
            throw new InterruptedException("the cycle was stopped after its current batch");
        }
        return outcome == Outcome.COMPLETED;
    }

    /**
     * One full cycle: asks HubSpot whether a stored daily pause can be lifted, then pulls contacts and engagements
     * (side by side when the contacts are read through search; the whole backfill when it is not done; each backfill
     * page stored, scored when its data is whole, and its writes queued in one transaction) while the writer sends
     * full batches, then scores what is left, writes back (a writer that failed beside the pulls tries again here),
     * then writes back again until the outbox is drained (waiting up to {@code drainTimeout} for rows that are due
     * later). A job that fails ends the cycle (the reason was logged and recorded in {@code runs}); an interrupt stops it after the current
     * batch, leaving the thread interrupted. Logs the time spent waiting for rate budget at the end.
     */
    public Outcome runCycle(Duration drainTimeout) {
        Duration waitedBefore = context.client().budgetWaitedByThisThread();
        MetricsSnapshot before = context.client().metrics();
        Outcome outcome = cycle(drainTimeout);
        Duration waited = context.client().budgetWaitedByThisThread().minus(waitedBefore);
        MetricsSnapshot after = context.client().metrics();
        LOG.info("cycle {}: {} ms spent waiting for HubSpot's rate budget ({} requests, {} answered 429)",
                outcome.name().toLowerCase(java.util.Locale.ROOT), waited.toMillis(),
                after.requests() - before.requests(), after.http429Total() - before.http429Total());
        return outcome;
    }

    private Outcome cycle(Duration drainTimeout) {
        context.gate().recheckStoredPause();
        // the pulls store, score and queue each page as it comes, while the writer sends full batches (and the rest
        // once the reads ended); when the contacts are read through search's bucket, the two buckets read side by
        // side: during a backfill, search the engagement streams planned there and then the contacts (no band is
        // decided before those are whole, so contacts read after them are scored and written as they come), the list
        // endpoint the others; once every backfill is done, the contacts beside the engagements; else one after the
        // other, as they share a bucket
        List<List<SyncStep>> readers = !ReadPlan.contactsThroughSearch(context)
                ? List.of(List.of(pullContacts, pullEngagements))
                : CheckpointedPull.backfilling(context)
                        ? List.of(List.of(engagementsBySearch, pullContacts), List.of(engagementsByList))
                        : List.of(List.of(pullContacts), List.of(pullEngagements));
        boolean[] failed = new boolean[readers.size() + 1];
        for (int i = 0; i < readers.size(); i++) {
            context.activity().started(); // before the writer starts: it must not take the reads for ended
        }
        List<Integer> groups = new ArrayList<>();
        for (int i = 0; i <= readers.size(); i++) {
            groups.add(i);
        }
        Lanes.run(groups, group -> {
            if (group < readers.size()) {
                try {
                    for (SyncStep pull : readers.get(group)) {
                        if (Thread.currentThread().isInterrupted() || runner.run(pull) == null) {
                            failed[group] = true;
                            return;
                        }
                    }
                } finally {
                    context.activity().ended();
                }
            } else if (!context.current().writeBack().dryRun()) {
                failed[group] = runner.run(writeBesideReads) == null;
            }
        });
        if (Thread.currentThread().isInterrupted()) {
            return Outcome.STOPPED;
        }
        for (int i = 0; i < readers.size(); i++) {
            if (failed[i]) {
                return Outcome.FAILED;
            }
        }
        for (SyncStep step : List.of(score, writeBack)) {
            if (Thread.currentThread().isInterrupted()) {
                return Outcome.STOPPED;
            }
            if (runner.run(step) == null) {
                return Thread.currentThread().isInterrupted() ? Outcome.STOPPED : Outcome.FAILED;
            }
        }
        if (context.current().writeBack().dryRun()) {
            return Outcome.COMPLETED;
        }
        long deadline = context.clock().millis() + drainTimeout.toMillis();
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                return Outcome.STOPPED;
            }
            OptionalLong due = context.ledger().read(tx -> tx.outbox().nextDueAt());
            if (due.isEmpty()) {
                return Outcome.COMPLETED;
            }
            long now = context.clock().millis();
            if (now >= deadline) {
                LOG.warn("outbox not drained after {}: {} writes stay queued for the next run", drainTimeout,
                        context.ledger().read(tx -> tx.outbox().pendingCount()));
                return Outcome.FAILED;
            }
            long wait = Math.min(due.getAsLong() - now, deadline - now);
            if (wait > 0) {
                try {
                    sleeper.sleep(Duration.ofMillis(Math.min(wait, 1_000))); // the rows are due at a known time
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.STOPPED;
                }
                continue;
            }
            if (runner.run(writeBack) == null) {
                return Thread.currentThread().isInterrupted() ? Outcome.STOPPED : Outcome.FAILED;
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
            ops = OpsServer.start(sync.metrics().bind(), sync.metrics().port(), this::health,
                    DaemonMetrics.registry(context));
            LOG.info("health and metrics on http://{}:{}/health and /metrics", sync.metrics().bind(), ops.port());
        }
        scheduler.start();
        LOG.info("daemon started for portal {} with model version {}", context.portal(),
                context.config().active().model().version());
    }

    /**
     * What {@code /health} says, most pressing first: {@code auth-failed} (503: only an admin can fix the token),
     * {@code paused} (the daily limit), {@code degraded} when the last {@link #FAILED_RUNS_DEGRADED} runs of a job all
     * failed, else {@code up}. Paused and degraded answer 200: the daemon keeps retrying, and a restart (what an
     * orchestrator does with an unhealthy container) cures neither HubSpot's outage nor a config mistake.
     */
    OpsServer.Health health() {
        try {
            var paused = context.ledger().read(tx -> tx.portalState().get(PortalState.Key.PAUSED_UNTIL));
            var auth = context.ledger().read(tx -> tx.portalState().get(PortalState.Key.AUTH_FAILURE));
            if (auth.isPresent()) {
                return new OpsServer.Health(false, "auth-failed", auth.get());
            }
            if (paused.isPresent()) {
                return new OpsServer.Health(true, "paused", "daily limit reached; paused until epoch ms "
                        + paused.get());
            }
            for (SyncStep step : steps()) {
                List<Runs.Run> last = context.ledger().read(tx -> tx.runs().lastFinished(step.name(),
                        FAILED_RUNS_DEGRADED));
                if (last.size() == FAILED_RUNS_DEGRADED && last.stream().allMatch(run -> run.error() != null)) {
                    return new OpsServer.Health(true, "degraded", step.name() + " failed its last "
                            + FAILED_RUNS_DEGRADED + " runs, the latest at " + Instant.ofEpochMilli(last.get(0).endedAt())
                            + ": " + last.get(0).error());
                }
            }
            return new OpsServer.Health(true, "up", "portal " + context.portal());
        } catch (RuntimeException e) {
            return new OpsServer.Health(false, "ledger-unavailable", e.getMessage());
        }
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
    public static final class DaemonException extends HubScoreException {
        private static final long serialVersionUID = 1L;

        public DaemonException(String message) {
            super(message);
        }
    }
}
