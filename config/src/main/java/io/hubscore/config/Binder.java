package io.hubscore.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Binds a located YAML tree onto the config records, reporting every problem it meets instead of
 * stopping at the first. The records declare the settings: a YAML key is the kebab-case name of a
 * record component, {@link Default} gives its default and {@link OptionalKey} lets it be left out;
 * lists and maps default to empty, and a section whose settings all have defaults may be left out.
 * Not thread-safe: one binder per load.
 */
final class Binder {

    /** Returned in place of a value that could not be bound; the problem is already reported. */
    private static final Object FAILED = new Object();

    private static final Pattern ENV_REFERENCE =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private static final Map<Class<?>, String> ENUM_NAMES = Map.of(
            Operator.class, "operator",
            EngagementType.class, "engagement type",
            SuppressionConfig.Action.class, "action",
            WriteBackConfig.Ownership.class, "ownership policy");

    private final ProblemSink problems;
    private final UnaryOperator<String> environment;
    private final boolean secretsRead;
    private final Map<String, Location> locations = new HashMap<>();

    /** @param secretsRead whether each secret is read now, to report one that cannot be (its value is dropped) */
    Binder(ProblemSink problems, UnaryOperator<String> environment, boolean secretsRead) {
        this.problems = problems;
        this.environment = environment;
        this.secretsRead = secretsRead;
    }

    /** The bound record, or null when any problem was reported. */
    <T> T bind(YamlNode root, Class<T> type) {
        Object value = bindValue(root, type, "", Location.START);
        return value == FAILED ? null : type.cast(value);
    }

    /** Where each bound path was written (the enclosing section's place for defaulted settings). */
    Map<String, Location> locations() {
        return locations;
    }

    private Object bindValue(YamlNode node, Type type, String path, Location fallback) {
        locations.put(path, node.location());
        Class<?> raw = rawClass(type);
        if (raw.isRecord() && !isScalar(raw)) {
            return bindRecord(node, raw, path);
        }
        if (raw == List.class) {
            return bindList(node, elementType(type, 0), path);
        }
        if (raw == Map.class) {
            return bindMap(node, elementType(type, 1), path);
        }
        if (!(node instanceof YamlNode.Scalar scalar)) {
            return fail(node.location(), path, "expected " + describe(raw) + ", found " + node.kind(), null);
        }
        if (raw == SecretRef.class) {
            SecretRef ref = SecretRef.parse(scalar.raw());
            if (ref == null) {
                return fail(node.location(), path, "secrets may not be written inline",
                        "write ${ENV_VAR} or file:/path/to/secret");
            }
            if (secretsRead) {
                try {
                    ref.resolve(environment);
                } catch (SecretRef.SecretUnavailableException e) {
                    problems.add(node.location(), path, e.getMessage(), null); // names the source, never the value
                }
            }
            return ref;
        }
        String text = interpolate(scalar, path);
        if (text == null) {
            return FAILED;
        }
        return convertScalar(text, raw, scalar.location(), path);
    }

    private Object convertScalar(String text, Class<?> type, Location at, String path) {
        String shown = "'" + Strings.abbreviate(text, 40) + "'";
        if (type == String.class) {
            return text;
        }
        if (type == int.class || type == Integer.class) {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                return fail(at, path, "expected a whole number, found " + shown, null);
            }
        }
        if (type == double.class || type == Double.class) {
            try {
                double d = Double.parseDouble(text.strip());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            return fail(at, path, "expected a number, found " + shown, null);
        }
        if (type == boolean.class || type == Boolean.class) {
            String t = text.strip();
            if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(t);
            }
            return fail(at, path, "expected true or false, found " + shown, null);
        }
        if (type == Duration.class) {
            Duration d = Durations.parse(text);
            return d != null ? d : fail(at, path, "expected a duration, found " + shown,
                    "write a whole number and a unit: 500ms, 45s, 5m, 12h, 30d or 2w");
        }
        if (type == LocalDate.class) {
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                return fail(at, path, "expected a date, found " + shown, "write it as YYYY-MM-DD, e.g. 2026-01-31");
            }
        }
        if (type == ZoneId.class) {
            try {
                return ZoneId.of(text.strip());
            } catch (DateTimeException e) {
                return fail(at, path, "unknown time zone " + shown, "use a region id such as Europe/Paris or UTC");
            }
        }
        if (type == ScheduleSpec.class) {
            return schedule(text.strip(), at, path);
        }
        if (type.isEnum()) {
            return enumConstant(text.strip(), type, at, path);
        }
        throw new IllegalStateException("no binding for " + type + " at " + path);
    }

    private Object schedule(String text, Location at, String path) {
        Duration interval = Durations.parse(text);
        if (interval != null) {
            if (interval.isZero()) {
                return fail(at, path, "an interval must be longer than zero", null);
            }
            return ScheduleSpec.every(interval);
        }
        try {
            new CronExpression(text);
            return ScheduleSpec.cron(text);
        } catch (ParseException | RuntimeException e) {
            // Quartz's own message is clear for most mistakes, but names an internal exception for some.
            String reason = e instanceof ParseException && !String.valueOf(e.getMessage()).contains("Exception")
                    ? ": " + e.getMessage() : "";
            return fail(at, path, "invalid cron expression '" + Strings.abbreviate(text, 40) + "'" + reason,
                    "write an interval such as 5m, or a Quartz cron with seconds first such as '0 0 3 * * ?'");
        }
    }

    private Object enumConstant(String text, Class<?> type, Location at, String path) {
        List<String> names = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            String name = Strings.configName((Enum<?>) constant);
            if (name.equalsIgnoreCase(text) || name.replace('-', '_').equalsIgnoreCase(text)) {
                return constant;
            }
            names.add(name);
        }
        String what = ENUM_NAMES.getOrDefault(type, Strings.kebab(type.getSimpleName()).replace('-', ' ').strip());
        String nearest = Strings.nearest(text, names);
        String hint = (nearest != null ? "did you mean '" + nearest + "'? " : "") + "one of: " + String.join(", ", names);
        return fail(at, path, "unknown " + what + " '" + Strings.abbreviate(text, 40) + "'", hint);
    }

    private Object bindRecord(YamlNode node, Class<?> type, String path) {
        Map<String, YamlNode.Entry> entries;
        if (node instanceof YamlNode.MapNode map) {
            entries = map.entries();
        } else if (node instanceof YamlNode.Null) {
            entries = Map.of();
        } else {
            return fail(node.location(), path, "expected a section of settings, found " + node.kind(),
                    "valid keys: " + String.join(", ", keys(type)));
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        boolean failed = false;
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String key = Strings.kebab(component.getName());
            String childPath = path.isEmpty() ? key : path + "." + key;
            YamlNode.Entry entry = entries.get(key);
            YamlNode value = entry == null ? null : entry.value();
            if (value == null || value instanceof YamlNode.Null) {
                args[i] = absent(component, childPath, node.location());
            } else {
                args[i] = bindValue(value, component.getGenericType(), childPath, node.location());
                if (args[i] == FAILED) {
                    // Reported already: carry on with a stand-in so later checks still run.
                    args[i] = standIn(component, node.location());
                }
            }
            failed |= args[i] == FAILED;
        }
        List<String> known = keys(type);
        for (YamlNode.Entry entry : entries.values()) {
            if (!known.contains(entry.key())) {
                String nearest = Strings.nearest(entry.key(), known);
                problems.add(entry.keyLocation(), path.isEmpty() ? entry.key() : path + "." + entry.key(),
                        "unknown key '" + entry.key() + "'",
                        nearest != null ? "did you mean '" + nearest + "'?" : "valid keys: " + String.join(", ", known));
            }
        }
        return failed ? FAILED : construct(type, args, node.location(), path);
    }

    /** The value of a setting that was not written: its default, null, empty, or a problem. */
    private Object absent(RecordComponent component, String path, Location sectionAt) {
        Default byDefault = component.getAnnotation(Default.class);
        Class<?> type = component.getType();
        if (byDefault != null) {
            return bindValue(new YamlNode.Scalar(sectionAt, byDefault.value()), component.getGenericType(), path,
                    sectionAt);
        }
        locations.put(path, sectionAt);
        if (component.isAnnotationPresent(OptionalKey.class)) {
            return null;
        }
        if (component.isAnnotationPresent(Required.class)) {
            return fail(sectionAt, path, "missing required key '" + Strings.kebab(component.getName()) + "'", null);
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type.isRecord() && !isScalar(type) && allOptional(type)) {
            return bindRecord(new YamlNode.Null(sectionAt), type, path);
        }
        return fail(sectionAt, path, "missing required key '" + Strings.kebab(component.getName()) + "'", null);
    }

    /**
     * What stands in for a setting whose value was wrong, so that the rest of the file is still bound
     * and checked: its default, null when optional, empty for lists and maps; otherwise FAILED.
     */
    private Object standIn(RecordComponent component, Location sectionAt) {
        Default byDefault = component.getAnnotation(Default.class);
        if (byDefault != null) {
            Binder quiet = new Binder(new ProblemSink("default"), environment, false);
            return quiet.bindValue(new YamlNode.Scalar(sectionAt, byDefault.value()), component.getGenericType(), "",
                    sectionAt);
        }
        if (component.isAnnotationPresent(OptionalKey.class)) {
            return null;
        }
        if (component.getType() == List.class) {
            return List.of();
        }
        if (component.getType() == Map.class) {
            return Map.of();
        }
        return FAILED;
    }

    private Object bindList(YamlNode node, Type elementType, String path) {
        if (!(node instanceof YamlNode.ListNode list)) {
            return fail(node.location(), path, "expected a list, found " + node.kind(),
                    "write [a, b] or one item per line starting with '- '");
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            YamlNode item = list.items().get(i);
            Object value = item instanceof YamlNode.Null
                    ? fail(item.location(), path + "[" + i + "]", "empty list item", null)
                    : bindValue(item, elementType, path + "[" + i + "]", node.location());
            if (value != FAILED) {
                values.add(value); // a failed item is reported and left out, so its siblings are still checked
            }
        }
        return List.copyOf(values);
    }

    private Object bindMap(YamlNode node, Type valueType, String path) {
        if (!(node instanceof YamlNode.MapNode map)) {
            return fail(node.location(), path, "expected a mapping of names to values, found " + node.kind(), null);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (YamlNode.Entry entry : map.entries().values()) {
            String childPath = path + "." + entry.key();
            Object value = entry.value() instanceof YamlNode.Null
                    ? fail(entry.keyLocation(), childPath, "missing value", null)
                    : bindValue(entry.value(), valueType, childPath, entry.keyLocation());
            if (value != FAILED) {
                values.put(entry.key(), value);
            }
        }
        return values;
    }

    private Object construct(Class<?> type, Object[] args, Location at, String path) {
        try {
            Class<?>[] parameterTypes = Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            return fail(at, path, String.valueOf(e.getCause().getMessage()), null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private String interpolate(YamlNode.Scalar scalar, String path) {
        Matcher m = ENV_REFERENCE.matcher(scalar.raw());
        StringBuilder sb = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            String value = environment.apply(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                problems.add(scalar.location(), path, "environment variable " + m.group(1) + " is not set",
                        "set it, or give a default: ${" + m.group(1) + ":-value}");
                ok = false;
                value = "";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return ok ? sb.toString() : null;
    }

    private Object fail(Location at, String path, String message, String hint) {
        problems.add(at, path, message, hint);
        return FAILED;
    }

    /** The YAML keys of a record type, in declaration order. */
    static List<String> keys(Class<?> recordType) {
        return Arrays.stream(recordType.getRecordComponents()).map(c -> Strings.kebab(c.getName())).toList();
    }

    /** Value types written as one scalar although they are records. */
    static boolean isScalar(Class<?> type) {
        return type == SecretRef.class || type == ScheduleSpec.class;
    }

    static boolean allOptional(Class<?> recordType) {
        for (RecordComponent c : recordType.getRecordComponents()) {
            if (!isOptional(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a setting may be left out of the file. */
    static boolean isOptional(RecordComponent c) {
        if (c.isAnnotationPresent(Required.class)) {
            return false;
        }
        return c.isAnnotationPresent(Default.class) || c.isAnnotationPresent(OptionalKey.class)
                || c.getType() == List.class
                || c.getType() == Map.class
                || (c.getType().isRecord() && !isScalar(c.getType()) && allOptional(c.getType()));
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported type " + type);
    }

    static Type elementType(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }

    private static String describe(Class<?> type) {
        if (type == SecretRef.class) {
            return "${ENV_VAR} or file:PATH";
        }
        if (type == int.class || type == Integer.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == Duration.class) {
            return "a duration such as 30d";
        }
        if (type == LocalDate.class) {
            return "a date such as 2026-01-31";
        }
        if (type == ScheduleSpec.class) {
            return "an interval or a cron expression";
        }
        return "a single value";
    }
}
