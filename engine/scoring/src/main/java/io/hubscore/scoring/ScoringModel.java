package io.hubscore.scoring;

import io.hubscore.config.BandsConfig;
import io.hubscore.config.EngagementType;
import io.hubscore.config.ModelConfig;
import io.hubscore.config.SuppressionConfig;
import io.hubscore.config.SyncConfig;
import io.hubscore.config.TransitionsConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A scoring model compiled once from the config: every predicate parsed, every regular expression compiled,
 * every value list folded into a set. {@link #score} is then a pure function of its input: no I/O, no clock,
 * no parsing of the model, and the same input gives the identical result. Immutable and thread-safe: one
 * instance serves every thread.
 *
 * <p>The semantics are written down in the README, section "Scoring semantics".
 */
public final class ScoringModel {

    /**
     * Contact properties whose dates tell when the contact was last active, besides its engagements. Opens are
     * left out: mail-privacy prefetching fakes them.
     */
    static final List<String> ACTIVITY_PROPERTIES = List.of(
            "hs_last_sales_activity_timestamp",
            "hs_analytics_last_visit_timestamp",
            "recent_conversion_date",
            "hs_email_last_reply_date",
            "hs_sales_email_last_replied",
            "hs_email_last_click_date",
            "notes_last_contacted",
            "engagements_last_meeting_booked");

    /** Bumped whenever the meaning of a model changes, so the fingerprint changes with it. */
    private static final int SEMANTICS_VERSION = 2;

    private static final CompiledEventRule[] NO_RULES = new CompiledEventRule[0];

    private final String version;
    private final String fingerprint;
    private final CompiledGroup fit;
    private final CompiledGroup engagement;
    private final CompiledEventRule[][] eventRulesByType;
    /** By engagement type's ordinal: the engagement properties its event rules read, sorted. */
    private final List<List<String>> eventPropertiesByType;
    private final int eventSlots;
    /** The most explanation lines a score can have: every rule, a cap, decay and floor line per group, rounding. */
    private final int maxLines;
    private final Bands bands;
    private final long cooldownMillis;
    private final boolean countFirstAssignment;
    private final CompiledSuppression[] suppressions;
    private final String[] activityProperties;
    private final List<String> contactProperties;

    private ScoringModel(ModelConfig model, BandsConfig bands, TransitionsConfig transitions,
            List<SuppressionConfig> suppressions) {
        this.version = model.version();
        this.fit = new CompiledGroup(Contribution.Group.FIT, model.fit(), 0);
        this.engagement = new CompiledGroup(Contribution.Group.ENGAGEMENT, model.engagement(),
                model.fit().events().size());
        this.eventSlots = model.fit().events().size() + model.engagement().events().size();
        this.maxLines = fit.rules().length + engagement.rules().length + eventSlots + 2 * 3 + 1;
        this.eventRulesByType = new CompiledEventRule[EngagementType.values().length][];
        List<List<String>> eventProperties = new ArrayList<>();
        for (EngagementType type : EngagementType.values()) {
            List<CompiledEventRule> ofType = new ArrayList<>();
            TreeSet<String> read = new TreeSet<>();
            for (CompiledGroup group : List.of(fit, engagement)) {
                for (CompiledEventRule rule : group.events()) {
                    if (rule.type == type) {
                        ofType.add(rule);
                        read.addAll(rule.filterProperties());
                    }
                }
            }
            eventRulesByType[type.ordinal()] = ofType.isEmpty() ? NO_RULES : ofType.toArray(NO_RULES);
            eventProperties.add(List.copyOf(read));
        }
        this.eventPropertiesByType = List.copyOf(eventProperties);
        this.bands = new Bands(bands);
        this.cooldownMillis = transitions.cooldown().toMillis();
        this.countFirstAssignment = transitions.countFirstAssignment();
        this.suppressions = new CompiledSuppression[suppressions.size()];
        for (int i = 0; i < this.suppressions.length; i++) {
            this.suppressions[i] = new CompiledSuppression(suppressions.get(i), this.bands);
        }
        this.activityProperties = ACTIVITY_PROPERTIES.stream().map(String::intern).toArray(String[]::new);
        this.contactProperties = propertiesRead();
        this.fingerprint = sha256(canonical());
    }

    /** Compiles the model, bands, transitions and suppressions of a loaded config. */
    public static ScoringModel compile(SyncConfig config) {
        return compile(config.model(), config.bands(), config.transitions(), config.suppressions());
    }

    /**
     * Compiles a model. The parts are expected to have passed the config validator; a part it would reject
     * (an unknown cap band, no bands, a regular expression that does not compile) throws
     * IllegalArgumentException.
     */
    public static ScoringModel compile(ModelConfig model, BandsConfig bands, TransitionsConfig transitions,
            List<SuppressionConfig> suppressions) {
        return new ScoringModel(model, bands, transitions, List.copyOf(suppressions));
    }

    /** The model version the admin gave it. */
    public String version() {
        return version;
    }

    /**
     * The SHA-256 (lower-case hex) of the canonical text of everything that affects results: model version,
     * rules, caps, decay, bands, transitions, suppressions, the activity properties and the version of these
     * semantics. Two models with the same fingerprint score every contact the same.
     */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * Every contact property the model, its suppressions and its decay read, sorted: what a sync needs to pull.
     */
    public List<String> contactProperties() {
        return contactProperties;
    }

    /**
     * The properties of engagements of {@code type} that the model's event rules read (their {@code where} filters),
     * sorted; empty when none does. An engagement's other properties do not change its score, so a caller that has
     * to parse them may leave them out of the input.
     */
    public List<String> eventProperties(EngagementType type) {
        return eventPropertiesByType.get(type.ordinal());
    }

    /** Scores one contact. Never throws for bad property values: they give data-quality notes. */
    public ScoreResult score(ScoringInput input) {
        long now = input.now().toEpochMilli();
        Map<String, String> properties = input.contact().properties();
        Notes notes = new Notes();

        long[] eventSums = new long[eventSlots];
        int[] eventCounts = new int[eventSlots];
        long latestEvent = sumEvents(input.events(), now, eventSums, eventCounts);

        Activity activity = new Activity(properties, activityProperties, latestEvent, now, notes);
        Lines lines = new Lines(maxLines);
        long fitMicros = fit.evaluate(properties, now, eventSums, eventCounts, activity, notes, lines);
        long engagementMicros = engagement.evaluate(properties, now, eventSums, eventCounts, activity, notes, lines);
        long total = fitMicros + engagementMicros;
        long score = roundHalfUp(total);
        long rounding = score * Contribution.MICROS_PER_POINT - total;
        if (rounding != 0) {
            lines.add(new Contribution("rounding", Contribution.Group.SCORE, Contribution.Kind.ROUNDING, 0, rounding));
        }

        CompiledSuppression suppression = null;
        for (CompiledSuppression s : suppressions) {
            if (s.applies(properties, input.openDeal(), now, notes)) {
                suppression = s;
                break;
            }
        }

        BandDecision decision = decide(score, input.previous(), suppression, now, notes);
        return new ScoreResult(
                input.contact().id(),
                (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, score)),
                fitMicros,
                engagementMicros,
                decision.band,
                lines.toList(),
                suppression == null ? null : suppression.applied,
                suppression == null || suppression.action != SuppressionConfig.Action.NO_WRITE,
                decision.transition,
                notes.toList(),
                version,
                fingerprint);
    }

    /**
     * The band and transition {@link #score} decides for a contact whose points add up to {@code score} and that no
     * suppression applies to: bands, hysteresis, cooldown and the first assignment as this model has them. For
     * replaying a recorded score history under other bands (each score's points do not depend on the bands).
     *
     * @param previous the band state before this score; null for a contact's first score
     */
    public Banded band(long score, BandState previous, Instant now) {
        BandDecision decision = decide(score, previous, null, now.toEpochMilli(), new Notes());
        return new Banded(decision.band, decision.transition);
    }

    /** A band decided for a score, and whether that changes the contact's band. */
    public record Banded(String band, TransitionDecision transition) {
    }

    /**
     * Adds each engagement's decayed points to the sums of the rules it matches.
     *
     * @return the latest engagement's time, or Long.MIN_VALUE without engagements
     */
    private long sumEvents(List<EngagementEvent> events, long now, long[] eventSums, int[] eventCounts) {
        long latestEvent = Long.MIN_VALUE;
        for (int i = 0, n = events.size(); i < n; i++) {
            EngagementEvent event = events.get(i);
            long at = event.epochMillis();
            latestEvent = Math.max(latestEvent, at);
            CompiledEventRule[] rules = eventRulesByType[event.type().ordinal()];
            if (rules.length == 0) {
                continue;
            }
            long age = Math.max(0, now - at);
            for (CompiledEventRule rule : rules) {
                if (age <= rule.lookbackMillis && rule.accepts(event.properties())) {
                    eventCounts[rule.slot]++;
                    eventSums[rule.slot] += rule.decay.decay(rule.micros, age);
                }
            }
        }
        return latestEvent;
    }

    /** Half-up, away from zero on a tie, as BigDecimal's HALF_UP. */
    static long roundHalfUp(long micros) {
        long half = Contribution.MICROS_PER_POINT / 2;
        return micros >= 0
                ? (micros + half) / Contribution.MICROS_PER_POINT
                : -((-micros + half) / Contribution.MICROS_PER_POINT);
    }

    private record BandDecision(String band, TransitionDecision transition) {
    }

    private BandDecision decide(long score, BandState previous, CompiledSuppression suppression, long now,
            Notes notes) {
        int current = -1;
        if (previous != null) {
            current = bands.indexOf(previous.band());
            if (current < 0) {
                notes.add("bands", null, "previous band " + Values.quote(previous.band())
                        + " is not in the model: no hysteresis");
            }
        }
        int target = bands.bandFor(score, current);
        // a previous band above the cap must come down now: the cap overrides the cooldown
        boolean capForced = false;
        if (suppression != null && suppression.action == SuppressionConfig.Action.CAP_BAND) {
            target = Math.max(target, suppression.capBand);
            capForced = current < suppression.capBand;
        }
        String targetName = bands.name(target);
        if (previous == null) {
            return new BandDecision(targetName,
                    countFirstAssignment ? new TransitionDecision.Fires(null, targetName) : TransitionDecision.NONE);
        }
        if (targetName.equals(previous.band())) {
            return new BandDecision(previous.band(), TransitionDecision.NONE);
        }
        if (suppression != null && suppression.action == SuppressionConfig.Action.FREEZE_BAND) {
            return new BandDecision(previous.band(),
                    new TransitionDecision.HeldBySuppression(targetName, suppression.applied.name()));
        }
        Instant last = previous.lastTransitionAt();
        if (last != null && !capForced && cooldownMillis > 0) {
            long until = last.toEpochMilli() + cooldownMillis;
            if (now < until) {
                return new BandDecision(previous.band(),
                        new TransitionDecision.HeldByCooldown(targetName, Instant.ofEpochMilli(until)));
            }
        }
        return new BandDecision(targetName, new TransitionDecision.Fires(previous.band(), targetName));
    }

    private List<String> propertiesRead() {
        TreeSet<String> names = new TreeSet<>(ACTIVITY_PROPERTIES);
        for (CompiledGroup group : List.of(fit, engagement)) {
            for (CompiledPropertyRule rule : group.rules()) {
                names.add(rule.condition.property());
            }
        }
        for (CompiledSuppression s : suppressions) {
            String property = s.property();
            if (property != null) {
                names.add(property);
            }
        }
        return List.copyOf(names);
    }

    /** The canonical text the fingerprint hashes: one line per part, in model order. */
    String canonical() {
        StringBuilder s = new StringBuilder();
        s.append("hubscore-scoring-semantics ").append(SEMANTICS_VERSION).append('\n');
        s.append("model-version ").append(Canonical.quote(version)).append('\n');
        s.append(fit.canonical());
        s.append(engagement.canonical());
        s.append(bands.canonical()).append('\n');
        s.append("transitions cooldown-ms ").append(cooldownMillis).append(" count-first-assignment ")
                .append(countFirstAssignment).append('\n');
        for (CompiledSuppression suppression : suppressions) {
            s.append(suppression.canonical()).append('\n');
        }
        s.append("activity-properties ").append(Canonical.list(ACTIVITY_PROPERTIES)).append('\n');
        return s.toString();
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return java.util.HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
