package io.hubscore.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the daemon knows of the portal's API budget, kept in {@code portal_state} so that it outlives a restart
 * and {@code status} can show it: the rate-limit headers HubSpot last sent, and this daemon's calls on the current
 * portal day with the number its daily share allows. The one place that writes and reads their stored text.
 * Stateless.
 */
public final class RateState {

    /** The last {@code X-HubSpot-RateLimit-*} headers, as {@code max=100 remaining=93 ...}. */
    static final String REPORTED = "rate_limits_reported";
    /** This daemon's calls on one portal day, as {@code 2026-11-23 18 of 18} ({@code of -}: no own cap). */
    static final String DAILY_CALLS = "daily_calls";

    private static final String[] HEADER_NAMES = {"max", "remaining", "interval-ms", "daily", "daily-remaining"};

    private RateState() {
    }

    /**
     * The rate-limit headers of one response; each value is null when HubSpot did not send it.
     *
     * @param at when the response came (epoch ms)
     */
    public record Reported(Long max, Long remaining, Long intervalMillis, Long daily, Long dailyRemaining, long at) {

        Map<String, Long> values() {
            Map<String, Long> values = new LinkedHashMap<>();
            Long[] all = {max, remaining, intervalMillis, daily, dailyRemaining};
            for (int i = 0; i < all.length; i++) {
                if (all[i] != null) {
                    values.put(HEADER_NAMES[i], all[i]);
                }
            }
            return values;
        }
    }

    /**
     * This daemon's calls on portal day {@code day}; {@code allowed} is what its daily share allows, null when it
     * has no own cap.
     */
    public record DailyCalls(LocalDate day, long calls, Long allowed) {
    }

    public static void putReported(Connection c, Reported reported) throws SQLException {
        StringBuilder text = new StringBuilder();
        reported.values().forEach((name, value) -> text.append(text.length() == 0 ? "" : " ").append(name).append('=')
                .append(value));
        PortalState.put(c, REPORTED, text.toString(), reported.at());
    }

    /**
     * The last headers recorded, from a read of {@link Reports#portalState}; empty before the first, or when the
     * stored text is not readable.
     */
    public static Optional<Reported> reported(Map<String, Reports.StateValue> state) {
        Reports.StateValue stored = state.get(REPORTED);
        if (stored == null) {
            return Optional.empty();
        }
        Map<String, Long> values = new LinkedHashMap<>();
        for (String pair : stored.value().trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new Reported(values.get(HEADER_NAMES[0]), values.get(HEADER_NAMES[1]),
                values.get(HEADER_NAMES[2]), values.get(HEADER_NAMES[3]), values.get(HEADER_NAMES[4]),
                stored.updatedAt()));
    }

    public static void putDailyCalls(Connection c, DailyCalls calls, long now) throws SQLException {
        PortalState.put(c, DAILY_CALLS, calls.day() + " " + calls.calls() + " of "
                + (calls.allowed() == null ? "-" : calls.allowed()), now);
    }

    /** This daemon's recorded calls; empty before the first, or when the stored text is not readable. */
    public static Optional<DailyCalls> dailyCalls(Connection c) throws SQLException {
        return PortalState.get(c, DAILY_CALLS).flatMap(RateState::parseDailyCalls);
    }

    /** This daemon's recorded calls, from a read of {@link Reports#portalState}. */
    public static Optional<DailyCalls> dailyCalls(Map<String, Reports.StateValue> state) {
        return Optional.ofNullable(state.get(DAILY_CALLS)).flatMap(v -> parseDailyCalls(v.value()));
    }

    private static Optional<DailyCalls> parseDailyCalls(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 4 || !"of".equals(parts[2])) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DailyCalls(LocalDate.parse(parts[0]), Long.parseLong(parts[1]),
                    "-".equals(parts[3]) ? null : Long.valueOf(parts[3])));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
