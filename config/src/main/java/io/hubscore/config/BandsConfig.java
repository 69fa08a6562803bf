package io.hubscore.config;

import java.util.List;

/**
 * The bands a score falls into, highest first. The last band has no minimum and takes every score
 * below the others.
 *
 * @param hysteresis a downgrade needs the score to fall this many points below the current band's
 *     minimum, so a contact does not flap on an edge
 */
public record BandsConfig(@Default("0") int hysteresis, @Required List<Band> levels) {

    public BandsConfig {
        levels = List.copyOf(levels);
    }

    /** A named band; {@code min} is null for the lowest band. */
    public record Band(String name, @OptionalKey Integer min) {
    }
}
