package io.hubscore.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * How hubscore writes a file holding contact data (a dry-run plan, a snapshot, a ledger backup): readable by its
 * owner only from the first byte, like the ledger, and in place only when complete (written beside the target, then
 * moved). Stateless and thread-safe.
 */
final class PrivateFiles {

    private PrivateFiles() {
    }

    /** A new, empty, owner-only file in the target's directory, so the final move is a rename on one file system. */
    static Path temporaryBeside(Path target) throws IOException {
        if (Files.isDirectory(target)) {
            throw new IOException("it is a directory");
        }
        Path directory = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + ".";
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createTempFile(directory, prefix, ".partial",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createTempFile(directory, prefix, ".partial");
    }

    /**
     * Moves a finished file into place, atomically where the file system can.
     *
     * @param replace whether an existing target is replaced; without it an existing target fails the move
     */
    static void moveInPlace(Path from, Path to, boolean replace) throws IOException {
        if (!replace) {
            Files.move(from, to);
            return;
        }
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** What went wrong with a file, in a few words (the exception's own message names the path already). */
    static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        return switch (kind) {
            case "NoSuchFileException" -> "no such directory";
            case "AccessDeniedException" -> "permission denied";
            case "FileAlreadyExistsException" -> "the file exists";
            default -> e.getMessage() == null ? kind : e.getMessage();
        };
    }
}
