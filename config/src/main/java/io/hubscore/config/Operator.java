package io.hubscore.config;

import java.util.Locale;

/**
 * How a condition tests a contact property. Text comparisons ignore case. A missing (absent or empty)
 * property never matches, except with {@link #MISSING}.
 */
public enum Operator {
    /** The value equals {@code value}. */
    EQUALS(Needs.VALUE),
    /** The value is present and differs from {@code value}. */
    NOT_EQUALS(Needs.VALUE),
    /** The value (or one of a multi-select's values) is one of {@code values}. */
    IN(Needs.VALUES),
    /** The value contains any of {@code values} as a substring. */
    CONTAINS_ANY(Needs.VALUES),
    /** The value starts with {@code value}. */
    STARTS_WITH(Needs.VALUE),
    /** The regular expression {@code value} finds a match in the value. */
    REGEX(Needs.VALUE),
    /** The value is a number within {@code min}..{@code max}, both inclusive, either may be left out. */
    BETWEEN(Needs.RANGE),
    /** The property has a value. */
    EXISTS(Needs.NOTHING),
    /** The property is absent or empty. */
    MISSING(Needs.NOTHING),
    /** The value is a date no older than {@code period}. */
    WITHIN(Needs.PERIOD),
    /** The value is a date older than {@code period}. */
    OLDER_THAN(Needs.PERIOD),
    /** The value is an email address whose domain is one of {@code values} (or a subdomain of one). */
    EMAIL_DOMAIN_IN(Needs.VALUES);

    /** Which of a condition's fields the operator reads. */
    public enum Needs {
        VALUE,
        VALUES,
        RANGE,
        PERIOD,
        NOTHING
    }

    private final Needs needs;

    Operator(Needs needs) {
        this.needs = needs;
    }

    public Needs needs() {
        return needs;
    }

    /** The name as written in the config, e.g. {@code contains-any}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
