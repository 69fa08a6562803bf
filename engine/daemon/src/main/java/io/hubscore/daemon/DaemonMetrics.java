package io.hubscore.daemon;

import io.hubscore.client.MetricsSnapshot;
import io.hubscore.config.BandsConfig;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Quantiles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Builds the registry {@code /metrics} serves for one daemon. Every metric is read when it is scraped: the HubSpot
 * client's counters and request latency (a summary: {@code _count} and {@code _sum} in seconds) from its
 * {@link MetricsSnapshot}, the ledger's counts (contacts, contacts per band, entries into each band, dirty backlog, outbox,
 * transitions fired) with one ledger read each. Every metric carries the {@code portal} label. The registry is thread-safe and
 * a scrape only reads, so it may run while the jobs do.
 */
final class DaemonMetrics {

    private DaemonMetrics() {
    }

    /** A new registry holding the daemon's metrics, read from {@code context} at each scrape. */
    static PrometheusRegistry registry(SyncContext context) {
        PrometheusRegistry registry = new PrometheusRegistry();
        Labels portal = Labels.of("portal", context.portal());
        clientCounter(registry, portal, context, "hubscore_http_requests", "HubSpot API requests sent, every attempt",
                MetricsSnapshot::requests);
        clientCounter(registry, portal, context, "hubscore_http_retries", "HubSpot API requests sent again",
                MetricsSnapshot::retries);
        clientCounter(registry, portal, context, "hubscore_http_transient_failures",
                "5xx answers, malformed answers, resets and timeouts seen", MetricsSnapshot::transientFailures);
        clientCounter(registry, portal, context, "hubscore_rate_budget_wait_seconds",
                "Time spent waiting for HubSpot's rate budget, pacing and after 429s",
                m -> m.budgetWaitMillis() / 1000.0);
        CounterWithCallback.builder().name("hubscore_http_429").help("429 answers by HubSpot rate-limit policy")
                .constLabels(portal).labelNames("policy")
                .callback(callback -> context.client().metrics().http429ByPolicy()
                        .forEach((policy, count) -> callback.call(count, policy)))
                .register(registry);
        SummaryWithCallback.builder().name("hubscore_http_request_duration_seconds")
                .help("How long HubSpot API requests took, every attempt").constLabels(portal)
                .callback(callback -> {
                    MetricsSnapshot m = context.client().metrics();
                    callback.call(m.requests(), m.totalLatencyMillis() / 1000.0, Quantiles.EMPTY);
                })
                .register(registry);
        ledgerGauge(registry, portal, "hubscore_contacts", "Live contacts in the ledger",
                () -> context.ledger().read(tx -> tx.contacts().counts().live()));
        GaugeWithCallback.builder().name("hubscore_band_contacts")
                .help("Live contacts holding each band; every configured band, zero included").constLabels(portal)
                .labelNames("band")
                .callback(callback -> bandCounts(context).forEach((band, count) -> callback.call(count, band)))
                .register(registry);
        CounterWithCallback.builder().name("hubscore_band_entries")
                .help("Contacts entering each band: first bands and fired transitions; every configured band")
                .constLabels(portal).labelNames("band")
                .callback(callback -> inConfigOrder(context, context.ledger().read(tx -> tx.scores().bandEntries()))
                        .forEach((band, count) -> callback.call(count, band)))
                .register(registry);
        ledgerGauge(registry, portal, "hubscore_dirty_contacts", "Contacts waiting to be scored",
                () -> context.ledger().read(tx -> tx.contacts().dirtyCount()));
        ledgerGauge(registry, portal, "hubscore_outbox_pending", "Writes waiting for HubSpot",
                () -> context.ledger().read(tx -> tx.outbox().pendingCount()));
        ledgerGauge(registry, portal, "hubscore_outbox_parked", "Writes HubSpot rejected, parked with its reason",
                () -> context.ledger().read(tx -> tx.outbox().parkedCount()));
        CounterWithCallback.builder().name("hubscore_transitions_fired").help("Band transitions fired")
                .constLabels(portal)
                .callback(callback -> callback.call(context.ledger().read(tx -> tx.scores().firedTransitionCount())))
                .register(registry);
        return registry;
    }

    /** The active config's bands in its order (zero when none holds them), then any other band the ledger holds. */
    private static Map<String, Long> bandCounts(SyncContext context) {
        return inConfigOrder(context, context.ledger().read(tx -> tx.scores().bandCounts()));
    }

    private static Map<String, Long> inConfigOrder(SyncContext context, Map<String, Long> held) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (BandsConfig.Band band : context.current().bands().levels()) {
            counts.put(band.name(), held.getOrDefault(band.name(), 0L));
        }
        held.forEach(counts::putIfAbsent);
        return counts;
    }

    private static void clientCounter(PrometheusRegistry registry, Labels portal, SyncContext context, String name,
            String help, ToDoubleFunction<MetricsSnapshot> value) {
        CounterWithCallback.builder().name(name).help(help).constLabels(portal)
                .callback(callback -> callback.call(value.applyAsDouble(context.client().metrics())))
                .register(registry);
    }

    private static void ledgerGauge(PrometheusRegistry registry, Labels portal, String name, String help,
            LongSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).constLabels(portal)
                .callback(callback -> callback.call(value.getAsLong()))
                .register(registry);
    }
}
