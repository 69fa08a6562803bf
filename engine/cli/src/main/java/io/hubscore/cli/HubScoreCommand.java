package io.hubscore.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code hubscore} command: lists the subcommands. */
@Command(
        name = "hubscore",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Lead-scoring sync daemon for HubSpot.",
        subcommands = {
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
            SimulatorCommand.class,
        })
final class HubScoreCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of the commands below.");
    }
}
