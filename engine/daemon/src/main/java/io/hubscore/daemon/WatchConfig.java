package io.hubscore.daemon;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch-config job: reloads the config file when it changed. A valid new model is used from the next score
 * run, which records it in {@code model_versions} and rescores every contact; an invalid file is reported with its
 * located problems and the last good config stays. Stateless beyond {@link LiveConfig}.
 */
final class WatchConfig implements SyncStep {

    private static final Logger LOG = LoggerFactory.getLogger(WatchConfig.class);

    private final LiveConfig config;

    public WatchConfig(LiveConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "watch-config";
    }

    @Override
    public boolean quietWhenIdle() {
        return true;
    }

    @Override
    public Map<String, Long> run() {
        return config.reloadIfChanged().map(active -> {
            LOG.info("config reloaded: model version {} ({}) applies from the next score run",
                    active.model().version(), active.model().fingerprint().substring(0, 12));
            return Map.of("reloaded", 1L);
        }).orElse(Map.of());
    }
}
