package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.PortalState;
import io.hubscore.ledger.RateState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ResumeCommandTest {

    static final Instant NOW = Instant.parse("2026-11-20T15:30:00Z");
    static final Instant MIDNIGHT = Instant.parse("2026-11-21T00:00:00Z");

    @TempDir
    Path dir;
    Path ledgerFile;
    Path config;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void writeConfig() throws IOException {
        ledgerFile = dir.resolve("icp-agency.db");
        config = ReportCommands.config(dir, ledgerFile);
    }

    private int resume(String... more) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        ((ResumeCommand) cli.getSubcommands().get("resume").getCommand()).clock = Clock.fixed(NOW, ZoneOffset.UTC);
        String[] args = new String[more.length + 3];
        args[0] = "resume";
        args[1] = "--config";
        args[2] = config.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return cli.execute(args);
    }

    private static void pause(Ledger ledger) {
        ledger.update(tx -> {
            tx.portalState().put(PortalState.Key.PAUSED_UNTIL, Long.toString(MIDNIGHT.toEpochMilli()),
                    NOW.toEpochMilli());
            tx.portalState().put(PortalState.Key.PAUSE_REASON, "HubSpot answered 429 DAILY", NOW.toEpochMilli());
            tx.portalState().put(PortalState.Key.PAUSE_CHECKED_AT, Long.toString(NOW.toEpochMilli()),
                    NOW.toEpochMilli());
            tx.rateState().putDailyCalls(new RateState.DailyCalls(LocalDate.parse("2026-11-20"), 74_991, 75_000L),
                    NOW.toEpochMilli());
        });
    }

    @Test
    void aPauseIsLiftedWhileTheDaemonHoldsTheLedgerAndTodaysCountStartsAgain() {
        try (Ledger daemon = Ledger.open(ledgerFile)) {
            pause(daemon);

            int exit = resume();

            assertEquals(0, exit, err.toString());
            assertEquals("""
                    Lifted the pause of portal icp-agency (HubSpot answered 429 DAILY; it would have lasted until \
                    2026-11-21T00:00:00Z).
                    This daemon's count of today's calls starts again at 0. A running daemon calls HubSpot again at \
                    its next job, otherwise the next `hubscore run` does; if HubSpot still answers 429 DAILY, it \
                    pauses again.
                    """, out.toString());
            assertEquals(Optional.empty(), daemon.read(tx -> tx.portalState().get(PortalState.Key.PAUSED_UNTIL)));
            assertEquals(Optional.empty(), daemon.read(tx -> tx.portalState().get(PortalState.Key.PAUSE_REASON)));
            assertEquals(Optional.of(NOW.toString()), daemon.read(tx -> tx.portalState()
                    .get(PortalState.Key.PAUSE_LIFTED)),
                    "a running daemon sees that the pause was lifted by hand");
            assertEquals(Optional.of(new RateState.DailyCalls(LocalDate.parse("2026-11-20"), 0, 75_000L)),
                    daemon.read(tx -> tx.rateState().dailyCalls()));
        }
    }

    @Test
    void withoutAPauseThereIsNothingToDoAndTheExitIsStillZero() {
        try (Ledger daemon = Ledger.open(ledgerFile)) {
            daemon.read(tx -> null);
        }

        int exit = resume("--ledger", ledgerFile.toString());

        assertEquals(0, exit, err.toString());
        assertEquals("Portal icp-agency is not paused: nothing to resume.\n", out.toString());
        try (Ledger ledger = Ledger.openReadOnly(ledgerFile)) {
            assertFalse(ledger.read(tx -> tx.portalState().get(PortalState.Key.PAUSE_LIFTED)).isPresent());
        }
    }

    @Test
    void aLedgerThatDoesNotExistIsAUserErrorNamingIt() {
        int exit = resume("--ledger", dir.resolve("nowhere.db").toString());

        assertEquals(2, exit);
        assertTrue(err.toString().startsWith("hubscore resume: ledger " + dir.resolve("nowhere.db") + " does not exist"),
                err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
    }
}
