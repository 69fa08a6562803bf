package io.hubscore.scoring;

import static io.hubscore.scoring.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.config.Operator;
import io.hubscore.config.PropertyRule;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each operator's meaning, as a table of (rule, contact value, matches?). A match is worth 10 points. */
class OperatorSemanticsTest {

    private static final String ABSENT = null;

    private static PropertyRule value(Operator operator, String value) {
        return new PropertyRule("r", "p", operator, value, List.of(), null, null, null, 10);
    }

    private static PropertyRule values(Operator operator, String... values) {
        return new PropertyRule("r", "p", operator, null, List.of(values), null, null, null, 10);
    }

    private static PropertyRule range(Double min, Double max) {
        return new PropertyRule("r", "p", Operator.BETWEEN, null, List.of(), min, max, null, 10);
    }

    private static PropertyRule period(Operator operator, Duration period) {
        return new PropertyRule("r", "p", operator, null, List.of(), null, null, period, 10);
    }

    private static PropertyRule nothing(Operator operator) {
        return new PropertyRule("r", "p", operator, null, List.of(), null, null, null, 10);
    }

    private static Arguments row(PropertyRule rule, String value, boolean matches) {
        return Arguments.of(rule.operator().configName(), rule, value, matches);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // equals: case-insensitive, a multi-select matches when any of its values does
                row(value(Operator.EQUALS, "Marketing Agency"), "marketing agency", true),
                row(value(Operator.EQUALS, "Marketing Agency"), "MARKETING AGENCY", true),
                row(value(Operator.EQUALS, "Marketing Agency"), "Marketing Agency Ltd", false),
                row(value(Operator.EQUALS, "true"), "TRUE", true),
                row(value(Operator.EQUALS, "b"), "a;B;c", true),
                row(value(Operator.EQUALS, "b"), "a; b ;c", true),
                row(value(Operator.EQUALS, "b"), "ab;bc", false),
                row(value(Operator.EQUALS, "x"), ABSENT, false),
                row(value(Operator.EQUALS, "x"), "", false),
                // not-equals: needs a present value that differs
                row(value(Operator.NOT_EQUALS, "Cold"), "Warm", true),
                row(value(Operator.NOT_EQUALS, "Cold"), "cold", false),
                row(value(Operator.NOT_EQUALS, "b"), "a;b", false),
                row(value(Operator.NOT_EQUALS, "Cold"), ABSENT, false),
                row(value(Operator.NOT_EQUALS, "Cold"), "   ", false),
                // in: any listed value, multi-select aware
                row(values(Operator.IN, "United States", "Canada"), "canada", true),
                row(values(Operator.IN, "United States", "Canada"), "Mexico", false),
                row(values(Operator.IN, "United States", "Canada"), "Mexico;Canada", true),
                row(values(Operator.IN, "United States", "Canada"), "Canada Dry", false),
                row(values(Operator.IN, "Straße"), "STRASSE", false),
                row(values(Operator.IN, "Éire"), "éIRE", true),
                row(values(Operator.IN, "a"), ABSENT, false),
                // contains-any: substring of the whole value
                row(values(Operator.CONTAINS_ANY, "Marketing Manager", "Growth"), "Senior marketing manager", true),
                row(values(Operator.CONTAINS_ANY, "Marketing Manager", "Growth"), "Head of GROWTH", true),
                row(values(Operator.CONTAINS_ANY, "Marketing Manager", "Growth"), "Marketing", false),
                row(values(Operator.CONTAINS_ANY, "case study"), "Agency Case Study Download", true),
                row(values(Operator.CONTAINS_ANY, "x"), "", false),
                // starts-with
                row(value(Operator.STARTS_WITH, "VP"), "vp sales", true),
                row(value(Operator.STARTS_WITH, "VP"), "SVP sales", false),
                row(value(Operator.STARTS_WITH, "VP"), "v", false),
                row(value(Operator.STARTS_WITH, "VP"), ABSENT, false),
                // regex: finds a match anywhere, ignoring case
                row(value(Operator.REGEX, "\\bdirector\\b.*marketing"), "Director of Marketing", true),
                row(value(Operator.REGEX, "\\bdirector\\b.*marketing"), "Directorate marketing", false),
                row(value(Operator.REGEX, "^\\d{3}$"), "123", true),
                row(value(Operator.REGEX, "^\\d{3}$"), "1234", false),
                row(value(Operator.REGEX, ".*"), ABSENT, false),
                // regex: case folds beyond ASCII, in the value and in the expression
                row(value(Operator.REGEX, "^directrice\\b"), "DIRECTRICE Marketing", true),
                row(value(Operator.REGEX, "^d\u00e9l\u00e9gu\u00e9e"), "D\u00c9L\u00c9GU\u00c9E commerciale", true),
                row(value(Operator.REGEX, "\\u00e9quipe"), "\u00c9QUIPE", true),
                row(value(Operator.REGEX, "\\x{212A}elvin"), "kelvin", true),
                row(value(Operator.REGEX, "\u017Fales"), "SALES", true),
                // an ASCII expression's required text is checked before it runs, on non-ASCII values too
                row(value(Operator.REGEX, "kelvin scale"), "\u212Aelvin scale", true),
                row(value(Operator.REGEX, "^sales team"), "\u017Fales team", true),
                row(value(Operator.REGEX, "\\bmarketing\\b"), "MARKET\u0130NG lead", true),
                row(value(Operator.REGEX, "\\bmarketing\\b"), "market\u00edng lead", false),
                // between: numeric, inclusive, either bound optional
                row(range(10.0, 50.0), "10", true),
                row(range(10.0, 50.0), "50", true),
                row(range(10.0, 50.0), "50.0", true),
                row(range(10.0, 50.0), "50.01", false),
                row(range(10.0, 50.0), "9.999", false),
                row(range(10.0, 50.0), " 25 ", true),
                row(range(10.0, 50.0), "+25", true),
                row(range(10.0, 50.0), "2.5e1", true),
                row(range(null, 9.0), "-3", true),
                row(range(null, 9.0), "9", true),
                row(range(null, 9.0), "10", false),
                row(range(2.0, null), "1000000", true),
                row(range(2.0, null), "1.99", false),
                row(range(2.0, null), ABSENT, false),
                row(range(2.0, null), "12 employees", false),
                row(range(2.0, null), "1,000", false),
                row(range(2.0, null), "NaN", false),
                row(range(2.0, null), "Infinity", false),
                row(range(2.0, null), "0x10", false),
                row(range(2.0, null), "12d", false),
                row(range(2.0, null), "123;456", false),
                // exists and missing: empty and blank count as missing
                row(nothing(Operator.EXISTS), "x", true),
                row(nothing(Operator.EXISTS), "", false),
                row(nothing(Operator.EXISTS), ABSENT, false),
                row(nothing(Operator.MISSING), ABSENT, true),
                row(nothing(Operator.MISSING), "", true),
                row(nothing(Operator.MISSING), "  ", true),
                row(nothing(Operator.MISSING), "Acme", false),
                // within and older-than: the value is a date, compared with now (2026-03-01T00:00Z)
                row(period(Operator.WITHIN, Duration.ofDays(14)), "2026-02-15", true),
                row(period(Operator.WITHIN, Duration.ofDays(14)), "2026-02-14", false),
                row(period(Operator.WITHIN, Duration.ofDays(14)), "2026-02-14T23:59:59.999Z", false),
                row(period(Operator.WITHIN, Duration.ofDays(14)), "2026-02-15T00:00:00Z", true),
                row(period(Operator.WITHIN, Duration.ofDays(14)), "2026-02-15T01:00:00+01:00", true),
                row(period(Operator.WITHIN, Duration.ofDays(14)), "2026-02-14T23:00:00-01:00", true),
                row(period(Operator.WITHIN, Duration.ofDays(14)), "2026-02-20T10:00:00Z[Europe/Paris]", true),
                row(period(Operator.WITHIN, Duration.ofDays(14)), "1771113600000", true),
                row(period(Operator.WITHIN, Duration.ofDays(14)), "1771113599999", false),
                row(period(Operator.WITHIN, Duration.ofDays(14)), "2026-06-01", true),
                row(period(Operator.WITHIN, Duration.ofDays(14)), "2026-02-20T10:00:00", false),
                row(period(Operator.WITHIN, Duration.ofDays(14)), "yesterday", false),
                row(period(Operator.WITHIN, Duration.ofDays(14)), ABSENT, false),
                row(period(Operator.OLDER_THAN, Duration.ofDays(365)), "2025-03-01", false),
                row(period(Operator.OLDER_THAN, Duration.ofDays(365)), "2025-02-28", true),
                row(period(Operator.OLDER_THAN, Duration.ofDays(365)), "2026-06-01", false),
                row(period(Operator.OLDER_THAN, Duration.ofDays(365)), "2025-13-01", false),
                row(period(Operator.OLDER_THAN, Duration.ofDays(365)), ABSENT, false),
                // email-domain-in: the domain or a subdomain of it
                row(values(Operator.EMAIL_DOMAIN_IN, "gmail.com"), "jane@gmail.com", true),
                row(values(Operator.EMAIL_DOMAIN_IN, "gmail.com"), "Jane@GMail.COM", true),
                row(values(Operator.EMAIL_DOMAIN_IN, "gmail.com"), "jane@mail.gmail.com", true),
                row(values(Operator.EMAIL_DOMAIN_IN, "gmail.com"), "jane@notgmail.com", false),
                row(values(Operator.EMAIL_DOMAIN_IN, "gmail.com"), "gmail.com@acme.io", false),
                row(values(Operator.EMAIL_DOMAIN_IN, "@gmail.com"), "jane@gmail.com", true),
                row(values(Operator.EMAIL_DOMAIN_IN, "gmail.com"), "jane.gmail.com", false),
                row(values(Operator.EMAIL_DOMAIN_IN, "gmail.com"), ABSENT, false));
    }

    @ParameterizedTest(name = "{0} {1} on {2} matches: {3}")
    @MethodSource("table")
    void anOperatorMatchesExactlyTheValuesItsMeaningSays(String operator, PropertyRule rule, String value,
            boolean matches) {
        ScoringModel model = Fixtures.singleRule(rule);
        Map<String, String> properties = new HashMap<>();
        if (value != null) {
            properties.put("p", value);
        }

        ScoreResult result = model.score(Fixtures.input(new ContactSnapshot("c-1", properties)));

        assertEquals(matches ? 10 : 0, result.score(), () -> Fixtures.lines(result).toString());
    }

    static Stream<Arguments> unreadable() {
        return Stream.of(
                Arguments.of(range(2.0, null), "12 employees", "'12 employees' is not a number"),
                Arguments.of(range(2.0, null), "123;456", "'123;456' is not a number"),
                Arguments.of(period(Operator.WITHIN, Duration.ofDays(1)), "last week", "'last week' is not a date"),
                Arguments.of(period(Operator.OLDER_THAN, Duration.ofDays(1)), "2026-02-30",
                        "'2026-02-30' is not a date"),
                Arguments.of(values(Operator.EMAIL_DOMAIN_IN, "gmail.com"), "jane at gmail",
                        "'jane at gmail' is not an email address"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unreadable")
    void aValueTheRuleCannotReadIsANoteAndNoMatch(PropertyRule rule, String value, String message) {
        ScoringModel model = Fixtures.singleRule(rule);

        ScoreResult result = model.score(Fixtures.input(Fixtures.contact("p=" + value)));

        assertEquals(0, result.score());
        assertEquals(List.of(new DataQualityNote("r", "p", message)), result.notes());
    }

    @Nested
    class MissingValues {

        @Test
        void aMissingPropertyMatchesNoPositiveTestButMissing() {
            for (Operator operator : Operator.values()) {
                PropertyRule rule = switch (operator.needs()) {
                    case VALUE -> value(operator, operator == Operator.REGEX ? ".*" : "x");
                    case VALUES -> values(operator, "x");
                    case RANGE -> range(null, 1e300);
                    case PERIOD -> period(operator, Duration.ofDays(1));
                    case NOTHING -> nothing(operator);
                };

                ScoreResult result = Fixtures.singleRule(rule).score(Fixtures.input(Fixtures.contact()));

                assertEquals(operator == Operator.MISSING ? 10 : 0, result.score(), operator.configName());
                assertTrue(result.notes().isEmpty(), operator.configName());
            }
        }

        @Test
        void aLongValueIsShortenedInItsNote() {
            String value = "x".repeat(100);

            ScoreResult result = Fixtures.singleRule(range(1.0, null)).score(Fixtures.input(Fixtures.contact("p=" + value)));

            assertEquals("'" + "x".repeat(37) + "...' is not a number", result.notes().get(0).message());
        }
    }

    @Test
    void nowIsTheOnlyTimeADateIsComparedWith() {
        PropertyRule rule = period(Operator.WITHIN, Duration.ofDays(14));
        ScoringModel model = Fixtures.singleRule(rule);
        ContactSnapshot contact = Fixtures.contact("p=2026-02-15");

        ScoreResult atNow = model.score(new ScoringInput(contact, List.of(), false, null, NOW));
        ScoreResult aDayLater = model.score(new ScoringInput(contact, List.of(), false, null, NOW.plus(Duration.ofDays(1))));

        assertEquals(10, atNow.score());
        assertEquals(0, aDayLater.score());
    }
}
