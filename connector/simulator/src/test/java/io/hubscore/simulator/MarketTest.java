package io.hubscore.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Simulated time: the ground truth the outcome report measures a model against. */
class MarketTest {

    private static final Set<String> CONVERSION = Set.of("salesqualifiedlead", "opportunity", "customer");

    @Test
    void theSameSeedPlaysTheSameMarketAndAnotherSeedAnother() {
        assertEquals(play(400, 5L, 3L, 30).portal.allContactProperties(),
                play(400, 5L, 3L, 30).portal.allContactProperties());
        assertNotEquals(play(400, 5L, 3L, 30).portal.allContactProperties(),
                play(400, 5L, 4L, 30).portal.allContactProperties());
    }

    @Test
    void likelyBuyersConvertFarMoreOftenThanUnlikelyOnes() {
        Played played = play(3000, 8L, 1L, 56);
        List<String> ids = new ArrayList<>(played.candidates);
        ids.sort(Comparator.comparingDouble(id -> played.portal.propensity(Long.parseLong(id))));
        int third = ids.size() / 3;
        double low = rate(played, ids.subList(0, third));
        double high = rate(played, ids.subList(ids.size() - third, ids.size()));

        assertTrue(high > 3 * low && high > 0.15, "top third " + high + ", bottom third " + low);
    }

    @Test
    void stagesAreStampedWhenEnteredAndDealsAreWonAndLost() {
        Played played = play(2000, 9L, 2L, 56);
        long moved = 0;
        for (ActivityChange change : played.changes) {
            if (change.kind() == ActivityChange.Kind.LIFECYCLE_STAGE) {
                moved++;
                Map<String, String> p = played.portal.contactProperties(change.contactId()).orElseThrow();
                Instant stamped = Instant.parse(p.get(DefaultSchemas.stageDate(change.detail())));
                assertEquals(played.at.get(change), stamped, change.toString());
            }
        }
        Map<String, Integer> closed = new HashMap<>();
        for (ActivityChange change : played.changes) {
            if (change.kind() == ActivityChange.Kind.DEAL_CLOSED) {
                closed.merge(change.detail(), 1, Integer::sum);
                Map<String, String> deal = played.portal.dealProperties(change.objectId()).orElseThrow();
                assertEquals(change.detail(), deal.get("dealstage"));
                assertEquals(played.at.get(change), Instant.parse(deal.get("closedate")));
                if ("closedwon".equals(change.detail())) {
                    assertEquals("customer", played.portal.contactProperties(change.contactId()).orElseThrow()
                            .get("lifecyclestage"));
                }
            }
        }
        assertTrue(moved > 100, moved + " stage changes");
        assertTrue(closed.getOrDefault("closedwon", 0) > 5 && closed.getOrDefault("closedlost", 0) > 5,
                closed.toString());
    }

    private static double rate(Played played, List<String> ids) {
        long converted = ids.stream().filter(played.converted::contains).count();
        return (double) converted / ids.size();
    }

    private record Played(Portal portal, List<ActivityChange> changes, Map<ActivityChange, Instant> at,
            Set<String> candidates, Set<String> converted) {
    }

    /** A generated portal played for {@code days} days; who could convert at the start, who did. */
    private static Played play(int contacts, long seed, long marketSeed, int days) {
        MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
        Portal portal = Portal.generate(contacts, seed, clock);
        Set<String> candidates = new java.util.TreeSet<>();
        portal.allContactProperties().forEach((id, p) -> {
            if (!CONVERSION.contains(p.get("lifecyclestage"))) {
                candidates.add(id);
            }
        });
        Random random = new Random(marketSeed);
        List<ActivityChange> changes = new ArrayList<>();
        Map<ActivityChange, Instant> at = new java.util.IdentityHashMap<>();
        Set<String> converted = new java.util.TreeSet<>();
        for (int day = 0; day < days; day++) {
            clock.advance(Duration.ofDays(1));
            for (ActivityChange change : portal.passTime(random, Duration.ofDays(1))) {
                changes.add(change);
                at.put(change, clock.instant());
                if (change.kind() == ActivityChange.Kind.LIFECYCLE_STAGE && CONVERSION.contains(change.detail())
                        && candidates.contains(change.contactId())) {
                    converted.add(change.contactId());
                }
            }
        }
        return new Played(portal, changes, at, candidates, converted);
    }
}
