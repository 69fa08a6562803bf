package io.hubscore.scoring;

import java.util.Objects;

/**
 * Something in the contact's data that a rule could not read, e.g. "12 employees" where a number was expected.
 * The rule did not match; scoring went on. Immutable.
 *
 * @param source the rule or suppression that read the value, or {@code decay}
 * @param property the property read; null when the note is not about one property
 * @param message what was wrong, quoting at most 40 characters of the value
 */
public record DataQualityNote(String source, String property, String message) {

    public DataQualityNote {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }
}
