package io.hubscore.simulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what the simulator served: requests per endpoint (method and path with ids as
 * {@code {id}}), 429s per policy, faults sent per kind, batch-update inputs received and rejected.
 * Thread-safe; the maps returned are snapshots.
 */
public final class SimulatorStats {

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rateLimited = new ConcurrentHashMap<>();
    private final Map<FaultKind, LongAdder> faults = new ConcurrentHashMap<>();
    private final LongAdder batchUpdateInputs = new LongAdder();
    private final LongAdder rejectedInputs = new LongAdder();

    void request(String endpoint) {
        requests.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
    }

    void countRateLimited(String policy) {
        rateLimited.computeIfAbsent(policy, k -> new LongAdder()).increment();
    }

    void fault(FaultKind kind) {
        faults.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    void batchUpdate(int inputs, int rejected) {
        batchUpdateInputs.add(inputs);
        rejectedInputs.add(rejected);
    }

    /** Requests received per endpoint, e.g. {@code GET /crm/v3/objects/contacts}. */
    public Map<String, Long> requestsByEndpoint() {
        return snapshot(requests);
    }

    public long requests(String endpoint) {
        LongAdder count = requests.get(endpoint);
        return count == null ? 0 : count.sum();
    }

    public long totalRequests() {
        long total = 0;
        for (LongAdder count : requests.values()) {
            total += count.sum();
        }
        return total;
    }

    /** 429 responses sent per policy name ({@code TEN_SECONDLY_ROLLING}, {@code DAILY}, {@code SECONDLY}). */
    public Map<String, Long> rateLimitedByPolicy() {
        return snapshot(rateLimited);
    }

    public long rateLimited(String policy) {
        LongAdder count = rateLimited.get(policy);
        return count == null ? 0 : count.sum();
    }

    public Map<FaultKind, Long> faultsByKind() {
        Map<FaultKind, Long> out = new EnumMap<>(FaultKind.class);
        faults.forEach((kind, count) -> out.put(kind, count.sum()));
        return out;
    }

    public long faults(FaultKind kind) {
        LongAdder count = faults.get(kind);
        return count == null ? 0 : count.sum();
    }

    public long batchUpdateInputs() {
        return batchUpdateInputs.sum();
    }

    public long rejectedInputs() {
        return rejectedInputs.sum();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((key, count) -> out.put(key, count.sum()));
        return out;
    }
}
