package io.hubscore.cli;

import io.hubscore.simulator.InvalidMappings;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --mappings DIR} of the commands that start a simulated portal (simulator, dry-run, demo): WireMock
 * stub mappings, in WireMock's own layout, matched before the portal. Not thread-safe; one per command.
 */
final class MappingsOption {

    @Option(names = "--mappings", paramLabel = "DIR",
            description = "WireMock stub mappings to match before the simulated portal: stub files in DIR/mappings,"
                    + " the response bodies they name in DIR/__files.")
    Path dir;

    /**
     * Starts a simulator with {@code options} and the stubs of {@code --mappings}, if given; null, after one line
     * on {@code err} naming the problem, when those stubs cannot be served.
     */
    PortalSimulator start(SimulatorOptions options, Portal portal, String command, PrintWriter err) {
        try {
            return PortalSimulator.start(dir == null ? options : options.withMappings(dir), portal);
        } catch (InvalidMappings e) {
            err.println("hubscore " + command + ": --mappings " + e.getMessage());
            err.flush();
            return null;
        }
    }
}
