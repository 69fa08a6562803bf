package io.hubscore.engine.sync;

import io.hubscore.connector.api.CrmObject;
import io.hubscore.connector.api.HubScoreException;
import io.hubscore.connector.api.ObjectType;
import io.hubscore.connector.api.Page;
import io.hubscore.engine.ledger.Contacts;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The reconcile job: reads the portal's archived contacts (HubSpot's search never returns them) and retires them
 * in the ledger, so deleted contacts are no longer scored or written. Stateless.
 */
public final class Reconcile implements SyncStep {

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
        long archived = 0;
        try {
            Iterator<Page<CrmObject>> pages = context.client().archivedPages(ObjectType.CONTACTS, List.of(), null);
            while (pages.hasNext() && !Thread.currentThread().isInterrupted()) {
                List<CrmObject> page = pages.next().results();
                long now = context.clock().millis();
                context.ledger().write(c -> {
                    for (CrmObject contact : page) {
                        Contacts.archive(c, contact.numericId(), null, now);
                    }
                    return null;
                });
                archived += page.size();
            }
            context.gate().succeeded(context.client().metrics());
        } catch (HubScoreException e) {
            throw context.gate().failed(e);
        }
        return Map.of("archived", archived);
    }
}
