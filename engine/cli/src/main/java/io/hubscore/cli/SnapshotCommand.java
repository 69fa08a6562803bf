package io.hubscore.cli;

import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.Problem;
import io.hubscore.config.SyncConfig;
import io.hubscore.client.AuthFailed;
import io.hubscore.client.DailyLimitExhausted;
import io.hubscore.client.HubSpotClient;
import io.hubscore.client.HubSpotFailure;
import io.hubscore.client.HubSpotRejected;
import io.hubscore.client.HubSpotUnavailable;
import io.hubscore.client.RateLimited;
import io.hubscore.client.Sleeper;
import io.hubscore.daemon.snapshot.ExportScope;
import io.hubscore.daemon.snapshot.PortalExport;
import io.hubscore.daemon.Daemon;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore snapshot}: a read-only export of a real portal's relevant contacts, engagements and deals in the
 * simulator's snapshot format, for {@code dry-run --snapshot}. It reads what the daemon would pull for the config,
 * with the config's credentials and rate-limit share, and writes nothing to HubSpot. The file appears only when
 * complete (written beside it, then moved), readable by its owner only, since it holds personal data. Progress goes
 * to stderr, one summary line to stdout. Not thread-safe (one run per instance).
 */
@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        header = "Exports a portal's relevant data for dry runs (read-only).",
        description = {
            "Exports a HubSpot portal's contacts, engagements and deals, as far as the config's model and",
            "suppressions read them, to a snapshot file for 'dry-run --snapshot'. Read-only: writes nothing to HubSpot.",
            "Exit 0 ok, 2 a problem with the config, credentials, portal or output file, 1 an unexpected error."
        })
final class SnapshotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The portal's sync config.")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The snapshot file to write.")
    Path out;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "Call this HubSpot API base URL instead of portal.base-url (a proxy, a test portal).")
    URI baseUrl;

    @Option(names = "--contacts-limit", paramLabel = "N",
            description = "Export only the first N contacts and the engagements and deals associated with them.")
    Integer contactsLimit;

    /** Looks up environment variables (the config's {@code ${VAR}} secrets); tests supply their own. */
    UnaryOperator<String> environment = System::getenv;

    @Override
    public Integer call() throws IOException {
        if (contactsLimit != null && contactsLimit < 1) {
            return userError("--contacts-limit: must be at least 1, was " + contactsLimit);
        }
        if (baseUrl != null && (baseUrl.getScheme() == null || baseUrl.getHost() == null
                || !baseUrl.getScheme().startsWith("http"))) {
            return userError("--base-url: not an absolute http(s) URL: " + baseUrl);
        }
        LoadResult loaded = new ConfigLoader(environment).readingSecrets().load(config);
        if (loaded instanceof LoadResult.Invalid invalid) {
            PrintWriter err = spec.commandLine().getErr();
            for (Problem problem : invalid.problems()) {
                err.println(problem.format());
            }
            return userError(config + " is not a valid config (" + invalid.problems().size() + " problem(s) above)");
        }
        SyncConfig sync = ((LoadResult.Valid) loaded).config();
        URI portalUrl = baseUrl != null ? baseUrl : URI.create(sync.portal().baseUrl());
        Clock clock = Clock.systemUTC(); // the composition root: the real clock
        HubSpotClient client;
        try {
            client = HubSpotClient.create(Daemon.settings(sync, portalUrl, Daemon.auth(sync.portal().auth(), environment),
                    clock, Sleeper.real(), new Random()));
        } catch (Daemon.DaemonException e) {
            return userError(e.getMessage());
        } catch (IllegalArgumentException e) {
            return userError("portal.base-url: " + e.getMessage());
        }
        Path temporary;
        try {
            temporary = PrivateFiles.temporaryBeside(out);
        } catch (IOException e) {
            return userError("--out " + out + ": cannot write there (" + PrivateFiles.describe(e) + ")");
        }
        try (client) {
            PortalExport.Counts counts;
            try (OutputStream file = Files.newOutputStream(temporary)) {
                counts = new PortalExport(client, ExportScope.of(sync),
                        contactsLimit == null ? Integer.MAX_VALUE : contactsLimit, this::progress)
                        .writeTo(file, clock.instant());
            }
            PrivateFiles.moveInPlace(temporary, out, true);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("wrote " + counts.contacts() + " contacts, " + counts.engagements() + " engagements, "
                    + counts.deals() + " deals to " + out);
            stdout.flush();
            return ExitCodes.OK;
        } catch (AuthFailed e) {
            return userError("HubSpot at " + portalUrl + " refused the credentials of portal.auth in " + config + ": "
                    + e.getMessage());
        } catch (HubSpotRejected e) {
            if (e.status() == 403) {
                return userError("the credentials of portal.auth in " + config + " lack a read scope the snapshot needs "
                        + "(contacts, the engagement types the model scores, deals with open-deal): " + e.getMessage());
            }
            return userError("HubSpot at " + portalUrl + " refused a read: " + e.getMessage());
        } catch (HubSpotUnavailable e) {
            return userError("cannot reach HubSpot at " + portalUrl + ": " + e.getMessage());
        } catch (RateLimited | DailyLimitExhausted e) {
            return userError("the portal's API budget is used up right now, try again later: " + e.getMessage());
        } catch (HubSpotFailure e) {
            return userError("HubSpot at " + portalUrl + " answered unexpectedly: " + e.getMessage());
        } catch (IOException e) {
            return userError("--out " + out + ": cannot write there (" + PrivateFiles.describe(e) + ")");
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void progress(String line) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("hubscore snapshot: " + line);
        err.flush();
    }

    private int userError(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("hubscore snapshot: " + message);
        err.flush();
        return ExitCodes.USER_ERROR;
    }
}
