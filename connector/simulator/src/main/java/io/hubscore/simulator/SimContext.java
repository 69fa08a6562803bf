package io.hubscore.simulator;

import java.time.Clock;

/**
 * What every handler shares: the portal, the error builder, the counters and the base URL used in
 * paging links (set once the server knows its port). Thread-safe.
 */
final class SimContext {

    final Portal portal;
    final HubSpotErrors errors;
    final SimulatorStats stats;
    final Clock clock;
    private volatile String baseUrl = "http://127.0.0.1";

    SimContext(Portal portal, HubSpotErrors errors, SimulatorStats stats, Clock clock) {
        this.portal = portal;
        this.errors = errors;
        this.stats = stats;
        this.clock = clock;
    }

    String baseUrl() {
        return baseUrl;
    }

    void baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }
}
