package io.hubscore.cli;

import static io.hubscore.cli.ReportCommands.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubscore.ledger.Contacts;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.Scores;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {

    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Instant FIRST = NOW.minus(Duration.ofDays(20));
    static final Instant WARMED = NOW.minus(Duration.ofDays(3));
    static final Instant HELD = NOW.minus(Duration.ofHours(2));
    static final String HELD_REASON = "cooldown until 2026-11-24T10:00:00Z";

    /** Contact 51's latest score, in stored order (model order): lines that sum to {@link #SCORE}. */
    static final List<Scores.Contribution> LINES = List.of(
            line("marketing-title", "fit", "property-rule", "10", "10"),
            line("agency-industry", "fit", "property-rule", "15", "15"),
            line("student-or-intern", "fit", "property-rule", "-5", "-5"),
            line("email-reply", "engagement", "event-rule", "9", "6.75"),
            line("meeting", "engagement", "event-rule", "20", "15"),
            line("engagement decay", "engagement", "step-decay", "0", "-1.5"),
            line("rounding", "score", "rounding", "0", "-0.25"));
    static final int SCORE = LINES.stream().map(Scores.Contribution::points)
            .reduce(BigDecimal.ZERO, BigDecimal::add).intValueExact();

    @TempDir
    Path dir;
    Path ledgerFile;
    Path config;
    final ReportCommands cli = new ReportCommands();

    @BeforeEach
    void writeConfig() throws IOException {
        ledgerFile = dir.resolve("icp-agency.db");
        config = ReportCommands.config(dir, ledgerFile);
    }

    private static long at(Instant instant) {
        return instant.toEpochMilli();
    }

    private void fill() {
        try (Ledger ledger = Ledger.open(ledgerFile)) {
            ledger.update(tx -> {
                tx.scores().releaseModel(new Scores.ModelVersion("fp-1", "icp-agency-1", "model: 1",
                        at(FIRST.minusSeconds(60)), null));
                tx.scores().releaseModel(new Scores.ModelVersion("fp-2", "icp-agency-2", "model: 2",
                        at(WARMED.minusSeconds(60)), null));
                tx.contacts().upsert(List.of(new Contacts.Pulled(51, Map.of("jobtitle", "CMO"), "h", 1L),
                        new Contacts.Pulled(52, Map.of(), "h", 1L)), at(HELD));
                tx.contacts().clearDirty(List.of(51L, 52L));
                tx.scores().append(new Scores.Score(51, "fp-1", 12, new BigDecimal("12"), BigDecimal.ZERO, "Cold",
                        List.of(line("marketing-title", "fit", "property-rule", "12", "12")), List.of(), at(FIRST)));
                tx.scores().append(new Scores.Score(51, "fp-2", SCORE, new BigDecimal("20"), new BigDecimal("20.25"),
                        "Warm", LINES, List.of(new Scores.Note("company-size-10-50", "numemployees",
                                "'12 employees' is not a number")), at(HELD)));
                tx.scores().recordTransition(new Scores.Transition(51, null, "Cold", 12, "fp-1", at(FIRST), true, null,
                        null));
                tx.scores().recordTransition(new Scores.Transition(51, "Cold", "Warm", 20, "fp-2", at(WARMED), true,
                        null, null));
                tx.scores().recordTransition(new Scores.Transition(51, "Warm", "Hot", SCORE, "fp-2", at(HELD), false,
                        "cooldown", HELD_REASON));
                tx.scores().putBandState(new Scores.BandState(51, "Warm", at(WARMED), at(WARMED), 20, "fp-2"));
                tx.written().put(51, Map.of("hubscore_score", "20", "hubscore_band", "Warm"), at(WARMED));
                tx.outbox().enqueue(51, Map.of("hubscore_score", "12"), at(FIRST));
                tx.outbox().enqueue(51, Map.of("hubscore_score", Integer.toString(SCORE)), at(HELD));
                long parked = tx.outbox().due(Long.MAX_VALUE, 10).get(0).seq();
                tx.outbox().park(parked, "VALIDATION_ERROR: 12 is out of range");
                tx.conflicts().record(51, "hubscore_band", "Warm", "Customer", "yield", at(HELD));

                tx.scores().append(new Scores.Score(52, "fp-2", 5, new BigDecimal("5"), BigDecimal.ZERO, "Cold",
                        List.of(line("target-country", "fit", "property-rule", "5", "5")), List.of(), at(HELD)));
                tx.scores().recordTransition(new Scores.Transition(52, null, "Cold", 5, "fp-2", at(FIRST), true, null,
                        null));
                tx.scores().recordTransition(new Scores.Transition(52, "Cold", "Warm", 16, "fp-2", at(HELD), false,
                        "open-deal", "suppression open-deal (freeze-band)"));
                tx.scores().putBandState(new Scores.BandState(52, "Cold", at(FIRST), at(FIRST), 5, "fp-2"));
                tx.suppressions().set(52, "open-deal", "freeze-band", at(HELD));
            });
        }
    }

    private int explain(String contact, String... more) {
        List<String> args = new ArrayList<>(List.of("explain", "--config", config.toString(), "--contact", contact));
        args.addAll(List.of(more));
        return cli.run(CLOCK, args.toArray(String[]::new));
    }

    @Nested
    class TheScore {

        @Test
        void showsTheScoreWithItsModelAndSubScores() {
            fill();

            int exit = explain("51");

            assertEquals(0, exit, cli.err.toString());
            cli.line("Score: " + SCORE + " with model icp-agency-2, fingerprint fp-2, scored at " + HELD);
            cli.line("Fit: 20\\s+Engagement: 20\\.25");
        }

        @Test
        void listsEveryLineLargestFirstWithinItsGroupAndSaysTheySumToTheScore() {
            fill();

            explain("51");

            int agency = cli.indexOf("\\s+fit\\s+agency-industry\\s+property-rule\\s+\\+15\\s+\\+15");
            assertEquals(agency + 1, cli.indexOf("\\s+fit\\s+marketing-title\\s+property-rule\\s+\\+10\\s+\\+10"));
            assertEquals(agency + 2, cli.indexOf("\\s+fit\\s+student-or-intern\\s+property-rule\\s+-5\\s+-5"));
            assertEquals(agency + 3, cli.indexOf("\\s+engagement\\s+meeting\\s+event-rule\\s+\\+20\\s+\\+15"));
            assertEquals(agency + 4, cli.indexOf("\\s+engagement\\s+email-reply\\s+event-rule\\s+\\+9\\s+\\+6\\.75"));
            assertEquals(agency + 5, cli.indexOf("\\s+engagement\\s+engagement decay\\s+step-decay\\s+0\\s+-1\\.5"));
            assertEquals(agency + 6, cli.indexOf("\\s+score\\s+rounding\\s+rounding\\s+0\\s+-0\\.25"));
            assertEquals(agency + 7, cli.indexOf("\\s+The lines sum to " + SCORE + ", the score\\."));
        }

        @Test
        void showsTheDataQualityNotes() {
            fill();

            explain("51");

            cli.line("\\s+company-size-10-50\\s+numemployees\\s+'12 employees' is not a number");
        }

        @Test
        void warnsWhenAStoredScoreDoesNotAddUp() {
            try (Ledger ledger = Ledger.open(ledgerFile)) {
                ledger.update(tx -> {
                    tx.scores().releaseModel(new Scores.ModelVersion("fp-1", "icp-agency-1", "model", 1L, null));
                    tx.scores().append(new Scores.Score(60, "fp-1", 30, new BigDecimal("10"), BigDecimal.ZERO, "Warm",
                            List.of(line("agency-industry", "fit", "property-rule", "10", "10")), List.of(), at(NOW)));
                });
            }

            int exit = explain("60");

            assertEquals(0, exit, cli.err.toString());
            cli.line("\\s+WARNING: the lines sum to 10 but the score is 30: .*");
        }
    }

    @Nested
    class TheBand {

        @Test
        void showsTheCurrentBandAndEveryTransitionFiredOrHeld() {
            fill();

            explain("51");

            cli.line("Band: Warm since " + WARMED + " \\(last transition " + WARMED + "\\)");
            int first = cli.indexOf("\\s+" + FIRST + "\\s+\\(none\\) -> Cold\\s+fired\\s+12\\s+icp-agency-1\\s+-");
            assertEquals(first + 1, cli.indexOf("\\s+" + WARMED + "\\s+Cold -> Warm\\s+fired\\s+20\\s+icp-agency-2\\s+-"));
            assertEquals(first + 2, cli.indexOf("\\s+" + HELD + "\\s+Warm -> Hot\\s+held by cooldown\\s+" + SCORE
                    + "\\s+icp-agency-2\\s+" + Pattern.quote(HELD_REASON)));
            cli.line("Suppressed: no");
        }

        @Test
        void saysWhichSuppressionHoldsTheContact() {
            fill();

            explain("52");

            cli.line("Suppressed: yes, by open-deal \\(freeze-band, since " + HELD + "\\)");
            cli.line("\\s+" + HELD + "\\s+Cold -> Warm\\s+held by open-deal\\s+16\\s+.*");
        }
    }

    @Nested
    class TheWrites {

        @Test
        void showsWhatWasWrittenAndWhatIsPendingOrParked() {
            fill();

            explain("51");

            cli.line("\\s+hubscore_band\\s+Warm\\s+" + WARMED);
            cli.line("\\s+hubscore_score\\s+20\\s+" + WARMED);
            cli.line("\\s+\\d+\\s+parked\\s+" + FIRST + "\\s+1\\s+hubscore_score=12\\s+VALIDATION_ERROR: 12 is out of range");
            cli.line("\\s+\\d+\\s+pending\\s+" + HELD + "\\s+0\\s+hubscore_score=" + SCORE + "\\s+-");
            int conflicts = cli.indexOf("Open conflicts:");
            assertEquals(conflicts + 2, cli.indexOf("\\s+hubscore_band\\s+Warm\\s+Customer\\s+yield\\s+" + HELD));
            cli.line("\\s+Writes to this contact are held \\(policy yield\\) until an admin clears the conflict\\.");
        }
    }

    @Nested
    class Json {

        @Test
        void printsOneDocumentWithTheSameExplanation() throws IOException {
            fill();

            int exit = explain("51", "--json");

            assertEquals(0, exit, cli.err.toString());
            JsonNode doc = ReportCommands.MAPPER.readTree(cli.out.toString());
            assertEquals(51, doc.path("contact").asLong());
            JsonNode score = doc.path("score");
            assertEquals(SCORE, score.path("score").asInt());
            assertEquals("icp-agency-2", score.path("modelVersion").asText());
            assertEquals(LINES.size(), score.path("contributions").size());
            assertEquals("agency-industry", score.path("contributions").get(0).path("name").asText());
            assertEquals("6.75", score.path("contributions").get(4).path("points").asText());
            assertTrue(score.path("sumsToScore").asBoolean());
            assertEquals("numemployees", score.path("notes").get(0).path("property").asText());
            assertEquals("Warm", doc.path("band").path("band").asText());
            assertEquals(3, doc.path("transitions").size());
            assertTrue(doc.path("transitions").get(0).path("from").isNull());
            assertEquals("cooldown", doc.path("transitions").get(2).path("heldBy").asText());
            assertFalse(doc.path("suppression").path("suppressed").asBoolean());
            assertEquals("Warm", doc.path("written").path("hubscore_band").path("value").asText());
            assertEquals(List.of("parked", "pending"), List.of(doc.path("undelivered").get(0).path("state").asText(),
                    doc.path("undelivered").get(1).path("state").asText()));
        }
    }

    @Nested
    class UserErrors {

        @Test
        void aContactTheLedgerDoesNotKnowIsExitTwo() {
            fill();

            int exit = explain("123");

            assertEquals(2, exit);
            assertTrue(cli.err.toString().startsWith("hubscore explain: contact 123 is not in the ledger (" + ledgerFile
                    + ")"), cli.err.toString());
            assertEquals("", cli.out.toString());
        }

        @Test
        void aContactThatIsNotANumberIsExitTwoWithoutAStackTrace() {
            fill();

            int exit = explain("abc");

            assertEquals(2, exit);
            assertEquals("hubscore explain: --contact must be a HubSpot contact id (a whole number such as 51), "
                    + "not 'abc'", cli.err.toString().strip());
        }

        @Test
        void aMissingLedgerIsExitTwo() {
            int exit = explain("51");

            assertEquals(2, exit);
            assertTrue(cli.err.toString().startsWith("hubscore explain: ledger " + ledgerFile + " does not exist"),
                    cli.err.toString());
            assertFalse(Files.exists(ledgerFile));
        }

        @Test
        void anInvalidConfigIsExitTwo() throws IOException {
            Files.writeString(config, Files.readString(config).replace("ownership: overwrite", "ownership: maybe"));

            int exit = explain("51");

            assertEquals(2, exit);
            assertTrue(cli.err.toString().startsWith("hubscore explain: config " + config + " is invalid"),
                    cli.err.toString());
            assertTrue(cli.err.toString().contains("write-back.ownership"), cli.err.toString());
        }
    }
}
