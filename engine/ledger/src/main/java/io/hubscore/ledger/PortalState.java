package io.hubscore.ledger;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Small facts about the portal that outlive a restart, each under one of the {@link Key}s: paused until the daily reset
 * (and when that was last re-checked or lifted by hand), auth failing, what scoring waits for, the active model. What
 * HubSpot reported of the rate budget is kept here too, written and read through {@link RateState}. Bound to one
 * {@link Ledger.Tx}, so not thread-safe.
 */
public final class PortalState {

    /** Every fact the ledger keeps about the portal, with what its value holds (always text). */
    public enum Key {
        /** Calls are paused until this instant, in epoch ms: HubSpot's daily limit reset. */
        PAUSED_UNTIL("paused_until"),
        /** Why calls are paused, in a sentence. */
        PAUSE_REASON("pause_reason"),
        /** When the daemon last asked HubSpot whether a pause can be lifted, in epoch ms. */
        PAUSE_CHECKED_AT("pause_checked_at"),
        /** When {@code hubscore resume} last lifted a pause, an ISO-8601 instant; a daemon acts on each new one. */
        PAUSE_LIFTED("pause_lifted"),
        /** HubSpot's last refusal of the credentials, in a sentence; absent while auth works. */
        AUTH_FAILURE("auth_failure"),
        /** When refused credentials are tried again, in epoch ms; absent while auth works. */
        AUTH_RETRY_AT("auth_retry_at"),
        /**
         * The streams whose backfill scoring waits for, comma-separated, as of the last score run that waited; absent
         * when the data is whole.
         */
        SCORING_WAITS_FOR("scoring_waits_for"),
        /** The fingerprint of the model every contact was last marked for rescoring under. */
        ACTIVE_MODEL("active_model"),
        /** The last {@code X-HubSpot-RateLimit-*} headers, as {@code max=100 remaining=93 ...} ({@link RateState}). */
        RATE_LIMITS_REPORTED("rate_limits_reported"),
        /** How much of its daily limit HubSpot's headers show used, as {@code 19 of 60 (31.7%)} ({@link RateState}). */
        RATE_BUDGET_USED_TODAY("rate_budget_used_today"),
        /** This daemon's calls on one portal day, as {@code 2026-11-23 18 of 18} ({@link RateState}). */
        DAILY_CALLS("daily_calls");

        private final String stored;

        Key(String stored) {
            this.stored = stored;
        }

        /** The key as stored in the ledger. */
        String stored() {
            return stored;
        }

        /** The key stored as {@code text}; empty for a key this version does not know. */
        static Optional<Key> of(String text) {
            for (Key key : values()) {
                if (key.stored.equals(text)) {
                    return Optional.of(key);
                }
            }
            return Optional.empty();
        }
    }

    private final Sql sql;

    PortalState(Sql sql) {
        this.sql = sql;
    }

    /** One fact as stored, and when it was set (epoch ms). */
    public record Value(String value, long updatedAt) {
        public Value {
            Objects.requireNonNull(value, "value");
        }
    }

    public Optional<String> get(Key key) {
        return value(key).map(Value::value);
    }

    public Optional<Value> value(Key key) {
        return sql.first("SELECT value, updated_at FROM portal_state WHERE key = ?",
                rs -> new Value(rs.getString(1), rs.getLong(2)), key.stored());
    }

    public void put(Key key, String value, long now) {
        sql.update("INSERT INTO portal_state (key, value, updated_at) VALUES (?, ?, ?) "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                key.stored(), value, now);
    }

    public void remove(Key key) {
        sql.update("DELETE FROM portal_state WHERE key = ?", key.stored());
    }

    /** Every fact, by key; keys this version does not know are left out. */
    public Map<Key, Value> all() {
        Map<Key, Value> state = new EnumMap<>(Key.class);
        for (Map.Entry<String, Value> stored : sql.list("SELECT key, value, updated_at FROM portal_state",
                rs -> Map.entry(rs.getString(1), new Value(rs.getString(2), rs.getLong(3))))) {
            Key.of(stored.getKey()).ifPresent(key -> state.put(key, stored.getValue()));
        }
        return state;
    }
}
