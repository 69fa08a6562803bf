package io.hubscore.daemon.report;

import io.hubscore.config.BandsConfig;
import io.hubscore.config.OutcomesConfig;
import io.hubscore.config.SyncConfig;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.ReportQueries;
import io.hubscore.scoring.BandState;
import io.hubscore.scoring.ScoringModel;
import io.hubscore.scoring.TransitionDecision;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Band edges that would have kept a band's weekly entries within what sales can work. The recorded scores of the
 * last weeks are replayed through the model's bands (hysteresis, cooldown and first assignment as configured; a
 * score's points do not depend on the bands) once for every candidate minimum of the band; the lowest minimum whose
 * every week stayed within the capacity, and that keeps the top band's lift at least where it is now, is suggested.
 * Replaying the current edges gives what the daemon did, so the two can be compared figure by figure. Suppressions
 * that freeze or cap a band are not replayed: a replayed band is the one the score alone gives. Not thread-safe: one
 * instance per calibration.
 */
public final class Calibration {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long WEEK = 7 * DAY;

    /**
     * A calibration.
     *
     * @param band the band calibrated
     * @param perWeek the entries into it sales can work per week
     * @param weeks the first day of each week replayed (7-day weeks ending now)
     * @param contacts contacts whose scores were replayed
     * @param scoreRows score rows replayed
     * @param current the replay with the config's edges
     * @param suggested the replay with the suggested edges (the same as {@code current} when nothing better exists)
     * @param withinCapacity whether the suggestion keeps every week within the capacity
     */
    public record Result(String band, int perWeek, List<String> weeks, long contacts, long scoreRows, Replay current,
            Replay suggested, boolean withinCapacity) {

        /** Whether the suggestion differs from the config's edges. */
        public boolean changed() {
            return !current.levels().equals(suggested.levels());
        }
    }

    /**
     * One replay of the recorded scores through a set of bands.
     *
     * @param levels the bands replayed, highest first
     * @param entries entries into the calibrated band per week
     * @param bandsAtEnd contacts in each band after their last score, in the config's order
     * @param top the top band's conversion: of the contacts that entered it in the replayed weeks
     */
    public record Replay(List<BandsConfig.Band> levels, List<Long> entries, Map<String, Long> bandsAtEnd,
            Report.Group top, Double topLift) {

        /** The most entries into the calibrated band in one week. */
        public long mostInAWeek() {
            return entries.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        /** Weeks with more entries than {@code perWeek}. */
        public long weeksOver(int perWeek) {
            return entries.stream().filter(n -> n > perWeek).count();
        }

        /** The calibrated band's minimum. */
        public Integer min(String band) {
            return levels.stream().filter(b -> b.name().equals(band)).findFirst().map(BandsConfig.Band::min)
                    .orElse(null);
        }
    }

    private final SyncConfig config;
    private final OutcomesConfig outcomes;
    private final List<String> bands;

    private long[] contactIds = new long[1024];
    private int[] contactStart = new int[1024];
    private int contactCount;
    private int[] scores = new int[4096];
    private long[] times = new long[4096];
    private int rows;
    private long[] weekStarts;
    private long[] weekEnds;
    private Map<Long, Long> conversions;

    public Calibration(SyncConfig config) {
        this.config = config;
        this.outcomes = config.outcomes() != null ? config.outcomes()
                : new OutcomesConfig(List.of(), Duration.ofDays(90), null, Map.of());
        this.bands = config.bands().levels().stream().map(BandsConfig.Band::name).toList();
    }

    /**
     * Calibrates {@code band} to {@code perWeek} entries a week over the last {@code weeks} weeks up to {@code now}
     * (no earlier than the first model release).
     *
     * @throws ReportException when the band cannot be calibrated (unknown, the lowest) or nothing was scored
     */
    public Result calibrate(Ledger ledger, Instant now, String band, int perWeek, int weeks) {
        int target = bands.indexOf(band);
        if (target < 0) {
            throw new ReportException("the config has no band '" + band + "' (its bands: " + String.join(", ", bands)
                    + ")");
        }
        if (target == bands.size() - 1) {
            throw new ReportException("band '" + band + "' is the lowest: it takes every score below the others and "
                    + "has no edge to calibrate");
        }
        long end = now.toEpochMilli();
        ledger.read(tx -> {
            load(tx.report(), end);
            long firstRelease = tx.report().firstRelease().orElse(end - (long) weeks * WEEK);
            long since = LocalDate.ofEpochDay(Math.floorDiv(firstRelease, DAY)).atStartOfDay(ZoneOffset.UTC)
                    .toInstant().toEpochMilli();
            int count = (int) Math.max(1, Math.min(weeks, (end - since + WEEK - 1) / WEEK));
            weekStarts = new long[count];
            weekEnds = new long[count];
            for (int w = 0; w < count; w++) {
                weekStarts[w] = Math.max(since, end - (long) (count - w) * WEEK);
                weekEnds[w] = end - (long) (count - 1 - w) * WEEK;
            }
            conversions = tx.report().firstEntered(outcomes.conversionStages());
            return null;
        });
        if (rows == 0) {
            throw new ReportException("the ledger holds no score yet: run the daemon first");
        }
        List<String> weekNames = new ArrayList<>();
        for (long start : weekStarts) {
            weekNames.add(LocalDate.ofEpochDay(Math.floorDiv(start, DAY)).toString());
        }

        List<BandsConfig.Band> levels = config.bands().levels();
        Replay current = replay(levels, target);
        int lowest = Integer.MAX_VALUE;
        int highest = Integer.MIN_VALUE;
        for (int i = 0; i < rows; i++) {
            lowest = Math.min(lowest, scores[i]);
            highest = Math.max(highest, scores[i]);
        }
        Integer below = target + 1 < levels.size() - 1 ? levels.get(target + 1).min() : null;
        Integer above = target > 0 ? levels.get(target - 1).min() : null;
        int from = below != null ? below + 1 : lowest - config.bands().hysteresis();
        int to = above != null ? above - 1 : highest + 1;

        Replay best = null;
        Replay fewest = current;
        for (int min = from; min <= to; min++) {
            Replay candidate = min == levels.get(target).min() ? current : replay(withMin(levels, target, min), target);
            if (candidate.mostInAWeek() < fewest.mostInAWeek()) {
                fewest = candidate;
            }
            boolean fits = candidate.mostInAWeek() <= perWeek;
            boolean keepsLift = current.topLift() == null
                    || candidate.topLift() != null && candidate.topLift() >= current.topLift() - 1e-9;
            if (fits && keepsLift) {
                best = candidate;
                break; // the lowest edge that fits: the most contacts sales can still work
            }
        }
        boolean within = best != null;
        return new Result(band, perWeek, weekNames, contactCount, rows, current, within ? best : fewest, within);
    }

    private static List<BandsConfig.Band> withMin(List<BandsConfig.Band> levels, int index, int min) {
        List<BandsConfig.Band> changed = new ArrayList<>(levels);
        changed.set(index, new BandsConfig.Band(levels.get(index).name(), min));
        return List.copyOf(changed);
    }

    private void load(ReportQueries q, long until) {
        q.eachScore(until, row -> {
            if (contactCount == 0 || contactIds[contactCount - 1] != row.contactId()) {
                if (contactCount == contactIds.length) {
                    contactIds = Arrays.copyOf(contactIds, contactCount * 2);
                    contactStart = Arrays.copyOf(contactStart, contactCount * 2);
                }
                contactIds[contactCount] = row.contactId();
                contactStart[contactCount] = rows;
                contactCount++;
            }
            if (rows == scores.length) {
                scores = Arrays.copyOf(scores, rows * 2);
                times = Arrays.copyOf(times, rows * 2);
            }
            scores[rows] = row.score();
            times[rows] = row.scoredAt();
            rows++;
        });
    }

    /** Every contact's recorded scores, in order, through these bands. */
    private Replay replay(List<BandsConfig.Band> levels, int target) {
        ScoringModel model = ScoringModel.compile(config.model(), new BandsConfig(config.bands().hysteresis(), levels),
                config.transitions(), List.of());
        String targetName = bands.get(target);
        String topName = bands.get(0);
        long since = weekStarts[0];
        long end = weekEnds[weekEnds.length - 1];
        long window = outcomes.window().toMillis();
        long[] entries = new long[weekStarts.length];
        long[] atEnd = new long[bands.size()];
        long topN = 0;
        long topK = 0;
        long allN = 0;
        long allK = 0;
        for (int c = 0; c < contactCount; c++) {
            int first = contactStart[c];
            int last = c + 1 < contactCount ? contactStart[c + 1] : rows;
            Long converted = conversions.get(contactIds[c]);
            BandState state = null;
            boolean judged = false;
            boolean judgedTop = false;
            for (int i = first; i < last; i++) {
                Instant at = Instant.ofEpochMilli(times[i]);
                ScoringModel.Banded banded = model.band(scores[i], state, at);
                boolean entry = state == null || banded.transition() instanceof TransitionDecision.Fires;
                if (state == null) {
                    state = new BandState(banded.band(), at,
                            banded.transition() instanceof TransitionDecision.Fires ? at : null);
                } else if (banded.transition() instanceof TransitionDecision.Fires) {
                    state = new BandState(banded.band(), at, at);
                }
                if (!entry || times[i] < since || times[i] >= end) {
                    continue;
                }
                if (banded.band().equals(targetName)) {
                    entries[week(times[i])]++;
                }
                if (converted != null && converted <= times[i]) {
                    continue; // converted already: nothing left to predict
                }
                boolean hit = converted != null && converted <= times[i] + window;
                if (!judged) {
                    judged = true;
                    allN++;
                    allK += hit ? 1 : 0;
                }
                if (!judgedTop && banded.band().equals(topName)) {
                    judgedTop = true;
                    topN++;
                    topK += hit ? 1 : 0;
                }
            }
            if (state != null) {
                atEnd[bands.indexOf(state.band())]++;
            }
        }
        List<Long> perWeek = new ArrayList<>();
        for (long n : entries) {
            perWeek.add(n);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int b = 0; b < bands.size(); b++) {
            counts.put(bands.get(b), atEnd[b]);
        }
        Stats.Interval rate = Stats.wilson(topK, topN, Stats.Z95);
        double allRate = allN == 0 ? Double.NaN : (double) allK / allN;
        Double lift = topN == 0 || allK == 0 ? null : rate.estimate() / allRate;
        return new Replay(levels, List.copyOf(perWeek), counts, new Report.Group(topN, topK, num(rate.estimate()),
                num(rate.low()), num(rate.high())), lift);
    }

    private int week(long at) {
        for (int w = 0; w < weekStarts.length; w++) {
            if (at >= weekStarts[w] && at < weekEnds[w]) {
                return w;
            }
        }
        throw new IllegalStateException("no week holds " + at);
    }

    private static Double num(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 10_000) / 10_000.0;
    }
}
