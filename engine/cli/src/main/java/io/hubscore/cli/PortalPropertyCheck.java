package io.hubscore.cli;

import io.hubscore.client.HubSpotClient;
import io.hubscore.client.ObjectType;
import io.hubscore.client.PropertyDefinition;
import io.hubscore.config.NearestName;
import io.hubscore.config.PropertyRule;
import io.hubscore.config.RuleGroup;
import io.hubscore.config.SuppressionConfig;
import io.hubscore.config.SyncConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The contact properties a config's rules and suppressions read, checked against the properties the portal has: a
 * rule on a property the portal lacks (a misspelt {@code industy}) never matches, silently. Each missing one is named
 * with the rule that reads it and the nearest name the portal has. Stateless.
 */
final class PortalPropertyCheck {

    /** A property the config reads that the portal does not have; {@code nearest} is null when nothing is close. */
    record Missing(String property, String readBy, String nearest) {

        String describe() {
            return property + " (read by " + readBy + ")" + (nearest != null ? ": did you mean '" + nearest + "'?"
                    : ": the portal has no property with a similar name");
        }
    }

    private PortalPropertyCheck() {
    }

    /** The properties {@code config} reads that are not among the portal's contact properties, in config order. */
    static List<Missing> missing(SyncConfig config, HubSpotClient client) {
        Set<String> names = new TreeSet<>();
        for (PropertyDefinition definition : client.properties(ObjectType.CONTACTS)) {
            names.add(definition.name());
        }
        return missing(config, names);
    }

    static List<Missing> missing(SyncConfig config, Collection<String> portal) {
        List<Missing> missing = new ArrayList<>();
        rules(config.model().fit(), "model.fit", portal, missing);
        rules(config.model().engagement(), "model.engagement", portal, missing);
        List<SuppressionConfig> suppressions = config.suppressions();
        for (int i = 0; i < suppressions.size(); i++) {
            SuppressionConfig s = suppressions.get(i);
            if (s.when() != null) {
                check(s.when().property(), "suppressions[" + i + "] " + s.name(), portal, missing);
            }
        }
        return missing;
    }

    /** Prints the missing properties under a heading; nothing when none is missing. */
    static void print(PrintWriter out, List<Missing> missing) {
        if (missing.isEmpty()) {
            return;
        }
        out.println("Properties the config reads that the portal does not have (their rules never match):");
        for (Missing m : missing) {
            out.println("  " + m.describe());
        }
    }

    private static void rules(RuleGroup group, String path, Collection<String> portal, List<Missing> missing) {
        for (int i = 0; i < group.rules().size(); i++) {
            PropertyRule rule = group.rules().get(i);
            check(rule.property(), path + ".rules[" + i + "] " + rule.name(), portal, missing);
        }
    }

    private static void check(String property, String readBy, Collection<String> portal, List<Missing> missing) {
        if (!portal.contains(property)) {
            missing.add(new Missing(property, readBy, NearestName.among(property, portal).orElse(null)));
        }
    }
}
