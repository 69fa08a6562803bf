package io.hubscore.daemon;

import io.hubscore.config.EngagementType;
import io.hubscore.config.SyncConfig;
import io.hubscore.client.ObjectType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pull streams a config reads, in one place: contacts always, each engagement type the model's event rules
 * score, and deals when a suppression needs open-deal state or the config measures outcomes; each with the
 * properties it reads. The pull jobs pull these streams and reconcile checks each is complete; the score job waits
 * until each stream scoring needs ({@link #required}) is whole. Immutable.
 */
final class SyncStreams {

    static final String CONTACTS = "contacts";
    static final String DEALS = "deals";

    private SyncStreams() {
    }

    /**
     * One stream: its name in checkpoints, logs and {@code status} ({@code contacts}, {@code engagements.emails},
     * {@code deals}), its HubSpot object type and the properties it reads.
     */
    record Key(String name, ObjectType type, List<String> properties) {
        Key {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            properties = List.copyOf(properties);
        }

        /** Identifies the properties read: when it changes, the stream's backfill starts over. */
        String signature() {
            return ContactFields.sha256(String.join(",", properties));
        }
    }

    static Key contacts(ContactFields fields) {
        return new Key(CONTACTS, ObjectType.CONTACTS, fields.pulled());
    }

    static Key engagements(EngagementType type, List<String> properties) {
        return new Key("engagements." + type.apiName(), ObjectType.valueOf(type.name()), properties);
    }

    static Key deals(SyncConfig config) {
        return new Key(DEALS, ObjectType.DEALS, PullEngagements.dealProperties(config));
    }

    /** Every stream the active config reads: contacts first, then engagement types, then deals. */
    static List<Key> required(LiveConfig.Active active) {
        List<Key> keys = new ArrayList<>();
        keys.add(contacts(new ContactFields(active.model(), active.config().writeBack(),
                active.config().outcomes())));
        for (Map.Entry<EngagementType, List<String>> e
                : PullEngagements.engagementProperties(active.config().model()).entrySet()) {
            keys.add(engagements(e.getKey(), e.getValue()));
        }
        if (PullEngagements.needsDeals(active.config())) {
            keys.add(deals(active.config()));
        }
        return List.copyOf(keys);
    }

    /** Every stream the active config pulls: the {@link #required} ones, and deals for outcomes. */
    static List<Key> pulled(LiveConfig.Active active) {
        List<Key> keys = new ArrayList<>(required(active));
        if (active.config().outcomes() != null && !PullEngagements.needsDeals(active.config())) {
            keys.add(deals(active.config()));
        }
        return List.copyOf(keys);
    }
}
