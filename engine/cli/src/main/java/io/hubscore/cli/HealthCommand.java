package io.hubscore.cli;

import io.hubscore.config.Durations;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code hubscore health}: asks a running daemon's {@code /health} endpoint whether it is healthy, for
 * container health checks and monitoring scripts. Exit 0 on HTTP 200 (saying so when the daemon is
 * degraded: running, but its jobs keep failing); 1 otherwise (unreachable, timed out, or any other
 * status), with one line on stderr saying what was wrong; 2 for a bad argument.
 * Not thread-safe (picocli builds one instance per run).
 */
@Command(
        name = "health",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a running daemon's /health endpoint; exit 0 when healthy, or degraded (running, but a job's",
            "last runs failed: the answer says which and why).",
            "Exit 1 when the endpoint is unreachable, times out or answers anything but 200 (one line on"
                    + " stderr says which), 2 for a bad argument.",
            "The daemon serves /health only when its config sets metrics.port."
        })
final class HealthCommand implements Callable<Integer> {

    /** The status of a daemon whose jobs keep failing: it answers 200, a restart would not help. */
    static final String DEGRADED = "degraded";

    /** Longest part of a response body echoed on stderr. */
    static final int MAX_BODY_CHARS = 200;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:9464/health",
            description = "The daemon's health endpoint (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s", converter = DurationConverter.class,
            description = "How long to wait for connecting and for the answer, e.g. 500ms, 3s (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String problem = checkUrl(url);
        if (problem != null) {
            err.println("hubscore health: --url " + url + ": " + problem);
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String body = oneLine(response.body());
            if (response.statusCode() == 200) {
                String state = DEGRADED.equals(status(response.body())) ? "degraded (still running)" : "healthy";
                out.println(url + ": " + state + (body.isEmpty() ? "" : ": " + body));
                out.flush();
                return ExitCodes.OK;
            }
            err.println("hubscore health: " + url + " answered " + response.statusCode()
                    + (body.isEmpty() ? " with no body" : ": " + body));
        } catch (HttpConnectTimeoutException e) {
            err.println("hubscore health: " + url + " unreachable: no connection within "
                    + Durations.format(timeout));
        } catch (HttpTimeoutException e) {
            err.println("hubscore health: " + url + " gave no answer within " + Durations.format(timeout));
        } catch (ConnectException e) {
            err.println("hubscore health: " + url + " unreachable: connection refused"
                    + " (is the daemon running, with metrics.port set to this port?)");
        } catch (IOException e) {
            err.println("hubscore health: " + url + " unreachable: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("hubscore health: interrupted while asking " + url);
        }
        err.flush();
        return ExitCodes.UNEXPECTED;
    }

    /** The {@code status} of a JSON health answer; null when the body is not one. */
    private static String status(String body) {
        try {
            return Formats.JSON.readTree(body).path("status").textValue();
        } catch (IOException e) {
            return null;
        }
    }

    /** Returns what is wrong with the URL, or null when it can be asked. */
    private static String checkUrl(URI url) {
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            return "expected an http:// or https:// URL, e.g. http://127.0.0.1:9464/health";
        }
        if (url.getHost() == null) {
            return "names no host, e.g. http://127.0.0.1:9464/health";
        }
        return null;
    }

    /** The text on one line, cut to {@link #MAX_BODY_CHARS}, so stderr stays one line per check. */
    static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= MAX_BODY_CHARS ? line : line.substring(0, MAX_BODY_CHARS) + "...";
    }

    /** Reads {@code --timeout} as admins write durations ({@code 500ms}, {@code 3s}); must be positive. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = Durations.parse(value);
            if (d == null || d.isZero() || d.isNegative()) {
                throw new TypeConversionException("'" + value + "' is not a positive duration such as 500ms or 3s");
            }
            return d;
        }
    }
}
