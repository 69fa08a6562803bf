package io.hubscore.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.config.BandsConfig;
import io.hubscore.config.SyncConfig;
import io.hubscore.config.TransitionsConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Deciding a band for a recorded score gives what scoring the contact decided, hysteresis and cooldown included. */
class BandReplayTest {

    private static final List<String> TITLES = List.of("Marketing Manager", "Agency Owner", "Student", "CEO", "");
    private static final List<String> INDUSTRIES = List.of("Marketing Agency", "Retail", "");
    private static final List<String> CONVERSIONS = List.of("0", "1", "3");
    private static final List<String> VIEWS = List.of("0", "4", "12");

    @Test
    void aRecordedScoreReplayedThroughTheBandsGivesTheSameBandAndTransition() {
        SyncConfig example = Fixtures.example("icp-agency.yaml");
        ScoringModel model = ScoringModel.compile(example.model(), new BandsConfig(4, example.bands().levels()),
                new TransitionsConfig(Duration.ofDays(2), true), List.of());
        Random random = new Random(7);
        Set<String> seen = new HashSet<>();
        for (int contact = 0; contact < 300; contact++) {
            BandState previous = null;
            Instant now = Fixtures.NOW;
            for (int step = 0; step < 8; step++) {
                now = now.plus(Duration.ofHours(random.nextInt(96)));
                ContactSnapshot snapshot = Fixtures.contact("jobtitle=" + pick(random, TITLES),
                        "industry=" + pick(random, INDUSTRIES), "num_conversion_events=" + pick(random, CONVERSIONS),
                        "hs_analytics_num_page_views=" + pick(random, VIEWS));
                ScoreResult scored = model.score(new ScoringInput(snapshot, List.of(), false, previous, now));

                ScoringModel.Banded replayed = model.band(scored.score(), previous, now);

                assertEquals(scored.band(), replayed.band());
                assertEquals(scored.transition(), replayed.transition());
                seen.add(scored.transition().getClass().getSimpleName());
                if (previous == null) {
                    previous = new BandState(scored.band(), now, now);
                } else if (scored.transition() instanceof TransitionDecision.Fires) {
                    previous = new BandState(scored.band(), now, now);
                }
            }
        }
        assertTrue(seen.containsAll(Set.of("None", "Fires", "HeldByCooldown")), "every kind of decision: " + seen);
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
