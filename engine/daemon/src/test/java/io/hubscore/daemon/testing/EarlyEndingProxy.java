package io.hubscore.daemon.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxy on 127.0.0.1 in front of the simulator that answers one list request of a chosen path as a well-formed
 * last page: its results, without {@code paging}. So a backfill through it ends early, as one behind a gateway that
 * drops a field would, with nothing malformed for the client to notice. Every other request passes through as it
 * is. Thread-safe.
 */
public final class EarlyEndingProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FORWARDED = List.of("Authorization", "Content-Type", "Accept");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, AtomicInteger> listRequests = new ConcurrentHashMap<>();
    private final Map<String, Integer> endAt = new ConcurrentHashMap<>();
    private final AtomicInteger ended = new AtomicInteger();

    private EarlyEndingProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(executor);
        server.start();
    }

    public static EarlyEndingProxy to(URI target) throws IOException {
        return new EarlyEndingProxy(target);
    }

    /** The {@code n}-th list request (from 1) of {@code path} (e.g. {@code /crm/v3/objects/contacts}) ends its list. */
    public EarlyEndingProxy endingTheList(String path, int n) {
        endAt.put(path, n);
        return this;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many lists were ended early. */
    public int ended() {
        return ended.get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            HttpRequest.Builder request = HttpRequest.newBuilder(
                    target.resolve(path + (query == null ? "" : "?" + query)));
            for (String name : FORWARDED) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    request.header(name, value);
                }
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            request.method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] answer = response.body();
            if ("GET".equals(exchange.getRequestMethod()) && endAt.containsKey(path) && response.statusCode() == 200
                    && listRequests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet() == endAt.get(path)) {
                ObjectNode page = (ObjectNode) JSON.readTree(answer);
                if (page.remove("paging") != null) {
                    ended.incrementAndGet();
                }
                answer = JSON.writeValueAsBytes(page);
            }
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(java.util.Locale.ROOT);
                if (!lower.equals("content-length") && !lower.equals("transfer-encoding") && !lower.equals("connection")
                        && !lower.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
