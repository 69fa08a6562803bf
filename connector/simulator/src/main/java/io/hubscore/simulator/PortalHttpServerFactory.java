package io.hubscore.simulator;

import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpServer;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import java.util.EnumSet;
import wiremock.jakarta.servlet.DispatcherType;
import wiremock.org.eclipse.jetty.servlet.FilterHolder;
import wiremock.org.eclipse.jetty.servlet.ServletContextHandler;

/**
 * WireMock's Jetty server with the {@link PortalFilter} installed as the first filter of its mock-service
 * context, so the portal answers every request no stub matches; WireMock's admin API stays where it is.
 */
final class PortalHttpServerFactory implements HttpServerFactory {

    private final PortalFilter filter;

    PortalHttpServerFactory(PortalFilter filter) {
        this.filter = filter;
    }

    @Override
    public String getName() {
        return "hubscore-portal";
    }

    @Override
    public HttpServer buildHttpServer(Options options, AdminRequestHandler admin, StubRequestHandler stubs) {
        return new Jetty11HttpServer(options, admin, stubs) {
            @Override
            protected void decorateMockServiceContextBeforeConfig(ServletContextHandler context) {
                FilterHolder holder = new FilterHolder(filter);
                holder.setAsyncSupported(true);
                context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
            }
        };
    }
}
