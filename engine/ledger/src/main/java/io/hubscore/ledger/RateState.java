package io.hubscore.ledger;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the daemon knows of the portal's API budget, kept in {@code portal_state} so that it outlives a restart and
 * {@code status} can show it: the rate-limit headers HubSpot last sent (and so how much of the portal's daily limit is
 * used), and this daemon's calls on the current portal day with the number its daily share allows. The one place that
 * writes and reads their stored text. Bound to one {@link Ledger.Tx}, so not thread-safe.
 */
public final class RateState {

    private static final String[] HEADER_NAMES = {"max", "remaining", "interval-ms", "daily", "daily-remaining"};
    private static final Pattern BUDGET_USED = Pattern.compile("(\\d+) of (\\d+) \\(.*\\)");

    private final PortalState state;

    RateState(PortalState state) {
        this.state = state;
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
     * How much of the portal's daily limit HubSpot's headers showed used: {@code used} calls of {@code daily}.
     *
     * @param at when the headers came (epoch ms)
     */
    public record BudgetUsed(long used, long daily, long at) {

        /** The share used, in percent. */
        public double percent() {
            return 100.0 * used / daily;
        }
    }

    /**
     * This daemon's calls on portal day {@code day}; {@code allowed} is what its daily share allows, null when it
     * has no own cap.
     */
    public record DailyCalls(LocalDate day, long calls, Long allowed) {
    }

    /** Records the headers, and the share of the daily limit they show used when they carry the daily limit. */
    public void putReported(Reported reported) {
        StringBuilder text = new StringBuilder();
        reported.values().forEach((name, value) -> text.append(text.length() == 0 ? "" : " ").append(name).append('=')
                .append(value));
        state.put(PortalState.Key.RATE_LIMITS_REPORTED, text.toString(), reported.at());
        if (reported.daily() != null && reported.dailyRemaining() != null && reported.daily() > 0) {
            BudgetUsed used = new BudgetUsed(Math.max(0, reported.daily() - reported.dailyRemaining()),
                    reported.daily(), reported.at());
            state.put(PortalState.Key.RATE_BUDGET_USED_TODAY, String.format(Locale.ROOT, "%d of %d (%.1f%%)",
                    used.used(), used.daily(), used.percent()), used.at());
        }
    }

    /** The last headers recorded; empty before the first, or when the stored text is not readable. */
    public Optional<Reported> reported() {
        Optional<PortalState.Value> stored = state.value(PortalState.Key.RATE_LIMITS_REPORTED);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> values = new LinkedHashMap<>();
        for (String pair : stored.get().value().trim().split("\\s+")) {
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
                stored.get().updatedAt()));
    }

    /**
     * The share of the daily limit the last headers that carried it showed used; empty before the first, or when the
     * stored text is not readable.
     */
    public Optional<BudgetUsed> budgetUsed() {
        Optional<PortalState.Value> stored = state.value(PortalState.Key.RATE_BUDGET_USED_TODAY);
        Matcher m = stored.isEmpty() ? null : BUDGET_USED.matcher(stored.get().value().strip());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        try {
            long daily = Long.parseLong(m.group(2));
            return daily == 0 ? Optional.empty()
                    : Optional.of(new BudgetUsed(Long.parseLong(m.group(1)), daily, stored.get().updatedAt()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void putDailyCalls(DailyCalls calls, long now) {
        state.put(PortalState.Key.DAILY_CALLS, calls.day() + " " + calls.calls() + " of "
                + (calls.allowed() == null ? "-" : calls.allowed()), now);
    }

    /** This daemon's recorded calls; empty before the first, or when the stored text is not readable. */
    public Optional<DailyCalls> dailyCalls() {
        return state.get(PortalState.Key.DAILY_CALLS).flatMap(RateState::parseDailyCalls);
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
