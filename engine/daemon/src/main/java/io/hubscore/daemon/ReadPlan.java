package io.hubscore.daemon;

import io.hubscore.client.HubSpotFailure;
import io.hubscore.client.ObjectType;
import io.hubscore.config.RateLimitConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which endpoint each stream's backfill reads through, decided from the rate limits: HubSpot's search has its own
 * bucket ({@code search-per-second} requests of 200 records; an engagement page's contacts come from a v4
 * association read, exempt from both buckets), apart from the 10-second bucket the list endpoint (pages of 100)
 * shares with the writes (one batch of 100 per contact to write). No band is decided on partial data, so no contact
 * is written before every engagement and deal stream the scoring needs is whole: the engagement streams read
 * through search go first on its bucket and the contacts after them, scored and written as they come, while the
 * list endpoint reads the other streams and then carries the writes. Of every way to place the streams (contacts
 * and engagement types on either bucket, deals on the list endpoint), the plan is the one that ends soonest by that
 * schedule. Immutable; the decision is stored with each backfill, which keeps its endpoint until it is done.
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
     * and stores it as {@code STREAM.via} for the backfill to read. Taking every stream as one unit of records first,
     * when that plan reads anything through search and there are several streams, it counts each stream (a search
     * apiece) and plans again with their sizes. Both pull jobs call it before they read; the first decides for both.
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
            if (plan.containsValue(Via.SEARCH) && unplanned.size() > 1) {
                // search pays off: how big each stream is decides which ones it should read
                Optional<Map<String, Long>> counted = count(context, unplanned);
                if (counted.isPresent()) {
                    records = counted.get();
                    writes = records.getOrDefault(SyncStreams.CONTACTS, 0L);
                    plan = decide(unplanned, records, writes, active.config().rateLimit());
                }
            }
            Map<String, Via> decided = plan;
            long now = context.clock().millis();
            context.ledger().update(tx -> {
                for (SyncStreams.Key key : unplanned) {
                    tx.checkpoints().put(key.name() + ".via", decided.get(key.name()).stored(), now);
                    tx.checkpoints().put(key.name() + ".via_for", key.signature(), now);
                }
            });
        }
    }

    /**
     * How many live records each stream holds, by name: one search each (its {@code total}); empty, and said in the
     * log, when HubSpot does not answer (the plan then takes the streams as equal).
     */
    private static Optional<Map<String, Long>> count(SyncContext context, List<SyncStreams.Key> streams) {
        Map<String, Long> records = new LinkedHashMap<>();
        try {
            for (SyncStreams.Key key : streams) {
                records.put(key.name(), context.client().count(key.type(), List.of()));
            }
        } catch (HubSpotFailure e) {
            LOG.warn("could not count the streams to plan their backfill ({}): taking them as equal in size",
                    e.getMessage());
            return Optional.empty();
        }
        LOG.info("backfill streams hold {} records", records);
        return Optional.of(records);
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
        Rates rates = new Rates(limits.searchPerSecond() * 200.0, burstPerSecond * 100.0);
        List<SyncStreams.Key> searchable = streams.stream()
                .filter(k -> k.type() == ObjectType.CONTACTS || k.type().isEngagement()).toList();
        Map<String, Via> best = null;
        double bestEnd = Double.MAX_VALUE;
        // every placement of the searchable streams, fewest through search first: on a tie the first found stays
        for (long mask = 0; mask < 1L << searchable.size(); mask++) {
            Map<String, Via> plan = new LinkedHashMap<>();
            for (SyncStreams.Key key : streams) {
                int i = searchable.indexOf(key);
                plan.put(key.name(), i >= 0 && (mask & 1L << i) != 0 ? Via.SEARCH : Via.LIST);
            }
            double end = end(streams, plan, records, writes, rates);
            if (end < bestEnd - 1e-9 || end <= bestEnd + 1e-9 && best != null
                    && Long.bitCount(mask) < searchCount(best)) {
                best = plan;
                bestEnd = end;
            }
        }
        LOG.info("backfill reads: {} (reads and writes end in about {} s)", best, Math.round(bestEnd));
        return best;
    }

    /** Records a second each bucket reads: search pages of 200, list pages of 100. */
    private record Rates(double search, double list) {
    }

    private static long searchCount(Map<String, Via> plan) {
        return plan.values().stream().filter(Via.SEARCH::equals).count();
    }

    /**
     * When the backfill's reads and writes would end with {@code plan}: the other streams read on both buckets from
     * the start; contacts through search follow search's other streams, and the writes follow the list endpoint's
     * reads once every other stream is whole, no sooner than the contacts arrive. Contacts through the list endpoint
     * are read before the other streams (the two would share the bucket), and scored and written once all are whole.
     */
    private static double end(List<SyncStreams.Key> streams, Map<String, Via> plan, Map<String, Long> records,
            long writes, Rates rates) {
        double search = 0;
        double list = 0;
        double contacts = 0;
        Via contactsVia = Via.LIST;
        for (SyncStreams.Key key : streams) {
            long n = records.getOrDefault(key.name(), 0L);
            Via via = plan.get(key.name());
            if (key.type() == ObjectType.CONTACTS) {
                contacts = n;
                contactsVia = via;
            } else if (via == Via.SEARCH) {
                search += n / rates.search();
            } else {
                list += n / rates.list();
            }
        }
        double write = writes / rates.list();
        if (contactsVia == Via.SEARCH) {
            double whole = Math.max(search, list);
            return Math.max(search + contacts / rates.search(), whole + write);
        }
        return contacts / rates.list() + Math.max(search, list) + write;
    }
}
