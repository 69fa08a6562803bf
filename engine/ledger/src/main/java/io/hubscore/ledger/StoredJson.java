package io.hubscore.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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

    /**
     * A JSON object of scalars, values as text, in stored order; {@code where} names it in a corrupt-data message.
     * Read with the streaming parser, without building a tree: the score job reads one for every contact and event.
     */
    static Map<String, String> object(String json, String where) {
        return object(json, () -> where);
    }

    /** As {@link #object(String, String)}, naming the place only when the text is corrupt (most reads never need it). */
    static Map<String, String> object(String json, Supplier<String> where) {
        if (json == null) {
            throw corrupt(where.get(), "expected a JSON object");
        }
        try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw corrupt(where.get(), "expected a JSON object");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    values.put(name, null);
                } else if (value.isScalarValue()) {
                    values.put(name, parser.getText());
                } else {
                    values.put(name, parser.readValueAsTree().toString());
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw corrupt(where.get(), "expected a JSON object");
            }
            return values;
        } catch (JsonProcessingException e) {
            throw new LedgerException("corrupt ledger JSON in " + where.get() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new LedgerException("corrupt ledger JSON in " + where.get() + ": " + e.getMessage(), e);
        }
    }

    /** A score's contributions: one object per line, amounts as exact decimal strings. */
    static String contributions(List<Scores.Contribution> contributions) {
        StringWriter text = new StringWriter(64 + 96 * contributions.size());
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(text)) {
            json.writeStartArray();
            for (Scores.Contribution line : contributions) {
                json.writeStartObject();
                json.writeStringField("name", line.name());
                json.writeStringField("group", line.group());
                json.writeStringField("kind", line.kind());
                json.writeStringField("raw", line.raw().toPlainString());
                json.writeStringField("points", line.points().toPlainString());
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write ledger JSON", e);
        }
        return text.toString();
    }

    /**
     * The stored contributions of a score row; {@code where} names the row in a corrupt-data message. Read token by
     * token: every score read carries a handful of lines.
     */
    static List<Scores.Contribution> contributions(String json, String where) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw corrupt(where + " contributions", "expected a JSON array");
            }
            List<Scores.Contribution> lines = new ArrayList<>();
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                if (token != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    throw corrupt(where + " contributions[" + lines.size() + "]", "missing 'name'");
                }
                String[] fields = new String[5]; // name, group, kind, raw, points
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    int slot = switch (field) {
                        case "name" -> 0;
                        case "group" -> 1;
                        case "kind" -> 2;
                        case "raw" -> 3;
                        case "points" -> 4;
                        default -> -1;
                    };
                    if (!value.isScalarValue()) {
                        parser.skipChildren();
                    } else if (slot >= 0 && value != JsonToken.VALUE_NULL) {
                        fields[slot] = parser.getValueAsString();
                    }
                }
                String[] names = {"name", "group", "kind", "raw", "points"};
                for (int i = 0; i < fields.length; i++) {
                    if (fields[i] == null) {
                        throw corrupt(where + " contributions[" + lines.size() + "]", "missing '" + names[i] + "'");
                    }
                }
                lines.add(new Scores.Contribution(fields[0], fields[1], fields[2],
                        lineDecimal(fields[3], where, lines.size(), "raw"),
                        lineDecimal(fields[4], where, lines.size(), "points")));
            }
            return lines;
        } catch (IOException e) {
            throw new LedgerException("corrupt ledger JSON in " + where + " contributions: " + (e instanceof
                    JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()), e);
        }
    }

    private static BigDecimal lineDecimal(String text, String where, int line, String field) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return decimal(text, where + " contributions[" + line + "]." + field);
        }
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
