package io.hubscore.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
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

    private static Contacts.Pulled contact(long id, String title, String hash) {
        return new Contacts.Pulled(id, Map.of("jobtitle", title), hash, 1000L);
    }

    private static Scores.ModelVersion model(String fingerprint) {
        return new Scores.ModelVersion(fingerprint, "v-" + fingerprint, "model: " + fingerprint, 1L, null);
    }

    private static Scores.BandState band(long contact, String band, int score) {
        return new Scores.BandState(contact, band, 100L, null, score, "abc");
    }

    @Nested
    class UnitsOfWork {

        @Test
        void aStoreUsedAfterItsTransactionEndedIsRefused() {
            AtomicReference<Ledger.Tx> kept = new AtomicReference<>();
            ledger.update(kept::set);

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> kept.get().checkpoints().get("contacts.backfill"));

            assertTrue(e.getMessage().startsWith("a ledger transaction was used after it ended"), e.getMessage());
        }

        @Test
        void aFailingStatementIsALedgerExceptionNamingTheFileAndRollsTheWorkBack() {
            ledger.update(tx -> tx.scores().releaseModel(model("abc")));

            LedgerException e = assertThrows(LedgerException.class, () -> ledger.update(tx -> {
                tx.checkpoints().put("contacts.backfill", "after-100", 1L);
                tx.scores().putBandState(new Scores.BandState(5, null, 1L, null, 0, "abc")); // band is NOT NULL
            }));

            assertTrue(e.getMessage().startsWith("ledger " + dir.resolve("acme.db") + ": "), e.getMessage());
            assertEquals(Optional.empty(), ledger.read(tx -> tx.checkpoints().get("contacts.backfill")));
        }

        @Test
        void aWriteReturnsWhatItsWorkReturns() {
            long seq = ledger.write(tx -> tx.runs().start("score", 1L));

            assertEquals(Optional.of(seq), ledger.read(tx -> tx.runs().latest().map(Runs.Run::seq)));
        }
    }

    @Nested
    class ContactsStore {

        @Test
        void aNewContactIsDirtyUntilScored() {
            ledger.update(tx -> tx.contacts().upsert(List.of(contact(7, "CMO", "h1"), contact(3, "Intern", "h2")), 1L));

            assertEquals(List.of(3L, 7L), ledger.read(tx -> tx.contacts().dirtyIds(10)));
        }

        @Test
        void repullingWithTheSameRelevantHashLeavesTheContactClean() {
            ledger.update(tx -> {
                tx.contacts().upsert(List.of(contact(7, "CMO", "h1")), 1L);
                tx.contacts().clearDirty(List.of(7L));
            });

            ledger.update(tx -> tx.contacts().upsert(List.of(new Contacts.Pulled(7, Map.of("jobtitle", "CMO"), "h1",
                    2000L)), 2L));

            assertEquals(List.of(), ledger.read(tx -> tx.contacts().dirtyIds(10)),
                    "our own write-back bumps only the date");
        }

        @Test
        void aChangedRelevantValueMakesTheContactDirty() {
            ledger.update(tx -> {
                tx.contacts().upsert(List.of(contact(7, "CMO", "h1")), 1L);
                tx.contacts().clearDirty(List.of(7L));
            });

            ledger.update(tx -> tx.contacts().upsert(List.of(contact(7, "VP Marketing", "h9")), 2L));

            assertEquals(List.of(7L), ledger.read(tx -> tx.contacts().dirtyIds(10)));
            assertEquals(new Contacts.Stored(7, Map.of("jobtitle", "VP Marketing"), false, null, true, 1000L, 2L),
                    ledger.read(tx -> tx.contacts().get(7)).orElseThrow());
        }

        @Test
        void anArchivedContactLeavesTheScoringQueueAndTheLiveCount() {
            ledger.update(tx -> {
                tx.contacts().upsert(List.of(contact(7, "CMO", "h1"), contact(8, "CMO", "h1")), 1L);
                tx.contacts().archive(8, 7L, 2L);
            });

            assertEquals(List.of(7L), ledger.read(tx -> tx.contacts().dirtyIds(10)));
            assertEquals(new Contacts.Counts(1, 1, 1), ledger.read(tx -> tx.contacts().counts()));
            Contacts.Stored merged = ledger.read(tx -> tx.contacts().get(8)).orElseThrow();
            assertTrue(merged.archived());
            assertEquals(7L, merged.mergedInto());
        }

        @Test
        void aContactWaitingToBeScoredStaysWaitingWhenRepulledAndAnArchivedOneWaitsWhenLiveAgain() {
            ledger.update(tx -> {
                tx.contacts().upsert(List.of(contact(7, "CMO", "h1"), contact(8, "CMO", "h1")), 1L);
                tx.contacts().clearDirty(List.of(8L));
                tx.contacts().archive(8, null, 2L);
            });

            ledger.update(tx -> tx.contacts().upsert(List.of(contact(7, "CMO", "h1"), contact(8, "CMO", "h1")), 3L));

            assertEquals(List.of(7L, 8L), ledger.read(tx -> tx.contacts().dirtyIds(10)),
                    "7 was not scored yet; 8 is live again with the hash it had");
            assertEquals(new Contacts.Counts(2, 0, 2), ledger.read(tx -> tx.contacts().counts()));
            assertEquals(Integer.valueOf(2), ledger.write(tx -> tx.contacts().markAllDirty()),
                    "every live contact, marked or not");
        }

        @Test
        void aContactIsKnownOncePulledScoredOrBanded() {
            ledger.update(tx -> {
                tx.scores().releaseModel(model("abc"));
                tx.contacts().upsert(List.of(contact(1, "CMO", "h")), 1L);
                tx.scores().append(new Scores.Score(2, "abc", 0, BigDecimal.ZERO, BigDecimal.ZERO, "Cold", List.of(),
                        List.of(), 1L));
                tx.scores().putBandState(band(3, "Cold", 0));
            });

            assertEquals(List.of(true, true, true, false), ledger.read(tx -> List.of(tx.contacts().known(1),
                    tx.contacts().known(2), tx.contacts().known(3), tx.contacts().known(4))));
        }
    }

    @Nested
    class EngagementsAndDeals {

        @Test
        void anEngagementMarksItsOldAndNewContactsDirty() {
            ledger.update(tx -> {
                tx.contacts().upsert(List.of(contact(1, "a", "h"), contact(2, "b", "h")), 1L);
                tx.engagements().upsert(List.of(new Engagements.Pulled("meetings", 50, 500L, Map.of(), Set.of(1L))),
                        1L);
                tx.contacts().clearDirty(List.of(1L, 2L));
            });

            Set<Long> touched = ledger.write(tx -> tx.engagements().upsert(
                    List.of(new Engagements.Pulled("meetings", 50, 500L, Map.of("hs_meeting_outcome", "COMPLETED"),
                            Set.of(2L))), 2L));

            assertEquals(Set.of(1L, 2L), touched);
            assertEquals(List.of(1L, 2L), ledger.read(tx -> tx.contacts().dirtyIds(10)));
            assertEquals(List.of(), ledger.read(tx -> tx.engagements().forContact(1)));
            assertEquals(List.of(new Engagements.Event("meetings", 50, 500L, Map.of("hs_meeting_outcome", "COMPLETED"))),
                    ledger.read(tx -> tx.engagements().forContact(2)));
        }

        @Test
        void onlyAnOpenDealCountsAsOpen() {
            ledger.update(tx -> tx.deals().upsert(List.of(new Deals.Pulled(90, Map.of(), false, Set.of(1L)),
                    new Deals.Pulled(91, Map.of(), true, Set.of(2L))), 1L));

            assertEquals(List.of(true, false, false), ledger.read(tx -> List.of(tx.deals().hasOpenDeal(1),
                    tx.deals().hasOpenDeal(2), tx.deals().hasOpenDeal(3))));
        }

        @Test
        void theLiveRecordsOfAnIdListAreFoundBeyondOneStatementsWorth() {
            List<Contacts.Pulled> many = new java.util.ArrayList<>();
            for (long id = 1; id <= 1_200; id++) {
                many.add(contact(id, "CMO", "h"));
            }
            ledger.update(tx -> {
                tx.contacts().upsert(many, 1L);
                tx.contacts().archive(600, null, 2L);
            });
            List<Long> asked = many.stream().map(Contacts.Pulled::id).toList();

            Set<Long> live = ledger.read(tx -> tx.contacts().live(asked));

            assertEquals(1_199, live.size());
            assertFalse(live.contains(600L));
        }
    }

    @Nested
    class OutboxStore {

        @Test
        void rowsComeOutInOrderAndLeaveOnlyWhenAcknowledged() {
            ledger.update(tx -> {
                tx.outbox().enqueue(9, Map.of("hubscore_score", "10"), 1L);
                tx.outbox().enqueue(4, Map.of("hubscore_score", "20"), 1L);
            });

            List<Outbox.Row> due = ledger.read(tx -> tx.outbox().due(5L, 10));
            ledger.update(tx -> tx.outbox().delivered(List.of(due.get(0).seq()), 6L));

            assertEquals(List.of(9L, 4L), due.stream().map(Outbox.Row::contactId).toList());
            assertEquals(List.of(4L), ledger.read(tx -> tx.outbox().due(7L, 10)).stream()
                    .map(Outbox.Row::contactId).toList());
            assertEquals(new Outbox.Counts(1, 0, 1, 0), ledger.read(tx -> tx.outbox().counts()));
            assertEquals(OptionalLong.of(0L), ledger.read(tx -> tx.outbox().nextDueAt()));
        }

        @Test
        void aTransientFailureKeepsTheRowUntilItsNextAttempt() {
            ledger.update(tx -> tx.outbox().enqueue(9, Map.of("hubscore_score", "10"), 1L));
            long seq = ledger.read(tx -> tx.outbox().due(1L, 10)).get(0).seq();

            ledger.update(tx -> tx.outbox().retryLater(List.of(seq), "HTTP 503", 60_000L));

            assertEquals(List.of(), ledger.read(tx -> tx.outbox().due(59_999L, 10)));
            Outbox.Row again = ledger.read(tx -> tx.outbox().due(60_000L, 10)).get(0);
            assertEquals(1, again.attempts());
            assertEquals("HTTP 503", again.lastError());
            assertEquals(OptionalLong.of(60_000L), ledger.read(tx -> tx.outbox().nextDueAt()));
        }

        @Test
        void aRejectedRowIsParkedWithHubSpotsReason() {
            ledger.update(tx -> tx.outbox().enqueue(9, Map.of("hubscore_band", "Lukewarm"), 1L));
            long seq = ledger.read(tx -> tx.outbox().due(1L, 10)).get(0).seq();

            ledger.update(tx -> tx.outbox().park(seq, "VALIDATION_ERROR: Lukewarm is not a valid option"));

            assertEquals(List.of(new Outbox.Row(seq, 9, Map.of("hubscore_band", "Lukewarm"), 1L, Outbox.State.PARKED,
                    1, 0L, "VALIDATION_ERROR: Lukewarm is not a valid option", null)),
                    ledger.read(tx -> tx.outbox().latestParked(10)));
            assertEquals(List.of(0L, 1L), ledger.read(tx -> List.of(tx.outbox().pendingCount(),
                    tx.outbox().parkedCount())));
            assertEquals(OptionalLong.empty(), ledger.read(tx -> tx.outbox().nextDueAt()));
        }

        @Test
        void theLastQueuedValuesAreTheLatestUndeliveredRowsUntilTheContactIsRetired() {
            ledger.update(tx -> {
                tx.outbox().enqueue(9, Map.of("hubscore_score", "10"), 1L);
                tx.outbox().enqueue(9, Map.of("hubscore_score", "12"), 2L);
            });

            assertEquals(Optional.of(Map.of("hubscore_score", "12")), ledger.read(tx -> tx.outbox().lastQueued(9)));
            assertEquals(2, ledger.read(tx -> tx.outbox().undelivered(9)).size());
            assertEquals(2, (int) ledger.write(tx -> tx.outbox().retire(9, 3L)));
            assertEquals(Optional.empty(), ledger.read(tx -> tx.outbox().lastQueued(9)));
            assertEquals(new Outbox.Counts(0, 0, 0, 2), ledger.read(tx -> tx.outbox().counts()));
        }
    }

    @Nested
    class HistoryAndOwnership {

        @Test
        void aModelVersionIsRecordedOnceAndTheLatestReleaseIsTheActiveOne() {
            boolean first = ledger.write(tx -> tx.scores().releaseModel(model("abc")));
            boolean second = ledger.write(tx -> tx.scores().releaseModel(model("abc")));
            ledger.update(tx -> tx.scores().releaseModel(new Scores.ModelVersion("def", "v2", "model: 2", 5L, "new")));

            assertTrue(first);
            assertFalse(second);
            assertEquals("def", ledger.read(tx -> tx.scores().latestModel()).orElseThrow().fingerprint());
            assertEquals(List.of("abc", "def"), ledger.read(tx -> tx.scores().models()).stream()
                    .map(Scores.ModelVersion::fingerprint).toList());
        }

        @Test
        void aScoreKeepsItsExplanationInTheLedgersJsonFormatAndReadsBackEqual() {
            Scores.Score score = new Scores.Score(5, "abc", 21, new BigDecimal("20.50"), new BigDecimal("0.75"),
                    "Warm", List.of(new Scores.Contribution("agency-industry", "fit", "property-rule",
                            new BigDecimal("15.00"), new BigDecimal("15")),
                            new Scores.Contribution("rounding", "score", "rounding", BigDecimal.ZERO,
                                    new BigDecimal("-0.25"))),
                    List.of(new Scores.Note("company-size", null, "'ten' is not a number")), 100L);
            ledger.update(tx -> {
                tx.scores().releaseModel(model("abc"));
                tx.scores().append(score);
            });

            assertEquals(Optional.of(score), ledger.read(tx -> tx.scores().latest(5)));
            assertEquals(List.of(List.of("20.50", "0.75",
                    "[{\"name\":\"agency-industry\",\"group\":\"fit\",\"kind\":\"property-rule\",\"raw\":\"15\","
                            + "\"points\":\"15\"},{\"name\":\"rounding\",\"group\":\"score\",\"kind\":\"rounding\","
                            + "\"raw\":\"0\",\"points\":\"-0.25\"}]",
                    "[{\"source\":\"company-size\",\"property\":null,\"message\":\"'ten' is not a number\"}]")),
                    LedgerSql.rows(ledger, "SELECT fit, engagement, contributions, notes FROM scores"));
        }

        @Test
        void aScoreWithoutNotesLeavesTheColumnEmpty() {
            Scores.Score score = new Scores.Score(5, "abc", 0, BigDecimal.ZERO, BigDecimal.ZERO, "Cold", List.of(),
                    List.of(), 100L);
            ledger.update(tx -> {
                tx.scores().releaseModel(model("abc"));
                tx.scores().append(score);
            });

            assertEquals(Optional.of(score), ledger.read(tx -> tx.scores().latest(5)));
            assertNull(LedgerSql.rows(ledger, "SELECT notes FROM scores").get(0).get(0));
        }

        @Test
        void contributionsThatAreNotTheLedgersFormatAreNamedWithTheirRow() {
            ledger.update(tx -> {
                tx.scores().releaseModel(model("abc"));
                tx.scores().append(new Scores.Score(5, "abc", 0, BigDecimal.ZERO, BigDecimal.ZERO, "Cold", List.of(),
                        List.of(), 100L));
            });
            long seq = LedgerSql.execute(ledger, "UPDATE scores SET contributions = '[{\"name\": \"x\"}]' "
                    + "RETURNING seq");

            LedgerException e = assertThrows(LedgerException.class, () -> ledger.read(tx -> tx.scores().latest(5)));

            assertEquals("corrupt ledger data in score row " + seq + " contributions[0]: missing 'group'",
                    e.getMessage());
        }

        @Test
        void bandStateAndTransitionsRoundTrip() {
            Scores.BandState state = new Scores.BandState(5, "Hot", 100L, 100L, 42, "abc");
            Scores.Transition transition = new Scores.Transition(5, "Warm", "Hot", 42, "abc", 100L, true, null,
                    "meeting");
            ledger.update(tx -> {
                tx.scores().releaseModel(model("abc"));
                tx.scores().putBandState(state);
                tx.scores().recordTransition(transition);
            });

            assertEquals(Optional.of(state), ledger.read(tx -> tx.scores().bandState(5)));
            assertEquals(List.of(transition), ledger.read(tx -> tx.scores().transitions(5)));
        }

        @Test
        void bandsCountLiveContactsOnly() {
            ledger.update(tx -> {
                tx.contacts().upsert(List.of(contact(1, "a", "h"), contact(2, "b", "h")), 1L);
                tx.contacts().archive(2, null, 2L);
                tx.scores().putBandState(band(1, "Hot", 40));
                tx.scores().putBandState(band(2, "Hot", 35));
                tx.scores().putBandState(band(3, "Cold", 3)); // banded, never pulled: not known to be archived
            });

            assertEquals(Map.of("Hot", 1L, "Cold", 1L), ledger.read(tx -> tx.scores().bandCounts()));
        }

        @Test
        void theHighestScoredLiveContactIsFoundByItsStoredProperties() {
            ledger.update(tx -> {
                tx.contacts().upsert(List.of(
                        new Contacts.Pulled(1, Map.of("lifecyclestage", "customer"), "h", 1L),
                        new Contacts.Pulled(2, Map.of("lifecyclestage", "lead"), "h", 1L),
                        new Contacts.Pulled(3, Map.of("lifecyclestage", "lead"), "h", 1L),
                        new Contacts.Pulled(4, Map.of("lifecyclestage", "lead"), "h", 1L)), 1L);
                tx.contacts().archive(4, null, 2L);
                tx.scores().putBandState(band(1, "Hot", 50));
                tx.scores().putBandState(band(2, "Warm", 20));
                tx.scores().putBandState(band(3, "Hot", 20));
                tx.scores().putBandState(band(4, "Hot", 90));
            });

            Optional<Scores.BandState> prospect = ledger.read(tx -> tx.scores().highestScored(
                    properties -> !"customer".equals(properties.get("lifecyclestage"))));
            Optional<Scores.BandState> nobody = ledger.read(tx -> tx.scores().highestScored(properties -> false));

            assertEquals(2L, prospect.orElseThrow().contactId(), "the lowest id among equal scores");
            assertEquals(Optional.empty(), nobody);
        }

        @Test
        void transitionsAreCountedSinceAMomentAndTheLatestFiredComeFirst() {
            ledger.update(tx -> {
                tx.scores().releaseModel(model("abc"));
                tx.scores().recordTransition(new Scores.Transition(1, null, "Cold", 1, "abc", 10L, true, null, null));
                tx.scores().recordTransition(new Scores.Transition(1, "Cold", "Warm", 20, "abc", 20L, true, null,
                        null));
                tx.scores().recordTransition(new Scores.Transition(2, "Cold", "Warm", 20, "abc", 30L, false,
                        "cooldown", null));
                tx.scores().recordTransition(new Scores.Transition(2, "Cold", "Hot", 40, "abc", 40L, true, null,
                        null));
            });

            assertEquals(new Scores.TransitionCounts(2, 3, 1, 1), ledger.read(tx -> tx.scores().transitionCounts(20L)));
            assertEquals(List.of("Hot", "Warm"), ledger.read(tx -> tx.scores().latestFired(2)).stream()
                    .map(Scores.Transition::toBand).toList());
            assertEquals(4, ledger.read(tx -> tx.scores().transitions()).size());
            assertEquals(3L, (long) ledger.read(tx -> tx.scores().firedTransitionCount()));
        }

        @Test
        void aYieldConflictHoldsTheContactUntilCleared() {
            ledger.update(tx -> {
                tx.conflicts().record(5, "hubscore_band", "Warm", "Hot", "yield", 1L);
                tx.conflicts().record(6, "hubscore_band", "Warm", "Hot", "overwrite", 1L);
            });

            assertTrue((boolean) ledger.read(tx -> tx.conflicts().hasOpen(5)));
            assertFalse((boolean) ledger.read(tx -> tx.conflicts().hasOpen(6)),
                    "overwrite restores ours and holds nothing");
            assertEquals(List.of(6L, 5L), ledger.read(tx -> tx.conflicts().latestOpen(10)).stream()
                    .map(Conflicts.Conflict::contactId).toList());
            assertEquals(1, (int) ledger.write(tx -> tx.conflicts().clear(5, 2L)));
            assertFalse((boolean) ledger.read(tx -> tx.conflicts().hasOpen(5)));
            assertEquals(2L, ledger.read(tx -> tx.conflicts().forContact(5)).get(0).clearedAt());
            assertEquals(1L, (long) ledger.read(tx -> tx.conflicts().openCount()));
        }

        @Test
        void writtenValuesAreTheLastAcknowledged() {
            ledger.update(tx -> {
                tx.written().put(5, Map.of("hubscore_score", "10", "hubscore_band", "Warm"), 1L);
                tx.written().put(5, Map.of("hubscore_score", "31"), 2L);
            });

            assertEquals(Map.of("hubscore_score", "31", "hubscore_band", "Warm"),
                    ledger.read(tx -> tx.written().values(5)));
            assertEquals(List.of(new Written.Value(5, "hubscore_band", "Warm", 1L),
                    new Written.Value(5, "hubscore_score", "31", 2L)), ledger.read(tx -> tx.written().all()));
            assertEquals(2L, (long) ledger.read(tx -> tx.written().lastWrittenAt(5)));
        }
    }

    @Nested
    class PortalFacts {

        @Test
        void headersWithTheDailyLimitRecordHowMuchOfItIsUsed() {
            ledger.update(tx -> tx.rateState().putReported(new RateState.Reported(100L, 93L, 10_000L, 60L, 41L, 5L)));

            assertEquals(Optional.of(new RateState.BudgetUsed(19, 60, 5L)),
                    ledger.read(tx -> tx.rateState().budgetUsed()));
            assertEquals(Optional.of("19 of 60 (31.7%)"),
                    ledger.read(tx -> tx.portalState().get(PortalState.Key.RATE_BUDGET_USED_TODAY)));
        }

        @Test
        void headersWithoutTheDailyLimitKeepTheShareUsedTheLastOnesShowed() {
            ledger.update(tx -> {
                tx.rateState().putReported(new RateState.Reported(100L, 93L, 10_000L, 60L, 41L, 5L));
                tx.rateState().putReported(new RateState.Reported(100L, 90L, 10_000L, null, null, 6L));
            });

            assertEquals(Optional.of(new RateState.BudgetUsed(19, 60, 5L)),
                    ledger.read(tx -> tx.rateState().budgetUsed()));
            assertEquals(new RateState.Reported(100L, 90L, 10_000L, null, null, 6L),
                    ledger.read(tx -> tx.rateState().reported()).orElseThrow());
        }

        @Test
        void aKeyThisVersionDoesNotKnowIsLeftOutOfThePortalsFacts() {
            ledger.update(tx -> tx.portalState().put(PortalState.Key.AUTH_FAILURE, "401", 1L));
            LedgerSql.execute(ledger, "INSERT INTO portal_state (key, value, updated_at) VALUES ('requests_today', "
                    + "'4200', 1)");

            assertEquals(Map.of(PortalState.Key.AUTH_FAILURE, new PortalState.Value("401", 1L)),
                    ledger.read(tx -> tx.portalState().all()));
        }
    }

    @Nested
    class ScoringStatesOfManyContacts {

        private Scores.Score score(long contact, int points, long at) {
            return new Scores.Score(contact, "abc", points, BigDecimal.valueOf(points), BigDecimal.ZERO, "Warm",
                    List.of(new Scores.Contribution("title", "fit", "property-rule", BigDecimal.valueOf(points),
                            BigDecimal.valueOf(points))), List.of(), at);
        }

        /** One contact in each state the score job tells apart, and a few that only differ by id. */
        private void varied() {
            ledger.update(tx -> {
                tx.scores().releaseModel(model("abc"));
                for (long id = 1; id <= 12; id++) {
                    tx.contacts().upsert(List.of(contact(id, "title " + id, "h" + id)), 10L);
                }
                tx.contacts().archive(13, null, 11L);
                tx.engagements().upsert(List.of(
                        new Engagements.Pulled("emails", 501, 3000L, Map.of("hs_email_direction", "INCOMING_EMAIL"),
                                Set.of(1L, 2L)),
                        new Engagements.Pulled("meetings", 502, 1000L, Map.of(), Set.of(1L)),
                        new Engagements.Pulled("calls", 503, null, Map.of(), Set.of(3L))), 12L);
                tx.deals().upsert(List.of(new Deals.Pulled(700, Map.of(), false, Set.of(2L, 4L)),
                        new Deals.Pulled(701, Map.of(), true, Set.of(5L))), 12L);
                for (long id : List.of(1L, 2L, 3L, 6L)) {
                    tx.scores().append(score(id, 10, 20L));
                    tx.scores().append(score(id, 20 + (int) id, 30L));
                    tx.scores().putBandState(new Scores.BandState(id, "Warm", 20L, id == 2 ? 25L : null,
                            20 + (int) id, "abc"));
                }
                tx.scores().recordTransition(new Scores.Transition(2, "Cold", "Warm", 22, "abc", 25L, true, null,
                        null));
                tx.scores().recordTransition(new Scores.Transition(2, "Warm", "Hot", 40, "abc", 35L, false,
                        "cooldown", "cooldown until later"));
                tx.conflicts().record(3, "hubscore_band", "Warm", "Hot", "yield", 40L);
                tx.conflicts().record(6, "hubscore_band", "Warm", "Hot", "overwrite", 40L);
                tx.written().put(1, Map.of("hubscore_score", "21", "hubscore_band", "Warm"), 50L);
                tx.written().put(2, Map.of("hubscore_score", "22"), 50L);
                tx.outbox().enqueue(2, Map.of("hubscore_score", "40"), 51L);
                tx.outbox().enqueue(2, Map.of("hubscore_score", "41"), 52L);
                tx.outbox().enqueue(6, Map.of("hubscore_score", "26"), 53L);
            });
        }

        @Test
        void theSetBasedReadAgreesWithEveryStoresOwnReadContactByContact() {
            varied();
            List<Long> ids = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 12L, 13L, 99L);

            Map<Long, ScoringStates.ScoringState> states = ledger.read(tx -> tx.scoringStates().load(ids));

            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 12L), List.copyOf(states.keySet()),
                    "live contacts only, in id order: archived 13 and unknown 99 are left out");
            ledger.read(tx -> {
                for (ScoringStates.ScoringState state : states.values()) {
                    long id = state.id();
                    String where = "contact " + id;
                    assertEquals(tx.contacts().get(id).orElseThrow(), state.contact(), where);
                    assertEquals(tx.engagements().forContact(id), state.events(), where);
                    assertEquals(tx.deals().hasOpenDeal(id), state.openDeal(), where);
                    assertEquals(tx.scores().bandState(id), state.band(), where);
                    assertEquals(tx.scores().latest(id), state.latest(), where);
                    List<Scores.Transition> history = tx.scores().transitions(id);
                    assertEquals(history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1)),
                            state.lastTransition(), where);
                    assertEquals(tx.conflicts().hasOpen(id), state.openConflict(), where);
                    assertEquals(tx.outbox().lastQueued(id).orElseGet(() -> tx.written().values(id)),
                            state.lastValues(), where);
                }
                return null;
            });
            ScoringStates.ScoringState two = states.get(2L);
            assertEquals(2, states.get(1L).events().size());
            assertTrue(two.openDeal());
            assertEquals(Map.of("hubscore_score", "41"), two.lastValues(), "the latest undelivered write wins");
            assertEquals("cooldown", two.lastTransition().orElseThrow().heldBy());
            assertTrue(states.get(3L).openConflict());
            assertFalse(states.get(6L).openConflict(), "an overwrite conflict does not hold writes");
            assertFalse(states.get(5L).openDeal(), "a closed deal is not open");
        }

        @Test
        void theKeysetWalksEveryLiveContactOnceInOrder() {
            varied();

            List<Long> walked = new java.util.ArrayList<>();
            long after = 0;
            while (true) {
                long from = after;
                List<Long> page = ledger.read(tx -> tx.scoringStates().liveIdsAfter(from, 5));
                if (page.isEmpty()) {
                    break;
                }
                walked.addAll(page);
                after = page.get(page.size() - 1);
            }

            assertEquals(java.util.stream.LongStream.rangeClosed(1, 12).boxed().toList(), walked);
        }
    }
}
