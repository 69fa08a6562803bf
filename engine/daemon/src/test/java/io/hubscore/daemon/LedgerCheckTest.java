package io.hubscore.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerCheck;
import io.hubscore.ledger.LedgerSql;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LedgerCheck} on a ledger the daemon built against the simulator (first bands counted as transitions, then a
 * round of activity): clean as built, and each invariant, broken through SQL, named by the check.
 */
class LedgerCheckTest {

    @TempDir
    static Path built;
    static Path original;

    @TempDir
    Path dir;
    Path file;

    @BeforeAll
    static void buildALedgerWithTheDaemon() throws Exception {
        try (PortalHarness harness = PortalHarness.start(built, 200, 17L, "overwrite")) {
            Files.writeString(harness.configFile, Files.readString(harness.configFile, StandardCharsets.UTF_8)
                    + "\ntransitions:\n  count-first-assignment: true\n", StandardCharsets.UTF_8);
            try (Daemon daemon = harness.openDaemon()) {
                assertTrue(daemon.runOnce(Duration.ofMinutes(1)));
                harness.simulator.portal().simulateActivity(new Random(17L), 150);
                assertTrue(daemon.runOnce(Duration.ofMinutes(1)));
            }
            original = harness.ledgerFile;
        }
    }

    @BeforeEach
    void copyTheLedger() throws Exception {
        file = dir.resolve("ledger.db");
        Files.copy(original, file);
    }

    private LedgerCheck.Report check() {
        try (Ledger ledger = Ledger.openReadOnly(file)) {
            return LedgerCheck.run(ledger);
        }
    }

    private static Map<String, LedgerCheck.Result> byName(LedgerCheck.Report report) {
        return report.results().stream().collect(Collectors.toMap(LedgerCheck.Result::name, r -> r));
    }

    /** Runs SQL on the ledger as another program would, and returns the first column of the first row. */
    private long sql(String statement, Object... args) {
        try (Ledger ledger = Ledger.open(file)) {
            return LedgerSql.execute(ledger, statement, args);
        }
    }

    /** The only failing check, asserting the others pass. */
    private static LedgerCheck.Result onlyFailure(LedgerCheck.Report report) {
        List<LedgerCheck.Result> failed = report.results().stream().filter(r -> !r.ok()).toList();
        assertEquals(1, failed.size(), "exactly one check fails: " + report);
        return failed.get(0);
    }

    @Test
    void aLedgerTheDaemonBuiltIsCleanAndEveryCheckHadRowsToCheck() throws Exception {
        LedgerCheck.Report report = check();

        assertTrue(report.clean(), report.toString());
        assertEquals(List.of("integrity", "transition-chains", "band-state", "delivered-writes", "contributions"),
                report.results().stream().map(LedgerCheck.Result::name).toList());
        assertEquals(200, report.contacts());
        assertTrue(report.scoreRows() >= 200, "every contact scored: " + report.scoreRows());
        assertTrue(sql("SELECT COUNT(*) FROM transitions WHERE fired = 1") >= 200, "first bands fired");
        assertTrue(sql("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'") > 100, "writes delivered");
    }

    @Test
    void aFiredTransitionThatDoesNotStartWhereTheOneBeforeItEndedIsNamed() {
        long contact = sql("SELECT contact_id FROM band_state ORDER BY contact_id LIMIT 1");
        String band = bandOf(contact);
        String elsewhere = band.equals("Cold") ? "Warm" : "Cold";
        // a second transition ending in the contact's band, but starting from a band it never was in
        long seq = sql("INSERT INTO transitions (contact_id, from_band, to_band, score, fingerprint, at, fired) "
                + "SELECT contact_id, ?, to_band, score, fingerprint, at + 1, 1 FROM transitions "
                + "WHERE contact_id = ? AND fired = 1 ORDER BY seq DESC LIMIT 1 RETURNING seq", elsewhere, contact);

        LedgerCheck.Result chain = onlyFailure(check());

        assertEquals("transition-chains", chain.name());
        assertEquals(1, chain.problems());
        assertEquals(List.of("contact " + contact + ": transition " + seq + " goes " + elsewhere + " -> " + band
                + ", but the fired transition before it ended in " + band), chain.examples());
    }

    @Test
    void aBandStateThatIsNotWhereTheLastFiredTransitionEndedIsNamed() {
        long contact = sql("SELECT contact_id FROM band_state ORDER BY contact_id DESC LIMIT 1");
        String band = bandOf(contact);
        long last = sql("SELECT MAX(seq) FROM transitions WHERE contact_id = ? AND fired = 1", contact);
        sql("UPDATE band_state SET band = 'Lukewarm' WHERE contact_id = ?", contact);

        LedgerCheck.Result state = onlyFailure(check());

        assertEquals("band-state", state.name());
        assertEquals(List.of("contact " + contact + ": band state is Lukewarm, but its last fired transition ("
                + last + ") ended in " + band), state.examples());
    }

    @Test
    void aDeliveredWriteWithoutAWrittenValueIsNamedUnlessAnAdminClearedTheContactsConflictSince() throws Exception {
        long seq = sql("SELECT MIN(seq) FROM outbox WHERE state = 'delivered'");
        long contact = sql("SELECT contact_id FROM outbox WHERE seq = ?", seq);
        sql("DELETE FROM written WHERE contact_id = ? AND property = 'hubscore_band'", contact);
        long deliveredTo = sql("SELECT COUNT(*) FROM outbox WHERE state = 'delivered' AND contact_id = ?", contact);

        LedgerCheck.Result delivered = onlyFailure(check());

        assertEquals("delivered-writes", delivered.name());
        assertEquals(deliveredTo, delivered.problems(), "each delivered row of the contact lost its band");
        assertEquals("outbox row " + seq + " (contact " + contact + ") was delivered, but no value of hubscore_band is"
                + " recorded as written", delivered.examples().get(0));

        try (Ledger ledger = Ledger.open(file)) { // clear-conflict forgets what was written, so it is written again
            ledger.update(tx -> {
                tx.conflicts().record(contact, "hubscore_band", "Hot", "Cold", "yield", Long.MAX_VALUE - 1);
                tx.conflicts().clear(contact, Long.MAX_VALUE);
            });
        }
        assertTrue(check().clean(), check().toString());
    }

    @Test
    void aScoreWhoseContributionsDoNotSumToItIsNamedWithTheirSum() throws Exception {
        long seq = sql("SELECT MAX(seq) FROM scores");
        long contact = sql("SELECT contact_id FROM scores WHERE seq = ?", seq);
        long score = sql("SELECT score FROM scores WHERE seq = ?", seq);
        sql("UPDATE scores SET score = score + 1 WHERE seq = ?", seq);

        LedgerCheck.Result sums = onlyFailure(check());

        assertEquals("contributions", sums.name());
        assertEquals(List.of("score row " + seq + " (contact " + contact + "): contributions sum to " + score
                + ", the score is " + (score + 1)), sums.examples());
    }

    @Test
    void everyProblemIsCountedButOnlyTheFirstTenAreNamed() throws Exception {
        long changed = sql("UPDATE scores SET score = score + 1 WHERE seq IN (SELECT seq FROM scores LIMIT 25)");

        LedgerCheck.Result sums = onlyFailure(check());

        assertEquals(25, changed);
        assertEquals(25, sums.problems());
        assertEquals(LedgerCheck.EXAMPLES, sums.examples().size());
    }

    @Test
    void unreadableContributionsAreAProblemOfTheirRowNotAFailureOfTheCheck() throws Exception {
        long seq = sql("SELECT MIN(seq) FROM scores");
        sql("UPDATE scores SET contributions = '[{\"name\": \"x\"' WHERE seq = ?", seq);

        LedgerCheck.Result sums = onlyFailure(check());

        assertEquals(1, sums.problems());
        assertTrue(sums.examples().get(0).startsWith("corrupt ledger JSON in score row " + seq), sums.examples().get(0));
    }

    private String bandOf(long contact) {
        try (Ledger ledger = Ledger.openReadOnly(file)) {
            return ledger.read(tx -> tx.scores().bandState(contact)).orElseThrow().band();
        }
    }
}
