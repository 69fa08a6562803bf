package io.hubscore.scoring;

import io.hubscore.config.PropertyRule;
import io.hubscore.config.RuleGroup;
import java.util.List;
import java.util.Map;

/**
 * A rule group (fit or engagement) made ready. Evaluating it adds the group's explanation lines and returns
 * its sub-score in micros: the rules' points (decayed, each event rule within its max-points), then the cap,
 * then step decay, then the floor. Immutable and thread-safe.
 */
final class CompiledGroup {

    private final Contribution.Group group;
    private final boolean capped;
    private final long capMicros;
    private final boolean floored;
    private final long floorMicros;
    private final CompiledPropertyRule[] rules;
    private final CompiledEventRule[] events;
    private final Decay decay;
    private final String capLine;
    private final String floorLine;
    private final String decayLine;

    CompiledGroup(Contribution.Group group, RuleGroup config, int firstSlot) {
        this.group = group;
        this.capped = config.cap() != null;
        this.capMicros = capped ? config.cap() * Contribution.MICROS_PER_POINT : 0;
        this.floored = config.floor() != null;
        this.floorMicros = floored ? config.floor() * Contribution.MICROS_PER_POINT : 0;
        this.decay = Decay.of(config.decay());
        List<PropertyRule> ruleConfigs = config.rules();
        this.rules = new CompiledPropertyRule[ruleConfigs.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = new CompiledPropertyRule(ruleConfigs.get(i));
        }
        this.events = new CompiledEventRule[config.events().size()];
        for (int i = 0; i < events.length; i++) {
            events[i] = new CompiledEventRule(config.events().get(i), firstSlot + i, decay);
        }
        String prefix = group.name().toLowerCase(java.util.Locale.ROOT);
        this.capLine = prefix + " cap";
        this.floorLine = prefix + " floor";
        this.decayLine = prefix + " decay";
    }

    CompiledPropertyRule[] rules() {
        return rules;
    }

    CompiledEventRule[] events() {
        return events;
    }

    Decay decay() {
        return decay;
    }

    /**
     * Scores the group.
     *
     * @param eventSums per event-rule slot, the decayed points of its matching engagements
     * @param eventCounts per event-rule slot, how many engagements matched
     * @param activity the time since the contact's last activity, asked only when decay needs it
     * @param out where the explanation lines go
     */
    long evaluate(Map<String, String> properties, long nowMillis, long[] eventSums, int[] eventCounts,
            Activity activity, Notes notes, Lines out) {
        long sum = 0;
        boolean unknownActivityNoted = false;
        // every rule on properties decays by the same factor, of the time since the contact's last activity
        double activityFactor = Double.NaN;
        for (CompiledPropertyRule rule : rules) {
            String value = properties.get(rule.condition.property());
            if (!rule.condition.test(value, nowMillis, notes, rule.name)) {
                continue;
            }
            long points = rule.micros;
            if (decay.halfLife()) {
                long activityAge = activity.age();
                if (activityAge == Activity.UNKNOWN) {
                    if (!unknownActivityNoted) {
                        notes.add("decay", null, "no activity date known: "
                                + group.name().toLowerCase(java.util.Locale.ROOT) + " rules on properties do not decay");
                        unknownActivityNoted = true;
                    }
                } else {
                    if (Double.isNaN(activityFactor)) {
                        activityFactor = decay.factor(activityAge);
                    }
                    points = Decay.apply(points, activityFactor);
                }
            }
            sum += points;
            out.add(new Contribution(rule.name, group, Contribution.Kind.PROPERTY_RULE, rule.micros, points));
        }
        for (CompiledEventRule rule : events) {
            int count = eventCounts[rule.slot];
            if (count == 0) {
                continue;
            }
            long points = rule.capped(eventSums[rule.slot]);
            sum += points;
            out.add(new Contribution(rule.name, group, Contribution.Kind.EVENT_RULE, rule.micros * count, points));
        }
        long total = sum;
        if (capped && total > capMicros) {
            out.add(new Contribution(capLine, group, Contribution.Kind.GROUP_CAP, 0, capMicros - total));
            total = capMicros;
        }
        if (decay.steps() && total > 0) {
            long activityAge = activity.age();
            if (activityAge == Activity.UNKNOWN) {
                notes.add("decay", null, "no activity date known: " + group.name().toLowerCase(java.util.Locale.ROOT)
                        + " does not decay");
            } else {
                long drop = decay.stepDrop(total, activityAge);
                if (drop > 0) {
                    out.add(new Contribution(decayLine, group, Contribution.Kind.STEP_DECAY, 0, -drop));
                    total -= drop;
                }
            }
        }
        if (floored && total < floorMicros) {
            out.add(new Contribution(floorLine, group, Contribution.Kind.GROUP_FLOOR, 0, floorMicros - total));
            total = floorMicros;
        }
        return total;
    }

    String canonical() {
        StringBuilder s = new StringBuilder("group ").append(group.name().toLowerCase(java.util.Locale.ROOT))
                .append(" cap-micros ").append(capped ? Long.toString(capMicros) : "none")
                .append(" floor-micros ").append(floored ? Long.toString(floorMicros) : "none")
                .append(" decay ").append(decay.canonical()).append('\n');
        for (CompiledPropertyRule rule : rules) {
            s.append(rule.canonical()).append('\n');
        }
        for (CompiledEventRule rule : events) {
            s.append(rule.canonical()).append('\n');
        }
        return s.toString();
    }
}
