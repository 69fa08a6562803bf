package io.hubscore.daemon;

import io.hubscore.client.HubSpotRejected;
import io.hubscore.client.ObjectType;
import io.hubscore.client.Search;
import io.hubscore.ledger.CompletenessChecks.Check;
import io.hubscore.ledger.CompletenessChecks.Outcome;
import io.hubscore.ledger.Ledger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that the ledger holds every record of a stream that HubSpot has, instead of assuming it: HubSpot's search
 * total of the live records created up to an instant (one request) is compared with the ledger's count for the same
 * window. On a difference, HubSpot's ids in that window are paged through (ids only, keyset on
 * {@code hs_object_id}), the ones the ledger lacks are read by id and stored, as a pull would (stores are
 * idempotent). A difference that remains (records deleted, archived or created meanwhile) is recorded and left, never
 * retried in a loop; reconcile does not search again for the same difference it searched for last time. Every check
 * is logged and recorded in the ledger for {@code status}. Not thread-safe: one job checks a stream at a time.
 */
final class Completeness {

    private static final Logger LOG = LoggerFactory.getLogger(Completeness.class);

    static final String BY_BACKFILL = "backfill";
    static final String BY_RECONCILE = "reconcile";

    private final SyncContext context;

    Completeness(SyncContext context) {
        this.context = context;
    }

    /**
     * Checks one stream for the records created up to {@code upTo} (epoch ms), pulls what the ledger lacks and
     * records the check.
     *
     * @param by {@link #BY_BACKFILL} or {@link #BY_RECONCILE}
     * @return the check as recorded; empty when the thread was interrupted before it ended
     */
    <T> Optional<Check> check(PullStream<T> stream, long upTo, String by) {
        ObjectType type = stream.key().type();
        List<Search.Filter> window = List.of(Search.Filter.lte(type.createdProperty(), upTo));
        long hubspot = -1;
        long stored = -1;
        long missing = 0;
        long pulled = 0;
        try {
            hubspot = context.client().count(type, window);
            stored = context.ledger().read(tx -> stored(tx, type, upTo));
            if (hubspot == stored) {
                return Optional.of(record(stream, by, upTo, hubspot, stored, 0, 0, Outcome.COMPLETE, null));
            }
            long difference = stored - hubspot;
            Optional<Check> previous = context.ledger().read(tx -> tx.completeness().last(stream.name()));
            if (by.equals(BY_RECONCILE) && previous.isPresent() && previous.get().outcome() == Outcome.DIFFERS
                    && previous.get().missing() == 0
                    && previous.get().stored() - previous.get().hubspot() == difference) {
                return Optional.of(record(stream, by, upTo, hubspot, stored, 0, 0, Outcome.DIFFERS,
                        differs(hubspot, stored) + "; the same difference as the last check, which found no missing"
                                + " record: not searched again"));
            }
            Iterator<List<String>> pages = context.client().ids(type, window);
            while (pages.hasNext()) {
                List<String> ids = pages.next();
                Set<Long> held = context.ledger().read(tx -> held(tx, type, numeric(ids)));
                List<String> absent = new ArrayList<>();
                for (String id : ids) {
                    if (!held.contains(Long.parseLong(id))) {
                        absent.add(id);
                    }
                }
                if (!absent.isEmpty()) {
                    missing += absent.size();
                    List<T> records = stream.byIds().apply(absent);
                    long now = context.clock().millis();
                    context.ledger().update(tx -> stream.store().store(tx, records, now));
                    pulled += records.size();
                }
                if (Thread.currentThread().isInterrupted()) {
                    return Optional.empty();
                }
            }
        } catch (HubSpotRejected e) {
            return Optional.of(record(stream, by, upTo, Math.max(0, hubspot), Math.max(0, stored), missing, pulled,
                    Outcome.FAILED, "HubSpot refused the check: " + e.getMessage()));
        }
        long after = context.ledger().read(tx -> stored(tx, type, upTo));
        if (after == hubspot) {
            return Optional.of(record(stream, by, upTo, hubspot, stored, missing, pulled,
                    missing > 0 ? Outcome.REPAIRED : Outcome.COMPLETE,
                    missing > 0 ? "the ledger lacked " + missing + " records HubSpot has; pulled " + pulled : null));
        }
        String detail = differs(hubspot, after) + (missing == 0 ? "; no record HubSpot has is missing"
                : "; " + missing + " records HubSpot has were missing, " + pulled + " pulled");
        return Optional.of(record(stream, by, upTo, hubspot, stored, missing, pulled, Outcome.DIFFERS, detail));
    }

    private static String differs(long hubspot, long stored) {
        return stored > hubspot
                ? "the ledger holds " + (stored - hubspot) + " more than HubSpot counts (records deleted or archived in"
                        + " HubSpot since they were pulled)"
                : "HubSpot counts " + (hubspot - stored) + " more than the ledger holds (records created or restored"
                        + " meanwhile, or not readable by id)";
    }

    private Check record(PullStream<?> stream, String by, long upTo, long hubspot, long stored, long missing,
            long pulled, Outcome outcome, String detail) {
        long now = context.clock().millis();
        Check check = new Check(stream.name(), now, by, upTo, hubspot, stored, missing, pulled, outcome, detail);
        context.ledger().update(tx -> tx.completeness().put(check));
        String window = "created up to " + Instant.ofEpochMilli(upTo);
        if (outcome == Outcome.COMPLETE) {
            LOG.info("{} is complete ({} check): HubSpot and the ledger hold {} records {}", stream.name(), by,
                    hubspot, window);
        } else {
            LOG.warn("{} {} ({} check of the records {}): HubSpot counts {}, the ledger held {}: {}", stream.name(),
                    outcome.label(), by, window, hubspot, stored, detail);
        }
        return check;
    }

    /** Live records of the stream's type the ledger holds, created up to {@code upTo} or at an unknown time. */
    private static long stored(Ledger.Tx tx, ObjectType type, long upTo) {
        return switch (type) {
            case CONTACTS -> tx.contacts().countCreatedUpTo(upTo);
            case DEALS -> tx.deals().countCreatedUpTo(upTo);
            default -> tx.engagements().countCreatedUpTo(type.apiName(), upTo);
        };
    }

    private static Set<Long> held(Ledger.Tx tx, ObjectType type, Collection<Long> ids) {
        return switch (type) {
            case CONTACTS -> tx.contacts().live(ids);
            case DEALS -> tx.deals().stored(ids);
            default -> tx.engagements().live(type.apiName(), ids);
        };
    }

    private static List<Long> numeric(List<String> ids) {
        List<Long> numbers = new ArrayList<>(ids.size());
        for (String id : ids) {
            numbers.add(Long.parseLong(id));
        }
        return numbers;
    }
}
