package io.hubscore.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The score job's batched record and its lean read: what one records, the other reads back, row by row. */
class ScoringStatesTest {

    @TempDir
    Path dir;
    Ledger ledger;

    @BeforeEach
    void open() {
        ledger = Ledger.open(dir.resolve("acme.db"));
        ledger.update(tx -> tx.scores().releaseModel(new Scores.ModelVersion("abc", "1", "model: {}", 1L, null)));
        ledger.update(tx -> tx.scores().releaseModel(new Scores.ModelVersion("abd", "2", "model: {}", 2L, null)));
        ledger.update(tx -> tx.contacts().upsert(List.of(
                new Contacts.Pulled(1, Map.of("jobtitle", "CMO"), "h1", 1000L),
                new Contacts.Pulled(2, Map.of("jobtitle", "CTO"), "h2", 1000L),
                new Contacts.Pulled(3, Map.of("jobtitle", "Intern"), "h3", 1000L)), 10L));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private static Scores.Score score(long contact, int points, String reason, long at) {
        return new Scores.Score(contact, "abc", points, BigDecimal.valueOf(points), BigDecimal.ZERO, "Warm",
                List.of(new Scores.Contribution(reason, "fit", "property-rule", BigDecimal.valueOf(points),
                        BigDecimal.valueOf(points))), List.of(), at);
    }

    private static ScoringStates.Recorded recorded(Scores.Score row, String suppression, Map<String, String> write) {
        return new ScoringStates.Recorded(row, row.digest(), true, Optional.empty(),
                new Scores.BandState(row.contactId(), row.band(), row.scoredAt(), null, row.score(), row.fingerprint()),
                suppression, suppression == null ? null : "no-write", Optional.ofNullable(write));
    }

    @Test
    void aBatchRecordedInOneCallReadsBackAsTheSingleRowStoresWouldHaveStoredIt() {
        ledger.update(tx -> tx.scoringStates().record(List.of(
                recorded(score(1, 20, "title", 100L), null, Map.of("hubscore_score", "20")),
                recorded(score(2, 30, "title", 100L), "student", null)), 100L));

        ledger.read(tx -> {
            assertEquals(Optional.of(score(1, 20, "title", 100L)), tx.scores().latest(1));
            assertEquals(Optional.of(score(2, 30, "title", 100L)), tx.scores().latest(2));
            assertEquals("Warm", tx.scores().bandState(2).orElseThrow().band());
            assertEquals(Map.of("hubscore_score", "20"), tx.outbox().lastQueued(1).orElseThrow());
            assertTrue(tx.outbox().lastQueued(2).isEmpty());
            assertEquals(List.of(new Suppressions.Held(2, "student", "no-write", 100L)), tx.suppressions().all());
            return null;
        });

        // a later batch clears the suppression and keeps the band state's digest of the latest score
        ledger.update(tx -> tx.scoringStates().record(List.of(recorded(score(2, 31, "title", 200L), null, null)),
                200L));
        assertTrue(ledger.read(tx -> tx.suppressions().all()).isEmpty());
    }

    @Test
    void theLeanReadGivesTheLatestScoresDigestWithoutItsRowAndTheFullReadGivesBoth() {
        Scores.Score first = score(1, 20, "title", 100L);
        ledger.update(tx -> tx.scoringStates().record(List.of(recorded(first, null, null)), 100L));

        ScoringStates.ScoringState lean = ledger.read(tx -> tx.scoringStates().loadForScoring(List.of(1L))).get(1L);
        ScoringStates.ScoringState full = ledger.read(tx -> tx.scoringStates().load(List.of(1L))).get(1L);

        assertTrue(lean.latest().isEmpty(), "the lean read leaves the row unread");
        assertEquals(Optional.of(first.digest()), lean.latestDigest());
        assertEquals(Optional.of(first), full.latest());
        assertEquals(Optional.of(first.digest()), full.latestDigest());
    }

    @Test
    void aScoreAppendedOutsideTheBatchMakesTheLeanReadFallBackToTheRow() {
        ledger.update(tx -> tx.scoringStates().record(List.of(recorded(score(1, 20, "title", 100L), null, null)),
                100L));
        Scores.Score later = score(1, 25, "industry", 150L);
        ledger.update(tx -> {
            tx.scores().append(later);
        });

        ScoringStates.ScoringState lean = ledger.read(tx -> tx.scoringStates().loadForScoring(List.of(1L))).get(1L);

        assertEquals(Optional.of(later), lean.latest(), "the band state's digest was forgotten: the row is read");
        assertEquals(Optional.of(later.digest()), lean.latestDigest());
    }

    @Test
    void aWalkInKeyOrderReadsEachPageAsTheReadOfItsIdsDoes() {
        ledger.update(tx -> {
            tx.contacts().upsert(List.of(new Contacts.Pulled(4, Map.of("jobtitle", "CEO"), "h4", 1000L),
                    new Contacts.Pulled(5, Map.of("jobtitle", "VP"), "h5", 1000L)), 20L);
            tx.contacts().archive(2, null, 30L); // inside the first page's range of ids, and left out
            tx.engagements().upsert(List.of(
                    new Engagements.Pulled("emails", 70, 500L, Map.of("hs_email_direction", "INCOMING_EMAIL"),
                            java.util.Set.of(1L, 2L, 3L), 400L),
                    new Engagements.Pulled("meetings", 71, null, Map.of(), java.util.Set.of(3L), 400L),
                    new Engagements.Pulled("calls", 72, 450L, Map.of("hs_call_title", "a\u0001b"),
                            java.util.Set.of(4L), 400L)), 40L);
            tx.scoringStates().record(List.of(recorded(score(1, 20, "title", 100L), null, Map.of("hubscore_score",
                    "20")), recorded(score(3, 5, "title", 100L), "student", null)), 100L);
            tx.written().put(4, Map.of("hubscore_score", "12", "hubscore_band", "Cold"), 110L);
        });

        List<ScoringStates.ScoringState> walked = new java.util.ArrayList<>();
        long after = 0;
        while (true) {
            long from = after;
            Map<Long, ScoringStates.ScoringState> page = ledger.read(tx -> tx.scoringStates()
                    .loadForScoringAfter(from, 2));
            if (page.isEmpty()) {
                break;
            }
            walked.addAll(page.values());
            after = java.util.Collections.max(page.keySet());
        }
        List<ScoringStates.ScoringState> byIds = List.copyOf(ledger.read(tx -> tx.scoringStates()
                .loadForScoring(List.of(1L, 2L, 3L, 4L, 5L))).values());

        assertEquals(List.of(1L, 3L, 4L, 5L), walked.stream().map(ScoringStates.ScoringState::id).toList());
        assertEquals(byIds, walked);
        assertEquals(List.of("meetings", "emails"), walked.get(1).events().stream().map(Engagements.Event::type)
                .toList(), "contact 3's engagements, the one with no time first");
        assertEquals("a\u0001b", walked.get(2).events().get(0).properties().get("hs_call_title"),
                "a control character inside a value comes back whole");
        assertEquals(Map.of("hubscore_score", "12", "hubscore_band", "Cold"), walked.get(2).lastValues());
        assertEquals(Map.of("hubscore_score", "20"), walked.get(0).lastValues(), "the queued write, not the written");
    }

    @Test
    void theDigestTellsApartEverythingAScoreSaysButNotWhenOrForWhom() {
        Scores.Score row = score(1, 20, "title", 100L);

        assertEquals(row.digest(), score(2, 20, "title", 999L).digest(), "contact and time are not what it says");
        assertNotEquals(row.digest(), score(1, 21, "title", 100L).digest());
        assertNotEquals(row.digest(), score(1, 20, "industry", 100L).digest());
        assertNotEquals(row.digest(), new Scores.Score(1, "abc", 20, BigDecimal.valueOf(20), BigDecimal.ZERO, "Warm",
                row.contributions(), List.of(new Scores.Note("contact", "jobtitle", "unreadable")), 100L).digest());
        assertNotEquals(row.digest(), new Scores.Score(1, "abd", 20, BigDecimal.valueOf(20), BigDecimal.ZERO, "Warm",
                row.contributions(), List.of(), 100L).digest());
    }
}
