package io.hubscore.daemon.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's health and metrics endpoint: {@code GET /health} answers 200 while the daemon runs (also
 * when it is paused or its jobs fail, which a restart would not cure) and 503 when it cannot work without
 * an admin (a refused token, an unreadable ledger), with a one-line JSON status; {@code GET /metrics} scrapes a
 * Prometheus registry into the Prometheus text format (503 with one line when a metric cannot be read, such as an
 * unreadable ledger). Off unless a port is configured. Thread-safe.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

    /**
     * What {@code /health} reports: HTTP 200 while {@code up}, 503 otherwise, with the status and its detail as one
     * line of JSON (valid whatever the detail holds).
     */
    public record Health(boolean up, String status, String detail) {
        String json() {
            ObjectNode body = JSON.createObjectNode().put("status", status).put("detail", detail);
            try {
                return JSON.writeValueAsString(body) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the health status as JSON", e);
            }
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts listening.
     *
     * @param port the port; 0 picks a free one (see {@link #port()})
     */
    public static OpsServer start(String bind, int port, Supplier<Health> health, PrometheusRegistry metrics) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "hubscore-ops");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.createContext("/health", exchange -> {
                Health h = health.get();
                respond(exchange, h.up() ? 200 : 503, "application/json", h.json());
            });
            server.createContext("/metrics", exchange -> {
                String text;
                try {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    TEXT.write(out, metrics.scrape());
                    text = out.toString(StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("cannot read the metrics for {}: {}", exchange.getRequestURI(), e.toString());
                    respond(exchange, 503, "text/plain; charset=utf-8", "metrics unavailable: " + e.getMessage() + "\n");
                    return;
                }
                respond(exchange, 200, TEXT.getContentType(), text);
            });
            server.createContext("/", exchange -> respond(exchange, 404, "text/plain", "try /health or /metrics\n"));
            server.start();
            LOG.info("health and metrics on http://{}:{}/", bind, server.getAddress().getPort());
            return new OpsServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind + ":" + port + " for /health and /metrics: "
                    + e.getMessage(), e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot answer {}: {}", exchange.getRequestURI(), e.toString());
            throw e;
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
