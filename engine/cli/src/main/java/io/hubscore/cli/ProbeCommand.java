package io.hubscore.cli;

import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.Problem;
import io.hubscore.config.SecretRef;
import io.hubscore.config.SyncConfig;
import io.hubscore.client.AuthFailed;
import io.hubscore.client.ClientSettings;
import io.hubscore.client.Credentials;
import io.hubscore.client.DailyLimitExhausted;
import io.hubscore.client.HubSpotClient;
import io.hubscore.client.HubSpotFailure;
import io.hubscore.client.HubSpotRejected;
import io.hubscore.client.HubSpotUnavailable;
import io.hubscore.client.ListQuery;
import io.hubscore.client.ObjectType;
import io.hubscore.client.Page;
import io.hubscore.client.PropertyDefinition;
import io.hubscore.client.RateLimitHeaders;
import io.hubscore.client.RateLimited;
import io.hubscore.client.RetryPolicy;
import io.hubscore.client.Sleeper;
import io.hubscore.daemon.OwnedProperties;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore probe}: checks that a portal is usable before the daemon runs against it: the
 * token is accepted, one page of contacts can be read, what rate limits HubSpot reports and, with a
 * config, whether the write-back properties exist with the definitions hubscore needs and whether every property its
 * rules and suppressions read exists (a misspelt one is named with the nearest name the portal has). Read-only:
 * it creates nothing. Exit 0 when usable, 2 with one message on stderr otherwise. The token is read
 * from an environment variable and never printed. Not thread-safe (one run per instance).
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        header = "Checks that a HubSpot portal is usable.",
        description = {
            "Checks a HubSpot portal: authentication, reading contacts, rate-limit headers and, with --config,",
            "the write-back properties and every property the config's rules and suppressions read (a missing one",
            "is named with the nearest name the portal has). Exit 0 when usable, 2 with one message otherwise."
        })
final class ProbeCommand implements Callable<Integer> {

    /** One attempt and one retry, quickly: a probe reports trouble rather than waiting it out. */
    private static final RetryPolicy PROBE_RETRIES = new RetryPolicy(2, Duration.ofMillis(250), Duration.ofSeconds(1));

    @Spec
    CommandSpec spec;

    @Option(names = "--base-url", paramLabel = "URL", defaultValue = "https://api.hubapi.com",
            description = "HubSpot API root (default: ${DEFAULT-VALUE}).")
    String baseUrl;

    // Checked in call() rather than with required = true: one message in hubscore's own words.
    @Option(names = "--token-env", paramLabel = "VAR",
            description = "Environment variable holding the private-app token or service key (required).")
    String tokenEnv;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Sync config whose write-back properties to check (they must be absent or match).")
    Path config;

    private final UnaryOperator<String> environment;

    /** The command as the CLI runs it, reading the process environment. */
    ProbeCommand() {
        this(System::getenv);
    }

    ProbeCommand(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (tokenEnv == null || tokenEnv.isBlank()) {
            return userError("--token-env VAR is required: the environment variable holding the token");
        }
        String token;
        try {
            token = new SecretRef(SecretRef.Kind.ENV, tokenEnv.strip()).resolve(environment);
        } catch (SecretRef.SecretUnavailableException e) {
            return userError(e.getMessage() + " (--token-env); it must hold the private-app token or service key");
        }
        SyncConfig sync = null;
        if (config != null) {
            LoadResult loaded = new ConfigLoader(environment).load(config);
            if (loaded instanceof LoadResult.Invalid invalid) {
                return invalidConfig(invalid.problems());
            }
            sync = ((LoadResult.Valid) loaded).config();
        }
        ClientSettings settings;
        try {
            // The probe is a composition root: it wires the real clock, sleeper and a seeded jitter source.
            settings = ClientSettings.builder()
                    .baseUrl(baseUrl)
                    .bearerToken(Credentials.of(token.toCharArray()))
                    .connectTimeout(Duration.ofSeconds(5))
                    .readTimeout(Duration.ofSeconds(15))
                    .callTimeout(Duration.ofSeconds(30))
                    .retryPolicy(PROBE_RETRIES)
                    .clock(Clock.systemUTC())
                    .sleeper(Sleeper.real())
                    .random(new Random(baseUrl.hashCode()))
                    .build();
        } catch (IllegalArgumentException e) {
            return userError("--base-url " + baseUrl + " is not usable: " + e.getMessage());
        }
        try (HubSpotClient client = HubSpotClient.create(settings)) {
            return probe(client, sync);
        } catch (AuthFailed e) {
            return userError("HubSpot rejected the token in " + tokenEnv + ": " + e.getMessage());
        } catch (HubSpotRejected e) {
            if (e.status() == 403) {
                return userError("the token in " + tokenEnv + " lacks the scopes hubscore needs "
                        + "(crm.objects.contacts.read and .write, crm.schemas.contacts.read and .write): "
                        + e.getMessage());
            }
            return userError("HubSpot refused the probe: " + e.getMessage());
        } catch (HubSpotUnavailable e) {
            return userError("cannot reach HubSpot at " + baseUrl + ": " + e.getMessage());
        } catch (RateLimited | DailyLimitExhausted e) {
            return userError("the portal's API budget is used up right now: " + e.getMessage());
        } catch (HubSpotFailure e) {
            return userError("HubSpot at " + baseUrl + " answered unexpectedly: " + e.getMessage());
        }
    }

    private int probe(HubSpotClient client, SyncConfig sync) {
        PrintWriter out = spec.commandLine().getOut();
        Page<?> page = client.listPage(ObjectType.CONTACTS, ListQuery.of(List.of("email")).withLimit(1));
        out.println("HubSpot at " + baseUrl + ": token from " + tokenEnv + " accepted; read "
                + page.results().size() + " contact(s).");
        out.println("Rate limits: " + describe(client.metrics().lastRateLimit()));
        out.flush();
        if (sync == null) {
            return ExitCodes.OK;
        }
        List<String> conflicts = new ArrayList<>();
        for (PropertyDefinition wanted : OwnedProperties.definitions(sync)) {
            Optional<PropertyDefinition> existing = client.property(ObjectType.CONTACTS, wanted.name());
            if (existing.isEmpty()) {
                out.println("Property " + wanted.name() + ": missing; hubscore creates it as " + wanted.type() + "/"
                        + wanted.fieldType() + " on its first run.");
                continue;
            }
            Optional<String> conflict = wanted.conflictWith(existing.get());
            if (conflict.isPresent()) {
                conflicts.add(wanted.name() + " (" + conflict.get() + ")");
            } else {
                out.println("Property " + wanted.name() + ": ok (" + wanted.type() + "/" + wanted.fieldType() + ").");
            }
        }
        List<PortalPropertyCheck.Missing> missing = PortalPropertyCheck.missing(sync, client);
        if (missing.isEmpty()) {
            out.println("Properties the config reads: all in the portal.");
        }
        PortalPropertyCheck.print(out, missing);
        out.flush();
        if (!conflicts.isEmpty()) {
            return userError(config + ": write-back properties exist in the portal with another definition: "
                    + String.join("; ", conflicts) + "; rename them under write-back.properties or fix them in HubSpot");
        }
        if (!missing.isEmpty()) {
            return userError(config + ": " + missing.size() + " propert" + (missing.size() == 1 ? "y" : "ies")
                    + " the config reads not in the portal: " + String.join(", ", missing.stream()
                            .map(m -> m.property() + (m.nearest() != null ? " (did you mean '" + m.nearest() + "'?)"
                                    : "")).toList()) + "; fix the names in the config");
        }
        return ExitCodes.OK;
    }

    private int invalidConfig(List<Problem> problems) {
        PrintWriter err = spec.commandLine().getErr();
        for (Problem problem : problems) {
            err.println(problem.format());
        }
        err.println("hubscore probe: " + config + " is not a valid config (" + problems.size() + " problem(s) above)");
        err.flush();
        return ExitCodes.USER_ERROR;
    }

    private int userError(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("hubscore probe: " + message);
        err.flush();
        return ExitCodes.USER_ERROR;
    }

    private static String describe(RateLimitHeaders headers) {
        if (headers.isEmpty()) {
            return "none reported";
        }
        return "max=" + value(headers.max()) + " remaining=" + value(headers.remaining())
                + " interval-ms=" + value(headers.intervalMillis()) + " daily=" + value(headers.daily())
                + " daily-remaining=" + value(headers.dailyRemaining());
    }

    private static String value(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "-";
    }
}
