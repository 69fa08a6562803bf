package io.hubscore.connector.simulator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Runtime fault switches: a rate (0.0..1.0) per {@link FaultKind}, drawn from a seeded RNG once per
 * HubSpot request, and the delay of slow responses. Thread-safe; changes apply to the next request.
 */
public final class Faults {

    private final Random random;
    private final Map<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
    private volatile boolean any;
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

    /** Turns every fault off. */
    public synchronized Faults clear() {
        rates.clear();
        any = false;
        return this;
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
}
