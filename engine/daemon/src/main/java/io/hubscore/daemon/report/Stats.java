package io.hubscore.daemon.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The statistics of the outcome report, pure functions: Wilson score intervals for conversion rates (sound for small
 * counts and for rates near 0 or 1, where the normal approximation is not), the risk ratio with Katz's log interval
 * for lift, and the population stability index for drift.
 */
final class Stats {

    /** The normal quantile of a two-sided 95% interval. */
    static final double Z95 = 1.959963984540054;

    /** What an empty bin counts as in the PSI, so its logarithm stays finite. */
    static final double PSI_FLOOR = 0.0001;

    private Stats() {
    }

    /** An estimate with its 95% interval; the bounds are NaN when the data cannot bound it. */
    record Interval(double estimate, double low, double high) {
        boolean contains(double value) {
            return low <= value && value <= high;
        }
    }

    /**
     * The Wilson score interval of {@code successes} out of {@code trials}: centre
     * {@code (p + z²/2n) / (1 + z²/n)}, half-width {@code z / (1 + z²/n) * sqrt(p(1-p)/n + z²/4n²)}.
     *
     * @return NaN everywhere for no trials
     */
    static Interval wilson(long successes, long trials, double z) {
        if (trials <= 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * The risk ratio of group A ({@code a} of {@code n1} converted) to group B ({@code c} of {@code n2}), with
     * Katz's interval {@code exp(ln RR ± z sqrt(1/a - 1/n1 + 1/c - 1/n2))}. When a group has no conversion, 0.5 is
     * added to each count (Haldane's correction) so the interval stays finite.
     *
     * @return NaN everywhere when a group is empty
     */
    static Interval riskRatio(long a, long n1, long c, long n2, double z) {
        if (n1 <= 0 || n2 <= 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN);
        }
        double x = a;
        double m = n1;
        double y = c;
        double k = n2;
        if (a == 0 || c == 0) {
            x += 0.5;
            m += 0.5;
            y += 0.5;
            k += 0.5;
        }
        double corrected = (x / m) / (y / k);
        double se = Math.sqrt(1 / x - 1 / m + 1 / y - 1 / k);
        double log = Math.log(corrected);
        double estimate = a == 0 && c == 0 ? Double.NaN
                : c == 0 ? corrected // the uncorrected ratio would be infinite
                : ((double) a / n1) / ((double) c / n2);
        return new Interval(estimate, Math.exp(log - z * se), Math.exp(log + z * se));
    }

    /**
     * The population stability index of {@code actual} against {@code expected}, two histograms over the same
     * bins: {@code Σ (a_i - e_i) ln(a_i / e_i)} over the bins' shares, an empty bin counting as {@link #PSI_FLOOR}.
     *
     * @return NaN when either histogram is empty
     */
    static double psi(long[] expected, long[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("the histograms have " + expected.length + " and " + actual.length
                    + " bins");
        }
        double e = sum(expected);
        double a = sum(actual);
        if (e == 0 || a == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double ei = Math.max(expected[i] / e, PSI_FLOOR);
            double ai = Math.max(actual[i] / a, PSI_FLOOR);
            psi += (ai - ei) * Math.log(ai / ei);
        }
        return psi;
    }

    /**
     * The upper edges of up to {@code bins} bins holding about equal shares of a distribution given as counts per
     * score ({@code counts[i]} contacts scored {@code offset + i}): each edge is the highest score of its bin; equal
     * edges are merged, and the last bin takes everything above the last edge.
     */
    static int[] quantileEdges(long[] counts, int offset, int bins) {
        long total = sum(counts);
        List<Integer> edges = new ArrayList<>();
        if (total == 0) {
            return new int[0];
        }
        long seen = 0;
        int next = 1;
        for (int i = 0; i < counts.length && next < bins; i++) {
            seen += counts[i];
            while (next < bins && seen * bins >= total * next) {
                int edge = offset + i;
                if (edges.isEmpty() || edges.get(edges.size() - 1) != edge) {
                    edges.add(edge);
                }
                next++;
            }
        }
        return edges.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Counts per score ({@code offset + i}) folded into the bins {@link #quantileEdges} describes. */
    static long[] fold(long[] counts, int offset, int[] edges) {
        long[] bins = new long[edges.length + 1];
        int bin = 0;
        for (int i = 0; i < counts.length; i++) {
            while (bin < edges.length && offset + i > edges[bin]) {
                bin++;
            }
            bins[bin] += counts[i];
        }
        return bins;
    }

    /**
     * The nearest-rank percentile of a distribution given as counts per score: the lowest score at or below which at
     * least {@code p} percent of the contacts lie.
     *
     * @return null for an empty distribution
     */
    static Integer percentile(long[] counts, int offset, double p) {
        long total = sum(counts);
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return offset + i;
            }
        }
        return offset + counts.length - 1;
    }

    /** A figure as the report shows it: four decimals; null when it is not a finite number. */
    static Double rounded(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 10_000) / 10_000.0;
    }

    static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }
}
