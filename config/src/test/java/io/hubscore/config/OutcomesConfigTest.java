package io.hubscore.config;

import static io.hubscore.config.ConfigLoaderTest.MINIMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code outcomes} section: absent, defaulted, written out, and each way it can be wrong. */
class OutcomesConfigTest {

    private static List<String> problems(String yaml) {
        return ConfigLoaderTest.formatted(new ConfigLoader(name -> null).parse("test.yaml", yaml));
    }

    @Test
    void withoutTheSectionNoOutcomesAreConfigured() {
        assertNull(ConfigLoaderTest.valid(MINIMAL).outcomes());
    }

    @Test
    void anEmptySectionTakesTheDefaults() {
        OutcomesConfig outcomes = ConfigLoaderTest.valid(MINIMAL + "outcomes: {}\n").outcomes();

        assertEquals(OutcomesConfig.DEFAULT_CONVERSION_STAGES, outcomes.conversionStages());
        assertEquals(Duration.ofDays(90), outcomes.window());
        assertNull(outcomes.baseline());
        assertEquals(Map.of(), outcomes.capacity());
    }

    @Test
    void everyKeyIsBound() {
        OutcomesConfig outcomes = ConfigLoaderTest.valid(MINIMAL + """
                outcomes:
                  conversion-stages: [opportunity]
                  window: 30d
                  baseline: {from: 2026-01-01, to: 2026-03-31}
                  capacity: {Hot: 40}
                """).outcomes();

        assertEquals(List.of("opportunity"), outcomes.conversionStages());
        assertEquals(Duration.ofDays(30), outcomes.window());
        assertEquals(LocalDate.of(2026, 1, 1), outcomes.baseline().from());
        assertEquals(LocalDate.of(2026, 3, 31), outcomes.baseline().to());
        assertEquals(Map.of("Hot", 40), outcomes.capacity());
    }

    @Test
    void eachMistakeIsLocatedWithAHint() {
        List<String> found = problems(MINIMAL + """
                outcomes:
                  conversion-stages: [Sales Qualified]
                  window: 0d
                  baseline: {from: 2026-03-31, to: 2026-01-01}
                  capacity: {Hott: 40, Cold: -1}
                """);

        assertEquals(List.of(
                "test.yaml:26:23: outcomes.conversion-stages[0]: 'Sales Qualified' is not a lifecycle stage's internal"
                        + " name (e.g. salesqualifiedlead, opportunity, customer (a custom stage's numeric id also works))",
                "test.yaml:27:11: outcomes.window: must be longer than zero (e.g. 90d)",
                "test.yaml:28:36: outcomes.baseline.to: the baseline ends (2026-01-01) before it starts (2026-03-31)",
                "test.yaml:29:20: outcomes.capacity.Hott: unknown band 'Hott' (did you mean 'Hot'? bands: Hot, Cold)",
                "test.yaml:29:30: outcomes.capacity.Cold: must not be negative (contacts sales can work per week, e.g. 40)"),
                found);
    }

    @Test
    void aDateThatIsNotADateIsAWrongType() {
        List<String> found = problems(MINIMAL + """
                outcomes:
                  baseline: {from: last spring, to: 2026-01-01}
                """);

        assertEquals(List.of("test.yaml:26:20: outcomes.baseline.from: expected a date, found 'last spring' "
                + "(write it as YYYY-MM-DD, e.g. 2026-01-31)"), found);
    }
}
