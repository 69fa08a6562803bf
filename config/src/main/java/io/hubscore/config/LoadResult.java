package io.hubscore.config;

import java.util.List;
import java.util.Objects;

/** What loading a config gave: a valid config with its source text, or every problem found. */
public sealed interface LoadResult {

    /**
     * A config that passed every check; {@code text} is the file as read (for the model history); {@code warnings}
     * are what scoring practice calls mistakes in it (located like problems; the daemon runs with it all the same).
     */
    record Valid(SyncConfig config, String text, List<Problem> warnings) implements LoadResult {
        public Valid {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(text, "text");
            warnings = List.copyOf(warnings);
        }

        /** A valid config without warnings. */
        public Valid(SyncConfig config, String text) {
            this(config, text, List.of());
        }
    }

    /** At least one problem, sorted by place. */
    record Invalid(List<Problem> problems) implements LoadResult {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs a problem");
            }
        }
    }
}
