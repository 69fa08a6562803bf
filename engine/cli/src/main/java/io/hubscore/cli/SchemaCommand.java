package io.hubscore.cli;

import io.hubscore.config.ConfigSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hubscore schema}: prints the config file's JSON Schema, for editor completion. */
@Command(
        name = "schema",
        mixinStandardHelpOptions = true,
        description = "Prints the JSON Schema of the sync config file (also shipped as config/hubscore-config.schema.json).")
final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(ConfigSchema.json());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
