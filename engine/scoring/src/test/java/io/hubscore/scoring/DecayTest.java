package io.hubscore.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.config.DecayConfig;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DecayTest {

    @Nested
    class HalfPower {

        @Test
        void agreesWithStrictMathPowToWithinAFewUnitsInTheLastPlace() {
            SplittableRandom random = new SplittableRandom(7);

            for (int i = 0; i < 200_000; i++) {
                double x = random.nextDouble(0, 64);
                double expected = StrictMath.pow(0.5, x);

                double actual = Decay.halfPower(x);

                assertEquals(expected, actual, 4 * Math.ulp(expected), "x=" + x);
            }
        }

        @Test
        void isExactAtWholeAndTableSteps() {
            for (int k = 0; k < 64; k++) {
                for (int i = 0; i < 1024; i += 128) {
                    double x = k + i / 1024.0;

                    double actual = Decay.halfPower(x);

                    assertEquals(StrictMath.pow(0.5, x), actual, Math.ulp(actual), "x=" + x);
                }
            }
        }

        @Test
        void neverGrowsAsTheAgeGrows() {
            SplittableRandom random = new SplittableRandom(11);
            long halfLife = 30L * 86_400_000L;

            for (int i = 0; i < 100_000; i++) {
                long age = random.nextLong(0, 64 * halfLife);
                long older = age + 1 + random.nextLong(0, 3_600_000L);

                double young = Decay.halfPower((double) age / halfLife);
                double old = Decay.halfPower((double) older / halfLife);

                assertTrue(old <= young, "age " + age + " gave " + young + ", age " + older + " gave " + old);
            }
        }

        @Test
        void givesNothingFromSixtyFourHalfLivesOn() {
            assertEquals(0.0, Decay.halfPower(64));
            assertEquals(0.0, Decay.halfPower(1e300));
            assertEquals(0.0, Decay.halfPower(Double.POSITIVE_INFINITY));
        }
    }

    @Nested
    class Points {

        @Test
        void theLargestPointsOfARuleRoundToNothingAfterSixtyFourHalfLives() {
            Decay decay = Decay.of(new DecayConfig(Duration.ofDays(1), null, null));
            long micros = Integer.MAX_VALUE * Contribution.MICROS_PER_POINT;

            long justBefore = decay.decay(micros, 64L * 86_400_000L - 1);
            long at = decay.decay(micros, 64L * 86_400_000L);

            assertEquals(0, at);
            assertEquals(Math.round(micros * StrictMath.pow(0.5, (64L * 86_400_000L - 1) / 86_400_000.0)), justBefore);
        }
    }
}
