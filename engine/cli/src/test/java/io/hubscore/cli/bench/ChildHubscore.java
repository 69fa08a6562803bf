package io.hubscore.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hubscore command run as its own JVM, as an admin runs it, with its heap capped at 256 MB and its collections
 * logged so a benchmark can report the most heap it used: what every benchmark of a whole command shares.
 */
final class ChildHubscore {

    /** A collection in the GC log: heap in use before it, after it, and the heap's size. */
    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)");

    private ChildHubscore() {
    }

    /**
     * Runs {@code hubscore args...} with {@code environment} added, its output in {@code log} and its collections in
     * {@code gcLog}; fails with the output when it does not end in {@code timeout} with exit 0.
     */
    static void run(List<String> args, Map<String, String> environment, Path gcLog, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-Xlog:gc:file=" + gcLog,
                "-cp", System.getProperty("java.class.path"), "io.hubscore.cli.Main"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("hubscore " + String.join(" ", args) + " failed:\n"
                    + Files.readString(log));
        }
    }

    /** The most heap in use before any collection the child logged, in MB. */
    static long peakHeapMb(Path gcLog) throws IOException {
        long peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_HEAP.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak;
    }
}
