package io.hubscore.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks that span settings, run on a bound config: names, operators and their values, caps,
 * decay, band order, suppressions. Every problem is reported with the place the binder recorded for
 * its path. Not thread-safe: one per load.
 */
final class Validator {

    /** HubSpot internal property names: a lowercase letter, then lowercase letters, digits, underscores. */
    static final Pattern PROPERTY_NAME = Pattern.compile("[a-z][a-z0-9_]{0,99}");

    private final ProblemSink problems;
    private final ProblemSink bindingProblems;
    private final Map<String, Location> locations;

    /**
     * @param problems where to report
     * @param bindingProblems what binding reported; checks touching those settings stay quiet
     * @param locations where each path was written
     */
    Validator(ProblemSink problems, ProblemSink bindingProblems, Map<String, Location> locations) {
        this.problems = problems;
        this.bindingProblems = bindingProblems;
        this.locations = locations;
    }

    void validate(SyncConfig config) {
        portal(config.portal());
        rateLimit(config.rateLimit());
        writeBack(config.writeBack());
        model(config.model());
        bands(config.bands());
        suppressions(config.suppressions(), config.bands());
        if (config.outcomes() != null) {
            outcomes(config.outcomes(), config.bands());
        }
        if (config.metrics().port() < 0 || config.metrics().port() > 65535) {
            report("metrics.port", "must be between 0 (off) and 65535", null);
        }
        if (config.metrics().bind().isBlank()) {
            report("metrics.bind", "must not be empty", "127.0.0.1, or 0.0.0.0 to be scraped from outside a container");
        }
        if (config.sync().searchLag().isNegative()) {
            report("sync.search-lag", "must not be negative", "e.g. 30s");
        }
        if (config.sync().batchSize() < 1 || config.sync().batchSize() > 10_000) {
            report("sync.batch-size", "must be between 1 and 10000", null);
        }
        if (config.shadow() != null) {
            if (config.shadow().config().isBlank()) {
                report("shadow.config", "must name the candidate's config file", "e.g. ./candidate.yaml");
            }
            if (config.shadow().promoteWhen().minDuration().isNegative()) {
                report("shadow.promote-when.min-duration", "must not be negative", "e.g. 14d");
            }
            if (config.shadow().promoteWhen().minConversions() < 0) {
                report("shadow.promote-when.min-conversions", "must not be negative", "e.g. 30");
            }
        }
    }

    private void portal(PortalConfig portal) {
        if (portal.id().isBlank()) {
            report("portal.id", "must not be empty", "a short name such as acme-prod");
        }
        try {
            URI uri = new URI(portal.baseUrl());
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                report("portal.base-url", "must be an http or https URL", "e.g. https://api.hubapi.com");
            }
        } catch (URISyntaxException e) {
            report("portal.base-url", "is not a URL: " + e.getReason(), "e.g. https://api.hubapi.com");
        }
        if (portal.ledger().isBlank()) {
            report("portal.ledger", "must not be empty", "a file path such as ./data/acme-prod.db");
        }
        AuthConfig auth = portal.auth();
        if ((auth.token() == null) == (auth.oauth() == null)) {
            report("portal.auth", "set exactly one of 'token' and 'oauth'",
                    "a private-app or service-key token: token: ${HUBSPOT_TOKEN}");
        }
        if (auth.oauth() != null && !List.of("v1", "2026-03").contains(auth.oauth().tokenEndpoint())) {
            report("portal.auth.oauth.token-endpoint", "unknown token endpoint '" + auth.oauth().tokenEndpoint() + "'",
                    "one of: v1, 2026-03");
        }
    }

    private void rateLimit(RateLimitConfig rate) {
        share("rate-limit.burst-share", rate.burstShare());
        share("rate-limit.daily-share", rate.dailyShare());
        positive("rate-limit.burst-limit", rate.burstLimit());
        positive("rate-limit.daily-limit", rate.dailyLimit());
        positive("rate-limit.search-per-second", rate.searchPerSecond());
    }

    private void writeBack(WriteBackConfig writeBack) {
        propertyName("write-back.group", writeBack.group());
        WriteBackConfig.PropertiesConfig p = writeBack.properties();
        Map<String, String> owned = new HashMap<>();
        String[][] names = {
            {"score", p.score()}, {"band", p.band()}, {"band-changed-at", p.bandChangedAt()},
            {"model-version", p.modelVersion()}, {"reasons", p.reasons()}
        };
        for (String[] entry : names) {
            String path = "write-back.properties." + entry[0];
            propertyName(path, entry[1]);
            String previous = owned.putIfAbsent(entry[1], entry[0]);
            if (previous != null) {
                report(path, "property '" + entry[1] + "' is already used for " + previous,
                        "each owned property needs its own name");
            }
        }
        if (writeBack.reasons() < 1 || writeBack.reasons() > 10) {
            report("write-back.reasons", "must be between 1 and 10", null);
        }
    }

    private void model(ModelConfig model) {
        if (model.version().isBlank()) {
            report("model.version", "must not be empty", "bump it on every change, e.g. 2026-11-01.1");
        }
        Set<String> names = new HashSet<>();
        group("model.fit", model.fit(), names);
        group("model.engagement", model.engagement(), names);
        if (model.fit().decay() != null) {
            report("model.fit.decay", "decay applies to engagement only", "move it to model.engagement.decay");
        }
        if (model.fit().rules().isEmpty() && model.fit().events().isEmpty()
                && model.engagement().rules().isEmpty() && model.engagement().events().isEmpty()) {
            report("model", "the model has no rules", "add rules under model.fit or model.engagement");
        }
    }

    private void group(String path, RuleGroup group, Set<String> names) {
        int largest = 0;
        for (int i = 0; i < group.rules().size(); i++) {
            PropertyRule rule = group.rules().get(i);
            String rulePath = path + ".rules[" + i + "]";
            ruleName(rulePath, rule.name(), names);
            condition(rulePath, rule.condition());
            if (rule.points() == 0) {
                report(rulePath + ".points", "must not be 0", "give positive points to reward, negative to penalise");
            }
            largest = Math.max(largest, rule.points());
        }
        for (int i = 0; i < group.events().size(); i++) {
            EventRule rule = group.events().get(i);
            String rulePath = path + ".events[" + i + "]";
            ruleName(rulePath, rule.name(), names);
            event(rulePath, rule);
            largest = Math.max(largest, rule.points());
        }
        if (group.cap() != null && group.cap() < largest) {
            report(path + ".cap", "cap " + group.cap() + " is smaller than a single rule's points (" + largest + ")",
                    "raise the cap or lower the rule's points");
        }
        if (group.cap() != null && group.floor() != null && group.floor() > group.cap()) {
            report(path + ".floor", "floor " + group.floor() + " is above the cap " + group.cap(), null);
        }
        if (group.decay() != null) {
            decay(path + ".decay", group.decay());
        }
    }

    private void ruleName(String path, String name, Set<String> names) {
        if (name.isBlank()) {
            report(path + ".name", "must not be empty", "rule names appear in explanations and reasons");
        } else if (!names.add(name)) {
            report(path + ".name", "duplicate rule name '" + name + "'", "every rule in the model needs its own name");
        }
    }

    private void condition(String path, Condition c) {
        propertyName(path + ".property", c.property());
        Operator op = c.operator();
        String name = op.configName();
        switch (op.needs()) {
            case VALUE -> {
                require(path + ".value", c.value() != null, name, "value");
                if (c.value() != null && op == Operator.REGEX) {
                    try {
                        Pattern.compile(c.value());
                    } catch (PatternSyntaxException e) {
                        report(path + ".value", "regular expression does not compile: " + e.getDescription()
                                + " near index " + e.getIndex(), "Java regex syntax; quote the value in YAML");
                    }
                }
            }
            case VALUES -> require(path + ".values", !c.values().isEmpty(), name, "values");
            case RANGE -> {
                require(path + ".min", c.min() != null || c.max() != null, name, "min and/or max");
                if (c.min() != null && c.max() != null && c.min() > c.max()) {
                    report(path + ".max", "max " + c.max() + " is below min " + c.min(), null);
                }
            }
            case PERIOD -> {
                require(path + ".period", c.period() != null, name, "period");
                if (c.period() != null && c.period().isZero()) {
                    report(path + ".period", "must be longer than zero", null);
                }
            }
            case NOTHING -> {
                // exists and missing read no value
            }
        }
        unused(path + ".value", c.value() != null && op.needs() != Operator.Needs.VALUE, name, "value");
        unused(path + ".values", !c.values().isEmpty() && op.needs() != Operator.Needs.VALUES, name, "values");
        unused(path + ".min", c.min() != null && op.needs() != Operator.Needs.RANGE, name, "min");
        unused(path + ".max", c.max() != null && op.needs() != Operator.Needs.RANGE, name, "max");
        unused(path + ".period", c.period() != null && op.needs() != Operator.Needs.PERIOD, name, "period");
    }

    private void event(String path, EventRule rule) {
        if (rule.points() == 0) {
            report(path + ".points", "must not be 0", "points per matching engagement");
        }
        if (rule.maxPoints() != null) {
            boolean sameSign = Integer.signum(rule.maxPoints()) == Integer.signum(rule.points());
            if (!sameSign || Math.abs(rule.maxPoints()) < Math.abs(rule.points())) {
                report(path + ".max-points", "max-points " + rule.maxPoints()
                        + " must have the sign of points and be at least as large as " + rule.points(), null);
            }
        }
        if (rule.lookback().isZero() || rule.lookback().isNegative()) {
            report(path + ".lookback", "must be longer than zero", "e.g. 90d");
        }
        for (Map.Entry<String, List<String>> filter : rule.where().entrySet()) {
            propertyName(path + ".where." + filter.getKey(), filter.getKey());
            if (filter.getValue().isEmpty()) {
                report(path + ".where." + filter.getKey(), "needs at least one accepted value", null);
            }
        }
    }

    private void decay(String path, DecayConfig decay) {
        boolean halfLife = decay.halfLife() != null;
        boolean steps = decay.every() != null || decay.minus() != null;
        if (halfLife == steps) {
            report(path, "set either 'half-life' or both 'every' and 'minus'",
                    "half-life: 30d, or every: 30d with minus: 5");
            return;
        }
        if (halfLife && (decay.halfLife().isZero() || decay.halfLife().isNegative())) {
            report(path + ".half-life", "must be longer than zero", "e.g. 30d");
        }
        if (steps) {
            if (decay.every() == null || decay.minus() == null) {
                report(path, "step decay needs both 'every' and 'minus'", "e.g. every: 30d, minus: 5");
            } else {
                if (decay.every().isZero() || decay.every().isNegative()) {
                    report(path + ".every", "must be longer than zero", "e.g. 30d");
                }
                if (decay.minus() <= 0) {
                    report(path + ".minus", "must be a positive number of points", "e.g. 5");
                }
            }
        }
    }

    private void bands(BandsConfig bands) {
        List<BandsConfig.Band> levels = bands.levels();
        if (levels.isEmpty()) {
            report("bands.levels", "at least one band is needed", "e.g. Hot (min 30), Warm (min 15), Cold");
            return;
        }
        if (bands.hysteresis() < 0) {
            report("bands.hysteresis", "must not be negative", null);
        }
        Set<String> names = new HashSet<>();
        Integer previous = null;
        for (int i = 0; i < levels.size(); i++) {
            BandsConfig.Band band = levels.get(i);
            String path = "bands.levels[" + i + "]";
            if (band.name().isBlank()) {
                report(path + ".name", "must not be empty", null);
            } else if (!names.add(band.name().toLowerCase(java.util.Locale.ROOT))) {
                report(path + ".name", "duplicate band '" + band.name() + "'", null);
            } else if (band.name().contains(";")) {
                report(path + ".name", "must not contain ';'", "HubSpot separates multiple values with ';'");
            }
            boolean last = i == levels.size() - 1;
            if (last && band.min() != null) {
                report(path + ".min", "the lowest band takes every remaining score and has no min",
                        "remove min, or add a lower band after it");
            }
            if (!last && band.min() == null) {
                report(path + ".min", "missing min", "every band but the last needs one");
            }
            if (band.min() != null) {
                if (previous != null && band.min() >= previous) {
                    report(path + ".min", "band thresholds must be strictly decreasing: " + band.min()
                            + " is not below " + previous, "list bands from highest to lowest");
                }
                previous = band.min();
            }
        }
    }

    private void suppressions(List<SuppressionConfig> suppressions, BandsConfig bands) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < suppressions.size(); i++) {
            SuppressionConfig s = suppressions.get(i);
            String path = "suppressions[" + i + "]";
            if (s.name().isBlank()) {
                report(path + ".name", "must not be empty", null);
            } else if (!names.add(s.name())) {
                report(path + ".name", "duplicate suppression name '" + s.name() + "'", null);
            }
            if (s.when() == null && !s.openDeal()) {
                report(path, "needs a condition", "add 'when: {property, operator, ...}' or 'open-deal: true'");
            }
            if (s.when() != null) {
                condition(path + ".when", s.when());
            }
            boolean capBand = s.action() == SuppressionConfig.Action.CAP_BAND;
            if (capBand && s.band() == null) {
                report(path + ".band", "cap-band needs the highest band allowed", "e.g. band: Warm");
            } else if (!capBand && s.band() != null) {
                report(path + ".band", "only cap-band takes a band", null);
            } else if (capBand && bands.levels().stream().noneMatch(b -> b.name().equals(s.band()))) {
                List<String> known = bands.levels().stream().map(BandsConfig.Band::name).toList();
                String nearest = Strings.nearest(s.band(), known);
                report(path + ".band", "unknown band '" + s.band() + "'",
                        (nearest != null ? "did you mean '" + nearest + "'? " : "") + "bands: " + String.join(", ", known));
            }
        }
    }

    private void require(String path, boolean present, String operator, String what) {
        if (!present) {
            report(path, "operator " + operator + " needs " + what, null);
        }
    }

    private void unused(String path, boolean present, String operator, String key) {
        if (present) {
            report(path, "operator " + operator + " does not use '" + key + "'", "remove it, or change the operator");
        }
    }

    private void propertyName(String path, String name) {
        if (!PROPERTY_NAME.matcher(name).matches()) {
            report(path, "'" + Strings.abbreviate(name, 40) + "' is not a valid HubSpot internal property name",
                    "lowercase letters, digits and underscores, starting with a letter, e.g. "
                            + name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]+", "_"));
        }
    }

    private void share(String path, double value) {
        if (!(value > 0 && value <= 1)) {
            report(path, "must be above 0 and at most 1", "e.g. 0.5 for half of the portal's budget");
        }
    }

    private void positive(String path, int value) {
        if (value <= 0) {
            report(path, "must be positive", null);
        }
    }

    private void outcomes(OutcomesConfig outcomes, BandsConfig bands) {
        for (int i = 0; i < outcomes.conversionStages().size(); i++) {
            String stage = outcomes.conversionStages().get(i);
            if (!PROPERTY_NAME.matcher(stage).matches() && !stage.matches("\\d{1,20}")) {
                report("outcomes.conversion-stages[" + i + "]", "'" + Strings.abbreviate(stage, 40)
                        + "' is not a lifecycle stage's internal name",
                        "e.g. salesqualifiedlead, opportunity, customer (a custom stage's numeric id also works)");
            }
        }
        if (outcomes.window().isNegative() || outcomes.window().isZero()) {
            report("outcomes.window", "must be longer than zero", "e.g. 90d");
        }
        if (outcomes.baseline() != null && outcomes.baseline().to().isBefore(outcomes.baseline().from())) {
            report("outcomes.baseline.to", "the baseline ends (" + outcomes.baseline().to() + ") before it starts ("
                    + outcomes.baseline().from() + ")", null);
        }
        List<String> names = bands.levels().stream().map(BandsConfig.Band::name).toList();
        for (Map.Entry<String, Integer> entry : outcomes.capacity().entrySet()) {
            String path = "outcomes.capacity." + entry.getKey();
            if (!names.contains(entry.getKey())) {
                String nearest = Strings.nearest(entry.getKey(), names);
                report(path, "unknown band '" + entry.getKey() + "'",
                        (nearest != null ? "did you mean '" + nearest + "'? " : "") + "bands: " + String.join(", ", names));
            } else if (entry.getValue() < 0) {
                report(path, "must not be negative", "contacts sales can work per week, e.g. 40");
            }
        }
    }

    private void report(String path, String message, String hint) {
        if (!bindingProblems.overlaps(path)) {
            problems.add(locate(path), path, message, hint);
        }
    }

    private Location locate(String path) {
        return Location.of(path, locations);
    }
}
