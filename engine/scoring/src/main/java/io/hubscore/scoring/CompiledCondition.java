package io.hubscore.scoring;

import io.hubscore.config.Condition;
import io.hubscore.config.Operator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@link Condition} made ready to test: values folded to lower case (lists into a {@link FoldedSet}), the
 * regular expression compiled, the range and period as primitives, the property name interned. Testing parses
 * nothing of the model. Immutable and thread-safe.
 */
final class CompiledCondition {

    private final String property;
    private final Operator operator;
    private final String folded;
    private final FoldedSet set;
    private final String[] foldedValues;
    private final Pattern pattern;
    /**
     * The same expression matching case-insensitively in ASCII only, which is several times cheaper; used for
     * ASCII values when the expression itself can only denote ASCII text, where the two always agree. Null
     * otherwise.
     */
    private final Pattern asciiPattern;
    /**
     * Folded text every match contains, checked before running the expression; null when none is known. Known
     * only for an expression with an ASCII pattern.
     */
    private final String asciiRequired;
    private final double min;
    private final double max;
    private final long periodMillis;
    private final String canonical;

    CompiledCondition(Condition c) {
        this.property = c.property().intern();
        this.operator = Objects.requireNonNull(c.operator(), "operator");
        this.folded = c.value() == null ? null : Text.fold(c.value());
        List<String> values = switch (operator) {
            case EQUALS, NOT_EQUALS -> List.of(c.value());
            case EMAIL_DOMAIN_IN -> c.values().stream().map(CompiledCondition::withoutAt).toList();
            default -> c.values();
        };
        this.set = new FoldedSet(values);
        this.foldedValues = set.sorted().toArray(String[]::new);
        this.pattern = operator == Operator.REGEX
                ? Pattern.compile(c.value(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                : null;
        this.asciiPattern = operator == Operator.REGEX && RequiredLiteral.asciiOnly(c.value())
                ? Pattern.compile(c.value(), Pattern.CASE_INSENSITIVE)
                : null;
        this.asciiRequired = asciiPattern == null ? null : RequiredLiteral.of(c.value());
        this.min = c.min() == null ? Double.NEGATIVE_INFINITY : c.min();
        this.max = c.max() == null ? Double.POSITIVE_INFINITY : c.max();
        this.periodMillis = c.period() == null ? 0 : c.period().toMillis();
        this.canonical = canonical(c);
    }

    String property() {
        return property;
    }

    /**
     * Tests the contact's value of the property.
     *
     * @param value the raw value; null, empty or blank means missing
     * @param source the rule or suppression testing, named in notes
     */
    boolean test(String value, long nowMillis, Notes notes, String source) {
        if (Values.isAbsent(value)) {
            return operator == Operator.MISSING;
        }
        return switch (operator) {
            case MISSING -> false;
            case EXISTS -> true;
            case EQUALS -> set(value);
            case NOT_EQUALS -> !set(value);
            case IN -> set.containsAnyOf(value);
            case CONTAINS_ANY -> containsAny(value);
            case STARTS_WITH -> Text.startsWithFolded(value.stripLeading(), folded);
            case REGEX -> regex(value);
            case BETWEEN -> between(value, notes, source);
            case WITHIN, OLDER_THAN -> age(value, nowMillis, notes, source);
            case EMAIL_DOMAIN_IN -> emailDomain(value, notes, source);
        };
    }

    private static boolean isAscii(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            if (value.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    private boolean regex(String value) {
        // the required text is folded as the full pattern folds case, so it holds for any value
        if (asciiRequired != null && !Text.containsFolded(value, asciiRequired)) {
            return false;
        }
        return (asciiPattern != null && isAscii(value) ? asciiPattern : pattern).matcher(value).find();
    }

    /** equals and not-equals compare with the single value, as a one-element set. */
    private boolean set(String value) {
        return set.containsAnyOf(value);
    }

    /** Admins may write a domain as {@code @gmail.com}. */
    private static String withoutAt(String domain) {
        String d = domain.strip();
        return d.startsWith("@") ? d.substring(1) : d;
    }

    private boolean containsAny(String value) {
        for (String needle : foldedValues) {
            if (Text.containsFolded(value, needle)) {
                return true;
            }
        }
        return false;
    }

    private boolean between(String value, Notes notes, String source) {
        double number = Values.parseNumber(value);
        if (Double.isNaN(number)) {
            notes.add(source, property, Values.quote(value, " is not a number"));
            return false;
        }
        return number >= min && number <= max;
    }

    private boolean age(String value, long nowMillis, Notes notes, String source) {
        long date = Values.parseDate(value);
        if (date == Values.NO_DATE) {
            notes.add(source, property, Values.quote(value, " is not a date"));
            return false;
        }
        long age = Math.max(0, nowMillis - date);
        return operator == Operator.WITHIN ? age <= periodMillis : age > periodMillis;
    }

    private boolean emailDomain(String value, Notes notes, String source) {
        String email = value.strip();
        int at = email.lastIndexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            notes.add(source, property, Values.quote(value, " is not an email address"));
            return false;
        }
        for (String domain : foldedValues) {
            if (Text.endsWithFolded(email, domain)) {
                int before = email.length() - domain.length() - 1;
                if (before >= at && (email.charAt(before) == '@' || email.charAt(before) == '.')) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The condition in canonical text, for the model fingerprint. */
    String canonical() {
        return canonical;
    }

    private String canonical(Condition c) {
        StringBuilder s = new StringBuilder();
        s.append("property ").append(Canonical.quote(property)).append(" operator ").append(operator.configName());
        switch (operator.needs()) {
            case VALUE -> s.append(" value ").append(Canonical.quote(operator == Operator.REGEX ? c.value() : folded));
            case VALUES -> s.append(" values ").append(Canonical.list(set.sorted()));
            case RANGE -> s.append(" min ").append(min).append(" max ").append(max);
            case PERIOD -> s.append(" period-ms ").append(periodMillis);
            case NOTHING -> {
                // exists and missing have no operand
            }
        }
        return s.toString();
    }
}
