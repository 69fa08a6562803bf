package io.hubscore.daemon;

import io.hubscore.client.CrmObject;
import io.hubscore.client.HubSpotFailure;
import io.hubscore.client.ObjectType;
import io.hubscore.client.Page;
import io.hubscore.ledger.CompletenessChecks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reconcile job: reads the portal's archived contacts (HubSpot's search never returns them) and retires them
 * in the ledger, so deleted contacts are no longer scored or written; then checks every whole stream for records
 * HubSpot has and the ledger lacks ({@link Completeness}, for the records created up to the stream's incremental
 * checkpoint, which every pull so far covers) and pulls them. A stream still in its backfill is left to the check
 * that ends it. Stateless.
 */
final class Reconcile implements SyncStep {

    private final SyncContext context;

    public Reconcile(SyncContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "reconcile";
    }

    @Override
    public Map<String, Long> run() {
        context.gate().check();
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            counts.put("archived", retireArchived());
            long checked = 0;
            long missing = 0;
            long pulled = 0;
            for (PullStream<?> stream : streams()) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                Optional<Long> upTo = window(stream.key());
                if (upTo.isEmpty()) {
                    continue;
                }
                Optional<CompletenessChecks.Check> check = new Completeness(context).check(stream, upTo.get(),
                        Completeness.BY_RECONCILE);
                if (check.isPresent()) {
                    checked++;
                    missing += check.get().missing();
                    pulled += check.get().pulled();
                }
            }
            counts.put("checked", checked);
            counts.put("missing", missing);
            counts.put("pulled", pulled);
            context.gate().succeeded(context.client().metrics());
        } catch (HubSpotFailure e) {
            throw context.gate().failed(e);
        }
        return counts;
    }

    private long retireArchived() {
        long archived = 0;
        Iterator<Page<CrmObject>> pages = context.client().archivedPages(ObjectType.CONTACTS, List.of(), null);
        while (pages.hasNext() && !Thread.currentThread().isInterrupted()) {
            List<CrmObject> page = pages.next().results();
            long now = context.clock().millis();
            context.ledger().update(tx -> {
                for (CrmObject contact : page) {
                    tx.contacts().archive(contact.numericId(), null, now);
                }
            });
            archived += page.size();
        }
        return archived;
    }

    private List<PullStream<?>> streams() {
        LiveConfig.Active active = context.config().active();
        List<PullStream<?>> streams = new ArrayList<>();
        streams.add(PullContacts.stream(context, new PullContacts.Counts()));
        streams.addAll(PullEngagements.streams(context, active));
        return streams;
    }

    /**
     * The window to check a whole stream in: records created up to its incremental checkpoint (which the backfill
     * and every incremental window so far cover), and no later than search's index reaches; empty while the stream
     * is in its backfill.
     */
    private Optional<Long> window(SyncStreams.Key key) {
        long reach = context.clock().millis() - context.current().sync().searchLag().toMillis();
        return context.ledger().read(tx -> {
            if (!CheckpointedPull.incomplete(tx, List.of(key)).isEmpty()) {
                return Optional.<Long>empty();
            }
            return tx.checkpoints().get(key.name() + ".incremental").map(Long::parseLong)
                    .map(checkpoint -> Math.min(checkpoint, reach));
        });
    }
}
