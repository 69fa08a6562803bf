package io.hubscore.client;

import static io.hubscore.client.Stand.ONE_CONTACT;
import static io.hubscore.client.Stand.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RateBudgetTest {

    private static final RateBudget HUNDRED_PER_TEN_SECONDS = new RateBudget(100, Duration.ofSeconds(10), 0, 4);

    /** Fake seconds that {@code calls} list calls take when HubSpot reports {@code remaining} of 100. */
    private static double secondsFor(int calls, String remaining) {
        try (Stand stand = new Stand(builder -> builder.rateBudget(HUNDRED_PER_TEN_SECONDS))) {
            var response = json(200, ONE_CONTACT);
            if (remaining != null) {
                response = response.withHeader("X-HubSpot-RateLimit-Max", "100")
                        .withHeader("X-HubSpot-RateLimit-Remaining", remaining)
                        .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
            }
            stand.respondInTurn("GET", "/crm/v3/objects/contacts", response);
            for (int i = 0; i < calls; i++) {
                stand.client.listPage(ObjectType.CONTACTS, ListQuery.of(List.of()));
            }
            return stand.time.totalSlept().toMillis() / 1000.0;
        }
    }

    @Nested
    class BurstShare {

        @Test
        void callsAreSpreadSoNoRollingWindowSeesMoreThanTheShare() {
            double seconds = secondsFor(101, null);

            assertTrue(seconds >= 10.0, "101 calls on 100 per 10 s must span more than one window, took " + seconds);
            assertTrue(seconds <= 10.5, "but not much more: " + seconds);
        }

        @Test
        void aStreamThatStoodStillCatchesUpWithoutAnyWindowSeeingMoreThanTheShare() {
            try (Stand stand = new Stand(builder -> builder.rateBudget(HUNDRED_PER_TEN_SECONDS))) {
                stand.respondInTurn("GET", "/crm/v3/objects/contacts", json(200, ONE_CONTACT));
                List<java.time.Instant> sent = new java.util.ArrayList<>();
                for (int i = 0; i < 250; i++) {
                    if (i == 50) {
                        stand.time.advance(Duration.ofSeconds(8)); // a retry's backoff, say: the budget stood idle
                    }
                    stand.client.listPage(ObjectType.CONTACTS, ListQuery.of(List.of()));
                    sent.add(stand.time.instant());
                }

                // the share less its headroom: 97 calls in any window
                for (int i = 0; i + 97 < sent.size(); i++) {
                    Duration span = Duration.between(sent.get(i), sent.get(i + 97));
                    assertTrue(span.compareTo(Duration.ofSeconds(10)) >= 0,
                            "calls " + i + " to " + (i + 97) + " fell within " + span);
                }
                Duration evenly = Duration.ofSeconds(10).multipliedBy(20).dividedBy(97);
                Duration after = Duration.between(sent.get(50), sent.get(70));
                assertTrue(after.compareTo(evenly) < 0, "after the pause, 20 calls took " + after
                        + ": no faster than the even pace (" + evenly + "), so the idle budget was lost");
            }
        }

        @Test
        void aShareThatLeavesThePortalsHeadroomFreeIsUsedWhole() {
            RateBudget ninetyOfAHundred = new RateBudget(90, Duration.ofSeconds(10), 0,
                    RateBudget.SMALLEST_DAILY_LIMIT, 4, 100);
            try (Stand stand = new Stand(builder -> builder.rateBudget(ninetyOfAHundred))) {
                stand.respondInTurn("GET", "/crm/v3/objects/contacts", json(200, ONE_CONTACT));
                List<java.time.Instant> sent = new java.util.ArrayList<>();
                for (int i = 0; i < 180; i++) {
                    stand.client.listPage(ObjectType.CONTACTS, ListQuery.of(List.of()));
                    sent.add(stand.time.instant());
                }

                for (int i = 0; i + 90 < sent.size(); i++) {
                    Duration span = Duration.between(sent.get(i), sent.get(i + 90));
                    assertTrue(span.compareTo(Duration.ofSeconds(10)) >= 0,
                            "calls " + i + " to " + (i + 90) + " fell within " + span + ": more than the share");
                }
                // the second window's 90 calls all go in it: with 3% of the share held back as well (87 a window),
                // the 180th call would wait for a third window, 20 s after the first
                Duration all = Duration.between(sent.get(0), sent.get(179));
                assertTrue(all.compareTo(Duration.ofSeconds(16)) < 0, "180 calls took " + all);
            }
        }

        @Test
        void otherAppsUsingThePortalsBudgetSlowThisClientDown() {
            double alone = secondsFor(40, null);
            double shared = secondsFor(40, "30");

            assertTrue(shared > 1.5 * alone, "alone " + alone + " s, sharing " + shared + " s");
        }
    }

    @Nested
    class Search {

        @Test
        void searchesArePacedByTheirOwnPerSecondLimit() {
            try (Stand stand = new Stand(builder -> builder.rateBudget(HUNDRED_PER_TEN_SECONDS).random(new Random(1)))) {
                stand.respondInTurn("POST", "/crm/v3/objects/contacts/search", json(200, "{\"total\":0,\"results\":[]}"));
                io.hubscore.client.Search query = new io.hubscore.client.Search(List.of(), List.of(),
                        List.of(), 10, null);

                for (int i = 0; i < 9; i++) {
                    stand.client.search(ObjectType.CONTACTS, query);
                }

                // 4 a second, evenly spaced, and no second holds more than 4: each search waits until a second and
                // 25 ms have passed since the fourth before it, so 9 searches span 2 s plus twice that margin
                assertEquals(2.05, stand.time.totalSlept().toMillis() / 1000.0, 0.001,
                        "9 searches at 4 a second span 2.05 s");
            }
        }
    }
}
