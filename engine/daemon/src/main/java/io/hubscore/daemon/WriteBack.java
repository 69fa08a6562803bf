package io.hubscore.daemon;

import io.hubscore.config.SyncConfig;
import io.hubscore.client.HubSpotFailure;
import io.hubscore.client.ObjectType;
import io.hubscore.client.ObjectUpdate;
import io.hubscore.client.PropertyDefinition;
import io.hubscore.client.UpdateOutcome;
import io.hubscore.ledger.Outbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: the one code path that calls HubSpot's batch update. It drains the outbox in order,
 * coalesces rows per contact (the latest value of each property wins), sends batches of up to 100, up to three at
 * once (while a pull reads, only full ones: it waits for the pages that fill them, and sends the rest once reads
 * end) and acts on
 * each input's outcome: applied rows are delivered and their values recorded in {@code written}; rejected rows are
 * parked with HubSpot's reason; transient ones wait for a later attempt. A row changes state only after HubSpot
 * answered for it, so a crash or an outage loses nothing. Before the first write it makes sure the property group
 * and the owned properties exist (beside a backfill that reads contacts through search, as soon as it starts). Not thread-safe; the scheduler never runs it twice at once.
 */
public final class WriteBack implements SyncStep {

    private static final Logger LOG = LoggerFactory.getLogger(WriteBack.class);

    static final int BATCH = 100;
    /** How many batches are sent at once, at most. */
    private static final int IN_FLIGHT = 3;
    private static final long FIRST_RETRY_MILLIS = 5_000;
    private static final long MAX_RETRY_MILLIS = 600_000;
    /** How long the writer waits for a page to fill its batch before it looks again. */
    private static final java.time.Duration READ_WAIT = java.time.Duration.ofSeconds(1);

    private final SyncContext context;
    private final boolean besideReads;
    private String ensuredFor;

    public WriteBack(SyncContext context) {
        this(context, false);
    }

    /**
     * @param besideReads whether it runs beside the pulls of {@code run --once}: its run is then recorded when it
     *     ends (not while it waits for the pages that fill its batches), as the pulls' runs say what the cycle does
     */
    WriteBack(SyncContext context, boolean besideReads) {
        this.context = context;
        this.besideReads = besideReads;
    }

    @Override
    public boolean quietWhenIdle() {
        return besideReads;
    }

    @Override
    public String name() {
        return "write-back";
    }

    @Override
    public Map<String, Long> run() {
        SyncConfig config = context.current();
        if (config.writeBack().dryRun()) {
            long pending = context.ledger().read(tx -> tx.outbox().pendingCount());
            return Map.of("dry_run_withheld", pending);
        }
        context.gate().check();
        long written = 0;
        long rejected = 0;
        long retrying = 0;
        long yielded = 0;
        try (Senders senders = new Senders()) {
            if (besideReads && context.activity().reading() && CheckpointedPull.backfilling(context)
                    && ReadPlan.contactsThroughSearch(context)) {
                // a backfill's contact pages will fill batches while reads go on: the properties are made sure of
                // while the first pages are read, so the first batch goes out as soon as it is full
                ensureProperties(config);
            }
            while (!Thread.currentThread().isInterrupted()) {
                long seen = context.activity().version();
                boolean reading = context.activity().reading();
                long now = context.clock().millis();
                List<Outbox.Row> due = context.ledger().read(tx -> tx.outbox().due(now, BATCH * 10));
                Map<Long, List<Outbox.Row>> byContact = new LinkedHashMap<>();
                for (Outbox.Row row : due) {
                    byContact.computeIfAbsent(row.contactId(), id -> new ArrayList<>()).add(row);
                }
                if (byContact.size() < BATCH && reading) {
                    try {
                        context.activity().awaitAfter(seen, READ_WAIT); // the next page may fill the batch
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    continue;
                }
                if (due.isEmpty()) {
                    break;
                }
                ensureProperties(config); // once there is something to write
                yielded += parkYielded(byContact);
                List<Long> contacts = new ArrayList<>(byContact.keySet());
                List<List<Long>> batches = new ArrayList<>();
                for (int start = 0; start < contacts.size(); start += BATCH) {
                    List<Long> chunk = contacts.subList(start, Math.min(contacts.size(), start + BATCH));
                    if (chunk.size() < BATCH && reading) {
                        break; // a partial batch waits while reads go on
                    }
                    batches.add(chunk);
                }
                long[] n = senders.sendAll(batches, chunk -> send(chunk, byContact));
                written += n[0];
                rejected += n[1];
                retrying += n[2];
            }
            context.gate().succeeded(context.client().metrics());
        } catch (HubSpotFailure e) {
            throw context.gate().failed(e);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("written", written);
        counts.put("rejected", rejected);
        counts.put("retrying", retrying);
        if (yielded > 0) {
            counts.put("yielded", yielded);
        }
        return counts;
    }


    /** Contacts with an open conflict under the {@code yield} policy are not written; their rows are parked. */
    private long parkYielded(Map<Long, List<Outbox.Row>> byContact) {
        return context.ledger().write(tx -> {
            long parked = 0;
            for (var it = byContact.entrySet().iterator(); it.hasNext();) {
                var entry = it.next();
                if (tx.conflicts().hasOpen(entry.getKey())) {
                    for (Outbox.Row row : entry.getValue()) {
                        tx.outbox().park(row.seq(), "yielded: another writer changed hubscore's properties on this"
                                + " contact; clear the conflict to resume");
                        parked++;
                    }
                    it.remove();
                }
            }
            return parked;
        });
    }

    private long[] send(List<Long> contacts, Map<Long, List<Outbox.Row>> byContact) {
        List<ObjectUpdate> updates = new ArrayList<>(contacts.size());
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        for (long id : contacts) {
            Map<String, String> merged = new TreeMap<>();
            for (Outbox.Row row : byContact.get(id)) {
                merged.putAll(row.properties());
            }
            values.put(Long.toString(id), merged);
            updates.add(new ObjectUpdate(Long.toString(id), merged));
        }
        List<UpdateOutcome> outcomes = context.client().batchUpdate(ObjectType.CONTACTS, updates);
        long now = context.clock().millis();
        return context.ledger().write(tx -> {
            long[] n = new long[3];
            java.util.Set<Long> unanswered = new java.util.LinkedHashSet<>(contacts);
            for (UpdateOutcome outcome : outcomes) {
                long id = Long.parseLong(outcome.id());
                List<Outbox.Row> rows = byContact.get(id);
                if (rows == null || !unanswered.remove(id)) {
                    continue; // an id we did not send, or a second answer for one: nothing to settle
                }
                List<Long> seqs = rows.stream().map(Outbox.Row::seq).toList();
                if (outcome instanceof UpdateOutcome.Applied) {
                    tx.written().put(id, values.get(outcome.id()), now);
                    tx.conflicts().resolveRestored(id, now);
                    tx.outbox().delivered(seqs.subList(seqs.size() - 1, seqs.size()), now);
                    tx.outbox().superseded(seqs.subList(0, seqs.size() - 1), now);
                    n[0]++;
                } else if (outcome instanceof UpdateOutcome.Rejected r) {
                    String reason = "HubSpot rejected the update (" + r.status()
                            + (r.category() == null ? "" : " " + r.category()) + ")"
                            + (r.message() == null ? "" : ": " + r.message());
                    for (long seq : seqs) {
                        tx.outbox().park(seq, reason);
                    }
                    LOG.warn("contact {}: {}", id, reason);
                    n[1]++;
                } else if (outcome instanceof UpdateOutcome.Transient t) {
                    int attempts = rows.stream().mapToInt(Outbox.Row::attempts).max().orElse(0);
                    long wait = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(attempts, 16));
                    tx.outbox().retryLater(seqs, t.cause(), now + wait);
                    n[2]++;
                }
            }
            for (long id : unanswered) { // HubSpot said nothing about it: try again later
                tx.outbox().retryLater(byContact.get(id).stream().map(Outbox.Row::seq).toList(),
                        "no outcome in HubSpot's answer", now + FIRST_RETRY_MILLIS);
                n[2]++;
            }
            return n;
        });
    }

    /**
     * Sends a round's batches, up to {@link #IN_FLIGHT} at once: HubSpot answers a batch in a fraction of a second, so
     * one batch at a time would leave the 10-second budget partly unused, and a batch waiting out a retry's backoff
     * would hold up the others. A round's batches hold different contacts, each settled in its own transaction when
     * HubSpot answered for it, and the next round reads the outbox only once all of them are settled, so no row is
     * sent twice at once. The senders' waits for rate budget count as the writer's, and their log lines carry its
     * portal and job. Used by the writer's thread; closed when its run ends.
     */
    private final class Senders implements AutoCloseable {

        private final java.util.concurrent.ExecutorService pool;

        Senders() {
            Map<String, String> logContext = org.slf4j.MDC.getCopyOfContextMap();
            java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
            this.pool = java.util.concurrent.Executors.newFixedThreadPool(IN_FLIGHT, r -> {
                Thread t = new Thread(context.client().countingBudgetWaitAsThisThread(() -> {
                    if (logContext != null) {
                        org.slf4j.MDC.setContextMap(logContext);
                    }
                    r.run();
                }), "write-back-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        /** Sends every batch and adds up what {@code send} returns for each; the first failure is thrown. */
        long[] sendAll(List<List<Long>> batches, java.util.function.Function<List<Long>, long[]> send) {
            long[] total = new long[3];
            if (batches.size() == 1) {
                add(total, send.apply(batches.get(0)));
                return total;
            }
            List<java.util.concurrent.Future<long[]>> sent = new ArrayList<>();
            for (List<Long> batch : batches) {
                sent.add(pool.submit(() -> send.apply(batch)));
            }
            RuntimeException failure = null;
            for (java.util.concurrent.Future<long[]> future : sent) {
                try {
                    add(total, future.get());
                } catch (InterruptedException e) {
                    sent.forEach(f -> f.cancel(true));
                    Thread.currentThread().interrupt();
                    return total;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r
                                : new IllegalStateException(e.getCause());
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return total;
        }

        private void add(long[] total, long[] n) {
            for (int i = 0; i < total.length; i++) {
                total[i] += n[i];
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    /** Creates the property group and the owned properties once per definition set (a new band list re-checks). */
    private void ensureProperties(SyncConfig config) {
        List<PropertyDefinition> definitions = OwnedProperties.definitions(config);
        String signature = definitions.toString();
        if (signature.equals(ensuredFor)) {
            return;
        }
        context.client().ensureProperties(ObjectType.CONTACTS, OwnedProperties.group(config), definitions);
        ensuredFor = signature;
        LOG.info("write-back properties ready in group {}", config.writeBack().group());
    }
}
