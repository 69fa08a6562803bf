package io.hubscore.config;

import java.time.Duration;

/**
 * How pulls read HubSpot.
 *
 * @param searchLag how far behind "now" an incremental pull's next checkpoint is set: HubSpot's search
 *     index shows changes a few moments after they happen, so the next pull reads this margin again
 * @param batchSize contacts scored and ledger rows written per transaction
 */
public record SyncSettingsConfig(@Default("30s") Duration searchLag, @Default("500") int batchSize) {
}
