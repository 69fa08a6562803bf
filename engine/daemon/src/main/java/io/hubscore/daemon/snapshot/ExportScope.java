package io.hubscore.daemon.snapshot;

import io.hubscore.config.EngagementType;
import io.hubscore.config.SyncConfig;
import io.hubscore.client.ObjectType;
import io.hubscore.client.PropertyDefinition;
import io.hubscore.scoring.ScoringModel;
import io.hubscore.daemon.OwnedProperties;
import io.hubscore.daemon.PullEngagements;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a snapshot reads for one config: the contact properties the model and suppressions read plus the
 * lifecycle stage, HubSpot's timestamps and the write-back properties; the engagement types the event rules score,
 * each with the properties they filter on; and deals only when a suppression needs open-deal state. The same scope
 * the daemon pulls, so a dry run on the snapshot sees what the daemon would. Immutable.
 *
 * @param contactProperties contact properties to read, sorted
 * @param ownedProperties the write-back property names, in the config's order
 * @param engagements engagement types to read, each with its properties
 * @param dealProperties deal properties to read; empty when deals are not needed
 */
public record ExportScope(List<String> contactProperties, List<String> ownedProperties,
        Map<ObjectType, List<String>> engagements, List<String> dealProperties) {

    static final String CREATED = "createdate";
    static final String LAST_MODIFIED = "lastmodifieddate";
    static final String LIFECYCLE_STAGE = "lifecyclestage";
    static final String ENGAGEMENT_CREATED = "hs_createdate";
    static final String OBJECT_LAST_MODIFIED = "hs_lastmodifieddate";

    public ExportScope {
        contactProperties = List.copyOf(contactProperties);
        ownedProperties = List.copyOf(ownedProperties);
        Map<ObjectType, List<String>> copy = new LinkedHashMap<>();
        engagements.forEach((type, properties) -> {
            if (!type.isEngagement()) {
                throw new IllegalArgumentException(type + " is not an engagement type");
            }
            copy.put(type, List.copyOf(properties));
        });
        engagements = Collections.unmodifiableMap(copy);
        dealProperties = List.copyOf(dealProperties);
    }

    /** The scope of a valid config. */
    public static ExportScope of(SyncConfig config) {
        Objects.requireNonNull(config, "config");
        List<String> owned = OwnedProperties.definitions(config).stream().map(PropertyDefinition::name).toList();
        TreeSet<String> contact = new TreeSet<>(ScoringModel.compile(config).contactProperties());
        contact.addAll(List.of(LIFECYCLE_STAGE, CREATED, LAST_MODIFIED));
        contact.addAll(owned);
        Map<ObjectType, List<String>> engagements = new LinkedHashMap<>();
        for (Map.Entry<EngagementType, List<String>> e : PullEngagements.engagementProperties(config.model()).entrySet()) {
            TreeSet<String> properties = new TreeSet<>(e.getValue());
            properties.addAll(List.of(ENGAGEMENT_CREATED, OBJECT_LAST_MODIFIED));
            engagements.put(ObjectType.valueOf(e.getKey().name()), List.copyOf(properties));
        }
        List<String> deals = List.of();
        if (PullEngagements.needsDeals(config)) {
            TreeSet<String> properties = new TreeSet<>(PullEngagements.DEAL_PROPERTIES);
            properties.addAll(List.of(CREATED, OBJECT_LAST_MODIFIED));
            deals = List.copyOf(properties);
        }
        return new ExportScope(List.copyOf(contact), owned, engagements, deals);
    }

    public boolean needsDeals() {
        return !dealProperties.isEmpty();
    }
}
