package io.hubscore.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema of the sync config file, derived from the same records the loader binds, so editors
 * complete and check exactly the keys hubscore reads. Also lists every setting's path for the docs.
 */
public final class ConfigSchema {

    static final String DURATION_PATTERN = "^(\\d{1,9}\\s*(ms|s|m|h|d|w)|[Pp].+)$";
    static final String SECRET_PATTERN = "^(\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}|file:.+)$";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ConfigSchema() {
    }

    /** The schema as pretty-printed JSON, ending with a newline. */
    public static String json() {
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("title", "hubscore sync config");
        schema.put("description", "One HubSpot portal's hubscore config. Reference: the README's Configuration reference.");
        schema.setAll(record(SyncConfig.class));
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(schema) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every setting's path, e.g. {@code portal.base-url} or {@code model.<group>.rules[].points}: lists
     * are written {@code []}, free-form map keys {@code <name>}, and the fit and engagement groups share
     * {@code model.<group>}.
     */
    public static List<String> settingPaths() {
        List<String> paths = new ArrayList<>();
        collect(SyncConfig.class, "", paths);
        return paths.stream()
                .map(p -> p.replace("model.fit.", "model.<group>.").replace("model.engagement.", "model.<group>."))
                .distinct()
                .toList();
    }

    private static void collect(Type type, String path, List<String> paths) {
        Class<?> raw = Binder.rawClass(type);
        if (raw.isRecord() && !Binder.isScalar(raw)) {
            for (RecordComponent c : raw.getRecordComponents()) {
                String key = Strings.kebab(c.getName());
                collect(c.getGenericType(), path.isEmpty() ? key : path + "." + key, paths);
            }
        } else if (raw == List.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            if (Binder.rawClass(element).isRecord() && !Binder.isScalar(Binder.rawClass(element))) {
                collect(element, path + "[]", paths);
            } else {
                paths.add(path);
            }
        } else if (raw == Map.class) {
            paths.add(path + (path.endsWith("capacity") ? ".<band>" : ".<property>"));
        } else {
            paths.add(path);
        }
    }

    private static ObjectNode record(Class<?> type) {
        ObjectNode node = JSON.objectNode();
        node.put("type", "object");
        ObjectNode properties = node.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (RecordComponent c : type.getRecordComponents()) {
            String key = Strings.kebab(c.getName());
            ObjectNode property = schemaOf(c.getGenericType());
            Default byDefault = c.getAnnotation(Default.class);
            if (byDefault != null) {
                property.set("default", defaultValue(byDefault.value(), c.getType()));
            }
            properties.set(key, property);
            if (!Binder.isOptional(c)) {
                required.add(key);
            }
        }
        if (!required.isEmpty()) {
            node.set("required", required);
        }
        node.put("additionalProperties", false);
        return node;
    }

    private static ObjectNode schemaOf(Type type) {
        Class<?> raw = Binder.rawClass(type);
        ObjectNode node = JSON.objectNode();
        if (raw == SecretRef.class) {
            node.put("type", "string").put("pattern", SECRET_PATTERN)
                    .put("description", "a secret reference: ${ENV_VAR} or file:/path/to/secret, never the secret itself");
        } else if (raw == ScheduleSpec.class) {
            node.put("type", "string")
                    .put("description", "an interval such as 5m, or a Quartz cron expression (seconds first)");
        } else if (raw.isRecord()) {
            return record(raw);
        } else if (raw == List.class) {
            node.put("type", "array");
            node.set("items", schemaOf(((ParameterizedType) type).getActualTypeArguments()[0]));
        } else if (raw == Map.class) {
            node.put("type", "object");
            node.set("additionalProperties", schemaOf(((ParameterizedType) type).getActualTypeArguments()[1]));
        } else if (raw == String.class) {
            node.put("type", "string");
        } else if (raw == int.class || raw == Integer.class) {
            node.put("type", "integer");
        } else if (raw == double.class || raw == Double.class) {
            node.put("type", "number");
        } else if (raw == boolean.class || raw == Boolean.class) {
            node.put("type", "boolean");
        } else if (raw == Duration.class) {
            node.put("type", "string").put("pattern", DURATION_PATTERN)
                    .put("description", "a duration: 500ms, 45s, 5m, 12h, 30d or 2w");
        } else if (raw == LocalDate.class) {
            node.put("type", "string").put("format", "date").put("description", "a date: YYYY-MM-DD");
        } else if (raw == ZoneId.class) {
            node.put("type", "string").put("description", "a time zone id such as UTC or America/New_York");
        } else if (raw.isEnum()) {
            node.put("type", "string");
            ArrayNode values = node.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(Strings.configName((Enum<?>) constant));
            }
        } else {
            throw new IllegalStateException("no schema for " + type);
        }
        return node;
    }

    private static com.fasterxml.jackson.databind.JsonNode defaultValue(String text, Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return JSON.numberNode(Integer.parseInt(text));
        }
        if (type == double.class || type == Double.class) {
            return JSON.numberNode(Double.parseDouble(text));
        }
        if (type == boolean.class || type == Boolean.class) {
            return JSON.booleanNode(Boolean.parseBoolean(text));
        }
        return JSON.textNode(text);
    }
}
