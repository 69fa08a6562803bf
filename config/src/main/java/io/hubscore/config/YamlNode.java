package io.hubscore.config;

import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value that remembers where it was written, so that every problem found while binding
 * and validating can name its line and column. Immutable.
 */
sealed interface YamlNode {

    Location location();

    /** A short name of the node's kind for "expected X, found Y" messages. */
    String kind();

    /** A mapping; entries keep file order. */
    record MapNode(Location location, Map<String, Entry> entries) implements YamlNode {
        @Override
        public String kind() {
            return "a mapping";
        }
    }

    /** A key with its location and value. */
    record Entry(String key, Location keyLocation, YamlNode value) {
    }

    /** A sequence. */
    record ListNode(Location location, List<YamlNode> items) implements YamlNode {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar as written; {@code ${ENV}} references are resolved when it is bound. */
    record Scalar(Location location, String raw) implements YamlNode {
        @Override
        public String kind() {
            return "'" + Strings.abbreviate(raw, 40) + "'";
        }
    }

    /** An explicit null or an empty value ({@code key:} with nothing after it). */
    record Null(Location location) implements YamlNode {
        @Override
        public String kind() {
            return "nothing";
        }
    }
}
