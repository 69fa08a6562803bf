package io.hubscore.daemon.report;

import io.hubscore.config.BandsConfig;
import io.hubscore.config.EventRule;
import io.hubscore.config.OutcomesConfig;
import io.hubscore.config.PropertyRule;
import io.hubscore.config.RuleGroup;
import io.hubscore.config.SyncConfig;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.ReportQueries;
import io.hubscore.ledger.Scores;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the outcome {@link Report} from the ledger alone, in one read transaction: band entries are each contact's
 * first band (its first score, or a first assignment counted as a transition) and every fired transition, judged by
 * {@link BandConversion}; a contact converts when it first enters a conversion stage. Every score row is streamed
 * once, in contact order, and only what the report counts is kept (per-score histograms, per-band counters), so a
 * year of history of a large portal reads in bounded memory. Not thread-safe: one builder per report.
 */
public final class ReportBuilder {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long WEEK = 7 * DAY;
    /** The most weeks a report shows; a longer period shows its last weeks. */
    static final int MAX_WEEKS = 104;
    private static final int HISTOGRAM_BINS = 20;
    private static final int PSI_BINS = 10;

    private final SyncConfig config;
    private final OutcomesConfig outcomes;
    private final List<String> bands;
    private final List<String> modelProperties;
    private final List<RuleInfo> rules = new ArrayList<>();

    private long since;
    private long end;
    private long baselineFrom;
    private long baselineTo;
    private String baselineSource;
    private long window;
    private long[] weekStarts;
    private long[] weekEnds;
    private long fourWeeksAgo;
    private int offset;
    private int span;

    // what the stream counts
    private long[][] weeklyScores;
    private long[] nowScores;
    private long[] fourWeekScores;
    private long[] baselineScores;
    private long[] firstScores;
    private long[][] weeklyBands;
    private long[][] weeklyEntries;
    private long[] bandsAtBaseline;
    private long[] bandsAtFirst;
    private long[] bandsFourWeeksAgo;
    private BandConversion periodConversion;
    private BandConversion baselineConversion;
    private DealCounter[] periodDeals;
    private DealCounter[] baselineDeals;
    private long topConverted;
    private long[] convertedScores;
    private long[] notConvertedScores;
    private long scoredContacts;
    private static final java.util.Comparator<List<String>> PAIRS = (a, b) -> {
        int c = a.get(0).compareTo(b.get(0));
        return c != 0 ? c : a.get(1).compareTo(b.get(1));
    };
    private final Map<List<String>, Long> notes = new TreeMap<>(PAIRS);

    private Map<Long, Long> conversions;
    private Map<Long, List<ReportQueries.Entry>> transitions;
    private Map<Long, List<ReportQueries.DealOutcome>> deals;

    /**
     * @param config the config whose model, bands and outcomes the report judges by; without an {@code outcomes}
     *     section the defaults apply
     * @param modelProperties the contact properties the model reads
     */
    public ReportBuilder(SyncConfig config, List<String> modelProperties) {
        this.config = config;
        this.outcomes = config.outcomes() != null ? config.outcomes()
                : new OutcomesConfig(List.of(), Duration.ofDays(90), null, Map.of());
        this.bands = config.bands().levels().stream().map(BandsConfig.Band::name).toList();
        this.modelProperties = List.copyOf(modelProperties);
        addRules("fit", config.model().fit());
        addRules("engagement", config.model().engagement());
    }

    private void addRules(String group, RuleGroup rules) {
        for (PropertyRule rule : rules.rules()) {
            this.rules.add(new RuleInfo(rule.name(), group, rule.points()));
        }
        for (EventRule rule : rules.events()) {
            this.rules.add(new RuleInfo(rule.name(), group, rule.points()));
        }
    }

    /**
     * The report over the days {@code from} to {@code to}, both inclusive (UTC).
     *
     * @param from null: the day of the first model release (or 90 days before {@code now} without one)
     * @param to null: up to {@code now}
     * @throws ReportException when the period is empty
     */
    public Report build(Ledger ledger, Instant now, LocalDate from, LocalDate to) {
        return ledger.read(tx -> build(tx.report(), now, from, to));
    }

    private Report build(ReportQueries q, Instant now, LocalDate from, LocalDate to) {
        window = outcomes.window().toMillis();
        end = to != null ? millis(to.plusDays(1)) : now.toEpochMilli();
        long firstRelease = q.firstRelease().orElse(end - 90 * DAY);
        since = from != null ? millis(from) : millis(day(firstRelease));
        if (since >= end) {
            throw new ReportException("the period is empty: it starts on " + day(since) + " and ends before "
                    + day(end) + " (check --since and --until)");
        }
        if (outcomes.baseline() != null) {
            baselineFrom = millis(outcomes.baseline().from());
            baselineTo = millis(outcomes.baseline().to().plusDays(1));
            baselineSource = "config";
        } else {
            baselineTo = millis(day(firstRelease));
            baselineFrom = baselineTo - OutcomesConfig.DEFAULT_BASELINE.toMillis();
            baselineSource = "before-first-release";
        }
        int weeks = (int) Math.min(MAX_WEEKS, (end - since + WEEK - 1) / WEEK);
        weekStarts = new long[weeks];
        weekEnds = new long[weeks];
        for (int w = 0; w < weeks; w++) {
            weekStarts[w] = Math.max(since, end - (long) (weeks - w) * WEEK);
            weekEnds[w] = end - (long) (weeks - 1 - w) * WEEK;
        }
        fourWeeksAgo = end - 4 * WEEK;

        int[] range = q.scoreRange();
        offset = range.length == 0 ? 0 : range[0];
        span = range.length == 0 ? 1 : range[1] - range[0] + 1;
        weeklyScores = new long[weeks][span];
        nowScores = new long[span];
        fourWeekScores = new long[span];
        baselineScores = new long[span];
        firstScores = new long[span];
        convertedScores = new long[span];
        notConvertedScores = new long[span];
        weeklyBands = new long[weeks][bands.size()];
        weeklyEntries = new long[weeks][bands.size()];
        bandsAtBaseline = new long[bands.size()];
        bandsAtFirst = new long[bands.size()];
        bandsFourWeeksAgo = new long[bands.size()];
        periodConversion = new BandConversion(bands, since, end, window);
        baselineConversion = new BandConversion(bands, baselineFrom, baselineTo, window);
        periodDeals = dealCounters();
        baselineDeals = dealCounters();

        conversions = q.firstEntered(outcomes.conversionStages());
        transitions = new HashMap<>();
        for (ReportQueries.Entry t : q.firedTransitions(end)) {
            transitions.computeIfAbsent(t.contactId(), k -> new ArrayList<>()).add(t);
        }
        deals = new HashMap<>();
        for (ReportQueries.DealOutcome deal : q.deals()) {
            deals.computeIfAbsent(deal.contactId(), k -> new ArrayList<>()).add(deal);
        }

        List<ReportQueries.ScoreRow> rows = new ArrayList<>();
        long[] read = {0};
        q.eachScore(end, row -> {
            read[0]++;
            if (!rows.isEmpty() && rows.get(0).contactId() != row.contactId()) {
                contact(rows);
                rows.clear();
            }
            rows.add(row);
        });
        if (!rows.isEmpty()) {
            contact(rows);
        }
        Report.Group baselineOverall = baselineOverall(q.createdAt());
        return assemble(q, now, read[0], baselineOverall);
    }

    /** Everything one contact's score rows (in order) and band entries add to the report. */
    private void contact(List<ReportQueries.ScoreRow> rows) {
        long id = rows.get(0).contactId();
        List<ReportQueries.Entry> fired = transitions.getOrDefault(id, List.of());
        List<ReportQueries.Entry> entries = new ArrayList<>(fired.size() + 1);
        ReportQueries.ScoreRow first = rows.get(0);
        if (fired.isEmpty() || fired.get(0).fromBand() != null) {
            entries.add(new ReportQueries.Entry(id, null, first.band(), first.score(), first.scoredAt()));
        }
        entries.addAll(fired);

        for (int w = 0; w < weekEnds.length; w++) {
            // a week's end is exclusive: what was in force just before it
            count(weeklyScores[w], rows, weekEnds[w] - 1);
            countBand(weeklyBands[w], entries, weekEnds[w] - 1);
        }
        ReportQueries.ScoreRow atEnd = count(nowScores, rows, end - 1);
        count(fourWeekScores, rows, fourWeeksAgo - 1);
        countBand(bandsFourWeeksAgo, entries, fourWeeksAgo - 1);
        count(baselineScores, rows, baselineTo - 1);
        countBand(bandsAtBaseline, entries, baselineTo - 1);
        firstScores[first.score() - offset]++;
        int firstBand = bands.indexOf(first.band());
        if (firstBand >= 0) {
            bandsAtFirst[firstBand]++;
        }
        for (ReportQueries.Entry entry : entries) {
            int band = bands.indexOf(entry.toBand());
            int week = week(entry.at());
            if (band >= 0 && week >= 0) {
                weeklyEntries[week][band]++;
            }
        }

        Long converted = conversions.get(id);
        judge(id, entries, rows, converted);
        judgeBaseline(entries, converted, id);
        if (converted != null && converted >= since && converted < end) {
            ReportQueries.ScoreRow at = rowAt(rows, converted);
            if (at != null) {
                convertedScores[at.score() - offset]++;
            }
        } else if ((converted == null || converted >= end) && atEnd != null) {
            notConvertedScores[atEnd.score() - offset]++;
        }
        if (atEnd != null) {
            scoredContacts++;
            if (atEnd.hasNotes()) {
                Set<List<String>> seen = new TreeSet<>(PAIRS);
                for (Scores.Note note : atEnd.notes()) {
                    seen.add(List.of(note.source(), note.property() == null ? "" : note.property()));
                }
                seen.forEach(key -> notes.merge(key, 1L, Long::sum));
            }
        }
    }

    /** The period's judgement of one contact: per band, overall and per rule. */
    private void judge(long id, List<ReportQueries.Entry> entries, List<ReportQueries.ScoreRow> rows, Long converted) {
        BandConversion.Contact contact = periodConversion.contact(converted);
        boolean overallConverted = false;
        boolean topConvertedHere = false;
        for (ReportQueries.Entry entry : entries) {
            BandConversion.Judged judged = contact.enter(entry.toBand(), entry.at());
            if (judged == null) {
                continue;
            }
            if (judged.band() >= 0) {
                periodDeals[judged.band()].add(deals.getOrDefault(id, List.of()), entry.at(), window);
                if (judged.band() == 0 && judged.converted()) {
                    topConvertedHere = true;
                }
            }
            if (judged.first()) {
                overallConverted = judged.converted();
                ReportQueries.ScoreRow row = rowAt(rows, entry.at());
                Set<String> scoredBy = new TreeSet<>();
                if (row != null) {
                    for (Scores.Contribution line : row.contributions()) {
                        if (("property-rule".equals(line.kind()) || "event-rule".equals(line.kind()))
                                && line.points().compareTo(BigDecimal.ZERO) != 0) {
                            scoredBy.add(line.name());
                        }
                    }
                }
                for (RuleInfo rule : rules) {
                    rule.add(scoredBy.contains(rule.name), judged.converted());
                }
            }
        }
        if (overallConverted && topConvertedHere) {
            topConverted++;
        }
    }

    private void judgeBaseline(List<ReportQueries.Entry> entries, Long converted, long id) {
        BandConversion.Contact contact = baselineConversion.contact(converted);
        for (ReportQueries.Entry entry : entries) {
            BandConversion.Judged judged = contact.enter(entry.toBand(), entry.at());
            if (judged != null && judged.band() >= 0) {
                baselineDeals[judged.band()].add(deals.getOrDefault(id, List.of()), entry.at(), window);
            }
        }
    }

    /** Before scoring: of the contacts created in the baseline period, how many converted within the window. */
    private Report.Group baselineOverall(Map<Long, Long> created) {
        long n = 0;
        long k = 0;
        for (Map.Entry<Long, Long> contact : created.entrySet()) {
            long at = contact.getValue();
            if (at < baselineFrom || at >= baselineTo) {
                continue;
            }
            Long converted = conversions.get(contact.getKey());
            if (converted != null && converted < at) {
                continue;
            }
            n++;
            if (converted != null && converted <= at + window) {
                k++;
            }
        }
        return BandConversion.group(n, k);
    }

    private Report assemble(ReportQueries q, Instant now, long read, Report.Group baselineOverall) {
        boolean baselineScored = Stats.sum(baselineScores) > 0;
        long[] baseline = baselineScores;
        long[] baselineBands = bandsAtBaseline;
        String distributionSource = "period";
        if (!baselineScored) {
            baseline = firstScores;
            baselineBands = bandsAtFirst;
            distributionSource = "first-scores";
        }

        Report.Group all = periodConversion.all();
        List<Report.BandOutcome> bandOutcomes = bandOutcomes(periodConversion.figures(all), periodDeals);
        Report.Group baselineAll = baselineConversion.summed();
        List<Report.BandOutcome> baselineOutcomes = bandOutcomes(baselineConversion.figures(baselineAll),
                baselineDeals);

        List<Report.RuleEffect> ruleEffects = new ArrayList<>();
        for (RuleInfo rule : rules) {
            Stats.Interval lift = Stats.riskRatio(rule.kWith, rule.nWith, rule.kWithout, rule.nWithout, Stats.Z95);
            boolean flagged = !Double.isNaN(lift.estimate())
                    && (rule.points > 0 ? lift.estimate() < 1 : lift.estimate() > 1);
            ruleEffects.add(new Report.RuleEffect(rule.name, rule.group, rule.points,
                    ratio(rule.nWith, rule.nWith + rule.nWithout), rule.nWith, ratio(rule.kWith, rule.nWith),
                    ratio(rule.kWithout, rule.nWithout), num(lift.estimate()), num(lift.low()), num(lift.high()),
                    flagged));
        }

        int[] edges = Stats.quantileEdges(baseline, offset, PSI_BINS);
        double psiBaseline = Stats.psi(Stats.fold(baseline, offset, edges), Stats.fold(nowScores, offset, edges));
        int[] fourEdges = Stats.quantileEdges(fourWeekScores, offset, PSI_BINS);
        double psiFour = Stats.psi(Stats.fold(fourWeekScores, offset, fourEdges),
                Stats.fold(nowScores, offset, fourEdges));
        List<Report.WeekPsi> weekly = new ArrayList<>();
        List<String> weekNames = new ArrayList<>();
        for (int w = 0; w < weekStarts.length; w++) {
            weekNames.add(day(weekStarts[w]).toString());
            weekly.add(new Report.WeekPsi(weekNames.get(w), num(Stats.psi(Stats.fold(baseline, offset, edges),
                    Stats.fold(weeklyScores[w], offset, edges)))));
        }
        Report.Psi psi = new Report.Psi(num(psiBaseline), level(psiBaseline), num(psiFour), level(psiFour), weekly);

        Map<String, List<Long>> contactsPerWeek = new LinkedHashMap<>();
        Map<String, List<Long>> entriesPerWeek = new LinkedHashMap<>();
        List<Report.BandShare> shares = new ArrayList<>();
        long[] bandsNow = weekEnds.length == 0 ? new long[bands.size()] : weeklyBands[weekEnds.length - 1];
        for (int b = 0; b < bands.size(); b++) {
            List<Long> contacts = new ArrayList<>();
            List<Long> entries = new ArrayList<>();
            for (int w = 0; w < weekEnds.length; w++) {
                contacts.add(weeklyBands[w][b]);
                entries.add(weeklyEntries[w][b]);
            }
            contactsPerWeek.put(bands.get(b), contacts);
            entriesPerWeek.put(bands.get(b), entries);
            shares.add(new Report.BandShare(bands.get(b), ratio(bandsNow[b], sum(bandsNow)),
                    ratio(bandsFourWeeksAgo[b], sum(bandsFourWeeksAgo)), ratio(baselineBands[b], sum(baselineBands))));
        }

        List<Report.Capacity> capacity = new ArrayList<>();
        for (int b = 0; b < bands.size(); b++) {
            Integer perWeek = outcomes.capacity().get(bands.get(b));
            if (perWeek == null) {
                continue;
            }
            long over = 0;
            for (int w = 0; w < weekEnds.length; w++) {
                if (weeklyEntries[w][b] > perWeek) {
                    over++;
                }
            }
            capacity.add(new Report.Capacity(bands.get(b), perWeek,
                    weekEnds.length == 0 ? 0 : weeklyEntries[weekEnds.length - 1][b], over));
        }

        Map<String, Long> presence = q.propertyPresence();
        List<String> missing = modelProperties.stream().filter(p -> presence.getOrDefault(p, 0L) == 0).toList();
        List<Report.NoteShare> noteShares = new ArrayList<>();
        notes.forEach((key, count) -> noteShares.add(new Report.NoteShare(key.get(0),
                key.get(1).isEmpty() ? null : key.get(1), count, round((double) count / Math.max(1, scoredContacts)))));

        Report.Percentiles convertedPercentiles = percentiles(convertedScores);
        return new Report(config.portal().id(), config.model().version(), now.toString(),
                new Report.Period(day(since).toString(), day(end - 1).plusDays(1).toString()),
                new Report.Baseline(day(baselineFrom).toString(), day(baselineTo).toString(), baselineSource,
                        distributionSource),
                outcomes.conversionStages(), outcomes.window().toDays(), q.liveContacts(), read,
                new Report.Distribution(histogram(nowScores, baseline), percentiles(nowScores), percentiles(baseline)),
                new Report.Volumes(weekNames, contactsPerWeek, entriesPerWeek),
                bandOutcomes, baselineOutcomes, all, baselineOverall,
                new Report.TopBand(bands.get(0), bandOutcomes.get(0).rate(), ratio(topConverted, all.converted())),
                new Report.ConvertedVsNot(histogram(convertedScores, notConvertedScores), convertedPercentiles,
                        percentiles(notConvertedScores)),
                ruleEffects, psi, shares, new Report.DataQuality(scoredContacts, noteShares, missing), capacity);
    }

    private static List<Report.BandOutcome> bandOutcomes(List<BandConversion.Figures> figures,
            DealCounter[] dealCounters) {
        List<Report.BandOutcome> outcomesByBand = new ArrayList<>();
        for (int b = 0; b < figures.size(); b++) {
            BandConversion.Figures f = figures.get(b);
            DealCounter c = dealCounters[b];
            outcomesByBand.add(new Report.BandOutcome(f.band(), f.entered(), f.converted(), f.rate(), f.rateLow(),
                    f.rateHigh(), f.lift(), f.liftLow(), f.liftHigh(), c.dealsCreated, c.dealsClosed, c.dealsWon,
                    ratio(c.dealsWon, c.dealsClosed), Math.round(c.wonAmount * 100) / 100.0));
        }
        return outcomesByBand;
    }

    /** Bins of equal width over the scores either distribution holds; each bin counts both. */
    private List<Report.Bin> histogram(long[] a, long[] b) {
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int i = 0; i < span; i++) {
            if (a[i] > 0 || b[i] > 0) {
                lo = Math.min(lo, offset + i);
                hi = Math.max(hi, offset + i);
            }
        }
        List<Report.Bin> bins = new ArrayList<>();
        if (lo > hi) {
            return bins;
        }
        int width = Math.max(1, (hi - lo + HISTOGRAM_BINS) / HISTOGRAM_BINS);
        for (int from = lo; from <= hi; from += width) {
            long x = 0;
            long y = 0;
            for (int s = from; s < from + width && s <= hi; s++) {
                x += a[s - offset];
                y += b[s - offset];
            }
            bins.add(new Report.Bin(from, Math.min(hi, from + width - 1), x, y));
        }
        return bins;
    }

    private Report.Percentiles percentiles(long[] counts) {
        return new Report.Percentiles(Stats.sum(counts), Stats.percentile(counts, offset, 10),
                Stats.percentile(counts, offset, 25), Stats.percentile(counts, offset, 50),
                Stats.percentile(counts, offset, 75), Stats.percentile(counts, offset, 90));
    }

    /** Adds the score in force at {@code at} to {@code histogram}; returns its row, or null when none was. */
    private ReportQueries.ScoreRow count(long[] histogram, List<ReportQueries.ScoreRow> rows, long at) {
        ReportQueries.ScoreRow row = rowAt(rows, at);
        if (row != null) {
            histogram[row.score() - offset]++;
        }
        return row;
    }

    private void countBand(long[] counts, List<ReportQueries.Entry> entries, long at) {
        String band = null;
        for (ReportQueries.Entry entry : entries) {
            if (entry.at() > at) {
                break;
            }
            band = entry.toBand();
        }
        int index = band == null ? -1 : bands.indexOf(band);
        if (index >= 0) {
            counts[index]++;
        }
    }

    /** The last of the contact's rows scored at or before {@code at}; null when none was. */
    private static ReportQueries.ScoreRow rowAt(List<ReportQueries.ScoreRow> rows, long at) {
        int lo = 0;
        int hi = rows.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (rows.get(mid).scoredAt() <= at) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found < 0 ? null : rows.get(found);
    }

    private int week(long at) {
        if (at < since || at >= end) {
            return -1;
        }
        for (int w = 0; w < weekStarts.length; w++) {
            if (at >= weekStarts[w] && at < weekEnds[w]) {
                return w;
            }
        }
        return -1;
    }

    private DealCounter[] dealCounters() {
        DealCounter[] counters = new DealCounter[bands.size()];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new DealCounter();
        }
        return counters;
    }

    private static long sum(long[] values) {
        return Stats.sum(values);
    }

    static String level(double psi) {
        if (Double.isNaN(psi)) {
            return null;
        }
        return psi < 0.10 ? "stable" : psi < 0.25 ? "watch" : "shift";
    }

    private static Double ratio(long a, long b) {
        return b == 0 ? null : round((double) a / b);
    }

    private static Double num(double value) {
        return Stats.rounded(value);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static long millis(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static LocalDate day(long millis) {
        return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** The deals that contacts judged in one band opened within the window after their entry. */
    private static final class DealCounter {
        long dealsCreated;
        long dealsClosed;
        long dealsWon;
        double wonAmount;

        void add(List<ReportQueries.DealOutcome> deals, long at, long window) {
            for (ReportQueries.DealOutcome deal : deals) {
                if (deal.createdAt() != null && deal.createdAt() > at && deal.createdAt() <= at + window) {
                    dealsCreated++;
                    if (deal.closed()) {
                        dealsClosed++;
                    }
                    if (deal.won()) {
                        dealsWon++;
                        wonAmount += deal.amount() == null ? 0 : deal.amount();
                    }
                }
            }
        }
    }

    /** One rule of the model and the judged contacts it scored or did not, with their conversions. */
    private static final class RuleInfo {
        final String name;
        final String group;
        final int points;
        long nWith;
        long kWith;
        long nWithout;
        long kWithout;

        RuleInfo(String name, String group, int points) {
            this.name = name;
            this.group = group;
            this.points = points;
        }

        void add(boolean scored, boolean converted) {
            if (scored) {
                nWith++;
                kWith += converted ? 1 : 0;
            } else {
                nWithout++;
                kWithout += converted ? 1 : 0;
            }
        }
    }
}
