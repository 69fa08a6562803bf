package io.hubscore.daemon;

import io.hubscore.config.BandsConfig;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.SyncConfig;
import io.hubscore.config.WriteBackConfig;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.PortalState;
import io.hubscore.ledger.Scores;
import io.hubscore.ledger.ScoringStates;
import io.hubscore.scoring.Contribution;
import io.hubscore.scoring.ScoreResult;
import io.hubscore.scoring.TransitionDecision;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What a model change would do to a portal, read from its ledger: every live contact is decided with the candidate
 * model at a given time by {@link Decisions#decide}, from the state the score job reads (band and band-since, last
 * transition, suppressions, open conflicts, values last queued or written), and nothing is applied. A model change
 * marks every contact for rescoring, so this is what the score job does with the change at that time, contact by
 * contact. Contacts are read in pages in key order inside one read transaction (a consistent snapshot, beside a
 * running daemon), so memory stays flat however large the portal. Stateless; thread-safe.
 */
public final class ModelPreview {

    /** Contacts read and decided per page. */
    public static final int PAGE = 1_000;

    /** The band shown for a contact that has none yet. */
    public static final String NO_BAND = "none";

    /** How many rules the report ranks by the contacts whose points they change. */
    static final int RULES_SHOWN = 10;

    private ModelPreview() {
    }

    /**
     * One contact: its state in the ledger and what the score job would decide for it.
     *
     * @param previous its band state before: the ledger's, else the one adopted from hubscore's values in HubSpot
     * @param lastValues the values last queued or written (adopted likewise)
     * @param adoptedVersion the model version HubSpot names, when the previous state is adopted; else null
     * @param inForce what the model in force gives the same data at the same time; empty when the walk was not given
     *     that model
     */
    public record Decided(ScoringStates.ScoringState before, Optional<Scores.BandState> previous,
            Map<String, String> lastValues, String adoptedVersion, Decisions.Decision decision,
            Optional<ScoreResult> inForce) {
        public Decided {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(lastValues, "lastValues");
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(inForce, "inForce");
        }

        /** The held change the score job would find at that time, by what holds it; empty when none. */
        public Optional<String> heldBy() {
            TransitionDecision t = decision.result().transition();
            if (t instanceof TransitionDecision.HeldByCooldown) {
                return Optional.of("cooldown");
            }
            if (t instanceof TransitionDecision.HeldBySuppression s) {
                return Optional.of(s.suppression());
            }
            return Optional.empty();
        }

        /** Whether a counted transition fires. */
        public boolean fires() {
            return decision.result().transition() instanceof TransitionDecision.Fires;
        }

        /** The owned properties whose value the write changes, with their new values; empty when nothing is written. */
        public Map<String, String> changedValues() {
            if (decision.write().isEmpty()) {
                return Map.of();
            }
            Map<String, String> changed = new LinkedHashMap<>();
            decision.write().get().forEach((property, value) -> {
                if (!value.equals(lastValues.get(property))) {
                    changed.put(property, value);
                }
            });
            return changed;
        }
    }

    /**
     * The preview's report. Bands are listed in the candidate's order, then bands only the ledger holds, then
     * {@value #NO_BAND} for contacts never scored.
     *
     * @param fromVersion the model version in force in the ledger; null when none was released yet
     * @param changes the rule-level changes from the model in force; empty when none is in force or it is the same
     * @param notes what the reader must know to read the figures (data the ledger lacks, an unchanged model)
     */
    public record Report(String fromVersion, String fromFingerprint, String toVersion, String toFingerprint, String at,
            long contacts, List<ModelChanges.Change> changes, Bands bands, List<Move> movement,
            Transitions transitions, Writes writes, Distribution scores, List<RuleMovement> rules,
            List<String> notes) {
        public Report {
            changes = List.copyOf(changes);
            movement = List.copyOf(movement);
            rules = List.copyOf(rules);
            notes = List.copyOf(notes);
        }
    }

    /** Live contacts per band, before (as the ledger holds them) and after. */
    public record Bands(Map<String, Long> before, Map<String, Long> after) {
    }

    /** One cell of the movement matrix: contacts from one band to another (the same band for those that stay). */
    public record Move(String from, String to, long contacts) {
    }

    /**
     * Transitions.
     *
     * @param fire counted transitions that would fire
     * @param held contacts whose band change would be held at that time, by what holds it ({@code cooldown} or a
     *     suppression's name), whether or not the ledger already recorded that held change
     * @param heldNew of those, the held changes the score job would record now (the others are recorded already)
     */
    public record Transitions(long fire, Map<String, Long> held, Map<String, Long> heldNew) {
    }

    /**
     * Writes queued for HubSpot.
     *
     * @param contacts contacts that would be written (each input carries all of hubscore's properties)
     * @param properties property values that change, over all contacts
     * @param byProperty property values that change, by property
     */
    public record Writes(long contacts, long properties, Map<String, Long> byProperty) {
    }

    /** Scores at the minimum, each decile (10% to 90%) and the maximum, before and after; empty when no contact. */
    public record Distribution(List<Integer> before, List<Integer> after) {
    }

    /** A rule and the contacts whose points from it change. */
    public record RuleMovement(String rule, long contacts) {
    }

    /**
     * Decides every live contact with {@code candidate} at {@code at}, in id order, handing each to {@code each}.
     * Writes nothing.
     */
    public static void walk(Ledger ledger, LiveConfig.Active candidate, Instant at, Consumer<Decided> each) {
        walk(ledger, candidate, Optional.empty(), at, each);
    }

    /**
     * As {@link #walk(Ledger, LiveConfig.Active, Instant, Consumer)}, also scoring each contact with {@code inForce}
     * (the model in force) on the same data at the same time, so a report can tell the change's own effect from what
     * decay and new data did since the contact was last scored.
     */
    static void walk(Ledger ledger, LiveConfig.Active candidate, Optional<LiveConfig.Active> inForce, Instant at,
            Consumer<Decided> each) {
        boolean readsDeals = PullEngagements.needsDeals(candidate.config());
        boolean inForceReadsDeals = inForce.map(m -> PullEngagements.needsDeals(m.config())).orElse(false);
        WriteBackConfig writeBack = candidate.config().writeBack();
        // The ledger is read on this thread (its transaction's), while one worker decides the page read before: the
        // read is most of the work, and the two overlap. Pages are decided in order, at most two wait.
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "preview-decide");
            t.setDaemon(true);
            return t;
        });
        Deque<Future<?>> pending = new ArrayDeque<>();
        try {
            ledger.read(tx -> {
                long after = 0;
                while (true) {
                    // the next page in key order; a contact's latest score row is not read: deciding needs only
                    // its digest, which the band state keeps
                    Map<Long, ScoringStates.ScoringState> states = tx.scoringStates().loadForScoringAfter(after, PAGE);
                    if (states.isEmpty()) {
                        return null;
                    }
                    Collection<ScoringStates.ScoringState> page = states.values();
                    while (pending.size() >= 2) {
                        await(pending.removeFirst());
                    }
                    pending.addLast(worker.submit(() -> {
                        for (ScoringStates.ScoringState state : page) {
                            each.accept(new Decided(state, Adoption.band(state, writeBack),
                                    Adoption.lastValues(state, writeBack),
                                    Adoption.modelVersion(state, writeBack).orElse(null),
                                    Decisions.decide(state, candidate.model(), writeBack, readsDeals, at),
                                    inForce.map(m -> m.model().score(Decisions.input(state, m.model(), null,
                                            inForceReadsDeals, at)))));
                        }
                    }));
                    after = java.util.Collections.max(states.keySet());
                }
            });
            while (!pending.isEmpty()) {
                await(pending.removeFirst());
            }
        } finally {
            worker.shutdownNow();
        }
    }

    /** Waits for a decided page; what failed in it fails the walk. */
    private static void await(Future<?> page) {
        try {
            page.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the preview was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The report of {@code candidate} at {@code at} against the ledger.
     *
     * @param environment resolves {@code ${NAME}} in the released config text, to compare rules with it
     */
    public static Report report(Ledger ledger, LiveConfig.Active candidate, Instant at,
            UnaryOperator<String> environment) {
        InForce inForce = ledger.read(tx -> new InForce(
                tx.portalState().get(PortalState.Key.ACTIVE_MODEL).flatMap(tx.scores()::model),
                CheckpointedPull.incomplete(tx, SyncStreams.required(candidate))));
        Optional<LoadResult> released = inForce.model().map(from -> new ConfigLoader(environment)
                .parse("model " + from.version(), from.configText()));
        Optional<LiveConfig.Active> inForceModel = released.filter(LoadResult.Valid.class::isInstance)
                .map(LoadResult.Valid.class::cast).map(valid -> LiveConfig.Active.of(valid.config(), valid.text()));
        Tally tally = new Tally();
        walk(ledger, candidate, inForceModel, at, tally);
        List<String> notes = new ArrayList<>();
        List<ModelChanges.Change> changes = List.of();
        String toFingerprint = candidate.model().fingerprint();
        if (inForce.model().isPresent()) {
            Scores.ModelVersion from = inForce.model().get();
            if (inForceModel.isPresent()) {
                changes = ModelChanges.between(inForceModel.get().config(), candidate.config());
            } else {
                notes.add("the config model " + from.version() + " was released with cannot be read here ("
                        + ((LoadResult.Invalid) released.get()).problems().get(0).format() + "), so its rules are not compared");
            }
            if (from.fingerprint().equals(toFingerprint)) {
                notes.add("the candidate is the model in force: the daemon rescores only contacts whose data changed, "
                        + "the figures show what rescoring every contact now would do");
            }
        } else if (!tally.adopted.isEmpty()) {
            long adopted = tally.adopted.values().stream().mapToLong(Long::longValue).sum();
            notes.add(String.format("the ledger has scored none of these contacts: %,d carry hubscore's values in HubSpot"
                    + " (model %s), adopted as their previous state (band, since when, score, values written)",
                    adopted, String.join(", ", new TreeMap<>(tally.adopted).keySet())));
        } else {
            notes.add("no model is in force in this ledger yet: every band is a first assignment");
        }
        if (!inForce.incomplete().isEmpty()) {
            notes.add("the candidate reads data this ledger does not hold whole (" + String.join(", ",
                    inForce.incomplete()) + "): the daemon first backfills it and scores nothing until then; these "
                    + "figures use the data the ledger holds");
        }
        Optional<Scores.ModelVersion> from = inForce.model();
        String adoptedVersion = tally.adopted.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElse(null);
        return new Report(from.map(Scores.ModelVersion::version).orElse(adoptedVersion),
                from.map(Scores.ModelVersion::fingerprint).orElse(null), candidate.model().version(), toFingerprint,
                at.toString(), tally.contacts, changes, tally.bands(candidate.config()), tally.movement(candidate.config()),
                new Transitions(tally.fire, sorted(tally.held), sorted(tally.heldNew)),
                new Writes(tally.written, tally.properties, sorted(tally.byProperty)),
                new Distribution(deciles(tally.before), deciles(tally.after)), tally.rules(), notes);
    }

    private record InForce(Optional<Scores.ModelVersion> model, List<String> incomplete) {
    }

    private static Map<String, Long> sorted(Map<String, Long> counts) {
        return new TreeMap<>(counts);
    }

    /** The minimum, the nine deciles (nearest rank) and the maximum of a histogram of scores. */
    static List<Integer> deciles(TreeMap<Integer, Long> histogram) {
        long n = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return List.of();
        }
        List<Integer> points = new ArrayList<>(11);
        for (int d = 0; d <= 10; d++) {
            long rank = d == 0 ? 1 : (long) Math.ceil(n * d / 10.0);
            long seen = 0;
            for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
                seen += e.getValue();
                if (seen >= rank) {
                    points.add(e.getKey());
                    break;
                }
            }
        }
        return points;
    }

    /** Adds up decided contacts; holds only counts and histograms, never a contact. */
    private static final class Tally implements Consumer<Decided> {
        long contacts;
        long fire;
        long written;
        long properties;
        final Map<String, Long> bandsBefore = new HashMap<>();
        final Map<String, Long> bandsAfter = new HashMap<>();
        final Map<String, Map<String, Long>> moves = new HashMap<>();
        final Map<String, Long> held = new HashMap<>();
        final Map<String, Long> heldNew = new HashMap<>();
        final Map<String, Long> byProperty = new HashMap<>();
        final TreeMap<Integer, Long> before = new TreeMap<>();
        final TreeMap<Integer, Long> after = new TreeMap<>();
        final Map<String, Long> ruleMoves = new HashMap<>();
        final Map<String, Long> adopted = new HashMap<>();

        @Override
        public void accept(Decided d) {
            contacts++;
            String from = d.previous().map(Scores.BandState::band).orElse(NO_BAND);
            if (d.adoptedVersion() != null) {
                adopted.merge(d.adoptedVersion(), 1L, Long::sum);
            }
            String to = d.decision().band().band();
            bandsBefore.merge(from, 1L, Long::sum);
            bandsAfter.merge(to, 1L, Long::sum);
            moves.computeIfAbsent(from, k -> new HashMap<>()).merge(to, 1L, Long::sum);
            if (d.fires()) {
                fire++;
            }
            d.heldBy().ifPresent(by -> {
                held.merge(by, 1L, Long::sum);
                if (d.decision().transition().isPresent()) {
                    heldNew.merge(by, 1L, Long::sum);
                }
            });
            Map<String, String> changed = d.changedValues();
            if (d.decision().write().isPresent()) {
                written++;
            }
            properties += changed.size();
            changed.keySet().forEach(p -> byProperty.merge(p, 1L, Long::sum));
            d.previous().ifPresent(b -> before.merge(b.score(), 1L, Long::sum)); // the band state keeps the score
            after.merge(d.decision().result().score(), 1L, Long::sum);
            if (d.inForce().isEmpty()) {
                return; // no model in force to compare with
            }
            Map<String, Long> was = rulePoints(d.inForce().get().contributions());
            Map<String, Long> now = rulePoints(d.decision().result().contributions());
            for (String rule : union(was, now)) {
                if (was.getOrDefault(rule, 0L).longValue() != now.getOrDefault(rule, 0L).longValue()) {
                    ruleMoves.merge(rule, 1L, Long::sum);
                }
            }
        }

        private static List<String> union(Map<String, Long> a, Map<String, Long> b) {
            List<String> names = new ArrayList<>(a.keySet());
            b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(names::add);
            return names;
        }

        /** A rule's points by rule name, in millionths of a point. */
        private static Map<String, Long> rulePoints(List<Contribution> lines) {
            Map<String, Long> points = new HashMap<>();
            for (Contribution line : lines) {
                if (line.kind() == Contribution.Kind.PROPERTY_RULE || line.kind() == Contribution.Kind.EVENT_RULE) {
                    points.merge(line.name(), line.micros(), Long::sum);
                }
            }
            return points;
        }

        /** Band names in the candidate's order, then any other band the ledger holds, then none. */
        private List<String> order(SyncConfig config) {
            List<String> names = new ArrayList<>();
            for (BandsConfig.Band band : config.bands().levels()) {
                names.add(band.name());
            }
            new TreeMap<>(bandsBefore).keySet().stream().filter(b -> !names.contains(b) && !b.equals(NO_BAND))
                    .forEach(names::add);
            names.add(NO_BAND);
            return names;
        }

        Bands bands(SyncConfig config) {
            Map<String, Long> b = new LinkedHashMap<>();
            Map<String, Long> a = new LinkedHashMap<>();
            for (String band : order(config)) {
                if (!band.equals(NO_BAND) || bandsBefore.containsKey(NO_BAND)) {
                    b.put(band, bandsBefore.getOrDefault(band, 0L));
                }
                if (!band.equals(NO_BAND)) {
                    a.put(band, bandsAfter.getOrDefault(band, 0L));
                }
            }
            return new Bands(b, a);
        }

        List<Move> movement(SyncConfig config) {
            List<String> order = order(config);
            List<Move> cells = new ArrayList<>();
            for (String from : order) {
                Map<String, Long> row = moves.getOrDefault(from, Map.of());
                for (String to : order) {
                    if (row.containsKey(to)) {
                        cells.add(new Move(from, to, row.get(to)));
                    }
                }
            }
            return cells;
        }

        List<RuleMovement> rules() {
            return ruleMoves.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(RULES_SHOWN).map(e -> new RuleMovement(e.getKey(), e.getValue())).toList();
        }
    }
}
