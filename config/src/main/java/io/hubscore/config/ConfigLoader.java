package io.hubscore.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Loads a sync config: reads the YAML, resolves {@code ${ENV}} references, applies defaults, binds the
 * records and validates them, reporting every problem at once. Never throws for bad input. Thread-safe.
 */
public final class ConfigLoader {

    /** Larger files are refused: a config is a few kilobytes. */
    static final int MAX_BYTES = 1 << 20;

    private final UnaryOperator<String> environment;
    private final boolean secretsRead;

    /**
     * A loader that checks secret references by their form only; they are read when the daemon connects.
     *
     * @param environment looks up {@code ${NAME}} references, returning null when a variable is not set
     *     (pass {@code System::getenv} in production)
     */
    public ConfigLoader(UnaryOperator<String> environment) {
        this(environment, false);
    }

    private ConfigLoader(UnaryOperator<String> environment, boolean secretsRead) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.secretsRead = secretsRead;
    }

    /**
     * This loader, also reading every secret ({@code portal.auth.token}, the OAuth credentials) as the daemon
     * will, so that an unset variable, an unreadable file or a secret that cannot be sent is a located problem.
     * The values are dropped at once and never reported. For the commands that connect, and {@code validate}.
     */
    public ConfigLoader readingSecrets() {
        return new ConfigLoader(environment, true);
    }

    /** Loads a config file; {@code file} is reported in problems as given. */
    public LoadResult load(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                return invalid(name, "is a directory, not a config file");
            }
            if (Files.size(file) > MAX_BYTES) {
                return invalid(name, "is larger than " + MAX_BYTES / 1024 + " KiB; a config is a few kilobytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return invalid(name, "no such file");
        } catch (IOException e) {
            return invalid(name, "cannot read the file: " + e.getMessage());
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return parse(name, text);
        } catch (CharacterCodingException e) {
            return invalid(name, "is not UTF-8 text");
        }
    }

    /** Loads config text; {@code fileName} names it in problems. */
    public LoadResult parse(String fileName, String text) {
        ProblemSink problems = new ProblemSink(fileName);
        if (text.length() > MAX_BYTES) {
            return invalid(fileName, "is larger than " + MAX_BYTES / 1024 + " KiB; a config is a few kilobytes");
        }
        YamlNode root = YamlReader.read(text, problems);
        if (root == null) {
            return new LoadResult.Invalid(problems.sorted());
        }
        if (!(root instanceof YamlNode.MapNode)) {
            problems.add(root.location(), "", "expected a mapping of sections at the top of the file, found "
                    + root.kind(), "start from one of the bundled examples");
            return new LoadResult.Invalid(problems.sorted());
        }
        Binder binder = new Binder(problems, environment, secretsRead);
        SyncConfig config = binder.bind(root, SyncConfig.class);
        if (config != null) {
            ProblemSink checks = new ProblemSink(fileName);
            new Validator(checks, problems, binder.locations()).validate(config);
            problems.addAll(checks);
        }
        if (config == null || !problems.isEmpty()) {
            return new LoadResult.Invalid(problems.sorted());
        }
        return new LoadResult.Valid(config, text, new Advisor(fileName, binder.locations()).advise(config));
    }

    /**
     * A problem with a setting of valid config text, located where the setting is written (at the start of the
     * file when it is not written): for checks made outside the config, such as a version already released.
     *
     * @param path the setting, e.g. {@code model.version}
     */
    public static Problem problemAt(String fileName, String text, String path, String message, String hint) {
        YamlNode node = YamlReader.read(text, new ProblemSink(fileName));
        Location at = Location.START;
        for (String key : path.split("\\.")) {
            if (!(node instanceof YamlNode.MapNode map) || !map.entries().containsKey(key)) {
                break;
            }
            node = map.entries().get(key).value();
            at = node.location();
        }
        return new Problem(fileName, at, path, message, hint);
    }

    private static LoadResult invalid(String file, String message) {
        return new LoadResult.Invalid(List.of(new Problem(file, Location.START, "", message, null)));
    }
}
