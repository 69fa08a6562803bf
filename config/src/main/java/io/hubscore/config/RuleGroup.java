package io.hubscore.config;

import java.util.List;

/**
 * A group of rules whose points add up to one sub-score (fit or engagement).
 *
 * @param cap the most points the group can give; may be null (no cap)
 * @param floor the least points the group can give; may be null (no floor)
 * @param rules rules on the contact's properties
 * @param events rules on the contact's engagements
 * @param decay how engagement fades when a lead goes quiet; engagement only; may be null (no decay)
 */
public record RuleGroup(
        @OptionalKey Integer cap,
        @OptionalKey Integer floor,
        List<PropertyRule> rules,
        List<EventRule> events,
        @OptionalKey DecayConfig decay) {

    public RuleGroup {
        rules = List.copyOf(rules);
        events = List.copyOf(events);
    }
}
