package io.hubscore.scoring;

import io.hubscore.config.BandsConfig;
import io.hubscore.config.Condition;
import io.hubscore.config.DecayConfig;
import io.hubscore.config.EngagementType;
import io.hubscore.config.EventRule;
import io.hubscore.config.ModelConfig;
import io.hubscore.config.Operator;
import io.hubscore.config.PropertyRule;
import io.hubscore.config.RuleGroup;
import io.hubscore.config.SuppressionConfig;
import io.hubscore.config.TransitionsConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates valid scoring models (as the config validator would accept them) and contacts full of awkward values,
 * from a seeded random source, for the generated-input tests. Not thread-safe: one per test.
 */
final class RandomModels {

    /** The parts of a model that {@code ScoringModel.compile} takes besides a whole sync config. */
    record Parts(ModelConfig model, BandsConfig bands, TransitionsConfig transitions,
            List<SuppressionConfig> suppressions) {

        ScoringModel compile() {
            return ScoringModel.compile(model, bands, transitions, suppressions);
        }
    }

    static final List<String> PROPERTIES = List.of("jobtitle", "industry", "numberofemployees", "country", "email",
            "company", "lifecyclestage", "hs_analytics_num_page_views", "createdate", "hs_persona",
            "notes_last_contacted", "hs_last_sales_activity_timestamp");

    private static final List<String> WORDS = List.of("Marketing", "marketing manager", "VP", "Director",
            "Computer Software", "Internet", "Retail", "United States", "Germany", "customer", "lead", "gmail.com",
            "acme.io", "İstanbul", "STRASSE", "straße", "growth", "persona_1", "persona_2", "true", "false");

    private static final List<String> REGEXES = List.of("\\bvp\\b", "^(head|chief)", "market(ing)?$", "[0-9]{3,}",
            "(?i)straße", "a|b|c", ".*");

    private static final List<String> GARBAGE = List.of("", " ", "\t\n", "12 employees", "1,000", "NaN", "Infinity",
            "-Infinity", "0x1p3", "1e400", "1e-400", "-", "+", ".", "1.2.3", "1d", "٣", "2026-02-30", "2026-13-01",
            "2026-01-01T10:00:00", "2026-01-01T25:00:00Z", "2026-01-01T10:00:00.1234567890Z", "99999999999999999999",
            "-99999999999999", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ß", ";;;", "a;b; c ;", " ; ", "@", "a@", "@b.com", "user@@acme.io",
            "user@.", "x".repeat(5_000), "\u0000", "\uFFFF", "\uD800", "null", "undefined", "[]", "{}");

    private final SplittableRandom random;

    RandomModels(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * A random model.
     *
     * @param onlyPositive every rule gives points, none takes them, and no rule tests {@code older-than} (whose
     *     match can only begin as time passes): the models whose score can only fall as time passes
     */
    Parts model(boolean onlyPositive) {
        RuleGroup fit = group(onlyPositive, false);
        RuleGroup engagement = group(onlyPositive, true);
        ModelConfig model = new ModelConfig("random-" + random.nextInt(1_000_000), fit, engagement);
        List<BandsConfig.Band> levels = new ArrayList<>();
        int bandCount = 1 + random.nextInt(4);
        int min = 20 + random.nextInt(80);
        for (int i = 0; i < bandCount - 1; i++) {
            levels.add(new BandsConfig.Band("band-" + i, min));
            min -= 1 + random.nextInt(30);
        }
        levels.add(new BandsConfig.Band("band-" + (bandCount - 1), null));
        BandsConfig bands = new BandsConfig(random.nextInt(10), levels);
        TransitionsConfig transitions =
                new TransitionsConfig(Duration.ofHours(random.nextInt(24 * 30)), random.nextBoolean());
        List<SuppressionConfig> suppressions = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            SuppressionConfig.Action action = pick(List.of(SuppressionConfig.Action.values()));
            boolean openDeal = random.nextInt(3) == 0;
            Condition when = openDeal && random.nextBoolean() ? null : condition(onlyPositive);
            String band = action == SuppressionConfig.Action.CAP_BAND ? pick(levels).name() : null;
            suppressions.add(new SuppressionConfig("suppression-" + i, when, openDeal, action, band));
        }
        return new Parts(model, bands, transitions, suppressions);
    }

    private RuleGroup group(boolean onlyPositive, boolean engagement) {
        List<PropertyRule> rules = new ArrayList<>();
        int largest = 0;
        for (int i = random.nextInt(7); i > 0; i--) {
            Condition c = condition(onlyPositive);
            int points = points(onlyPositive);
            largest = Math.max(largest, points);
            rules.add(new PropertyRule("rule-" + rules.size(), c.property(), c.operator(), c.value(), c.values(),
                    c.min(), c.max(), c.period(), points));
        }
        List<EventRule> events = new ArrayList<>();
        for (int i = engagement ? random.nextInt(5) : random.nextInt(2); i > 0; i--) {
            int points = points(onlyPositive);
            largest = Math.max(largest, points);
            Integer maxPoints = random.nextBoolean() ? null : points * (1 + random.nextInt(4));
            Map<String, List<String>> where = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                where.put("hs_outcome", List.of("COMPLETED", "scheduled"));
            }
            events.add(new EventRule("event-" + events.size(), pick(List.of(EngagementType.values())), where,
                    points, maxPoints, Duration.ofDays(1 + random.nextInt(200))));
        }
        Integer cap = random.nextBoolean() ? null : largest + random.nextInt(60);
        Integer floor = random.nextBoolean() ? null : (onlyPositive ? 0 : -random.nextInt(30));
        DecayConfig decay = switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> new DecayConfig(Duration.ofHours(1 + random.nextInt(24 * 90)), null, null);
            default -> new DecayConfig(null, Duration.ofHours(1 + random.nextInt(24 * 60)), 1 + random.nextInt(10));
        };
        return new RuleGroup(cap, floor, rules, events, decay);
    }

    private int points(boolean onlyPositive) {
        return onlyPositive ? random.nextInt(40) : random.nextInt(70) - 30;
    }

    private Condition condition(boolean onlyPositive) {
        List<Operator> operators = new ArrayList<>(List.of(Operator.values()));
        if (onlyPositive) {
            operators.remove(Operator.OLDER_THAN);
        }
        Operator operator = pick(operators);
        String property = pick(PROPERTIES);
        return switch (operator.needs()) {
            case VALUE -> new Condition(property, operator,
                    operator == Operator.REGEX ? pick(REGEXES) : pick(WORDS), null, null, null, null);
            case VALUES -> new Condition(property, operator, null, List.of(pick(WORDS), pick(WORDS), pick(WORDS)),
                    null, null, null);
            case RANGE -> {
                Double min = random.nextBoolean() ? null : (double) random.nextInt(500) - 100;
                Double max = min != null && random.nextBoolean()
                        ? null
                        : (min == null ? 0 : min) + random.nextInt(1000);
                yield new Condition(property, operator, null, null, min, max, null);
            }
            case PERIOD -> new Condition(property, operator, null, null, null, null,
                    Duration.ofHours(1 + random.nextInt(24 * 365)));
            case NOTHING -> new Condition(property, operator, null, null, null, null, null);
        };
    }

    /** A contact of the model's properties, some readable, many not. */
    ContactSnapshot contact(Instant now) {
        Map<String, String> properties = random.nextBoolean() ? new HashMap<>() : new LinkedHashMap<>();
        for (String property : PROPERTIES) {
            if (random.nextInt(5) > 0) {
                properties.put(property, value(now));
            }
        }
        return new ContactSnapshot("c-" + random.nextInt(1_000_000), properties);
    }

    /** Up to 40 engagements from a year before {@code now} to a week after it. */
    List<EngagementEvent> events(Instant now) {
        List<EngagementEvent> events = new ArrayList<>();
        for (int i = random.nextInt(40); i > 0; i--) {
            Map<String, String> properties = new HashMap<>();
            if (random.nextInt(4) > 0) {
                properties.put("hs_outcome", pick(List.of("COMPLETED", "completed ", "SCHEDULED", "NO_SHOW", "",
                        "COMPLETED;SCHEDULED", "\uD800")));
            }
            Instant at = now.minusMillis(random.nextLong(-7 * 86_400_000L, 365 * 86_400_000L));
            events.add(new EngagementEvent(pick(List.of(EngagementType.values())), at, properties));
        }
        return events;
    }

    BandState previous(Parts parts, Instant now) {
        if (random.nextInt(4) == 0) {
            return null;
        }
        String band = random.nextInt(10) == 0 ? "a band no model has" : pick(parts.bands().levels()).name();
        Instant since = now.minus(Duration.ofHours(random.nextInt(24 * 90)));
        Instant last = random.nextInt(3) == 0 ? null : since;
        return new BandState(band, since, last);
    }

    private String value(Instant now) {
        long millis = now.toEpochMilli() - random.nextLong(-30 * 86_400_000L, 400 * 86_400_000L);
        return switch (random.nextInt(8)) {
            case 0 -> pick(GARBAGE);
            case 1 -> pick(WORDS);
            case 2 -> Long.toString(random.nextLong(-1_000, 5_000));
            case 3 -> Double.toString(random.nextDouble(-100, 2_000));
            case 4 -> Long.toString(millis);
            case 5 -> Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofHours(random.nextInt(-12, 14))).toString();
            case 6 -> Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate().toString();
            default -> "person" + random.nextInt(100) + "@" + pick(List.of("gmail.com", "mail.acme.io", "acme.io."));
        };
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
