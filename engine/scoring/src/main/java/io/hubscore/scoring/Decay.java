package io.hubscore.scoring;

import io.hubscore.config.DecayConfig;

/**
 * A group's decay, made ready: a half-life in milliseconds, or steps ({@code minus} points per full
 * {@code every}), or none. Half-life factors use only a table made once with {@link StrictMath} and basic
 * arithmetic, so a score is the same on every JVM and platform. Immutable and thread-safe.
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
        return apply(micros, factor(ageMillis));
    }

    /** 0.5^(age / half-life), what {@link #decay} multiplies by at this age: 1 without a half-life or an age. */
    double factor(long ageMillis) {
        return halfLifeMillis <= 0 || ageMillis <= 0 ? 1 : halfPower((double) ageMillis / halfLifeMillis);
    }

    /** {@code micros} x a {@link #factor}, rounded to the nearest millionth. */
    static long apply(long micros, double factor) {
        return factor == 1 ? micros : Math.round(micros * factor);
    }

    /** 2^(-i/1024) for i in 0..1024, computed once with StrictMath. */
    private static final double[] HALF_POWERS = new double[1025];
    /** 2^-k for k in 0..63, exact. */
    private static final double[] WHOLE_HALF_POWERS = new double[64];
    private static final double LN2_OVER_1024 = 0.6931471805599453 / 1024;

    static {
        for (int i = 0; i < HALF_POWERS.length; i++) {
            HALF_POWERS[i] = StrictMath.pow(2.0, -i / 1024.0);
        }
        for (int k = 0; k < WHOLE_HALF_POWERS.length; k++) {
            WHOLE_HALF_POWERS[k] = Math.scalb(1.0, -k);
        }
    }

    /**
     * 0.5^x for 0 <= x < 64 (callers never pass a negative x), to within a few units in the last place, and 0
     * from 64 on (nothing survives 64 half-lives: points are ints, so points x 1e6 x 2^-64 rounds to 0 micros).
     * Uses only a table and basic IEEE arithmetic, which Java evaluates identically on every platform, so it is
     * deterministic, and it is several times faster than StrictMath.pow: 0.5^x = 2^-k x 2^(-i/1024) x e^(-r ln 2)
     * with r < 1/1024, the last factor by five terms of its series (error below 1e-17).
     */
    static double halfPower(double x) {
        if (!(x < 64)) {
            return 0;
        }
        int whole = (int) x;
        double scaled = (x - whole) * 1024;
        int i = (int) scaled;
        double y = (scaled - i) * LN2_OVER_1024;
        double series = 1 - y * (1 - y * (0.5 - y * (1.0 / 6 - y / 24)));
        return HALF_POWERS[i] * series * WHOLE_HALF_POWERS[whole];
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
