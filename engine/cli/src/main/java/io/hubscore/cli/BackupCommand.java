package io.hubscore.cli;

import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerException;
import io.hubscore.ledger.Contacts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hubscore backup}: a consistent copy of a portal's ledger, made while the daemon runs (read-only, without
 * the daemon's lock). The copy is written owner-only beside {@code --out}, opened and checked like any ledger, and
 * only then moved into place and described. Not thread-safe (one run per instance).
 */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        header = "Copies a portal's ledger, also while the daemon runs.",
        description = {
            "Writes a consistent copy of the ledger to --out, readable by its owner only, checks that the copy opens",
            "as a sound hubscore ledger, and prints its size, schema version and contacts. Works while the daemon",
            "runs. An existing --out is kept unless --force is given.",
            "Exit 0 ok, 2 a problem with the config, the ledger or --out, 1 an unexpected error."
        })
final class BackupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The portal's sync config.")
    Path config;

    @Option(names = "--ledger", paramLabel = "FILE",
            description = "The ledger file to copy instead of the config's portal.ledger.")
    Path ledger;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The backup file to write.")
    Path out;

    @Option(names = "--force", description = "Replace --out when it exists.")
    boolean force;

    /** Resolves {@code ${NAME}} references in the config; tests supply their own. */
    UnaryOperator<String> environment = System::getenv;

    @Override
    public Integer call() throws IOException {
        LedgerOptions.Opened located = LedgerOptions.locate("backup", config, ledger, environment);
        if (located instanceof LedgerOptions.Opened.Refused refused) {
            refused.lines().forEach(spec.commandLine().getErr()::println);
            spec.commandLine().getErr().flush();
            return ExitCodes.USER_ERROR;
        }
        Path source = ((LedgerOptions.Opened.Located) located).ledgerFile();
        if (Files.exists(out) && Files.exists(source) && Files.isSameFile(out, source)) {
            return userError("--out " + out + " is the ledger itself: name another file");
        }
        if (Files.exists(out) && !force) {
            return userError("--out " + out + " exists: name a new file, or give --force to replace it");
        }
        Path temporary;
        try {
            temporary = PrivateFiles.temporaryBeside(out);
        } catch (IOException e) {
            return userError("--out " + out + ": cannot write there (" + PrivateFiles.describe(e) + ")");
        }
        try {
            try (Ledger ledgerToCopy = Ledger.openReadOnly(source)) {
                ledgerToCopy.copyInto(temporary);
            }
            int version;
            Contacts.Counts contacts;
            try (Ledger copy = Ledger.openReadOnly(temporary)) { // the copy must open as any ledger does
                version = copy.schemaVersion();
                contacts = copy.read(tx -> tx.contacts().counts());
            }
            long size = Files.size(temporary);
            PrivateFiles.moveInPlace(temporary, out, force);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("wrote %s: %,d bytes, schema version %d, %,d contacts (%,d archived), a copy of %s%n", out,
                    size, version, contacts.live(), contacts.archived(), source);
            stdout.flush();
            return ExitCodes.OK;
        } catch (LedgerException e) {
            return userError(e.getMessage());
        } catch (IOException e) {
            return userError("--out " + out + ": cannot write there (" + PrivateFiles.describe(e) + ")");
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private int userError(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("hubscore backup: " + message);
        err.flush();
        return ExitCodes.USER_ERROR;
    }
}
