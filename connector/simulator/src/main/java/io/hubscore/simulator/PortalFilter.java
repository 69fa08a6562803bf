package io.hubscore.simulator;

import com.github.tomakehurst.wiremock.jetty.JettyFaultInjector;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpUtils;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import wiremock.jakarta.servlet.AsyncContext;
import wiremock.jakarta.servlet.Filter;
import wiremock.jakarta.servlet.FilterChain;
import wiremock.jakarta.servlet.ServletException;
import wiremock.jakarta.servlet.ServletRequest;
import wiremock.jakarta.servlet.ServletResponse;
import wiremock.jakarta.servlet.http.HttpServletRequest;
import wiremock.jakarta.servlet.http.HttpServletResponse;

/**
 * Answers the requests to WireMock's mock-service context: a request that matches one of WireMock's stubs
 * goes on to WireMock, which answers it from the stub; every other request is answered by the portal: the
 * filter turns the servlet request into a {@link SimRequest}, lets the {@link Router} answer it, and writes
 * the {@link SimResponse}. A connection-reset fault goes through WireMock's own fault injector; a slow
 * response is completed later on a timer, without holding a server thread. Thread-safe.
 *
 * <p>It runs ahead of WireMock's stub handling, and asks {@link Stubs} only when there are stubs, because
 * that pipeline (request logging copies, stub lookup, response rendering) cost more per request than the
 * portal's own work: with it, list pages topped out near 1,500 a second on the reference machine, against
 * the 2,000 the simulator must sustain so that it is never what limits a benchmark of the daemon.
 */
final class PortalFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(PortalFilter.class);
    private static final Jetty11HttpUtils HTTP_UTILS = new Jetty11HttpUtils();
    private static final byte[] NO_BODY = new byte[0];

    private final Router router;
    private final Stubs stubs;
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "portal-simulator-delays");
        thread.setDaemon(true);
        return thread;
    });

    PortalFilter(Router router, Stubs stubs) {
        this.router = router;
        this.stubs = stubs;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        byte[] body = body(request);
        if (stubs.any()) {
            BufferedRequest buffered = new BufferedRequest(request, body);
            if (stubs.match(buffered)) {
                chain.doFilter(buffered, response);
                return;
            }
        }
        String query = request.getQueryString();
        String url = query == null ? request.getRequestURI() : request.getRequestURI() + '?' + query;
        SimResponse answer = router.handle(SimRequest.of(request.getMethod(), url, body,
                request.getHeader("Authorization")));
        if (answer.connectionReset) {
            new JettyFaultInjector(response, HTTP_UTILS).connectionResetByPeer();
        } else if (answer.delayMillis > 0) {
            AsyncContext async = request.startAsync();
            async.setTimeout(0);
            delays.schedule(() -> completeLater(async, response, answer), answer.delayMillis, TimeUnit.MILLISECONDS);
        } else {
            write(response, answer);
        }
    }

    /** The request body; a request that declares none (most GETs) is not read. */
    private static byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            return NO_BODY;
        }
        return request.getInputStream().readAllBytes();
    }

    private static void completeLater(AsyncContext async, HttpServletResponse response, SimResponse answer) {
        try {
            write(response, answer);
        } catch (IOException e) {
            LOG.debug("portal simulator: the client went away before a slow response was sent", e);
        } finally {
            async.complete();
        }
    }

    private static void write(HttpServletResponse response, SimResponse answer) throws IOException {
        response.setStatus(answer.status);
        if (answer.contentType != null) {
            response.setContentType(answer.contentType);
        }
        for (String[] header : answer.headers) {
            response.addHeader(header[0], header[1]);
        }
        response.setContentLength(answer.body.length);
        if (answer.body.length > 0) {
            response.getOutputStream().write(answer.body);
        }
    }

    @Override
    public void destroy() {
        delays.shutdownNow();
    }
}
