package io.hubscore.scoring;

import io.hubscore.config.BandsConfig;
import io.hubscore.config.BundledExamples;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.EngagementType;
import io.hubscore.config.LoadResult;
import io.hubscore.config.ModelConfig;
import io.hubscore.config.PropertyRule;
import io.hubscore.config.RuleGroup;
import io.hubscore.config.SyncConfig;
import io.hubscore.config.TransitionsConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared test data: the bundled example configs, contacts written as {@code name=value} pairs, engagements. */
final class Fixtures {

    /** A Sunday at midnight UTC, so plain dates line up with whole days. */
    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    private Fixtures() {
    }

    static SyncConfig example(String name) {
        LoadResult result = new ConfigLoader(variable -> "unused-in-scoring").parse(name, BundledExamples.read(name));
        if (result instanceof LoadResult.Valid valid) {
            return valid.config();
        }
        throw new AssertionError("example " + name + " does not load: " + result);
    }

    static ScoringModel exampleModel(String name) {
        return ScoringModel.compile(example(name));
    }

    /** A model of one fit rule worth 10 points and one band. */
    static ScoringModel singleRule(PropertyRule rule) {
        ModelConfig model = new ModelConfig("test-1",
                new RuleGroup(null, null, List.of(rule), List.of(), null),
                new RuleGroup(null, null, List.of(), List.of(), null));
        return ScoringModel.compile(model, new BandsConfig(0, List.of(new BandsConfig.Band("Any", null))),
                new TransitionsConfig(Duration.ZERO, false), List.of());
    }

    /** Properties from {@code name=value} pairs, in the order given. */
    static Map<String, String> properties(String... pairs) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            properties.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return properties;
    }

    static ContactSnapshot contact(String... pairs) {
        return new ContactSnapshot("c-1", properties(pairs));
    }

    static EngagementEvent event(EngagementType type, Instant at, String... pairs) {
        return new EngagementEvent(type, at, properties(pairs));
    }

    static Instant daysAgo(double days) {
        return NOW.minusMillis(Math.round(days * 86_400_000L));
    }

    static ScoringInput input(ContactSnapshot contact, List<EngagementEvent> events) {
        return new ScoringInput(contact, events, false, null, NOW);
    }

    static ScoringInput input(ContactSnapshot contact) {
        return input(contact, List.of());
    }

    /** The lines of a result as "name=points" with points unrounded, e.g. {@code meeting-held=40}. */
    static List<String> lines(ScoreResult result) {
        List<String> lines = new ArrayList<>();
        for (Contribution c : result.contributions()) {
            lines.add(c.name() + "=" + c.points().stripTrailingZeros().toPlainString());
        }
        return lines;
    }

    static BigDecimal points(String text) {
        return new BigDecimal(text);
    }

    static long sumOfMicros(ScoreResult result) {
        long sum = 0;
        for (Contribution c : result.contributions()) {
            sum += c.micros();
        }
        return sum;
    }
}
