package io.hubscore.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that writes and reads what the ledger keeps as JSON text: property maps (keys sorted, so equal maps
 * give equal text), a run's counts, and a score's contributions and data-quality notes (points as exact decimal
 * strings). Text that is not in the ledger's format is a {@link LedgerException} naming where it was found. Stateless
 * and thread-safe.
 */
final class StoredJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private StoredJson() {
    }

    /** A property map (or a run's counts) as a JSON object, keys sorted. */
    static String object(Map<String, ?> values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write ledger JSON", e);
        }
    }

    /** A JSON object of scalars, values as text, in stored order; {@code where} names it in a corrupt-data message. */
    static Map<String, String> object(String json, String where) {
        JsonNode node = tree(json, where);
        if (!node.isObject()) {
            throw corrupt(where, "expected a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.properties().forEach(e -> values.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        return values;
    }

    /** A score's contributions: one object per line, amounts as exact decimal strings. */
    static String contributions(List<Scores.Contribution> contributions) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Scores.Contribution line : contributions) {
            ObjectNode node = array.addObject();
            node.put("name", line.name());
            node.put("group", line.group());
            node.put("kind", line.kind());
            node.put("raw", line.raw().toPlainString());
            node.put("points", line.points().toPlainString());
        }
        return array.toString();
    }

    /** The stored contributions of a score row; {@code where} names the row in a corrupt-data message. */
    static List<Scores.Contribution> contributions(String json, String where) {
        JsonNode array = tree(json, where + " contributions");
        if (!array.isArray()) {
            throw corrupt(where + " contributions", "expected a JSON array");
        }
        List<Scores.Contribution> lines = new ArrayList<>();
        for (JsonNode line : array) {
            String at = where + " contributions[" + lines.size() + "]";
            lines.add(new Scores.Contribution(text(line, "name", at), text(line, "group", at), text(line, "kind", at),
                    decimal(text(line, "raw", at), at + ".raw"), decimal(text(line, "points", at), at + ".points")));
        }
        return lines;
    }

    /** A score's data-quality notes; null when there are none (the column is then empty). */
    static String notes(List<Scores.Note> notes) {
        if (notes.isEmpty()) {
            return null;
        }
        ArrayNode array = MAPPER.createArrayNode();
        for (Scores.Note note : notes) {
            ObjectNode node = array.addObject();
            node.put("source", note.source());
            node.put("property", note.property());
            node.put("message", note.message());
        }
        return array.toString();
    }

    /** The stored notes of a score row (none for an empty column); {@code where} names the row. */
    static List<Scores.Note> notes(String json, String where) {
        if (json == null) {
            return List.of();
        }
        JsonNode array = tree(json, where + " notes");
        if (array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw corrupt(where + " notes", "expected a JSON array");
        }
        List<Scores.Note> notes = new ArrayList<>();
        for (JsonNode note : array) {
            JsonNode property = note.get("property");
            notes.add(new Scores.Note(note.path("source").asText(""),
                    property == null || property.isNull() ? null : property.asText(), note.path("message").asText("")));
        }
        return notes;
    }

    /** A decimal stored as text, as a score's fit and engagement are. */
    static BigDecimal decimal(String text, String where) {
        if (text == null) {
            throw corrupt(where, "missing number");
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw corrupt(where, "'" + text + "' is not a decimal number");
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            throw corrupt(where, "missing '" + field + "'");
        }
        return value.asText();
    }

    private static JsonNode tree(String json, String where) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new LedgerException("corrupt ledger JSON in " + where + ": " + e.getOriginalMessage(), e);
        }
    }

    private static LedgerException corrupt(String where, String what) {
        return new LedgerException("corrupt ledger data in " + where + ": " + what);
    }
}
