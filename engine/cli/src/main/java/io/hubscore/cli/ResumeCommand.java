package io.hubscore.cli;

import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.Problem;
import io.hubscore.config.SyncConfig;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import io.hubscore.ledger.PortalState;
import io.hubscore.ledger.RateState;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore resume}: an admin's decision to lift a portal's daily pause before the reset, for instance after
 * buying more API capacity. Works beside a running daemon (it writes the ledger without the daemon's lock, and the
 * daemon acts on it at its next job) and without one. Not thread-safe (one instance per invocation).
 */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        header = "Lifts a portal's pause after its daily API budget was used up.",
        description = {
            "Lifts the pause hubscore keeps after HubSpot's daily limit (or this daemon's daily share of it) was",
            "used up, and starts this daemon's count of today's calls afresh. A running daemon calls HubSpot again",
            "at its next job, otherwise the next `hubscore run` does; if HubSpot still answers 429 DAILY it pauses",
            "again. Exit 0 when the pause was lifted or there was none, 2 when the config or ledger cannot be used."
        })
final class ResumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The portal's sync config.")
    Path config;

    @Option(names = "--ledger", paramLabel = "FILE", description = "Use this ledger file instead of portal.ledger.")
    Path ledger;

    /** The clock the lift is recorded on. Null until set: {@link #call()}, the composition root, wires the system's. */
    Clock clock;

    /** The pause that was lifted. */
    private record Lifted(long until, String reason) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadResult loaded = new ConfigLoader(System::getenv).load(config);
        if (loaded instanceof LoadResult.Invalid invalid) {
            err.println("hubscore resume: config " + config + " is invalid (see `hubscore validate`):");
            invalid.problems().stream().map(Problem::format).forEach(err::println);
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        SyncConfig sync = ((LoadResult.Valid) loaded).config();
        Path file;
        try {
            file = ledger != null ? ledger : sync.portal().ledger() == null ? null : Path.of(sync.portal().ledger());
        } catch (InvalidPathException e) {
            err.println("hubscore resume: portal.ledger in " + config + " is not a usable file path: " + e.getMessage());
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        if (file == null) {
            err.println("hubscore resume: no ledger file: set portal.ledger in the config or give --ledger");
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        Instant now = (clock != null ? clock : Clock.systemUTC()).instant();
        LocalDate today = now.atZone(sync.portal().timeZone()).toLocalDate();
        Optional<Lifted> lifted;
        try (Ledger open = Ledger.openBesideDaemon(file)) {
            lifted = open.write(tx -> {
                Optional<String> until = tx.portalState().get(PortalState.Key.PAUSED_UNTIL);
                if (until.isEmpty()) {
                    return Optional.<Lifted>empty();
                }
                String reason = tx.portalState().get(PortalState.Key.PAUSE_REASON).orElse("daily limit reached");
                tx.portalState().remove(PortalState.Key.PAUSED_UNTIL);
                tx.portalState().remove(PortalState.Key.PAUSE_REASON);
                tx.portalState().remove(PortalState.Key.PAUSE_CHECKED_AT);
                tx.portalState().put(PortalState.Key.PAUSE_LIFTED, now.toString(), now.toEpochMilli());
                Long allowed = tx.rateState().dailyCalls().map(RateState.DailyCalls::allowed).orElse(null);
                tx.rateState().putDailyCalls(new RateState.DailyCalls(today, 0, allowed), now.toEpochMilli());
                return Optional.of(new Lifted(Long.parseLong(until.get()), reason));
            });
        } catch (LedgerException e) {
            err.println("hubscore resume: " + e.getMessage());
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        String portal = sync.portal().id();
        if (lifted.isEmpty()) {
            out.println("Portal " + portal + " is not paused: nothing to resume.");
        } else {
            Instant until = Instant.ofEpochMilli(lifted.get().until());
            out.println("Lifted the pause of portal " + portal + " (" + lifted.get().reason() + "; it would have"
                    + " lasted until " + until + ").");
            out.println("This daemon's count of today's calls starts again at 0. A running daemon calls HubSpot again"
                    + " at its next job, otherwise the next `hubscore run` does; if HubSpot still answers 429 DAILY,"
                    + " it pauses again.");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
