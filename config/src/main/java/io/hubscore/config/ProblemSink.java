package io.hubscore.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one file, in file order. Not thread-safe: one per load. */
final class ProblemSink {

    private final String file;
    private final List<Problem> problems = new ArrayList<>();

    ProblemSink(String file) {
        this.file = file;
    }

    void add(Location location, String path, String message, String hint) {
        problems.add(new Problem(file, location, path, message, hint));
    }

    /**
     * True when a problem is already reported at, inside or around {@code path}: a check across
     * settings then says nothing new (the setting it reads was wrong or stood in for).
     */
    boolean overlaps(String path) {
        for (Problem p : problems) {
            String other = p.path();
            if (other.equals(path) || other.startsWith(path + ".") || other.startsWith(path + "[")
                    || path.startsWith(other + ".") || path.startsWith(other + "[") || other.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    void addAll(ProblemSink other) {
        problems.addAll(other.problems);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Problems sorted by place, each reported once. */
    List<Problem> sorted() {
        return problems.stream()
                .distinct()
                .sorted(Comparator.comparingInt((Problem p) -> p.location().line())
                        .thenComparingInt(p -> p.location().column()))
                .toList();
    }
}
