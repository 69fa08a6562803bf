package io.hubscore.daemon.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Conversion by band as the outcome report judges it, for any record of band entries: the live model's, or a shadow
 * model's. Of one contact's entries in a period, oldest first, an entry made when the contact had already converted
 * is left out (nothing is left to predict); the first of the others into each band counts for that band, and the
 * first into any band counts for all bands together. An entry converted when the contact first entered a conversion
 * stage within the window after it. Rates come with their 95% Wilson interval; a band's lift is its rate over the
 * rate of all, and its interval the band's interval over that rate. Not thread-safe: one per figure being counted.
 */
public final class BandConversion {

    private final List<String> bands;
    private final long from;
    private final long to;
    private final long window;
    private final long[] entered;
    private final long[] converted;
    private long allEntered;
    private long allConverted;

    /**
     * One band's figures; null where the data cannot give them (no entry, or no conversion at all for the lift).
     *
     * @param entered contacts that entered the band in the period, the already converted left out
     * @param converted of them, those that converted within the window
     */
    public record Figures(String band, long entered, long converted, Double rate, Double rateLow, Double rateHigh,
            Double lift, Double liftLow, Double liftHigh) {
    }

    /**
     * One entry as judged.
     *
     * @param band the index of the band it counts for; -1 when it counts for none (the contact entered that band
     *     earlier in the period, or the band is not one of the bands counted)
     * @param converted whether the contact converted within the window after it
     * @param first whether it is the contact's first entry judged, the one that counts for all bands together
     */
    public record Judged(int band, boolean converted, boolean first) {
    }

    /**
     * @param bands the bands counted, highest first
     * @param from the period's start, epoch ms inclusive
     * @param to the period's end, epoch ms exclusive
     * @param window how long after an entry a conversion still counts for it, in ms
     */
    public BandConversion(List<String> bands, long from, long to, long window) {
        this.bands = List.copyOf(bands);
        this.from = from;
        this.to = to;
        this.window = window;
        this.entered = new long[bands.size()];
        this.converted = new long[bands.size()];
    }

    /**
     * Starts judging one contact's entries.
     *
     * @param convertedAt when it first entered a conversion stage; null when it never did
     */
    public Contact contact(Long convertedAt) {
        return new Contact(convertedAt);
    }

    /** The bands counted, highest first. */
    public List<String> bands() {
        return bands;
    }

    /** Each band's figures, in the order of {@link #bands()}, the lift against {@link #all()}. */
    public List<Figures> figures() {
        return figures(all());
    }

    /** Each band's figures, in the order of {@link #bands()}, the lift against {@code against}'s rate. */
    List<Figures> figures(Report.Group against) {
        List<Figures> figures = new ArrayList<>(bands.size());
        double base = against.contacts() == 0 ? 0 : (double) against.converted() / against.contacts();
        for (int b = 0; b < bands.size(); b++) {
            Stats.Interval rate = Stats.wilson(converted[b], entered[b], Stats.Z95);
            boolean liftable = base != 0 && entered[b] > 0;
            figures.add(new Figures(bands.get(b), entered[b], converted[b], Stats.rounded(rate.estimate()),
                    Stats.rounded(rate.low()), Stats.rounded(rate.high()),
                    liftable ? Stats.rounded(rate.estimate() / base) : null,
                    liftable ? Stats.rounded(rate.low() / base) : null,
                    liftable ? Stats.rounded(rate.high() / base) : null));
        }
        return figures;
    }

    /** The contacts' first entries judged, whatever the band: the group every band's lift is measured against. */
    public Report.Group all() {
        return group(allEntered, allConverted);
    }

    /** Every band's entries added up: a contact counts once for each band it entered. */
    Report.Group summed() {
        long n = 0;
        long k = 0;
        for (int b = 0; b < bands.size(); b++) {
            n += entered[b];
            k += converted[b];
        }
        return group(n, k);
    }

    static Report.Group group(long n, long k) {
        Stats.Interval rate = Stats.wilson(k, n, Stats.Z95);
        return new Report.Group(n, k, Stats.rounded(rate.estimate()), Stats.rounded(rate.low()),
                Stats.rounded(rate.high()));
    }

    /** One contact's entries being judged, fed oldest first. Not thread-safe. */
    public final class Contact {

        private final Long convertedAt;
        private final boolean[] seen = new boolean[bands.size()];
        private boolean judgedAny;
        private boolean convertedAny;

        private Contact(Long convertedAt) {
            this.convertedAt = convertedAt;
        }

        /**
         * Judges the contact's entry into {@code band} at {@code at} (epoch ms), after its earlier ones.
         *
         * @return how it counts; null when it is not judged (outside the period, or made after the contact converted)
         */
        public Judged enter(String band, long at) {
            if (at < from || at >= to || convertedAt != null && convertedAt <= at) {
                return null;
            }
            boolean hit = convertedAt != null && convertedAt <= at + window;
            int index = bands.indexOf(band);
            boolean counted = index >= 0 && !seen[index];
            if (counted) {
                seen[index] = true;
                entered[index]++;
                converted[index] += hit ? 1 : 0;
            }
            boolean first = !judgedAny;
            if (first) {
                judgedAny = true;
                allEntered++;
                allConverted += hit ? 1 : 0;
            }
            convertedAny |= hit;
            return new Judged(counted ? index : -1, hit, first);
        }

        /** Whether any of its entries judged so far converted. */
        public boolean converted() {
            return convertedAny;
        }
    }
}
