package io.hubscore.daemon;

import io.hubscore.config.SyncConfig;
import io.hubscore.client.HubSpotClient;
import io.hubscore.ledger.Ledger;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every job of one portal shares: its ledger, its HubSpot client (and so its rate budget), its live config,
 * its clock, its API gate, whether a pull reads now, the shadow model scored beside the live one, and whether pulls
 * score the pages they store (else only the score job scores). Immutable; the parts are thread-safe.
 */
record SyncContext(String portal, Ledger ledger, HubSpotClient client, LiveConfig config, Clock clock,
        ApiGate gate, ReadActivity activity, ShadowScorer shadow, AtomicBoolean scoresPages) {

    public SyncContext {
        Objects.requireNonNull(portal, "portal");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(activity, "activity");
        Objects.requireNonNull(shadow, "shadow");
        Objects.requireNonNull(scoresPages, "scoresPages");
    }

    /** The config in force now. */
    SyncConfig current() {
        return config.active().config();
    }

    int batchSize() {
        return current().sync().batchSize();
    }
}
