package io.hubscore.daemon.ops;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the Prometheus text exposition format: one HELP and TYPE line per metric family, then its
 * samples. Not thread-safe: build one per scrape.
 */
public final class PrometheusText {

    private final StringBuilder text = new StringBuilder();
    private final java.util.Set<String> declared = new java.util.HashSet<>();

    /** Adds a gauge sample. */
    public PrometheusText gauge(String name, String help, double value, Map<String, String> labels) {
        return sample(name, "gauge", help, value, labels);
    }

    /** Adds a counter sample; the name should end in {@code _total}. */
    public PrometheusText counter(String name, String help, double value, Map<String, String> labels) {
        return sample(name, "counter", help, value, labels);
    }

    private PrometheusText sample(String name, String type, String help, double value, Map<String, String> labels) {
        if (declared.add(name)) {
            text.append("# HELP ").append(name).append(' ').append(help.replace("\n", " ")).append('\n');
            text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
        text.append(name);
        if (!labels.isEmpty()) {
            text.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
                if (!first) {
                    text.append(',');
                }
                first = false;
                text.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
            }
            text.append('}');
        }
        text.append(' ').append(format(value)).append('\n');
        return this;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double value) {
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%s", value);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
