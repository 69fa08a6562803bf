package io.hubscore.client;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.hubscore.client.Stand.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IncrementalPullTest {

    private static final int CONTACTS = 25_000;

    private final SearchablePortal portal = new SearchablePortal();
    private final Stand stand = new Stand(portal);
    private long now;

    @BeforeEach
    void seed() {
        stand.server.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search")).willReturn(ok()));
        now = stand.time.millis();
        long monthEnd = now - Duration.ofDays(3).toMillis();
        for (long id = 1; id <= CONTACTS; id++) {
            // 12,000 contacts stamped by one month-end job, the rest spread over the last days
            long modified = id % 25 < 12 ? monthEnd : now - Duration.ofHours(id % 90).toMillis();
            portal.lastModified.put(id * 7, modified);
        }
    }

    @AfterEach
    void stop() {
        stand.close();
    }

    private List<Long> pull(Changes<CrmObject> changes) {
        return changes.stream().map(CrmObject::numericId).toList();
    }

    @Nested
    class PastTheSearchCap {

        @Test
        void everyChangedContactComesBackExactlyOnceAlthoughMoreThan10000ShareOneTimestamp() {
            List<Long> ids;
            long retries;
            try (CapturedLogs logs = new CapturedLogs()) {
                ids = pull(stand.client.changesSince(ObjectType.CONTACTS, 0, List.of("email")));
                retries = logs.events().stream().filter(e -> e.getFormattedMessage().contains("retrying in")).count();
            }

            assertEquals(CONTACTS, ids.size());
            assertEquals(portal.lastModified.keySet(), new HashSet<>(ids));
            assertEquals(CONTACTS / Search.MAX_LIMIT, new HashSet<>(portal.searches).size(),
                    "one query per page of 200, no loop");
            assertEquals(CONTACTS / Search.MAX_LIMIT + retries, portal.searches.size(),
                    "a query is sent again only when a call failed and was retried (a busy machine can time one out)");
        }

        @Test
        void eachPageIsAQueryOnTheFixedWindowSortedByIdAscendingAfterTheLastIdSeen() {
            Changes<CrmObject> changes = stand.client.changesSince(ObjectType.CONTACTS, 1_000, List.of("email"));
            changes.stream().limit(450).count();

            JsonNode third = portal.searches.get(2);
            assertEquals(200, third.path("limit").asInt());
            assertEquals("hs_object_id", third.path("sorts").path(0).path("propertyName").asText());
            assertEquals("ASCENDING", third.path("sorts").path(0).path("direction").asText());
            Set<String> filters = filters(third);
            assertEquals(Set.of("lastmodifieddate GTE 1000", "lastmodifieddate LTE " + now,
                    "hs_object_id GT " + 400 * 7), filters);
            assertTrue(third.path("properties").toString().contains("hs_merged_object_ids"));
        }

        @Test
        void theNextCheckpointIsTheWindowsUpperBoundMinusTheSearchLag() {
            Changes<CrmObject> changes = stand.client.changesSince(ObjectType.CONTACTS, 5, List.of());

            assertEquals(now, changes.upTo());
            assertEquals(now - Duration.ofMinutes(1).toMillis(), changes.nextCheckpoint());
        }
    }

    @Nested
    class ChangesWhilePaging {

        @Test
        void contactsChangedDuringThePullAreNeitherLostNorDuplicated() {
            Changes<CrmObject> first = stand.client.changesSince(ObjectType.CONTACTS, 0, List.of());
            Set<Long> changedDuringPaging = new HashSet<>();
            portal.afterEachSearch(searches -> {
                if (searches == 10) {
                    stand.time.advance(Duration.ofSeconds(30));
                    for (long id = 7; id <= 7 * 20_000; id += 7 * 97) {
                        portal.lastModified.put(id, stand.time.millis());
                        changedDuringPaging.add(id);
                    }
                }
            });

            List<Long> firstIds = pull(first);
            portal.afterEachSearch(searches -> { });
            stand.time.advance(Duration.ofMinutes(5));
            List<Long> secondIds = pull(stand.client.changesSince(ObjectType.CONTACTS, first.nextCheckpoint(), List.of()));

            assertEquals(firstIds.size(), new HashSet<>(firstIds).size(), "no duplicate within a pull");
            Set<Long> seen = new HashSet<>(firstIds);
            seen.addAll(secondIds);
            assertEquals(portal.lastModified.keySet(), seen, "every contact seen by one of the two pulls");
            assertTrue(new HashSet<>(secondIds).containsAll(changedDuringPaging), "changed ones are read again next time");
        }

        @Test
        void changesAfterTheWindowWasFixedWaitForTheNextPull() {
            long late = now + 1;
            portal.lastModified.put(999_999L, late);

            List<Long> ids = pull(stand.client.changesSince(ObjectType.CONTACTS, 0, List.of()));

            assertTrue(!ids.contains(999_999L));
            assertEquals(CONTACTS, ids.size());
        }
    }

    @Nested
    class Engagements {

        @Test
        void changedEngagementsComeWithTheirContactsFromV4Associations() {
            stand.respondInTurn("POST", "/crm/v3/objects/emails/search", json(200, """
                    {"total":2,"results":[{"id":"5","properties":{"hs_email_direction":"INCOMING_EMAIL"}},
                                          {"id":"8","properties":{"hs_email_direction":"EMAIL"}}]}"""));
            stand.respondInTurn("POST", "/crm/v4/associations/emails/contacts/batch/read", json(200, """
                    {"status":"COMPLETE","results":[{"from":{"id":"5"},"to":[{"toObjectId":70},{"toObjectId":71}]},
                                {"from":{"id":"8"},"to":[{"toObjectId":70}]}]}"""));

            List<Engagement> emails = stand.client.engagementChangesSince(ObjectType.EMAILS, 0,
                    List.of("hs_email_direction")).stream().toList();

            assertEquals(List.of("70", "71"), emails.get(0).contactIds());
            assertEquals(List.of("70"), emails.get(1).contactIds());
            assertEquals(1, stand.requestsTo("/crm/v4/associations/emails/contacts/batch/read"));
        }
    }

    private static Set<String> filters(JsonNode search) {
        Set<String> filters = new HashSet<>();
        for (JsonNode filter : search.path("filterGroups").path(0).path("filters")) {
            filters.add(filter.path("propertyName").asText() + " " + filter.path("operator").asText() + " "
                    + filter.path("value").asText());
        }
        return filters.stream().collect(Collectors.toSet());
    }
}
