package io.hubscore.daemon.report;

import java.util.List;
import java.util.Map;

/**
 * The outcome report: does the score predict conversion? Built from the ledger alone by {@link ReportBuilder},
 * written as JSON (field names in snake case) and as HTML by {@link HtmlReport}. Rates and shares are fractions
 * between 0 and 1; a figure the data cannot give (no contact in a group) is null. Times are ISO-8601 dates (UTC).
 *
 * @param portal the portal's id
 * @param modelVersion the model version the report judges (the config's)
 * @param generatedAt when the report was made
 * @param period the contacts that entered a band in this period are judged
 * @param baseline the period compared against
 * @param conversionStages lifecycle stages whose entry is a conversion
 * @param windowDays a conversion counts when it happens within this many days of a band entry
 * @param contacts live contacts in the ledger
 * @param scoreRows score rows read
 */
public record Report(
        String portal,
        String modelVersion,
        String generatedAt,
        Period period,
        Baseline baseline,
        List<String> conversionStages,
        long windowDays,
        long contacts,
        long scoreRows,
        Distribution distribution,
        Volumes volumes,
        List<BandOutcome> bands,
        List<BandOutcome> baselineBands,
        Group overall,
        Group baselineOverall,
        TopBand topBand,
        ConvertedVsNot convertedVsNot,
        List<RuleEffect> rules,
        Psi psi,
        List<BandShare> bandShares,
        DataQuality dataQuality,
        List<Capacity> capacity) {

    /** A period of days, {@code from} inclusive, {@code to} exclusive. */
    public record Period(String from, String to) {
    }

    /**
     * The baseline period and where its score distribution comes from: {@code period} (the scores in force at its
     * end) or {@code first-scores} (no score is that old: each contact's first score, the distribution at release).
     */
    public record Baseline(String from, String to, String source, String distributionSource) {
    }

    /** Section 1: the score distribution now and at the baseline, over the same bins. */
    public record Distribution(List<Bin> histogram, Percentiles now, Percentiles baseline) {
    }

    /** One histogram bin: scores {@code from} to {@code to} inclusive; contacts now and at the baseline. */
    public record Bin(int from, int to, long now, long baseline) {
    }

    /** Nearest-rank percentiles of the scores; null without scores. */
    public record Percentiles(long contacts, Integer p10, Integer p25, Integer p50, Integer p75, Integer p90) {
    }

    /** Section 2: per week (starting on {@code weeks[i]}), contacts in each band at its end and entries into each. */
    public record Volumes(List<String> weeks, Map<String, List<Long>> contacts, Map<String, List<Long>> entries) {
    }

    /**
     * Section 3: of the contacts that entered the band in the period (those already converted left out), how many
     * converted within the window, with a 95% Wilson interval, the lift against all contacts that entered a band
     * (the band's rate over theirs) with the same interval divided by that rate, and the deals they opened within the
     * window.
     */
    public record BandOutcome(String band, long entered, long converted, Double rate, Double rateLow, Double rateHigh,
            Double lift, Double liftLow, Double liftHigh, long dealsCreated, long dealsClosed, long dealsWon,
            Double wonRate, double wonAmount) {
    }

    /** A group of contacts: how many, how many converted within the window, the rate and its 95% interval. */
    public record Group(long contacts, long converted, Double rate, Double rateLow, Double rateHigh) {
    }

    /** How well the top band picks converters: its precision (its rate) and recall (its share of all conversions). */
    public record TopBand(String band, Double precision, Double recall) {
    }

    /** Section 4: scores of converted contacts at their conversion, and of the others at the period's end. */
    public record ConvertedVsNot(List<Bin> histogram, Percentiles converted, Percentiles notConverted) {
    }

    /**
     * Section 5: one rule's effect: the share of judged contacts it scored at their band entry, their conversion rate
     * against the others', and the lift (the ratio of the two) with its 95% interval. {@code flagged} when the lift
     * goes against the rule's sign: below 1 for a rule that adds points, above 1 for a penalty.
     */
    public record RuleEffect(String rule, String group, double points, Double coverage, long scored, Double rateScored,
            Double rateNotScored, Double lift, Double liftLow, Double liftHigh, boolean flagged) {
    }

    /**
     * Section 6: the population stability index of the scores now against the baseline and against four weeks
     * earlier; {@code stable} below 0.10, {@code watch} below 0.25, {@code shift} above; and each week's PSI against
     * the baseline.
     */
    public record Psi(Double baseline, String baselineLevel, Double fourWeeks, String fourWeeksLevel,
            List<WeekPsi> weekly) {
    }

    /** The PSI against the baseline of the scores at the end of the week starting {@code week}. */
    public record WeekPsi(String week, Double psi) {
    }

    /** Section 6: a band's share of the banded contacts now, four weeks earlier and at the baseline. */
    public record BandShare(String band, Double now, Double fourWeeksAgo, Double baseline) {
    }

    /** Section 7: the share of scored contacts with each data-quality note, and properties no contact has. */
    public record DataQuality(long scoredContacts, List<NoteShare> notes, List<String> missingProperties) {
    }

    /** Contacts whose latest score carries a note from {@code source} about {@code property}. */
    public record NoteShare(String source, String property, long contacts, double share) {
    }

    /**
     * Entries into a band against what sales can work: the configured capacity, the entries of the last week of the
     * period and how many of the period's weeks had more entries than the capacity.
     */
    public record Capacity(String band, long perWeek, long enteredLastWeek, long weeksOver) {
    }
}
