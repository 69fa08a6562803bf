package io.hubscore.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Runtime fault switches: a rate (0.0..1.0) per {@link FaultKind}, drawn from a seeded RNG once per
 * HubSpot request; targeted faults ({@link FaultTarget}: a kind aimed at chosen requests of one endpoint),
 * which take precedence; and the delay of slow responses. With neither set, a request costs two volatile
 * reads here. Thread-safe; changes apply to the next request.
 */
public final class Faults {

    private final Random random;
    private final Map<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
    private volatile boolean any;
    private final List<Aimed> targets = new ArrayList<>();
    private volatile boolean anyTargeted;
    private volatile Duration slowDelay = Duration.ofSeconds(2);

    Faults(long seed) {
        this.random = new Random(seed);
    }

    /** Sets the rate of one fault kind; 0 turns it off. */
    public synchronized Faults set(FaultKind kind, double rate) {
        Objects.requireNonNull(kind, "kind");
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("fault rate for " + kind + " must be 0.0..1.0, was " + rate);
        }
        if (rate == 0.0) {
            rates.remove(kind);
        } else {
            rates.put(kind, rate);
        }
        any = !rates.isEmpty();
        return this;
    }

    /** Turns every fault off, random and targeted. */
    public synchronized Faults clear() {
        rates.clear();
        any = false;
        return clearTargets();
    }

    /** Adds a targeted fault; it counts matching requests from now on. */
    public synchronized Faults target(FaultTarget target) {
        Objects.requireNonNull(target, "target");
        targets.add(new Aimed(target));
        anyTargeted = true;
        return this;
    }

    /** Removes every targeted fault (spent or not); the random rates stay. */
    public synchronized Faults clearTargets() {
        targets.clear();
        anyTargeted = false;
        return this;
    }

    /** Each targeted fault set since the last clear, with how many requests matched it and how many it answered. */
    public synchronized List<TargetStatus> targets() {
        List<TargetStatus> status = new ArrayList<>(targets.size());
        for (Aimed aimed : targets) {
            status.add(new TargetStatus(aimed.target, aimed.matched, aimed.fired));
        }
        return status;
    }

    /** A targeted fault and what it did: requests that matched it while it was active, requests it answered. */
    public record TargetStatus(FaultTarget target, long matched, long fired) {

        /** True while it still answers requests (not yet fired its {@code times}). */
        public boolean active() {
            return target.times() == FaultTarget.UNTIL_CLEARED || fired < target.times();
        }
    }

    public synchronized double rate(FaultKind kind) {
        return rates.getOrDefault(kind, 0.0);
    }

    public synchronized Map<FaultKind, Double> rates() {
        return Map.copyOf(rates);
    }

    public Duration slowDelay() {
        return slowDelay;
    }

    public Faults slowDelay(Duration delay) {
        if (delay.isNegative() || delay.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("slow delay out of range: " + delay);
        }
        this.slowDelay = delay;
        return this;
    }

    /** Whether any targeted fault may still answer a request (one volatile read). */
    boolean hasTargets() {
        return anyTargeted;
    }

    /**
     * The targeted fault for this request, or null: the first active target whose endpoint matches and whose
     * kind {@code applies} to the request counts it, and answers it when past its skipped requests and when its
     * evenly spread share says so.
     */
    FaultKind targeted(String method, List<String> segments, Predicate<FaultKind> applies) {
        if (!anyTargeted) {
            return null;
        }
        synchronized (this) {
            for (Aimed aimed : targets) {
                FaultTarget target = aimed.target;
                if (!aimed.active() || !target.matches(method, segments) || !applies.test(target.kind())) {
                    continue;
                }
                aimed.matched++;
                long k = aimed.matched - target.skip();
                if (k <= 0 || Math.floor(k * target.rate()) == Math.floor((k - 1) * target.rate())) {
                    continue; // skipped, or not this one of the evenly spread share
                }
                aimed.fired++;
                if (!aimed.active()) {
                    anyTargeted = targets.stream().anyMatch(Aimed::active);
                }
                return target.kind();
            }
            return null;
        }
    }

    /** The fault for this request, if any: one draw, kinds taking consecutive slices of [0, 1). */
    Optional<FaultKind> draw() {
        if (!any) {
            return Optional.empty();
        }
        synchronized (this) {
            double roll = random.nextDouble();
            for (Map.Entry<FaultKind, Double> entry : rates.entrySet()) {
                roll -= entry.getValue();
                if (roll < 0) {
                    return Optional.of(entry.getKey());
                }
            }
            return Optional.empty();
        }
    }

    /** A targeted fault and its counters, guarded by the enclosing {@link Faults}. */
    private static final class Aimed {
        final FaultTarget target;
        long matched;
        long fired;

        Aimed(FaultTarget target) {
            this.target = target;
        }

        boolean active() {
            return target.times() == FaultTarget.UNTIL_CLEARED || fired < target.times();
        }
    }
}
