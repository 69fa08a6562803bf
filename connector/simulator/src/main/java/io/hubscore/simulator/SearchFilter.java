package io.hubscore.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One search filter compiled against the property's type: numbers, dates and ids compare as numbers,
 * enumerations exactly, text case-insensitively. Immutable.
 */
final class SearchFilter {

    private static final List<String> OPERATORS = List.of("EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN",
            "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN");

    private final String property;
    private final String operator;
    private final boolean numeric;
    private final boolean exact;
    private final String value;
    private final double number;
    private final double high;
    private final List<String> values;
    private final double[] numbers;

    private SearchFilter(String property, String operator, boolean numeric, boolean exact, String value, double number,
            double high, List<String> values, double[] numbers) {
        this.property = property;
        this.operator = operator;
        this.numeric = numeric;
        this.exact = exact;
        this.value = value;
        this.number = number;
        this.high = high;
        this.values = values;
        this.numbers = numbers;
    }

    /** Compiles a filter from HubSpot's JSON; throws {@link BadRequest} naming what is wrong. */
    static SearchFilter compile(JsonNode node, PropertySchema schema) {
        String property = node.path("propertyName").asText("");
        String operator = node.path("operator").asText("EQ").toUpperCase(Locale.ROOT);
        if (property.isEmpty()) {
            throw new BadRequest("Every filter needs a propertyName");
        }
        if (!OPERATORS.contains(operator)) {
            throw new BadRequest("Unknown filter operator " + operator + " on " + property);
        }
        PropertyDefinition definition = schema.get(property).orElseThrow(
                () -> new BadRequest("There was a problem with the request: property " + property + " does not exist"));
        boolean numeric = definition.isNumeric();
        boolean exact = definition.isEnumeration();
        String value = node.hasNonNull("value") ? node.get("value").asText() : null;
        List<String> values = new ArrayList<>();
        node.path("values").forEach(v -> values.add(v.asText()));
        boolean needsValue = !operator.endsWith("HAS_PROPERTY") && !operator.endsWith("IN");
        if (needsValue && value == null) {
            throw new BadRequest("Filter " + property + " " + operator + " needs a value");
        }
        if (operator.endsWith("IN") && values.isEmpty()) {
            throw new BadRequest("Filter " + property + " " + operator + " needs values");
        }
        double number = Double.NaN;
        double high = Double.NaN;
        double[] numbers = new double[values.size()];
        if (numeric) {
            if (value != null) {
                number = requireNumber(property, value);
            }
            if ("BETWEEN".equals(operator)) {
                String highValue = node.hasNonNull("highValue") ? node.get("highValue").asText() : null;
                if (highValue == null) {
                    throw new BadRequest("Filter " + property + " BETWEEN needs a highValue");
                }
                high = requireNumber(property, highValue);
            }
            for (int i = 0; i < values.size(); i++) {
                numbers[i] = requireNumber(property, values.get(i));
            }
        } else if ("BETWEEN".equals(operator)) {
            throw new BadRequest("Filter " + property + " BETWEEN needs a number or date property");
        }
        return new SearchFilter(property, operator, numeric, exact, value, number, high, List.copyOf(values), numbers);
    }

    private static double requireNumber(String property, String text) {
        OptionalDouble parsed = Timestamps.number(text);
        if (parsed.isEmpty()) {
            throw new BadRequest("Filter value " + text + " for " + property + " is not a number or a date");
        }
        return parsed.getAsDouble();
    }

    /**
     * The least object id this filter lets through when it bounds {@code hs_object_id} from below ({@code GT},
     * {@code GTE}, {@code EQ}); {@link Long#MIN_VALUE} when it does not bound it.
     */
    long lowestId() {
        if (!"hs_object_id".equals(property) || Double.isNaN(number)) {
            return Long.MIN_VALUE;
        }
        return switch (operator) {
            case "GT" -> (long) Math.floor(number) + 1;
            case "GTE", "EQ" -> (long) Math.ceil(number);
            default -> Long.MIN_VALUE;
        };
    }

    boolean matches(Map<String, String> properties) {
        String actual = properties.get(property);
        boolean present = actual != null && !actual.isEmpty();
        switch (operator) {
            case "HAS_PROPERTY":
                return present;
            case "NOT_HAS_PROPERTY":
                return !present;
            case "NEQ":
                return !present || !equal(actual, value, number);
            case "NOT_IN":
                return !present || !in(actual);
            case "NOT_CONTAINS_TOKEN":
                return !present || !containsToken(actual);
            default:
                break;
        }
        if (!present) {
            return false;
        }
        return switch (operator) {
            case "EQ" -> equal(actual, value, number);
            case "IN" -> in(actual);
            case "CONTAINS_TOKEN" -> containsToken(actual);
            case "BETWEEN" -> {
                OptionalDouble n = Timestamps.number(actual);
                yield n.isPresent() && n.getAsDouble() >= number && n.getAsDouble() <= high;
            }
            default -> compare(actual);
        };
    }

    private boolean compare(String actual) {
        int cmp;
        if (numeric) {
            OptionalDouble n = Timestamps.number(actual);
            if (n.isEmpty()) {
                return false;
            }
            cmp = Double.compare(n.getAsDouble(), number);
        } else {
            cmp = actual.compareToIgnoreCase(value);
        }
        return switch (operator) {
            case "LT" -> cmp < 0;
            case "LTE" -> cmp <= 0;
            case "GT" -> cmp > 0;
            default -> cmp >= 0;
        };
    }

    private boolean equal(String actual, String expected, double expectedNumber) {
        if (numeric) {
            OptionalDouble n = Timestamps.number(actual);
            return n.isPresent() && n.getAsDouble() == expectedNumber;
        }
        return exact ? actual.equals(expected) : actual.equalsIgnoreCase(expected);
    }

    private boolean in(String actual) {
        for (int i = 0; i < values.size(); i++) {
            if (equal(actual, values.get(i), numbers[i])) {
                return true;
            }
        }
        return false;
    }

    private boolean containsToken(String actual) {
        String wanted = value.toLowerCase(Locale.ROOT);
        String text = actual.toLowerCase(Locale.ROOT);
        if (wanted.indexOf('*') >= 0) {
            String[] parts = wanted.split("\\*", -1);
            int at = 0;
            for (String part : parts) {
                int found = text.indexOf(part, at);
                if (found < 0) {
                    return false;
                }
                at = found + part.length();
            }
            return true;
        }
        for (String token : text.split("[^\\p{L}\\p{N}]+")) {
            if (token.equals(wanted)) {
                return true;
            }
        }
        return text.equals(wanted);
    }
}
