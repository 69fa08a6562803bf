package io.hubscore.simulator;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.StubLifecycleListener;
import com.github.tomakehurst.wiremock.jetty.DefaultMultipartRequestConfigurer;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpUtils;
import com.github.tomakehurst.wiremock.servlet.WireMockHttpServletRequestAdapter;
import com.github.tomakehurst.wiremock.standalone.MappingsSource;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import wiremock.jakarta.servlet.http.HttpServletRequest;

/**
 * The WireMock stubs a simulator serves ahead of its portal, whether loaded from a mappings directory or
 * added later through WireMock's admin API ({@code /__admin/mappings}). It decides, for the
 * {@link PortalFilter}, whether a request matches a stub the way WireMock's own matching does (request
 * pattern, then scenario state), so that WireMock answers it; everything else goes to the portal. It counts
 * the stubs as WireMock adds and removes them, so a simulator without stubs pays one volatile read per
 * request. Thread-safe.
 */
final class Stubs implements StubLifecycleListener {

    private static final Jetty11HttpUtils HTTP_UTILS = new Jetty11HttpUtils();
    private static final DefaultMultipartRequestConfigurer MULTIPART = new DefaultMultipartRequestConfigurer();

    /** Loads and saves nothing: without a mappings directory no stub file is read (not even the default place). */
    private static final MappingsSource NO_FILES = new MappingsSource() {
        @Override
        public void loadMappingsInto(StubMappings stubMappings) {
        }

        @Override
        public void save(List<StubMapping> stubMappings) {
        }

        @Override
        public void save(StubMapping stubMapping) {
        }

        @Override
        public void remove(StubMapping stubMapping) {
        }

        @Override
        public void removeAll() {
        }
    };

    private final AtomicInteger count = new AtomicInteger();
    private volatile WireMockServer server;

    /**
     * Points {@code config} at the stub files of {@code root} (WireMock's layout: {@code root/mappings}, and
     * {@code root/__files} for response bodies), or at none when {@code root} is null; installs this listener.
     */
    WireMockConfiguration configure(WireMockConfiguration config, Path root) {
        config.extensions(this);
        if (root == null) {
            return config.mappingSource(NO_FILES);
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidMappings(root, "not a directory");
        }
        if (!Files.isDirectory(root.resolve("mappings"))) {
            throw new InvalidMappings(root, "has no mappings folder (WireMock's layout: stub mapping files in "
                    + root.resolve("mappings") + ", the response bodies they name in " + root.resolve("__files") + ")");
        }
        return config.usingFilesUnderDirectory(root.toString());
    }

    /** The server whose stubs to match; set once it is built (WireMock loads the stub files while it is built). */
    void serveFrom(WireMockServer server) {
        this.server = server;
    }

    /** Whether any stub is loaded; when not, no request needs matching. */
    boolean any() {
        return count.get() > 0;
    }

    int count() {
        return count.get();
    }

    /** Whether a stub matches {@code request}, whose body must be readable again afterwards. */
    boolean match(HttpServletRequest request) {
        WireMockServer wiremock = server;
        if (wiremock == null) {
            return false;
        }
        LoggedRequest logged = LoggedRequest.createFrom(
                new WireMockHttpServletRequestAdapter(request, MULTIPART, null, false, HTTP_UTILS));
        for (StubMapping stub : wiremock.getStubMappings()) {
            if (stub.getRequest().match(logged).isExactMatch()
                    && (stub.isIndependentOfScenarioState() || inRequiredState(wiremock, stub))) {
                return true;
            }
        }
        return false;
    }

    private static boolean inRequiredState(WireMockServer wiremock, StubMapping stub) {
        return wiremock.getAllScenarios().getScenarios().stream()
                .filter(Scenario.withName(stub.getScenarioName()))
                .anyMatch(scenario -> stub.getRequiredScenarioState().equals(scenario.getState()));
    }

    @Override
    public String getName() {
        return "hubscore-stubs-ahead-of-the-portal";
    }

    @Override
    public void afterStubCreated(StubMapping stub) {
        count.incrementAndGet();
    }

    @Override
    public void afterStubRemoved(StubMapping stub) {
        count.decrementAndGet();
    }

    @Override
    public void afterStubsReset() {
        count.set(0);
    }
}
