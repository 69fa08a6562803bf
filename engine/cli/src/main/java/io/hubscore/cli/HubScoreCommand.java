package io.hubscore.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code hubscore} command: lists the subcommands ({@link #SUBCOMMANDS}). */
@Command(
        name = "hubscore",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Lead-scoring sync daemon for HubSpot.")
final class HubScoreCommand implements Runnable {

    /**
     * The subcommands, in the order {@code hubscore --help} lists them. Registered by {@link Main#commandLine}, not
     * in the annotation, so that a run of one subcommand builds the model of that one only: picocli reads every
     * registered command's options by reflection, about 0.4 s of a command's start for all of them.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(
            ValidateCommand.class,
            SchemaCommand.class,
            RunCommand.class,
            DemoCommand.class,
            DryRunCommand.class,
            PreviewCommand.class,
            VersionsCommand.class,
            CompareCommand.class,
            ProbeCommand.class,
            StatusCommand.class,
            ExplainCommand.class,
            ReportCommand.class,
            CalibrateCommand.class,
            ClearConflictCommand.class,
            ResumeCommand.class,
            BackupCommand.class,
            CheckCommand.class,
            SnapshotCommand.class,
            HealthCommand.class,
            SimulatorCommand.class);

    /** The subcommand {@code name} calls (by its name or an alias), or null when none is called so. */
    static Class<?> subcommand(String name) {
        for (Class<?> command : SUBCOMMANDS) {
            Command annotation = command.getAnnotation(Command.class);
            if (annotation.name().equals(name) || List.of(annotation.aliases()).contains(name)) {
                return command;
            }
        }
        return null;
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of the commands below.");
    }
}
