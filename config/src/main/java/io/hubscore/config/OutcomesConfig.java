package io.hubscore.config;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What counts as a sale's outcome, for the outcome report and calibration: which lifecycle stages are a conversion,
 * how long after entering a band a conversion still counts for it, the period the report compares against, and how
 * many contacts sales can work per band per week. With this section present the daemon also pulls lifecycle stage
 * history, lead status and deals.
 *
 * @param conversionStages lifecycle stages (internal names) whose entry is a conversion; empty means the default
 *     {@code salesqualifiedlead}, {@code opportunity}, {@code customer}
 * @param window a conversion counts for a band entry when it happens within this time after the entry
 * @param baseline the period the report compares against; null means the 90 days before the first model release
 * @param capacity contacts sales can work per week, by band name (bands left out have no stated capacity)
 */
public record OutcomesConfig(
        List<String> conversionStages,
        @Default("90d") Duration window,
        @OptionalKey BaselineConfig baseline,
        Map<String, Integer> capacity) {

    /** The conversion stages used when none are written. */
    public static final List<String> DEFAULT_CONVERSION_STAGES =
            List.of("salesqualifiedlead", "opportunity", "customer");

    /** The default baseline: this long before the first model release. */
    public static final Duration DEFAULT_BASELINE = Duration.ofDays(90);

    public OutcomesConfig {
        conversionStages = conversionStages == null || conversionStages.isEmpty()
                ? DEFAULT_CONVERSION_STAGES : List.copyOf(conversionStages);
        capacity = capacity == null ? Map.of() : Map.copyOf(capacity);
    }

    /**
     * The baseline period, both days inclusive (UTC).
     *
     * @param from its first day
     * @param to its last day
     */
    public record BaselineConfig(@Required LocalDate from, @Required LocalDate to) {
    }
}
