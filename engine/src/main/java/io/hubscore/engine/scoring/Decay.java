package io.hubscore.engine.scoring;

import io.hubscore.config.DecayConfig;

/**
 * A group's decay, made ready: a half-life in milliseconds, or steps ({@code minus} points per full
 * {@code every}), or none. Factors use {@link StrictMath} so a score is the same on every JVM and platform.
 * Immutable and thread-safe.
 */
final class Decay {

    static final Decay NONE = new Decay(0, 0, 0);

    private final long halfLifeMillis;
    private final long everyMillis;
    private final long minusMicros;

    private Decay(long halfLifeMillis, long everyMillis, long minusMicros) {
        this.halfLifeMillis = halfLifeMillis;
        this.everyMillis = everyMillis;
        this.minusMicros = minusMicros;
    }

    static Decay of(DecayConfig config) {
        if (config == null) {
            return NONE;
        }
        if (config.halfLife() != null) {
            return new Decay(config.halfLife().toMillis(), 0, 0);
        }
        if (config.every() != null && config.minus() != null) {
            return new Decay(0, config.every().toMillis(), config.minus() * Contribution.MICROS_PER_POINT);
        }
        return NONE;
    }

    boolean halfLife() {
        return halfLifeMillis > 0;
    }

    boolean steps() {
        return everyMillis > 0;
    }

    /** {@code micros} x 0.5^(age / half-life), rounded to the nearest millionth; unchanged without a half-life. */
    long decay(long micros, long ageMillis) {
        if (halfLifeMillis <= 0 || ageMillis <= 0) {
            return micros;
        }
        double factor = StrictMath.pow(0.5, (double) ageMillis / halfLifeMillis);
        return Math.round(micros * factor);
    }

    /**
     * How many micros step decay takes off a sub-score of {@code subtotal} after {@code ageMillis} without
     * activity: {@code minus} per full period, never more than the sub-score's positive part.
     */
    long stepDrop(long subtotal, long ageMillis) {
        if (everyMillis <= 0 || subtotal <= 0 || ageMillis < everyMillis) {
            return 0;
        }
        long steps = ageMillis / everyMillis;
        return steps >= subtotal / minusMicros + 1 ? subtotal : Math.min(subtotal, steps * minusMicros);
    }

    String canonical() {
        if (halfLife()) {
            return "half-life-ms " + halfLifeMillis;
        }
        return steps() ? "every-ms " + everyMillis + " minus-micros " + minusMicros : "none";
    }
}
