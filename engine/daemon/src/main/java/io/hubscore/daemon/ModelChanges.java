package io.hubscore.daemon;

import io.hubscore.config.BandsConfig;
import io.hubscore.config.Condition;
import io.hubscore.config.DecayConfig;
import io.hubscore.config.Durations;
import io.hubscore.config.EventRule;
import io.hubscore.config.PropertyRule;
import io.hubscore.config.RuleGroup;
import io.hubscore.config.SuppressionConfig;
import io.hubscore.config.SyncConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The rule-level difference between two models, as an admin reads a changelog: rules and event rules added, removed
 * or changed (by name, within their group), caps, floors and decay, bands and hysteresis, the cooldown, and
 * suppressions. {@code preview} shows it for a candidate and {@code versions diff} for two released versions.
 * Stateless.
 */
public final class ModelChanges {

    private ModelChanges() {
    }

    /**
     * One difference.
     *
     * @param kind {@code added}, {@code removed} or {@code changed}
     * @param item what changed, e.g. {@code fit rule marketing-title} or {@code bands}
     * @param detail the item as it is now (added), as it was (removed), or each setting's old and new value
     */
    public record Change(String kind, String item, String detail) {
        public Change {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(detail, "detail");
        }

        /** {@code + item: detail}, {@code - item: detail} or {@code ~ item: detail}. */
        public String line() {
            String sign = switch (kind) {
                case "added" -> "+";
                case "removed" -> "-";
                default -> "~";
            };
            return sign + " " + item + ": " + detail;
        }
    }

    /** What changes from {@code before} to {@code after}, in the config's order: model, bands, transitions, suppressions. */
    public static List<Change> between(SyncConfig before, SyncConfig after) {
        List<Change> changes = new ArrayList<>();
        group(changes, "fit", before.model().fit(), after.model().fit());
        group(changes, "engagement", before.model().engagement(), after.model().engagement());
        bands(changes, before.bands(), after.bands());
        settings(changes, "transitions", before.transitions(), after.transitions());
        named(changes, "suppression", before.suppressions(), after.suppressions(), SuppressionConfig::name,
                ModelChanges::suppression);
        return List.copyOf(changes);
    }

    private static void group(List<Change> changes, String name, RuleGroup before, RuleGroup after) {
        setting(changes, name + " cap", before.cap(), after.cap());
        setting(changes, name + " floor", before.floor(), after.floor());
        if (!Objects.equals(before.decay(), after.decay())) {
            changes.add(new Change(before.decay() == null ? "added" : after.decay() == null ? "removed" : "changed",
                    name + " decay", before.decay() == null || after.decay() == null
                            ? decay(before.decay() == null ? after.decay() : before.decay())
                            : decay(before.decay()) + " -> " + decay(after.decay())));
        }
        named(changes, name + " rule", before.rules(), after.rules(), PropertyRule::name, ModelChanges::rule);
        named(changes, name + " event rule", before.events(), after.events(), EventRule::name, ModelChanges::event);
    }

    private static void bands(List<Change> changes, BandsConfig before, BandsConfig after) {
        setting(changes, "bands hysteresis", before.hysteresis(), after.hysteresis());
        if (!before.levels().equals(after.levels())) {
            changes.add(new Change("changed", "bands", levels(before) + " -> " + levels(after)));
        }
    }

    private static String levels(BandsConfig bands) {
        List<String> shown = new ArrayList<>();
        for (BandsConfig.Band band : bands.levels()) {
            shown.add(band.min() == null ? band.name() : band.name() + " >= " + band.min());
        }
        return String.join(", ", shown);
    }

    private static void setting(List<Change> changes, String item, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.add(new Change(before == null ? "added" : after == null ? "removed" : "changed", item,
                    before == null || after == null ? value(before == null ? after : before)
                            : value(before) + " -> " + value(after)));
        }
    }

    /** Items matched by name: each added, removed, or changed one with the settings that differ. */
    private static <T extends Record> void named(List<Change> changes, String kind, List<T> before, List<T> after,
            Function<T, String> name, Function<T, String> describe) {
        Map<String, T> old = new LinkedHashMap<>();
        before.forEach(item -> old.put(name.apply(item), item));
        Map<String, T> now = new LinkedHashMap<>();
        after.forEach(item -> now.put(name.apply(item), item));
        for (T item : after) {
            T was = old.get(name.apply(item));
            if (was == null) {
                changes.add(new Change("added", kind + " " + name.apply(item), describe.apply(item)));
            } else if (!was.equals(item)) {
                changes.add(new Change("changed", kind + " " + name.apply(item), differences(was, item)));
            }
        }
        for (T item : before) {
            if (!now.containsKey(name.apply(item))) {
                changes.add(new Change("removed", kind + " " + name.apply(item), describe.apply(item)));
            }
        }
    }

    private static void settings(List<Change> changes, String item, Record before, Record after) {
        if (!before.equals(after)) {
            changes.add(new Change("changed", item, differences(before, after)));
        }
    }

    /** {@code points 10 -> 15, values [a] -> [a, b]}: each setting of a record that differs, by its config key. */
    static String differences(Record before, Record after) {
        List<String> shown = new ArrayList<>();
        for (RecordComponent component : before.getClass().getRecordComponents()) {
            Object was = read(component, before);
            Object now = read(component, after);
            if (!Objects.equals(was, now)) {
                shown.add(kebab(component.getName()) + " " + value(was) + " -> " + value(now));
            }
        }
        return String.join(", ", shown);
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** A setting's value as the config writes it: durations short, enums in kebab case, records by their settings. */
    private static String value(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Duration d) {
            return Durations.format(d);
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return Long.toString(d.longValue());
        }
        if (value instanceof Condition c) {
            return condition(c);
        }
        if (value instanceof DecayConfig d) {
            return decay(d);
        }
        if (value instanceof Record r) {
            List<String> shown = new ArrayList<>();
            for (RecordComponent component : r.getClass().getRecordComponents()) {
                Object v = read(component, r);
                if (v != null) {
                    shown.add(kebab(component.getName()) + " " + value(v));
                }
            }
            return "{" + String.join(", ", shown) + "}";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ModelChanges::value).toList().toString();
        }
        return value.toString();
    }

    private static String points(int points) {
        return points > 0 ? "+" + points : Integer.toString(points);
    }

    private static String rule(PropertyRule r) {
        return condition(r.condition()) + " " + points(r.points());
    }

    private static String condition(Condition c) {
        StringBuilder sb = new StringBuilder(c.property()).append(' ').append(value(c.operator()));
        if (c.value() != null) {
            sb.append(" '").append(c.value()).append('\'');
        }
        if (!c.values().isEmpty()) {
            sb.append(' ').append(c.values());
        }
        if (c.min() != null || c.max() != null) {
            sb.append(' ').append(c.min() == null ? "" : value(c.min())).append("..")
                    .append(c.max() == null ? "" : value(c.max()));
        }
        if (c.period() != null) {
            sb.append(' ').append(value(c.period()));
        }
        return sb.toString();
    }

    private static String event(EventRule e) {
        StringBuilder sb = new StringBuilder(value(e.type()));
        if (!e.where().isEmpty()) {
            sb.append(" where ").append(e.where());
        }
        sb.append(' ').append(points(e.points())).append(" each");
        if (e.maxPoints() != null) {
            sb.append(", up to ").append(e.maxPoints());
        }
        return sb.append(", lookback ").append(value(e.lookback())).toString();
    }

    private static String decay(DecayConfig d) {
        return d.halfLife() != null ? "half-life " + value(d.halfLife())
                : "minus " + d.minus() + " every " + value(d.every());
    }

    private static String suppression(SuppressionConfig s) {
        StringBuilder sb = new StringBuilder();
        if (s.when() != null) {
            sb.append("when ").append(condition(s.when()));
        }
        if (s.openDeal()) {
            sb.append(sb.length() > 0 ? " or " : "").append("open deal");
        }
        sb.append(": ").append(value(s.action()));
        if (s.band() != null) {
            sb.append(' ').append(s.band());
        }
        return sb.toString();
    }
}
