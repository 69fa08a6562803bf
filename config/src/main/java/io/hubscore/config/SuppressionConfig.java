package io.hubscore.config;

/**
 * A named condition under which hubscore holds back: {@code no-write} (scored, nothing written),
 * {@code freeze-band} (band held, score still updated) or {@code cap-band} (band never above
 * {@code band}). The contact is suppressed when {@code when} matches or, with {@code open-deal}, when it
 * has an open deal.
 *
 * @param when a property condition; may be null when {@code openDeal} is set
 * @param band the highest band allowed, for {@code cap-band} only; null otherwise
 */
public record SuppressionConfig(
        String name,
        @OptionalKey Condition when,
        @Default("false") boolean openDeal,
        Action action,
        @OptionalKey String band) {

    /** What a suppression does. */
    public enum Action {
        NO_WRITE,
        FREEZE_BAND,
        CAP_BAND
    }
}
