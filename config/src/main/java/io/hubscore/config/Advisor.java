package io.hubscore.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What lead-scoring practice calls mistakes in a config that is otherwise valid: the daemon runs with it, but an admin
 * should hear about it. A single rule worth as much as the top band's edge (one signal must not qualify a lead), a
 * rule that scores email opens (privacy protection and mail scanners open emails nobody reads), and a band no contact
 * can reach under the rules and caps. Each warning is located like a problem. Not thread-safe: one per load.
 */
final class Advisor {

    private final String file;
    private final Map<String, Location> locations;
    private final List<Problem> warnings = new ArrayList<>();

    Advisor(String file, Map<String, Location> locations) {
        this.file = file;
        this.locations = locations;
    }

    /** The warnings about {@code config}, in file order. */
    List<Problem> advise(SyncConfig config) {
        List<BandsConfig.Band> levels = config.bands().levels();
        Integer top = levels.size() > 1 ? levels.get(0).min() : null;
        group("fit", config.model().fit(), top, levels);
        group("engagement", config.model().engagement(), top, levels);
        Long most = most(config.model().fit());
        Long mostEngagement = most(config.model().engagement());
        if (most != null && mostEngagement != null) {
            long reachable = most + mostEngagement;
            for (int i = 0; i < levels.size() - 1; i++) {
                Integer min = levels.get(i).min();
                if (min != null && min > reachable) {
                    warn("bands.levels[" + i + "].min", "no contact can reach band '" + levels.get(i).name()
                            + "': it starts at " + min + " but the rules and caps give at most " + reachable
                            + " points", "lower its min, or raise the caps that hold the score below it");
                }
            }
        }
        warnings.sort(java.util.Comparator.comparingInt((Problem p) -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        return List.copyOf(warnings);
    }

    private void group(String name, RuleGroup group, Integer top, List<BandsConfig.Band> levels) {
        String path = "model." + name;
        for (int i = 0; i < group.rules().size(); i++) {
            PropertyRule rule = group.rules().get(i);
            if (top != null && top > 0 && rule.points() >= top) {
                warn(path + ".rules[" + i + "].points", alone(rule.name(), rule.points(), levels.get(0).name(), top),
                        ENOUGH_HINT);
            }
            if (rule.points() > 0 && isEmailOpens(rule.property())) {
                warn(path + ".rules[" + i + "].property", "rule '" + rule.name() + "' scores email opens ("
                        + rule.property() + "): privacy protection and mail scanners open emails nobody reads, so"
                        + " opens inflate scores", "score clicks (hs_email_click) or replies instead");
            }
        }
        for (int i = 0; i < group.events().size(); i++) {
            EventRule rule = group.events().get(i);
            if (top != null && top > 0 && rule.points() >= top) {
                warn(path + ".events[" + i + "].points", alone(rule.name(), rule.points(), levels.get(0).name(), top),
                        ENOUGH_HINT);
            }
        }
    }

    private static final String ENOUGH_HINT = "lower its points, or raise the band's min, so that reaching it takes fit"
            + " and engagement together";

    private static String alone(String rule, int points, String band, int min) {
        return "rule '" + rule + "' alone gives " + points + " points, as much as band '" + band + "' starts at ("
                + min + "): one signal must not qualify a lead";
    }

    /** HubSpot's email-open properties: {@code hs_email_open}, {@code hs_email_last_open_date} and the like. */
    static boolean isEmailOpens(String property) {
        String p = property.toLowerCase(Locale.ROOT);
        return p.contains("email") && p.contains("open") && !p.contains("optout") && !p.contains("opt_out");
    }

    /** The most points the group can give, or null when it has no upper bound (an event rule without max-points). */
    private static Long most(RuleGroup group) {
        long sum = 0;
        for (PropertyRule rule : group.rules()) {
            sum += Math.max(0, rule.points());
        }
        for (EventRule rule : group.events()) {
            if (rule.points() <= 0) {
                continue;
            }
            if (rule.maxPoints() == null) {
                return null;
            }
            sum += Math.max(0, rule.maxPoints());
        }
        return group.cap() != null ? Math.min(sum, group.cap()) : sum;
    }

    private void warn(String path, String message, String hint) {
        warnings.add(new Problem(file, locate(path), path, message, hint));
    }

    private Location locate(String path) {
        return Location.of(path, locations);
    }
}
