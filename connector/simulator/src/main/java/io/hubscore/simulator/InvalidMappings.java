package io.hubscore.simulator;

import java.nio.file.Path;

/**
 * The WireMock stub mappings a simulator was given cannot be served: the directory is missing, lacks
 * WireMock's {@code mappings} folder, or holds a file WireMock cannot read as a stub mapping. The message
 * names the directory and, for a bad file, the file.
 */
public final class InvalidMappings extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidMappings(Path root, String reason) {
        super(root + ": " + reason);
    }
}
