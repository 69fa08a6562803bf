package io.hubscore.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hubscore.client.ObjectType;
import io.hubscore.config.RateLimitConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The read plan's placements, for limits whose best schedule can be worked out by hand (records a second: search
 * pages of 200 at {@code search-per-second}, list pages and write batches of 100 at the 10-second share).
 */
class ReadPlanTest {

    private static final SyncStreams.Key CONTACTS = new SyncStreams.Key("contacts", ObjectType.CONTACTS, List.of());
    private static final SyncStreams.Key EMAILS = new SyncStreams.Key("engagements.emails", ObjectType.EMAILS,
            List.of());
    private static final SyncStreams.Key CALLS = new SyncStreams.Key("engagements.calls", ObjectType.CALLS, List.of());
    private static final SyncStreams.Key MEETINGS = new SyncStreams.Key("engagements.meetings", ObjectType.MEETINGS,
            List.of());
    private static final SyncStreams.Key DEALS = new SyncStreams.Key("deals", ObjectType.DEALS, List.of());

    /** 90 of 100 per 10 s (900 records a second through the list endpoint), 5 searches (1,000 records) a second. */
    private static final RateLimitConfig HUBSPOT_FREE = new RateLimitConfig(0.9, 1.0, 100, 250_000, 5);

    private static Map<String, ReadPlan.Via> plan(List<SyncStreams.Key> streams, RateLimitConfig limits) {
        Map<String, Long> records = new LinkedHashMap<>();
        streams.forEach(k -> records.put(k.name(), 10_000L));
        return ReadPlan.decide(streams, records, 10_000, limits);
    }

    @Test
    void contactsAloneGoThroughSearchWhileTheListEndpointCarriesTheWrites() {
        // search: 10 s of reads; the list endpoint: 11.1 s of reads, then 11.1 s of writes
        assertEquals(Map.of("contacts", ReadPlan.Via.SEARCH), plan(List.of(CONTACTS), HUBSPOT_FREE));
    }

    @Test
    void engagementTypesShareSearchWithTheContactsSoThatBothBucketsEndTogether() {
        // two types through search (20 s), then the contacts (to 30 s); the third type and deals through the list
        // endpoint (22.2 s), then the writes (to 33.3 s). One type through search: writes end at 44.4 s; all three:
        // 41.1 s
        Map<String, ReadPlan.Via> plan = plan(List.of(CONTACTS, EMAILS, CALLS, MEETINGS, DEALS), HUBSPOT_FREE);

        assertEquals(ReadPlan.Via.SEARCH, plan.get("contacts"));
        assertEquals(2, plan.entrySet().stream()
                .filter(e -> e.getKey().startsWith("engagements.") && e.getValue() == ReadPlan.Via.SEARCH).count(),
                plan.toString());
        assertEquals(ReadPlan.Via.LIST, plan.get("deals"), "search cannot read deals with their contacts");
    }

    @Test
    void aListEndpointFarFasterThanSearchReadsEverything() {
        RateLimitConfig wide = new RateLimitConfig(1.0, 1.0, 100_000, 250_000, 100);

        Map<String, ReadPlan.Via> plan = plan(List.of(CONTACTS, EMAILS, MEETINGS, DEALS), wide);

        assertEquals(Map.of("contacts", ReadPlan.Via.LIST, "engagements.emails", ReadPlan.Via.LIST,
                "engagements.meetings", ReadPlan.Via.LIST, "deals", ReadPlan.Via.LIST), plan);
    }
}
