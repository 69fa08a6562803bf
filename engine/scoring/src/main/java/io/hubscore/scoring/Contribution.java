package io.hubscore.scoring;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of a score's explanation. Points are exact fixed-point numbers in millionths of a point
 * ({@code micros}); the {@code points} of all lines of a result add up exactly to its score. Immutable.
 *
 * @param name the rule's name, or for an adjustment line what it adjusts ({@code fit cap}, {@code rounding})
 * @param rawMicros for a rule, its points before decay and caps (an event rule: points x matching events);
 *     0 for an adjustment line
 * @param micros the points this line adds to the score, after decay and per-rule caps, unrounded
 */
public record Contribution(String name, Group group, Kind kind, long rawMicros, long micros) {

    /** Millionths of a point in one point. */
    public static final long MICROS_PER_POINT = 1_000_000L;

    /** Where a line belongs. */
    public enum Group {
        FIT,
        ENGAGEMENT,
        /** The final rounding of the total. */
        SCORE
    }

    /** What a line is. */
    public enum Kind {
        /** A rule on the contact's properties matched. */
        PROPERTY_RULE,
        /** An engagement rule counted at least one engagement. */
        EVENT_RULE,
        /** The group's points were above its cap. */
        GROUP_CAP,
        /** The group's points were below its floor. */
        GROUP_FLOOR,
        /** Step decay took points off engagement. */
        STEP_DECAY,
        /** The total was rounded half-up to a whole score. */
        ROUNDING
    }

    public Contribution {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(kind, "kind");
    }

    /** The points this line adds, unrounded (scale 6). */
    public BigDecimal points() {
        return BigDecimal.valueOf(micros, 6);
    }

    /** The rule's points before decay and caps (scale 6); zero for an adjustment line. */
    public BigDecimal rawPoints() {
        return BigDecimal.valueOf(rawMicros, 6);
    }

    /** Whether this line comes from a rule (as opposed to a cap, floor, decay or rounding adjustment). */
    public boolean isRule() {
        return kind == Kind.PROPERTY_RULE || kind == Kind.EVENT_RULE;
    }
}
