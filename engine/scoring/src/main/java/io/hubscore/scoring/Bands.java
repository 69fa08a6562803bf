package io.hubscore.scoring;

import io.hubscore.config.BandsConfig;
import java.util.List;

/**
 * The bands made ready: names and minimums highest first (the lowest band's minimum is
 * {@link Long#MIN_VALUE}), and the hysteresis margin. Immutable and thread-safe.
 */
final class Bands {

    private final String[] names;
    private final long[] mins;
    private final long hysteresis;

    Bands(BandsConfig config) {
        List<BandsConfig.Band> levels = config.levels();
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one band");
        }
        this.names = new String[levels.size()];
        this.mins = new long[levels.size()];
        for (int i = 0; i < names.length; i++) {
            BandsConfig.Band band = levels.get(i);
            names[i] = band.name();
            boolean last = i == names.length - 1;
            mins[i] = band.min() == null || last ? Long.MIN_VALUE : band.min();
        }
        this.hysteresis = config.hysteresis();
    }

    String name(int index) {
        return names[index];
    }

    /** The band's index (0 is the highest), or -1 when the model has no band of that name. */
    int indexOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The band for a score: the highest band whose minimum the score meets; but coming from {@code current}
     * (an index, or -1 for none), a downgrade needs the score below the current band's minimum minus the
     * hysteresis, and then lands in the highest band whose minimum minus the hysteresis the score meets.
     */
    int bandFor(long score, int current) {
        int raw = 0;
        while (score < mins[raw]) {
            raw++;
        }
        if (current < 0 || raw <= current) {
            return raw;
        }
        int band = current;
        while (mins[band] != Long.MIN_VALUE && score < mins[band] - hysteresis) {
            band++;
        }
        return band;
    }

    String canonical() {
        StringBuilder s = new StringBuilder("bands hysteresis ").append(hysteresis);
        for (int i = 0; i < names.length; i++) {
            s.append(' ').append(Canonical.quote(names[i])).append(' ')
                    .append(mins[i] == Long.MIN_VALUE ? "none" : Long.toString(mins[i]));
        }
        return s.toString();
    }
}
