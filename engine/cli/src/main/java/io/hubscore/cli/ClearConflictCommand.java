package io.hubscore.cli;

import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.Problem;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore clear-conflict}: an admin's decision that hubscore owns a contact's properties again after a
 * conflict it yielded on. The contact is rescored and its values written on the daemon's next cycle.
 */
@Command(
        name = "clear-conflict",
        mixinStandardHelpOptions = true,
        header = "Hands contacts back to hubscore after an ownership conflict.",
        description = {
            "Clears the open ownership conflicts of contacts, so hubscore writes their score and band again on the",
            "next cycle (under the yield policy it stops writing a contact whose properties someone else changed).",
            "Stop the daemon first: it holds the ledger. Exit 0 ok, 2 a problem with the arguments or the ledger."
        })
final class ClearConflictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The portal's sync config.")
    Path config;

    @Option(names = "--ledger", paramLabel = "FILE", description = "Use this ledger file instead of portal.ledger.")
    Path ledger;

    @Option(names = "--contact", required = true, split = ",", paramLabel = "ID",
            description = "Contact ids (comma-separated or repeated).")
    List<String> contacts;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadResult loaded = new ConfigLoader(System::getenv).load(config);
        if (loaded instanceof LoadResult.Invalid invalid) {
            for (Problem problem : invalid.problems()) {
                err.println(problem.format());
            }
            err.flush();
            return ExitCodes.USER_ERROR;
        }
        Path file = ledger != null ? ledger : ((LoadResult.Valid) loaded).config().portal().ledger() == null ? null
                : Path.of(((LoadResult.Valid) loaded).config().portal().ledger());
        if (file == null) {
            err.println("hubscore clear-conflict: no ledger file: set portal.ledger in the config or give --ledger");
            return ExitCodes.USER_ERROR;
        }
        long[] ids = new long[contacts.size()];
        for (int i = 0; i < ids.length; i++) {
            try {
                ids[i] = Long.parseLong(contacts.get(i).strip());
            } catch (NumberFormatException e) {
                err.println("hubscore clear-conflict: --contact: not a contact id: " + contacts.get(i));
                return ExitCodes.USER_ERROR;
            }
        }
        try (Ledger open = Ledger.open(file)) {
            long now = clock.millis();
            for (long id : ids) {
                int cleared = open.write(tx -> {
                    int n = tx.conflicts().clear(id, now);
                    if (n > 0) {
                        tx.outbox().retire(id, now);
                        tx.written().forget(id);
                        tx.contacts().markDirty(List.of(id));
                    }
                    return n;
                });
                out.println(cleared == 0 ? "contact " + id + ": no open conflict"
                        : "contact " + id + ": " + cleared + " conflict(s) cleared; hubscore writes it again on the next cycle");
            }
            out.flush();
            return ExitCodes.OK;
        } catch (LedgerException e) {
            err.println("hubscore clear-conflict: " + e.getMessage());
            return ExitCodes.USER_ERROR;
        }
    }
}
