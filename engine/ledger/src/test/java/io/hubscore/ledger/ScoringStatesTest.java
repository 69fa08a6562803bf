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
