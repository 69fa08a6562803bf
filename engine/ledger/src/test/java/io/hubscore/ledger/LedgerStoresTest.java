package io.hubscore.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerStoresTest {

    @TempDir
    Path dir;
    Ledger ledger;

    @BeforeEach
    void open() {
        ledger = Ledger.open(dir.resolve("acme.db"));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private boolean check(Ledger.Work<Boolean> question) {
        return ledger.read(question);
    }

    private static Contacts.Pulled contact(long id, String title, String hash) {
        return new Contacts.Pulled(id, Map.of("jobtitle", title), hash, 1000L);
    }

    @Nested
    class ContactsStore {

        @Test
        void aNewContactIsDirtyUntilScored() {
            ledger.write(c -> {
                Contacts.upsert(c, List.of(contact(7, "CMO", "h1"), contact(3, "Intern", "h2")), 1L);
                return null;
            });

            assertEquals(List.of(3L, 7L), ledger.read(c -> Contacts.dirtyIds(c, 10)));
        }

        @Test
        void repullingWithTheSameRelevantHashLeavesTheContactClean() {
            ledger.write(c -> {
                Contacts.upsert(c, List.of(contact(7, "CMO", "h1")), 1L);
                Contacts.clearDirty(c, List.of(7L));
                return null;
            });

            ledger.write(c -> {
                Contacts.upsert(c, List.of(new Contacts.Pulled(7, Map.of("jobtitle", "CMO"), "h1", 2000L)), 2L);
                return null;
            });

            assertEquals(List.of(), ledger.read(c -> Contacts.dirtyIds(c, 10)), "our own write-back bumps only the date");
        }

        @Test
        void aChangedRelevantValueMakesTheContactDirty() {
            ledger.write(c -> {
                Contacts.upsert(c, List.of(contact(7, "CMO", "h1")), 1L);
                Contacts.clearDirty(c, List.of(7L));
                return null;
            });

            ledger.write(c -> {
                Contacts.upsert(c, List.of(contact(7, "VP Marketing", "h9")), 2L);
                return null;
            });

            assertEquals(List.of(7L), ledger.read(c -> Contacts.dirtyIds(c, 10)));
            assertEquals(Map.of("jobtitle", "VP Marketing"), ledger.read(c -> Contacts.get(c, 7)).orElseThrow().properties());
        }

        @Test
        void anArchivedContactLeavesTheScoringQueueAndTheCount() {
            ledger.write(c -> {
                Contacts.upsert(c, List.of(contact(7, "CMO", "h1"), contact(8, "CMO", "h1")), 1L);
                Contacts.archive(c, 8, 7L, 2L);
                return null;
            });

            assertEquals(List.of(7L), ledger.read(c -> Contacts.dirtyIds(c, 10)));
            assertEquals(1L, ledger.read(Contacts::count));
            Contacts.Stored merged = ledger.read(c -> Contacts.get(c, 8)).orElseThrow();
            assertTrue(merged.archived());
            assertEquals(7L, merged.mergedInto());
        }
    }

    @Nested
    class EngagementsAndDeals {

        @Test
        void anEngagementMarksItsOldAndNewContactsDirty() {
            ledger.write(c -> {
                Contacts.upsert(c, List.of(contact(1, "a", "h"), contact(2, "b", "h")), 1L);
                Engagements.upsert(c, List.of(new Engagements.Pulled("meetings", 50, 500L, Map.of(), Set.of(1L))), 1L);
                Contacts.clearDirty(c, List.of(1L, 2L));
                return null;
            });

            Set<Long> touched = ledger.write(c -> Engagements.upsert(c,
                    List.of(new Engagements.Pulled("meetings", 50, 500L, Map.of("hs_meeting_outcome", "COMPLETED"),
                            Set.of(2L))), 2L));

            assertEquals(Set.of(1L, 2L), touched);
            assertEquals(List.of(1L, 2L), ledger.read(c -> Contacts.dirtyIds(c, 10)));
            assertEquals(List.of(), ledger.read(c -> Engagements.forContact(c, 1)));
            assertEquals(List.of(new Engagements.Event("meetings", 50, 500L, Map.of("hs_meeting_outcome", "COMPLETED"))),
                    ledger.read(c -> Engagements.forContact(c, 2)));
        }

        @Test
        void onlyAnOpenDealCountsAsOpen() {
            ledger.write(c -> {
                Deals.upsert(c, List.of(new Deals.Pulled(90, Map.of(), false, Set.of(1L)),
                        new Deals.Pulled(91, Map.of(), true, Set.of(2L))), 1L);
                return null;
            });

            assertTrue(check(c -> Deals.hasOpenDeal(c, 1)));
            assertFalse(check(c -> Deals.hasOpenDeal(c, 2)));
            assertFalse(check(c -> Deals.hasOpenDeal(c, 3)));
        }
    }

    @Nested
    class OutboxStore {

        @Test
        void rowsComeOutInOrderAndLeaveOnlyWhenAcknowledged() {
            ledger.write(c -> {
                Outbox.enqueue(c, 9, Map.of("hubscore_score", "10"), 1L);
                Outbox.enqueue(c, 4, Map.of("hubscore_score", "20"), 1L);
                return null;
            });

            List<Outbox.Row> due = ledger.read(c -> Outbox.due(c, 5L, 10));
            ledger.write(c -> {
                Outbox.delivered(c, List.of(due.get(0).seq()), 6L);
                return null;
            });

            assertEquals(List.of(9L, 4L), due.stream().map(Outbox.Row::contactId).toList());
            assertEquals(List.of(4L), ledger.read(c -> Outbox.due(c, 7L, 10)).stream().map(Outbox.Row::contactId).toList());
            assertEquals(1L, ledger.read(Outbox::pendingCount));
        }

        @Test
        void aTransientFailureKeepsTheRowUntilItsNextAttempt() {
            ledger.write(c -> {
                Outbox.enqueue(c, 9, Map.of("hubscore_score", "10"), 1L);
                return null;
            });
            long seq = ledger.read(c -> Outbox.due(c, 1L, 10)).get(0).seq();

            ledger.write(c -> {
                Outbox.retryLater(c, List.of(seq), "HTTP 503", 60_000L);
                return null;
            });

            assertEquals(List.of(), ledger.read(c -> Outbox.due(c, 59_999L, 10)));
            Outbox.Row again = ledger.read(c -> Outbox.due(c, 60_000L, 10)).get(0);
            assertEquals(1, again.attempts());
        }

        @Test
        void aRejectedRowIsParkedWithHubSpotsReason() {
            ledger.write(c -> {
                Outbox.enqueue(c, 9, Map.of("hubscore_band", "Lukewarm"), 1L);
                return null;
            });
            long seq = ledger.read(c -> Outbox.due(c, 1L, 10)).get(0).seq();

            ledger.write(c -> {
                Outbox.park(c, seq, "VALIDATION_ERROR: Lukewarm is not a valid option for hubscore_band");
                return null;
            });

            assertEquals(List.of(new Outbox.Parked(seq, 9, Map.of("hubscore_band", "Lukewarm"),
                    "VALIDATION_ERROR: Lukewarm is not a valid option for hubscore_band")),
                    ledger.read(c -> Outbox.parked(c, 10)));
            assertEquals(0L, ledger.read(Outbox::pendingCount));
        }
    }

    @Nested
    class HistoryAndOwnership {

        @Test
        void aModelVersionIsRecordedOnce() {
            boolean first = ledger.write(c -> Scores.releaseModel(c, "abc", "v1", "model: ...", 1L, null));
            boolean second = ledger.write(c -> Scores.releaseModel(c, "abc", "v1", "model: ...", 2L, null));

            assertTrue(first);
            assertFalse(second);
        }

        @Test
        void aScoreKeepsItsExplanationInTheLedgersJsonFormatAndReadsBackEqual() {
            Scores.Score score = new Scores.Score(5, "abc", 21, new BigDecimal("20.50"), new BigDecimal("0.75"),
                    "Warm", List.of(new Scores.Contribution("agency-industry", "fit", "property-rule",
                            new BigDecimal("15.00"), new BigDecimal("15")),
                            new Scores.Contribution("rounding", "score", "rounding", BigDecimal.ZERO,
                                    new BigDecimal("-0.25"))),
                    List.of(new Scores.Note("company-size", null, "'ten' is not a number")), 100L);
            ledger.write(c -> {
                Scores.releaseModel(c, "abc", "v1", "model", 1L, null);
                Scores.append(c, score);
                return null;
            });

            assertEquals(Optional.of(score), ledger.read(c -> Scores.latest(c, 5)));
            assertEquals(List.of("20.50", "0.75",
                    "[{\"name\":\"agency-industry\",\"group\":\"fit\",\"kind\":\"property-rule\",\"raw\":\"15\","
                            + "\"points\":\"15\"},{\"name\":\"rounding\",\"group\":\"score\",\"kind\":\"rounding\","
                            + "\"raw\":\"0\",\"points\":\"-0.25\"}]",
                    "[{\"source\":\"company-size\",\"property\":null,\"message\":\"'ten' is not a number\"}]"),
                    ledger.read(c -> {
                        try (var s = c.createStatement();
                                var rs = s.executeQuery("SELECT fit, engagement, contributions, notes FROM scores")) {
                            return List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                        }
                    }));
        }

        @Test
        void aScoreWithoutNotesLeavesTheColumnEmpty() {
            Scores.Score score = new Scores.Score(5, "abc", 0, BigDecimal.ZERO, BigDecimal.ZERO, "Cold", List.of(),
                    List.of(), 100L);
            ledger.write(c -> {
                Scores.releaseModel(c, "abc", "v1", "model", 1L, null);
                Scores.append(c, score);
                return null;
            });

            assertEquals(Optional.of(score), ledger.read(c -> Scores.latest(c, 5)));
            assertTrue(check(c -> {
                try (var s = c.createStatement(); var rs = s.executeQuery("SELECT notes FROM scores")) {
                    return rs.getString(1) == null;
                }
            }));
        }

        @Test
        void bandStateAndTransitionsRoundTrip() {
            Scores.BandState state = new Scores.BandState(5, "Hot", 100L, 100L, 42, "abc");
            Scores.Transition transition = new Scores.Transition(5, "Warm", "Hot", 42, "abc", 100L, true, null, "meeting");
            ledger.write(c -> {
                Scores.releaseModel(c, "abc", "v1", "model", 1L, null);
                Scores.putBandState(c, state);
                Scores.recordTransition(c, transition);
                return null;
            });

            assertEquals(Optional.of(state), ledger.read(c -> Scores.bandState(c, 5)));
            assertEquals(List.of(transition), ledger.read(c -> Scores.transitions(c, 5)));
        }

        @Test
        void aYieldConflictHoldsTheContactUntilCleared() {
            ledger.write(c -> {
                Conflicts.record(c, 5, "hubscore_band", "Warm", "Hot", "yield", 1L);
                Conflicts.record(c, 6, "hubscore_band", "Warm", "Hot", "overwrite", 1L);
                return null;
            });

            assertTrue(check(c -> Conflicts.hasOpen(c, 5)));
            assertFalse(check(c -> Conflicts.hasOpen(c, 6)), "overwrite restores ours and holds nothing");
            assertEquals(Integer.valueOf(1), ledger.write(c -> Conflicts.clear(c, 5, 2L)));
            assertFalse(check(c -> Conflicts.hasOpen(c, 5)));
        }

        @Test
        void writtenValuesAreTheLastAcknowledged() {
            ledger.write(c -> {
                Written.put(c, 5, Map.of("hubscore_score", "10", "hubscore_band", "Warm"), 1L);
                Written.put(c, 5, Map.of("hubscore_score", "31"), 2L);
                return null;
            });

            assertEquals(Map.of("hubscore_score", "31", "hubscore_band", "Warm"), ledger.read(c -> Written.get(c, 5)));
        }
    }

    @Nested
    class PortalFacts {

        @Test
        void headersWithTheDailyLimitRecordHowMuchOfItIsUsed() {
            ledger.write(c -> {
                RateState.putReported(c, new RateState.Reported(100L, 93L, 10_000L, 60L, 41L, 5L));
                return null;
            });

            assertEquals(Optional.of(new RateState.BudgetUsed(19, 60, 5L)),
                    RateState.budgetUsed(ledger.read(Reports::portalState)));
            assertEquals(Optional.of("19 of 60 (31.7%)"),
                    ledger.read(c -> PortalState.get(c, PortalState.Key.RATE_BUDGET_USED_TODAY)));
        }

        @Test
        void headersWithoutTheDailyLimitKeepTheShareUsedTheLastOnesShowed() {
            ledger.write(c -> {
                RateState.putReported(c, new RateState.Reported(100L, 93L, 10_000L, 60L, 41L, 5L));
                RateState.putReported(c, new RateState.Reported(100L, 90L, 10_000L, null, null, 6L));
                return null;
            });

            assertEquals(Optional.of(new RateState.BudgetUsed(19, 60, 5L)),
                    RateState.budgetUsed(ledger.read(Reports::portalState)));
            assertEquals(90L, RateState.reported(ledger.read(Reports::portalState)).orElseThrow().remaining());
        }

        @Test
        void aKeyThisVersionDoesNotKnowIsLeftOutOfThePortalsFacts() {
            ledger.write(c -> {
                PortalState.put(c, PortalState.Key.AUTH_FAILURE, "401", 1L);
                try (var s = c.createStatement()) {
                    s.execute("INSERT INTO portal_state (key, value, updated_at) VALUES ('requests_today', '4200', 1)");
                }
                return null;
            });

            assertEquals(java.util.Set.of(PortalState.Key.AUTH_FAILURE), ledger.read(Reports::portalState).keySet());
        }
    }
}
