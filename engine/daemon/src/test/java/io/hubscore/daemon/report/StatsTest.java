package io.hubscore.daemon.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The report's statistics on cases small enough to work out by hand from their formulas. */
class StatsTest {

    private static final double Z = Stats.Z95;
    private static final double EPS = 1e-12;

    @Test
    void wilsonOfNoSuccessStartsAtZeroAndEndsWhereTheFormulaSays() {
        Stats.Interval i = Stats.wilson(0, 10, Z);

        double z2n = Z * Z / 10;
        assertEquals(0, i.estimate(), EPS);
        assertEquals(0, i.low(), EPS);
        assertEquals(z2n / (1 + z2n), i.high(), EPS); // p = 0: centre and half-width are both (z²/2n) / (1 + z²/n)
    }

    @Test
    void wilsonOfHalfIsSymmetricAroundOneHalf() {
        Stats.Interval i = Stats.wilson(5, 10, Z);

        double half = Z / (1 + Z * Z / 10) * Math.sqrt(0.25 / 10 + Z * Z / 400);
        assertEquals(0.5, i.estimate(), EPS);
        assertEquals(0.5 - half, i.low(), EPS);
        assertEquals(0.5 + half, i.high(), EPS);
    }

    @Test
    void wilsonNarrowsAsTheSampleGrows() {
        Stats.Interval small = Stats.wilson(3, 10, Z);
        Stats.Interval large = Stats.wilson(300, 1000, Z);

        assertTrue(large.high() - large.low() < small.high() - small.low());
        assertTrue(large.contains(0.3) && small.contains(0.3));
        assertTrue(Double.isNaN(Stats.wilson(0, 0, Z).estimate()), "no trials: no rate");
    }

    @Test
    void riskRatioIsTheRatioOfRatesWithKatzsLogInterval() {
        Stats.Interval rr = Stats.riskRatio(20, 100, 10, 100, Z);

        double se = Math.sqrt(1.0 / 20 - 1.0 / 100 + 1.0 / 10 - 1.0 / 100);
        assertEquals(2, rr.estimate(), EPS);
        assertEquals(2 * Math.exp(-Z * se), rr.low(), EPS);
        assertEquals(2 * Math.exp(Z * se), rr.high(), EPS);
        assertTrue(rr.contains(1), "twice the rate on 100 each may still be chance");
        assertFalse(Stats.riskRatio(40, 200, 20, 200, Z).contains(1), "on 200 each it is not");
    }

    @Test
    void riskRatioOfEqualRatesContainsOne() {
        Stats.Interval rr = Stats.riskRatio(10, 100, 20, 200, Z);

        assertEquals(1, rr.estimate(), EPS);
        assertTrue(rr.contains(1));
    }

    @Test
    void aGroupWithoutConversionsGetsHaldanesCorrection() {
        Stats.Interval rr = Stats.riskRatio(0, 50, 10, 100, Z);

        double corrected = (0.5 / 50.5) / (10.5 / 100.5);
        double se = Math.sqrt(1 / 0.5 - 1 / 50.5 + 1 / 10.5 - 1 / 100.5);
        assertEquals(0, rr.estimate(), EPS);
        assertEquals(corrected * Math.exp(-Z * se), rr.low(), EPS);
        assertEquals(corrected * Math.exp(Z * se), rr.high(), EPS);
    }

    @Test
    void psiIsZeroForTheSameSharesAndFollowsItsFormulaOtherwise() {
        assertEquals(0, Stats.psi(new long[] {10, 30, 60}, new long[] {20, 60, 120}), EPS);

        // shares 0.5/0.5 against 0.25/0.75: (0.25-0.5) ln(0.25/0.5) + (0.75-0.5) ln(0.75/0.5) = 0.25 ln 3
        assertEquals(0.25 * Math.log(3), Stats.psi(new long[] {50, 50}, new long[] {25, 75}), EPS);
    }

    @Test
    void anEmptyBinCountsAsTheFloor() {
        double e = Stats.PSI_FLOOR;
        double expected = (e - 0.5) * Math.log(e / 0.5) + (1 - 0.5) * Math.log(1 / 0.5);

        assertEquals(expected, Stats.psi(new long[] {1, 1}, new long[] {0, 4}), EPS);
    }

    @Test
    void quantileEdgesSplitAnEvenDistributionEvenly() {
        long[] even = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}; // scores 0..9, one contact each

        assertArrayEquals(new int[] {1, 3, 5, 7}, Stats.quantileEdges(even, 0, 5));
        assertArrayEquals(new long[] {2, 2, 2, 2, 2}, Stats.fold(even, 0, new int[] {1, 3, 5, 7}));
        assertArrayEquals(new int[] {20}, Stats.quantileEdges(new long[] {0, 0, 7}, 18, 10), "one score: one edge");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] counts = {1, 1, 1, 1}; // scores 10, 11, 12, 13

        assertEquals(10, Stats.percentile(counts, 10, 10)); // rank ceil(0.4) = 1
        assertEquals(11, Stats.percentile(counts, 10, 50)); // rank 2
        assertEquals(13, Stats.percentile(counts, 10, 90)); // rank ceil(3.6) = 4
        assertEquals(null, Stats.percentile(new long[3], 0, 50));
    }
}
