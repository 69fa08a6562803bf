package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubscore.ledger.CompletenessChecks;
import io.hubscore.ledger.Conflicts;
import io.hubscore.ledger.Contacts;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.Outbox;
import io.hubscore.ledger.PortalState;
import io.hubscore.ledger.RateState;
import io.hubscore.ledger.Scores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {

    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Instant START_OF_TODAY = Instant.parse("2026-11-20T00:00:00Z");
    static final Instant INCREMENTAL_MARK = NOW.minus(Duration.ofMinutes(7));
    static final Instant PAUSED_UNTIL = NOW.plus(Duration.ofHours(12));

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

    private static Scores.Transition transition(long contact, String from, String to, Instant at, boolean fired,
            String heldBy) {
        return new Scores.Transition(contact, from, to, 40, "fp-2", at(at), fired, heldBy, null);
    }

    /** A portal mid-way through its life: some of everything the status shows. */
    static void fill(Ledger ledger) {
        ledger.update(tx -> {
            tx.scores().releaseModel(new Scores.ModelVersion("fp-1", "icp-agency-1", "model: 1",
                    at(NOW.minus(Duration.ofDays(10))), null));
            tx.scores().releaseModel(new Scores.ModelVersion("fp-2", "icp-agency-2", "model: 2",
                    at(NOW.minus(Duration.ofDays(1))), "new fit"));
            tx.contacts().upsert(List.of(
                    new Contacts.Pulled(1, Map.of(), "h1", 1L),
                    new Contacts.Pulled(2, Map.of(), "h2", 1L),
                    new Contacts.Pulled(3, Map.of(), "h3", 1L),
                    new Contacts.Pulled(4, Map.of(), "h4", 1L)), at(NOW.minus(Duration.ofHours(2))));
            tx.contacts().clearDirty(List.of(1L, 2L));
            tx.contacts().archive(4, 1L, at(NOW.minus(Duration.ofHours(1))));
            tx.scores().putBandState(new Scores.BandState(1, "Hot", 1L, 1L, 40, "fp-2"));
            tx.scores().putBandState(new Scores.BandState(2, "Hot", 1L, 1L, 35, "fp-2"));
            tx.scores().putBandState(new Scores.BandState(3, "Cold", 1L, null, 3, "fp-2"));
            tx.scores().putBandState(new Scores.BandState(4, "Warm", 1L, null, 20, "fp-2"));
            tx.scores().recordTransition(transition(1, "Warm", "Hot", NOW.minus(Duration.ofHours(3)), true, null));
            tx.scores().recordTransition(transition(2, "Warm", "Hot", START_OF_TODAY, true, null));
            tx.scores().recordTransition(transition(2, "Cold", "Warm", START_OF_TODAY.minusMillis(1), true, null));
            tx.scores().recordTransition(transition(3, "Cold", "Warm", NOW.minus(Duration.ofHours(1)), false,
                    "cooldown"));
            tx.outbox().enqueue(1, Map.of("hubscore_score", "40"), at(NOW.minus(Duration.ofMinutes(30))));
            tx.outbox().enqueue(2, Map.of("hubscore_band", "Lukewarm"), at(NOW.minus(Duration.ofMinutes(20))));
            tx.outbox().enqueue(3, Map.of("hubscore_score", "3"), at(NOW.minus(Duration.ofMinutes(10))));
            List<Outbox.Row> rows = tx.outbox().due(Long.MAX_VALUE, 10);
            tx.outbox().delivered(List.of(rows.get(0).seq()), at(NOW.minus(Duration.ofMinutes(25))));
            tx.outbox().park(rows.get(1).seq(), "VALIDATION_ERROR: Lukewarm is not a valid option for hubscore_band");
            tx.conflicts().record(1, "hubscore_band", "Hot", "Warm", "overwrite", at(NOW.minus(Duration.ofHours(5))));
            tx.conflicts().record(2, "hubscore_score", "35", "99", "yield", at(NOW.minus(Duration.ofHours(4))));
            tx.conflicts().record(3, "hubscore_band", "Cold", "Hot", "yield", at(NOW.minus(Duration.ofHours(3))));
            tx.conflicts().clear(3, at(NOW.minus(Duration.ofHours(2))));
            long firstPull = tx.runs().start("pull-contacts", at(NOW.minus(Duration.ofHours(1))));
            tx.runs().finish(firstPull, at(NOW.minus(Duration.ofHours(1))) + 500, Map.of("contacts", 1), null);
            long pull = tx.runs().start("pull-contacts", at(NOW.minus(Duration.ofMinutes(7))));
            tx.runs().finish(pull, at(NOW.minus(Duration.ofMinutes(7))) + 12_400, Map.of("contacts", 120), null);
            long score = tx.runs().start("score", at(NOW.minus(Duration.ofMinutes(6))));
            tx.runs().finish(score, at(NOW.minus(Duration.ofMinutes(6))) + 300, Map.of("scored", 0),
                    "HTTP 503 from HubSpot");
            tx.runs().start("write-back", at(NOW.minus(Duration.ofMinutes(1))));
            tx.checkpoints().put("contacts.backfill", "done", at(NOW.minus(Duration.ofDays(2))));
            tx.checkpoints().put("contacts.incremental", Long.toString(at(INCREMENTAL_MARK)), at(NOW));
            tx.checkpoints().put("engagements.meetings.backfill", "1234567890123", at(NOW));
            tx.portalState().put(PortalState.Key.PAUSED_UNTIL, Long.toString(at(PAUSED_UNTIL)), at(NOW));
            tx.portalState().put(PortalState.Key.PAUSE_REASON, "HubSpot's daily limit is used up", at(NOW));
            tx.portalState().put(PortalState.Key.AUTH_FAILURE, "401: the token was revoked", at(NOW));
            tx.rateState().putReported(new RateState.Reported(100L, 93L, 10_000L, 60L, 41L, at(NOW)));
        });
    }

    private void fillAndClose() {
        try (Ledger ledger = Ledger.open(ledgerFile)) {
            fill(ledger);
        }
    }

    @Nested
    class Text {

        @Test
        void showsEveryPartOfThePortalsState() {
            fillAndClose();

            int exit = cli.run(CLOCK, "status", "--config", config.toString());

            assertEquals(0, exit, cli.err.toString());
            assertTrue(cli.line("Model:\\s+icp-agency-2 \\(fingerprint fp-2, released .*").contains(
                    NOW.minus(Duration.ofDays(1)).toString()), "the latest released version is the active one");
            cli.line("Contacts:\\s+3 known, 1 archived, 1 dirty .*");
            cli.line("Outbox:\\s+1 pending, 1 parked, 1 delivered, 0 superseded");
            cli.line("Transitions:\\s+2 fired today, 3 in total \\(held: 1 today, 1 in total\\)");
            cli.line("Conflicts:\\s+2 open");
            cli.line("Paused:\\s+yes, until " + PAUSED_UNTIL + ": HubSpot's daily limit is used up");
            cli.line("Auth:\\s+FAILING since " + NOW + ": 401: the token was revoked");
            cli.line("Rate budget:\\s+rate budget used today 19 of 60 \\(31\\.7%\\) \\(as of " + NOW + "\\)");
        }

        @Test
        void listsBandsInTheConfigsOrderWithoutArchivedContacts() {
            fillAndClose();

            cli.run(CLOCK, "status", "--config", config.toString());

            int hot = cli.indexOf("\\s+Hot\\s+2");
            assertEquals(hot + 1, cli.indexOf("\\s+Warm\\s+0"), "contact 4 is archived: " + cli.out);
            assertEquals(hot + 2, cli.indexOf("\\s+Cold\\s+1"));
        }

        @Test
        void showsCheckpointsWithIncrementalMarksAsInstants() {
            fillAndClose();

            cli.run(CLOCK, "status", "--config", config.toString());

            cli.line("\\s+contacts\\.backfill\\s+done\\s+" + Pattern.quote(NOW.minus(Duration.ofDays(2)).toString()));
            cli.line("\\s+contacts\\.incremental\\s+" + at(INCREMENTAL_MARK) + " \\(" + INCREMENTAL_MARK + "\\)\\s+.*");
            cli.line("\\s+engagements\\.meetings\\.backfill\\s+1234567890123\\s+" + NOW);
        }

        @Test
        void showsTheLastRunOfEachJobWithDurationCountsAndError() {
            fillAndClose();

            cli.run(CLOCK, "status", "--config", config.toString());

            cli.line("\\s+pull-contacts\\s+" + NOW.minus(Duration.ofMinutes(7)) + "\\s+12\\.4s\\s+contacts=120\\s+-");
            cli.line("\\s+score\\s+\\S+\\s+300ms\\s+scored=0\\s+HTTP 503 from HubSpot");
            cli.line("\\s+write-back\\s+\\S+\\s+running\\s+-\\s+-");
            assertEquals(1, cli.lines().stream().filter(l -> l.matches("\\s+pull-contacts\\s.*")).count());
        }

        @Test
        void listsParkedWritesWithTheirReasonAndOpenConflicts() {
            fillAndClose();

            cli.run(CLOCK, "status", "--config", config.toString());

            cli.line("\\s+\\d+\\s+2\\s+" + NOW.minus(Duration.ofMinutes(20)) + "\\s+1\\s+hubscore_band=Lukewarm\\s+"
                    + "VALIDATION_ERROR: Lukewarm is not a valid option for hubscore_band");
            int latest = cli.indexOf("\\s+2\\s+hubscore_score\\s+35\\s+99\\s+yield\\s+"
                    + NOW.minus(Duration.ofHours(4)));
            int older = cli.indexOf("\\s+1\\s+hubscore_band\\s+Hot\\s+Warm\\s+overwrite\\s+\\S+");
            assertTrue(latest < older, "latest conflict first");
            assertTrue(cli.lines().stream().noneMatch(l -> l.matches("\\s+3\\s+hubscore_band\\s+Cold\\s+Hot\\s.*")),
                    "a cleared conflict is not listed: " + cli.out);
        }

        @Test
        void saysSoWhenTheLastPauseIsOver() {
            fillAndClose();

            cli.run(Clock.offset(CLOCK, Duration.ofHours(13)), "status", "--config", config.toString());

            cli.line("Paused:\\s+no \\(the last pause ended at " + PAUSED_UNTIL + ".*\\)");
        }

        @Test
        void anEmptyLedgerSaysWhatHasNotHappenedYet() {
            Ledger.open(ledgerFile).close();

            int exit = cli.run(CLOCK, "status", "--config", config.toString());

            assertEquals(0, exit, cli.err.toString());
            cli.line("Model:\\s+none released yet");
            cli.line("Paused:\\s+no");
            cli.line("Auth:\\s+ok");
            cli.line("Rate budget:\\s+not recorded");
            cli.line("\\s+no job has run yet");
        }
    }

    @Nested
    class Json {

        @Test
        void printsOneDocumentWithTheSameFacts() throws IOException {
            fillAndClose();

            int exit = cli.run(CLOCK, "status", "--config", config.toString(), "--json");

            assertEquals(0, exit, cli.err.toString());
            JsonNode status = ReportCommands.MAPPER.readTree(cli.out.toString());
            assertEquals("icp-agency-2", status.path("model").path("version").asText());
            assertEquals(3, status.path("contacts").path("known").asInt());
            assertEquals(1, status.path("outbox").path("parked").asInt());
            assertEquals(2, status.path("transitions").path("firedToday").asInt());
            assertEquals(3, status.path("transitions").path("firedTotal").asInt());
            assertEquals(2, status.path("bands").path("Hot").asInt());
            assertTrue(status.path("pause").path("paused").asBoolean());
            assertEquals(PAUSED_UNTIL.toString(), status.path("pause").path("until").asText());
            assertEquals(19, status.path("rateBudget").path("usedToday").asInt());
            assertEquals(60, status.path("rateBudget").path("daily").asInt());
            assertEquals(NOW.toString(), status.path("rateBudget").path("asOf").asText());
            assertEquals(INCREMENTAL_MARK.toString(), status.path("checkpoints").get(1).path("cursorInstant").asText());
            assertTrue(status.path("checkpoints").get(2).path("cursorInstant").isNull());
            assertEquals("Lukewarm", status.path("parked").get(0).path("properties").path("hubscore_band").asText());
            assertEquals(2, status.path("conflicts").size());
            assertEquals("HTTP 503 from HubSpot", status.path("lastRuns").get(1).path("error").asText());
        }
    }

    @Nested
    class RateLimits {

        private void recordRateState() {
            try (Ledger ledger = Ledger.open(ledgerFile)) {
                fill(ledger);
                ledger.update(tx -> {
                    tx.rateState().putReported(new RateState.Reported(190L, 183L, 10_000L, 60L, 0L,
                            at(NOW.minus(Duration.ofMinutes(3)))));
                    tx.rateState().putDailyCalls(new RateState.DailyCalls(LocalDate.parse("2026-11-20"), 18, 18L),
                            at(NOW));
                    tx.portalState().put(PortalState.Key.PAUSE_CHECKED_AT, Long.toString(at(NOW.minusSeconds(60))),
                            at(NOW));
                });
            }
        }

        @Test
        void showWhatHubSpotsHeadersLastSaidTodaysCallsAndWhenThePauseWasLastChecked() {
            recordRateState();

            int exit = cli.run(CLOCK, "status", "--config", config.toString());

            assertEquals(0, exit, cli.err.toString());
            cli.line("Rate limits:\\s+10\\.0s window 183 of 190 left, daily 0 of 60 left \\(HubSpot's headers at "
                    + NOW.minus(Duration.ofMinutes(3)) + "\\)");
            cli.line("Calls today:\\s+18 by this daemon on 2026-11-20, its daily share allows 18");
            cli.line("Paused:\\s+yes, until " + PAUSED_UNTIL + ": HubSpot's daily limit is used up \\(last checked with"
                    + " HubSpot at " + NOW.minusSeconds(60) + "; `hubscore resume` lifts it\\)");
        }

        @Test
        void areInTheJsonDocumentToo() throws IOException {
            recordRateState();

            cli.run(CLOCK, "status", "--config", config.toString(), "--json");

            JsonNode status = ReportCommands.MAPPER.readTree(cli.out.toString());
            JsonNode limits = status.path("rateLimits");
            assertEquals(190, limits.path("max").asInt());
            assertEquals(183, limits.path("remaining").asInt());
            assertEquals(10_000, limits.path("intervalMillis").asInt());
            assertEquals(60, limits.path("daily").asInt());
            assertEquals(0, limits.path("dailyRemaining").asInt());
            assertEquals(NOW.minus(Duration.ofMinutes(3)).toString(), limits.path("reportedAt").asText());
            assertEquals("2026-11-20", status.path("callsToday").path("day").asText());
            assertEquals(18, status.path("callsToday").path("calls").asInt());
            assertEquals(18, status.path("callsToday").path("allowed").asInt());
            assertEquals(NOW.minusSeconds(60).toString(), status.path("pause").path("checkedAt").asText());
            assertEquals("HubSpot's daily limit is used up", status.path("pause").path("reason").asText());
        }

        @Test
        void sayWhenNothingWasReportedYet() throws IOException {
            Ledger.open(ledgerFile).close();

            cli.run(CLOCK, "status", "--config", config.toString());

            cli.line("Rate limits:\\s+not reported yet");
            cli.line("Calls today:\\s+not recorded");
        }
    }

    @Nested
    class WhileTheDaemonRuns {

        @Test
        void readsTheLedgerWhileADaemonHoldsItsLockAndKeepsWriting() {
            try (Ledger daemon = Ledger.open(ledgerFile)) {
                fill(daemon);

                int exit = cli.run(CLOCK, "status", "--config", config.toString());
                daemon.update(tx -> tx.outbox().enqueue(1, Map.of("hubscore_score", "41"), at(NOW)));
                ReportCommands again = new ReportCommands();
                int second = again.run(CLOCK, "status", "--config", config.toString());

                assertEquals(0, exit, cli.err.toString());
                cli.line("Outbox:\\s+1 pending, 1 parked, 1 delivered, 0 superseded");
                assertEquals(0, second, again.err.toString());
                again.line("Outbox:\\s+2 pending, 1 parked, 1 delivered, 0 superseded");
            }
        }

        @Test
        void theLedgerOptionOverridesTheConfig() {
            Path other = dir.resolve("other.db");
            try (Ledger ledger = Ledger.open(other)) {
                fill(ledger);
            }

            int exit = cli.run(CLOCK, "status", "--config", config.toString(), "--ledger", other.toString());

            assertEquals(0, exit, cli.err.toString());
            assertTrue(cli.out.toString().contains("(ledger " + other + ")"), cli.out.toString());
            cli.line("Contacts:\\s+3 known, .*");
        }
    }

    @Nested
    class UserErrors {

        @Test
        void aMissingLedgerIsExitTwoWithOneMessage() {
            int exit = cli.run(CLOCK, "status", "--config", config.toString());

            assertEquals(2, exit);
            assertEquals("hubscore status: ledger " + ledgerFile + " does not exist: has the daemon run yet? "
                    + "(check portal.ledger in the config or --ledger)", cli.err.toString().strip());
            assertEquals("", cli.out.toString());
            assertFalse(Files.exists(ledgerFile), "status never creates a ledger");
        }

        @Test
        void anInvalidConfigIsExitTwoWithItsLocatedProblems() throws IOException {
            Files.writeString(config, Files.readString(config).replace("burst-share: 0.5", "burst-share: lots"));
            long line = Files.readAllLines(config).indexOf(Files.readAllLines(config).stream()
                    .filter(l -> l.contains("burst-share: lots")).findFirst().orElseThrow()) + 1;

            int exit = cli.run(CLOCK, "status", "--config", config.toString());

            assertEquals(2, exit);
            assertTrue(cli.err.toString().startsWith("hubscore status: config " + config + " is invalid"),
                    cli.err.toString());
            assertTrue(cli.err.toString().contains(config + ":" + line + ":"), "the problem is located: " + cli.err);
            assertFalse(cli.err.toString().contains("Exception"), cli.err.toString());
        }

        @Test
        void aFileThatIsNotALedgerIsExitTwo() throws IOException {
            Files.writeString(ledgerFile, "not a database, just text that is long enough to not be one");

            int exit = cli.run(CLOCK, "status", "--config", config.toString());

            assertEquals(2, exit);
            assertTrue(cli.err.toString().startsWith("hubscore status: "), cli.err.toString());
            assertTrue(cli.err.toString().contains(ledgerFile.toString()), cli.err.toString());
        }
    }

    @Nested
    class WholeData {

        private void fillWaitingAndChecked() {
            try (Ledger ledger = Ledger.open(ledgerFile)) {
                ledger.update(tx -> {
                    tx.portalState().put(PortalState.Key.SCORING_WAITS_FOR, "engagements.calls, deals",
                            at(NOW.minus(Duration.ofMinutes(3))));
                    tx.completeness().put(new CompletenessChecks.Check("contacts", at(NOW.minus(Duration.ofHours(1))),
                            "backfill", at(NOW.minus(Duration.ofHours(2))), 500, 200, 300, 300,
                            CompletenessChecks.Outcome.REPAIRED, "the ledger lacked 300 records HubSpot has; pulled 300"));
                    tx.completeness().put(new CompletenessChecks.Check("engagements.emails",
                            at(NOW.minus(Duration.ofMinutes(30))), "reconcile", at(NOW.minus(Duration.ofMinutes(31))),
                            120, 120, 0, 0, CompletenessChecks.Outcome.COMPLETE, null));
                });
            }
        }

        @Test
        void saysWhichBackfillsScoringWaitsForAndTheLastCheckOfEachStream() {
            fillWaitingAndChecked();

            int exit = cli.run(CLOCK, "status", "--config", config.toString());

            assertEquals(0, exit, cli.err.toString());
            cli.line("Scoring:\\s+waiting for the backfill of engagements\\.calls, deals \\(as of the score run at "
                    + NOW.minus(Duration.ofMinutes(3)) + "\\): no band is decided on partial data");
            int header = cli.indexOf("Completeness checks \\(the last of each stream\\):");
            cli.line("\\s+contacts\\s+" + NOW.minus(Duration.ofHours(1)) + "\\s+backfill\\s+" + NOW.minus(Duration.ofHours(2))
                    + "\\s+500\\s+200\\s+300\\s+300\\s+repaired: the ledger lacked 300 records HubSpot has; pulled 300");
            assertTrue(cli.indexOf("\\s+engagements\\.emails\\s+\\S+\\s+reconcile\\s+\\S+\\s+120\\s+120\\s+0\\s+0\\s+complete")
                    > header);
        }

        @Test
        void printsTheWaitAndTheChecksInJson() throws IOException {
            fillWaitingAndChecked();

            cli.run(CLOCK, "status", "--config", config.toString(), "--json");

            JsonNode status = ReportCommands.MAPPER.readTree(cli.out.toString());
            JsonNode waiting = status.path("scoring").path("waitingForBackfillOf");
            assertEquals(List.of("engagements.calls", "deals"), List.of(waiting.get(0).asText(), waiting.get(1).asText()));
            assertEquals(NOW.minus(Duration.ofMinutes(3)).toString(), status.path("scoring").path("asOf").asText());
            JsonNode contacts = status.path("completenessChecks").get(0);
            assertEquals("contacts", contacts.path("stream").asText());
            assertEquals("repaired", contacts.path("outcome").asText());
            assertEquals(500, contacts.path("hubspot").asLong());
            assertEquals(200, contacts.path("ledger").asLong());
            assertEquals(300, contacts.path("missing").asLong());
            assertEquals("complete", status.path("completenessChecks").get(1).path("outcome").asText());
            assertTrue(status.path("completenessChecks").get(1).path("detail").isNull());
        }

        @Test
        void anEmptyLedgerWaitsForNothingAndHasNoCheckYet() {
            Ledger.open(ledgerFile).close();

            cli.run(CLOCK, "status", "--config", config.toString());

            cli.line("Scoring:\\s+not waiting for a backfill");
            cli.line("\\s+none yet: a check runs when a backfill ends and at each reconcile");
        }
    }
}
