package io.hubscore.client;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How many records HubSpot has in a window, and which: what a completeness check asks of HubSpot. */
class CountAndIdsTest {

    private static final int CONTACTS = 12_345;
    private static final long CREATED_UP_TO = 20_000;

    private final SearchablePortal portal = new SearchablePortal();
    private final Stand stand = new Stand(portal);

    @BeforeEach
    void seed() {
        stand.server.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search")).willReturn(ok()));
        for (long id = 1; id <= CONTACTS; id++) {
            // the stand's portal filters every date property on one timestamp: here it stands for createdate
            portal.lastModified.put(id * 3, id % 10 == 0 ? CREATED_UP_TO + id : CREATED_UP_TO - id);
        }
    }

    @AfterEach
    void stop() {
        stand.close();
    }

    private static List<Search.Filter> window() {
        return List.of(Search.Filter.lte("createdate", CREATED_UP_TO));
    }

    private long inWindow() {
        return portal.lastModified.values().stream().filter(created -> created <= CREATED_UP_TO).count();
    }

    @Test
    void aCountIsOneSearchForOneRecordReadingHubSpotsTotal() {
        long count = stand.client.count(ObjectType.CONTACTS, window());

        assertEquals(inWindow(), count);
        assertEquals(1, portal.searches.size());
        JsonNode search = portal.searches.get(0);
        assertEquals(1, search.path("limit").asInt());
        assertEquals("createdate", search.path("filterGroups").path(0).path("filters").path(0).path("propertyName")
                .asText());
        assertEquals("LTE", search.path("filterGroups").path(0).path("filters").path(0).path("operator").asText());
    }

    @Test
    void idsComeBackOnceEachAscendingPastTheSearchCapWithNoPropertyButTheId() {
        List<Long> ids = new ArrayList<>();
        Iterator<List<String>> pages = stand.client.ids(ObjectType.CONTACTS, window());
        while (pages.hasNext()) {
            pages.next().forEach(id -> ids.add(Long.parseLong(id)));
        }

        Set<Long> expected = new HashSet<>();
        portal.lastModified.forEach((id, created) -> {
            if (created <= CREATED_UP_TO) {
                expected.add(id);
            }
        });
        assertEquals(expected.size(), ids.size(), "no id twice");
        assertEquals(expected, new HashSet<>(ids));
        assertEquals(ids.stream().sorted().toList(), ids, "ascending");
        assertEquals((expected.size() + Search.MAX_LIMIT - 1) / Search.MAX_LIMIT, portal.searches.size(),
                "one search per page of 200");
        JsonNode last = portal.searches.get(portal.searches.size() - 1);
        assertEquals("[\"hs_object_id\"]", last.path("properties").toString());
        assertEquals("hs_object_id", last.path("sorts").path(0).path("propertyName").asText());
        assertEquals("GT", last.path("filterGroups").path(0).path("filters").path(1).path("operator").asText());
    }
}
