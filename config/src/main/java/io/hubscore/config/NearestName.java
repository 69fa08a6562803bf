package io.hubscore.config;

import java.util.Collection;
import java.util.Optional;

/**
 * The name closest to a misspelt one, as the config's own "did you mean" hints find it: a candidate the word begins,
 * else the candidate at the smallest edit distance when it is close enough. Stateless.
 */
public final class NearestName {

    private NearestName() {
    }

    /** The candidate closest to {@code word}; empty when none is close. */
    public static Optional<String> among(String word, Collection<String> candidates) {
        return Optional.ofNullable(Strings.nearest(word, candidates));
    }
}
