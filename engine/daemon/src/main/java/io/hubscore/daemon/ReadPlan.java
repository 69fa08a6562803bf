package io.hubscore.daemon;

import io.hubscore.client.ObjectType;
import io.hubscore.config.RateLimitConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which endpoint each stream's backfill reads through, decided from the rate limits: HubSpot's search has its own
 * bucket ({@code search-per-second} requests of 200 records), apart from the 10-second bucket the list endpoint
 * (pages of 100) shares with the writes (one batch of 100 per contact to write). Streams are placed largest first,
 * each on the bucket where it would end soonest given what that bucket already carries, the 10-second bucket starting
 * with the writes the backfill will cause; so both buckets read at once and end together. Only contacts may go to
 * search: engagements and deals stay on the list endpoint, where their contacts come inline (through search each
 * page would need an association read besides). Immutable; the decision is stored with each backfill, which keeps its
 * endpoint until it is done.
 */
final class ReadPlan {

    private static final Logger LOG = LoggerFactory.getLogger(ReadPlan.class);

    /** The endpoint a backfill reads through, as stored in its {@code STREAM.via} checkpoint. */
    enum Via {
        SEARCH,
        LIST;

        String stored() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Via of(String stored) {
            return "search".equals(stored) ? SEARCH : LIST;
        }
    }

    /** The size every stream is taken to have while nothing is known of it. */
    private static final long UNIT = 10_000;

    private ReadPlan() {
    }

    /**
     * Decides, once for each properties signature, the endpoint of every stream whose backfill has not started yet,
     * and stores it as {@code STREAM.via} for the backfill to read. Nothing is known yet of the streams' sizes (and
     * counting them would spend calls), so each is taken as one unit of records. Both pull jobs call it before they
     * read; the first decides for both.
     */
    static void ensure(SyncContext context) {
        synchronized (context.activity()) {
            LiveConfig.Active active = context.config().active();
            List<SyncStreams.Key> unplanned = context.ledger().read(tx -> {
                List<SyncStreams.Key> keys = new ArrayList<>();
                for (SyncStreams.Key key : SyncStreams.required(active)) {
                    boolean started = tx.checkpoints().get(key.name() + ".properties")
                            .map(key.signature()::equals).orElse(false)
                            && tx.checkpoints().get(key.name() + ".backfill").isPresent();
                    boolean planned = tx.checkpoints().get(key.name() + ".via_for").map(key.signature()::equals)
                            .orElse(false);
                    if (!started && !planned) {
                        keys.add(key);
                    }
                }
                return keys;
            });
            if (unplanned.isEmpty()) {
                return;
            }
            Map<String, Long> records = new LinkedHashMap<>();
            long writes = 0;
            for (SyncStreams.Key key : unplanned) {
                records.put(key.name(), UNIT);
                if (key.type() == ObjectType.CONTACTS) {
                    writes = UNIT;
                }
            }
            Map<String, Via> plan = decide(unplanned, records, writes, active.config().rateLimit());
            long now = context.clock().millis();
            context.ledger().update(tx -> {
                for (SyncStreams.Key key : unplanned) {
                    tx.checkpoints().put(key.name() + ".via", plan.get(key.name()).stored(), now);
                    tx.checkpoints().put(key.name() + ".via_for", key.signature(), now);
                }
            });
        }
    }

    /**
     * Whether the contacts pull reads through search's bucket: its backfill was planned through search, or is done
     * (incremental windows search). Then it does not share the 10-second bucket with the engagement pull, and the
     * two can read side by side; otherwise they would only take turns at one bucket.
     */
    static boolean contactsThroughSearch(SyncContext context) {
        ensure(context);
        return context.ledger().read(tx -> tx.checkpoints().get("contacts.backfill")
                .map(CheckpointedPull.DONE::equals).orElse(false) || stored(tx, "contacts") == Via.SEARCH);
    }

    /** The endpoint stored for a stream's next backfill; the list endpoint when none was decided. */
    static Via stored(io.hubscore.ledger.Ledger.Tx tx, String stream) {
        return tx.checkpoints().get(stream + ".via").map(Via::of).orElse(Via.LIST);
    }

    /**
     * The endpoint of each stream, by name.
     *
     * @param records how many records each stream holds (a search count), by name
     * @param writes how many contacts the backfill will write
     */
    static Map<String, Via> decide(List<SyncStreams.Key> streams, Map<String, Long> records, long writes,
            RateLimitConfig limits) {
        double burstPerSecond = Math.max(1, Math.floor(limits.burstLimit() * limits.burstShare())) / 10.0;
        double searchRecordsPerSecond = limits.searchPerSecond() * 200.0;
        double listRecordsPerSecond = burstPerSecond * 100.0;
        double searchBusy = 0;
        double listBusy = writes / 100.0 / burstPerSecond;
        List<SyncStreams.Key> largestFirst = new ArrayList<>(streams);
        largestFirst.sort(Comparator.comparingLong((SyncStreams.Key k) -> records.getOrDefault(k.name(), 0L))
                .reversed());
        Map<String, Via> plan = new LinkedHashMap<>();
        for (SyncStreams.Key key : largestFirst) {
            long n = records.getOrDefault(key.name(), 0L);
            double bySearch = searchBusy + n / searchRecordsPerSecond;
            double byList = listBusy + n / listRecordsPerSecond;
            if (key.type() == ObjectType.CONTACTS && bySearch < byList) {
                plan.put(key.name(), Via.SEARCH);
                searchBusy = bySearch;
            } else {
                plan.put(key.name(), Via.LIST);
                listBusy = byList;
            }
        }
        LOG.info("backfill reads: {} (search bucket busy about {} s, 10-second bucket with the writes about {} s)",
                plan, Math.round(searchBusy), Math.round(listBusy));
        return plan;
    }
}
