package io.hubscore.config;

import java.util.Objects;

/**
 * One thing wrong with a config file, located so an admin can go straight to it.
 *
 * @param file the file as the admin named it
 * @param path the setting, e.g. {@code model.fit.rules[3].points}; empty for the whole file
 * @param hint how to fix it; may be null
 */
public record Problem(String file, Location location, String path, String message, String hint) {

    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** {@code FILE:LINE:COLUMN: PATH: message (hint)}, the form editors and CI logs link to. */
    public String format() {
        return format("");
    }

    /** {@code FILE:LINE:COLUMN: warning: PATH: message (hint)}: the same place, for something that is not an error. */
    public String formatWarning() {
        return format("warning: ");
    }

    private String format(String label) {
        StringBuilder sb = new StringBuilder()
                .append(file).append(':').append(location.line()).append(':').append(location.column()).append(": ")
                .append(label);
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        sb.append(message);
        if (hint != null) {
            sb.append(" (").append(hint).append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
