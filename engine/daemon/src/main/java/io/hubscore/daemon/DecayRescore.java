package io.hubscore.daemon;

import java.util.Map;

/**
 * The decay-rescore job: engagement points decay with time even when HubSpot reports no change, so every live
 * contact is marked for the next score run, which rewrites only contacts whose values moved. Stateless.
 */
final class DecayRescore implements SyncStep {

    private final SyncContext context;

    public DecayRescore(SyncContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "decay-rescore";
    }

    @Override
    public Map<String, Long> run() {
        long marked = context.ledger().write(tx -> tx.contacts().markAllDirty());
        return Map.of("marked", marked);
    }
}
