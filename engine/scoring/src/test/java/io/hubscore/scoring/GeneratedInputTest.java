package io.hubscore.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.config.SuppressionConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Properties that hold for every model and every contact, checked on seeded random models (valid as the config
 * validator would accept them) and contacts full of values no rule can read.
 */
class GeneratedInputTest {

    private static final Instant NOW = Fixtures.NOW;
    private static final int MODELS = 200;
    private static final int CONTACTS_PER_MODEL = 20;

    @Nested
    class Explanations {

        @Test
        void contributionsSumExactlyToTheScoreAndTheSubScores() {
            RandomModels random = new RandomModels(1);
            int nonZero = 0;

            for (int m = 0; m < MODELS; m++) {
                RandomModels.Parts parts = random.model(false);
                ScoringModel model = parts.compile();
                for (int c = 0; c < CONTACTS_PER_MODEL; c++) {
                    ScoringInput input = new ScoringInput(random.contact(NOW), random.events(NOW), c % 3 == 0,
                            random.previous(parts, NOW), NOW);

                    ScoreResult result = model.score(input);

                    assertEquals(result.score() * Contribution.MICROS_PER_POINT, Fixtures.sumOfMicros(result),
                            () -> describe(parts, input, result));
                    assertEquals(result.fitMicros(), sumOf(result, Contribution.Group.FIT));
                    assertEquals(result.engagementMicros(), sumOf(result, Contribution.Group.ENGAGEMENT));
                    assertEquals(ScoringModel.roundHalfUp(result.fitMicros() + result.engagementMicros()),
                            result.score());
                    nonZero += result.score() != 0 ? 1 : 0;
                }
            }

            assertTrue(nonZero > MODELS * CONTACTS_PER_MODEL / 2, "most contacts should score: " + nonZero);
        }

        @Test
        void everyRuleLineNamesARuleOfTheModelInModelOrder() {
            RandomModels random = new RandomModels(2);

            for (int m = 0; m < MODELS; m++) {
                RandomModels.Parts parts = random.model(false);
                ScoringModel model = parts.compile();
                List<String> order = ruleNames(parts);
                ScoringInput input = new ScoringInput(random.contact(NOW), random.events(NOW), false, null, NOW);

                ScoreResult result = model.score(input);

                int last = -1;
                for (Contribution line : result.contributions()) {
                    if (line.isRule()) {
                        int at = order.indexOf(line.group() + "/" + line.name());
                        assertTrue(at > last, () -> line.name() + " out of model order in " + result.contributions());
                        last = at;
                    }
                }
            }
        }
    }

    @Nested
    class Caps {

        @Test
        void noSubScoreIsEverAboveItsCapOrBelowItsFloor() {
            RandomModels random = new RandomModels(3);

            for (int m = 0; m < MODELS; m++) {
                RandomModels.Parts parts = random.model(false);
                ScoringModel model = parts.compile();
                for (int c = 0; c < CONTACTS_PER_MODEL; c++) {
                    ScoringInput input = new ScoringInput(random.contact(NOW), random.events(NOW), false, null, NOW);

                    ScoreResult result = model.score(input);

                    assertWithin(parts.model().fit().cap(), parts.model().fit().floor(), result.fitMicros());
                    assertWithin(parts.model().engagement().cap(), parts.model().engagement().floor(),
                            result.engagementMicros());
                }
            }
        }

        @Test
        void noEngagementRuleEverGivesMoreThanItsMaxPoints() {
            RandomModels random = new RandomModels(4);

            for (int m = 0; m < MODELS; m++) {
                RandomModels.Parts parts = random.model(false);
                ScoringModel model = parts.compile();
                Map<String, Integer> maxPoints = new HashMap<>();
                parts.model().engagement().events()
                        .forEach(e -> maxPoints.put("ENGAGEMENT/" + e.name(), e.maxPoints()));
                parts.model().fit().events().forEach(e -> maxPoints.put("FIT/" + e.name(), e.maxPoints()));
                for (int c = 0; c < CONTACTS_PER_MODEL; c++) {
                    ScoringInput input = new ScoringInput(random.contact(NOW), random.events(NOW), false, null, NOW);

                    ScoreResult result = model.score(input);

                    for (Contribution line : result.contributions()) {
                        Integer max = maxPoints.get(line.group() + "/" + line.name());
                        if (line.kind() == Contribution.Kind.EVENT_RULE && max != null) {
                            long limit = max * Contribution.MICROS_PER_POINT;
                            assertTrue(Math.abs(line.micros()) <= Math.abs(limit), () -> line + " above " + max);
                        }
                    }
                }
            }
        }

        @Test
        void aCappedBandIsNeverExceeded() {
            RandomModels random = new RandomModels(5);

            for (int m = 0; m < MODELS; m++) {
                RandomModels.Parts parts = random.model(false);
                ScoringModel model = parts.compile();
                List<String> bandsHighestFirst = parts.bands().levels().stream().map(b -> b.name()).toList();
                for (int c = 0; c < CONTACTS_PER_MODEL; c++) {
                    ScoringInput input = new ScoringInput(random.contact(NOW), random.events(NOW), c % 2 == 0,
                            random.previous(parts, NOW), NOW);

                    ScoreResult result = model.score(input);

                    if (result.suppression() != null
                            && result.suppression().action() == SuppressionConfig.Action.CAP_BAND) {
                        String cap = parts.suppressions().stream()
                                .filter(s -> s.name().equals(result.suppression().name()))
                                .findFirst().orElseThrow().band();
                        assertTrue(bandsHighestFirst.indexOf(result.band()) >= bandsHighestFirst.indexOf(cap),
                                () -> result.band() + " is above the cap " + cap);
                    }
                }
            }
        }
    }

    @Nested
    class Decay {

        @Test
        void aScoreNeverRisesAsTimePassesWithoutNewEngagements() {
            RandomModels random = new RandomModels(6);
            int fell = 0;

            for (int m = 0; m < MODELS; m++) {
                RandomModels.Parts parts = random.model(true);
                ScoringModel model = parts.compile();
                for (int c = 0; c < CONTACTS_PER_MODEL; c++) {
                    ContactSnapshot contact = random.contact(NOW);
                    List<EngagementEvent> events = random.events(NOW);
                    ScoreResult before = model.score(new ScoringInput(contact, events, false, null, NOW));
                    for (Duration step : List.of(Duration.ofMinutes(1), Duration.ofHours(7), Duration.ofDays(3),
                            Duration.ofDays(45), Duration.ofDays(400))) {

                        ScoreResult after = model.score(new ScoringInput(contact, events, false, null, NOW.plus(step)));

                        assertTrue(after.score() <= before.score(),
                                () -> "score rose from " + before.score() + " to " + after.score() + " after " + step);
                        assertTrue(after.engagementMicros() <= before.engagementMicros());
                        assertTrue(after.fitMicros() <= before.fitMicros());
                        fell += after.score() < before.score() ? 1 : 0;
                    }
                }
            }

            assertTrue(fell > 1_000, "scores should fall often enough for the property to mean something: " + fell);
        }

        @Test
        void everyEngagementRuleFadesTowardZeroWhateverTheSignOfItsPoints() {
            RandomModels random = new RandomModels(7);

            for (int m = 0; m < MODELS; m++) {
                ScoringModel model = random.model(false).compile();
                for (int c = 0; c < CONTACTS_PER_MODEL; c++) {
                    ContactSnapshot contact = random.contact(NOW);
                    List<EngagementEvent> events = random.events(NOW);
                    Map<String, Long> before = eventLines(model.score(new ScoringInput(contact, events, false, null,
                            NOW)));

                    Map<String, Long> after = eventLines(model.score(new ScoringInput(contact, events, false, null,
                            NOW.plus(Duration.ofDays(5)))));

                    after.forEach((rule, micros) -> assertTrue(Math.abs(micros) <= Math.abs(before.get(rule)),
                            () -> rule + " grew from " + before.get(rule) + " to " + micros));
                }
            }
        }
    }

    @Nested
    class Garbage {

        @Test
        void unreadableValuesNeverThrowAndEveryNoteNamesItsSource() {
            RandomModels random = new RandomModels(8);
            int notes = 0;

            for (int m = 0; m < MODELS; m++) {
                RandomModels.Parts parts = random.model(false);
                ScoringModel model = parts.compile();
                for (int c = 0; c < CONTACTS_PER_MODEL; c++) {
                    ScoringInput input = new ScoringInput(random.contact(NOW), random.events(NOW), c % 2 == 0,
                            random.previous(parts, NOW), NOW);

                    ScoreResult result = model.score(input);

                    for (DataQualityNote note : result.notes()) {
                        assertTrue(note.message().length() < 200, note::message);
                        notes++;
                    }
                }
            }

            assertTrue(notes > 0, "the generated contacts should hold values no rule can read");
        }
    }

    @Nested
    class Determinism {

        @Test
        void theSameInputGivesTheIdenticalResultWhateverTheOrderOfEngagementsAndProperties() {
            RandomModels random = new RandomModels(9);
            Random shuffle = new Random(9);

            for (int m = 0; m < MODELS; m++) {
                RandomModels.Parts parts = random.model(false);
                ScoringModel model = parts.compile();
                ScoringModel again = parts.compile();
                for (int c = 0; c < 10; c++) {
                    ContactSnapshot contact = random.contact(NOW);
                    List<EngagementEvent> events = random.events(NOW);
                    BandState previous = random.previous(parts, NOW);
                    List<EngagementEvent> shuffled = new ArrayList<>(events);
                    Collections.shuffle(shuffled, shuffle);
                    ContactSnapshot reordered = new ContactSnapshot(contact.id(), new TreeMap<>(contact.properties()));

                    ScoreResult first = model.score(new ScoringInput(contact, events, true, previous, NOW));
                    ScoreResult second = again.score(new ScoringInput(reordered, shuffled, true, previous, NOW));

                    assertEquals(first, second);
                    assertEquals(model.fingerprint(), second.fingerprint());
                }
            }
        }

        @Test
        void theFingerprintChangesWithTheModelAndOnlyWithIt() {
            RandomModels random = new RandomModels(10);
            Map<String, String> seen = new HashMap<>();

            for (int m = 0; m < MODELS; m++) {
                RandomModels.Parts parts = random.model(false);

                String fingerprint = parts.compile().fingerprint();

                assertEquals(fingerprint, parts.compile().fingerprint());
                assertTrue(fingerprint.matches("[0-9a-f]{64}"), fingerprint);
                String canonical = parts.compile().canonical();
                String earlier = seen.put(fingerprint, canonical);
                assertTrue(earlier == null || earlier.equals(canonical), "two models share a fingerprint");
            }
        }
    }

    private static void assertWithin(Integer cap, Integer floor, long micros) {
        if (cap != null) {
            assertTrue(micros <= cap * Contribution.MICROS_PER_POINT, () -> micros + " above the cap " + cap);
        }
        if (floor != null) {
            assertTrue(micros >= floor * Contribution.MICROS_PER_POINT, () -> micros + " below the floor " + floor);
        }
    }

    private static long sumOf(ScoreResult result, Contribution.Group group) {
        long sum = 0;
        for (Contribution c : result.contributions()) {
            if (c.group() == group) {
                sum += c.micros();
            }
        }
        return sum;
    }

    private static Map<String, Long> eventLines(ScoreResult result) {
        Map<String, Long> lines = new HashMap<>();
        for (Contribution c : result.contributions()) {
            if (c.kind() == Contribution.Kind.EVENT_RULE) {
                lines.put(c.group() + "/" + c.name(), c.micros());
            }
        }
        return lines;
    }

    private static List<String> ruleNames(RandomModels.Parts parts) {
        List<String> names = new ArrayList<>();
        parts.model().fit().rules().forEach(r -> names.add("FIT/" + r.name()));
        parts.model().fit().events().forEach(r -> names.add("FIT/" + r.name()));
        parts.model().engagement().rules().forEach(r -> names.add("ENGAGEMENT/" + r.name()));
        parts.model().engagement().events().forEach(r -> names.add("ENGAGEMENT/" + r.name()));
        return names;
    }

    private static String describe(RandomModels.Parts parts, ScoringInput input, ScoreResult result) {
        return "model " + parts.model() + "\ninput " + input + "\nresult " + result;
    }
}
