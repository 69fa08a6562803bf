package io.hubscore.daemon;

import io.hubscore.HubScoreException;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.Problem;
import io.hubscore.config.SyncConfig;
import io.hubscore.scoring.ScoringModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's config file and the last good version of it. A change to the file is loaded and validated; a valid
 * change replaces the active model (scoring picks it up on its next run), an invalid one is reported with its
 * located problems and the last good config stays active. Thread-safe: the active config is published through a
 * volatile field, reloads are serialised.
 */
public final class LiveConfig {

    private static final Logger LOG = LoggerFactory.getLogger(LiveConfig.class);

    /** A valid config with its compiled model and the text it came from. */
    public record Active(SyncConfig config, ScoringModel model, String text) {
        public Active {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(text, "text");
        }

        /** A valid config and its text, with its model compiled. */
        public static Active of(SyncConfig config, String text) {
            return new Active(config, ScoringModel.compile(config), text);
        }
    }

    /** The config file could not be used; {@code problems} say where and why. */
    public static final class Rejected extends HubScoreException {
        private static final long serialVersionUID = 1L;
        private final transient List<Problem> problems;

        Rejected(List<Problem> problems) {
            super(problems.isEmpty() ? "invalid config" : problems.get(0).format());
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    private final Path file;
    private final ConfigLoader loader;
    private volatile Active active;
    private volatile Function<Active, List<Problem>> guard = next -> List.of();
    private String lastSeenText;

    private LiveConfig(Path file, ConfigLoader loader, Active active) {
        this.file = file;
        this.loader = loader;
        this.active = active;
        this.lastSeenText = active.text();
    }

    /**
     * Loads the config the daemon starts with.
     *
     * @throws Rejected when the file is missing or invalid
     */
    public static LiveConfig load(Path file, ConfigLoader loader) {
        LoadResult result = loader.load(file);
        if (result instanceof LoadResult.Invalid invalid) {
            throw new Rejected(invalid.problems());
        }
        LoadResult.Valid valid = (LoadResult.Valid) result;
        return new LiveConfig(file, loader, new Active(valid.config(), ScoringModel.compile(valid.config()),
                valid.text()));
    }

    /** A config that never changes (the demo, dry runs): its file is not watched. */
    public static LiveConfig fixed(SyncConfig config, String text) {
        return new LiveConfig(null, null, new Active(config, ScoringModel.compile(config), text));
    }

    public Active active() {
        return active;
    }

    /**
     * What a valid new config must also pass before it replaces the active one (the ledger's release rule); its
     * problems are reported like the file's own and the last good config stays.
     */
    void guard(Function<Active, List<Problem>> check) {
        guard = check;
    }

    public Path file() {
        return file;
    }

    /** Loads another config file the way this one is loaded (the same environment): a shadow's candidate. */
    LoadResult loadOther(Path other) {
        return (loader != null ? loader : new ConfigLoader(name -> null)).load(other);
    }

    /**
     * Reads the file again; returns the new active config when the file changed and is valid. An unchanged file
     * returns empty without parsing; an invalid one is logged once (each problem on its own line) and returns empty.
     */
    public synchronized Optional<Active> reloadIfChanged() {
        if (file == null) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            if (lastSeenText != null) {
                LOG.warn("cannot read config {} ({}); keeping the last good config", file, e.getMessage());
                lastSeenText = null;
            }
            return Optional.empty();
        }
        if (text.equals(lastSeenText)) {
            return Optional.empty();
        }
        lastSeenText = text;
        LoadResult result = loader.parse(file.toString(), text);
        if (result instanceof LoadResult.Invalid invalid) {
            LOG.warn("config {} changed but is invalid; keeping model version {}", file,
                    active.model().version());
            for (Problem problem : invalid.problems()) {
                LOG.warn("  {}", problem.format());
            }
            return Optional.empty();
        }
        LoadResult.Valid valid = (LoadResult.Valid) result;
        Active next = new Active(valid.config(), ScoringModel.compile(valid.config()), valid.text());
        List<Problem> refused = guard.apply(next);
        if (!refused.isEmpty()) {
            LOG.warn("config {} changed but cannot be released; keeping model version {}", file,
                    active.model().version());
            for (Problem problem : refused) {
                LOG.warn("  {}", problem.format());
            }
            return Optional.empty();
        }
        warnAboutRestartOnlySettings(active.config(), next.config());
        active = next;
        return Optional.of(next);
    }

    private static void warnAboutRestartOnlySettings(SyncConfig before, SyncConfig after) {
        if (!before.portal().equals(after.portal()) || !before.schedule().equals(after.schedule())
                || !before.rateLimit().equals(after.rateLimit()) || !before.metrics().equals(after.metrics())
                || !before.sync().equals(after.sync())) {
            LOG.warn("portal, schedule, rate-limit, sync and metrics changes take effect when the daemon restarts");
        }
    }
}
