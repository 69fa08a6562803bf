package io.hubscore.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The example configs shipped inside the jar (from {@code config/examples/}). */
public final class BundledExamples {

    /** Every bundled example, by file name. */
    public static final List<String> NAMES = List.of("icp-agency.yaml", "fit-engagement-70.yaml");

    private BundledExamples() {
    }

    /** The text of a bundled example. */
    public static String read(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no bundled example " + name + "; examples: " + NAMES);
        }
        try (InputStream in = BundledExamples.class.getResourceAsStream("examples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("bundled example " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
