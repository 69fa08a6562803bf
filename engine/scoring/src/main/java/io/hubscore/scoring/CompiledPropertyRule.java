package io.hubscore.scoring;

import io.hubscore.config.PropertyRule;

/** A property rule made ready: its condition compiled, its points in micros. Immutable and thread-safe. */
final class CompiledPropertyRule {

    final String name;
    final CompiledCondition condition;
    final long micros;

    CompiledPropertyRule(PropertyRule rule) {
        this.name = rule.name();
        this.condition = new CompiledCondition(rule.condition());
        this.micros = rule.points() * Contribution.MICROS_PER_POINT;
    }

    String canonical() {
        return "rule " + Canonical.quote(name) + " " + condition.canonical() + " points-micros " + micros;
    }
}
