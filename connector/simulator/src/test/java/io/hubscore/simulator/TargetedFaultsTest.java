package io.hubscore.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hostile answers aimed at chosen requests of one endpoint, from Java and from the admin API. */
class TargetedFaultsTest {

    private static final String TOKEN = "test-token";
    private static final String CONTACTS = "/crm/v3/objects/contacts";

    private final MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
    private PortalSimulator simulator;
    private Http http;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private void start(int contacts) {
        simulator = PortalSimulator.start(SimulatorOptions.defaults().withoutRateLimits().withToken(TOKEN)
                .withClock(clock), Portal.generate(contacts, 7L, clock));
        http = new Http(simulator, TOKEN);
    }

    /** The list pages' bodies, following the cursor, for {@code pages} pages at most. */
    private List<Http.Reply> pages(int pages) {
        List<Http.Reply> replies = new ArrayList<>();
        String after = null;
        for (int i = 0; i < pages; i++) {
            Http.Reply reply = http.get(CONTACTS + "?limit=10" + (after == null ? "" : "&after=" + after));
            replies.add(reply);
            after = reply.body().isEmpty() ? null : reply.json().path("paging").path("next").path("after").asText(null);
            if (after == null) {
                break;
            }
        }
        return replies;
    }

    @Test
    void aFaultAimedAtTheFourthPageAnswersOnlyThatPage() {
        start(100);
        simulator.faults().target(FaultTarget.of(FaultKind.EMPTY_BODY, "GET " + CONTACTS).skip(3));

        List<Http.Reply> replies = pages(4);

        assertEquals(4, replies.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(10, replies.get(i).json().path("results").size(), "page " + (i + 1));
        }
        assertEquals(200, replies.get(3).status());
        assertEquals("", replies.get(3).body());
        assertEquals(10, http.get(CONTACTS + "?limit=10").json().path("results").size(), "spent after once");
        Faults.TargetStatus status = simulator.faults().targets().get(0);
        assertEquals(4, status.matched(), "counted while active");
        assertEquals(1, status.fired());
        assertFalse(status.active());
        assertEquals(1, simulator.stats().faults(FaultKind.EMPTY_BODY));
    }

    @Test
    void otherEndpointsAreLeftAlone() {
        start(20);
        simulator.faults().target(FaultTarget.of(FaultKind.NULL_BODY, "POST " + CONTACTS + "/search").untilCleared());

        Http.Reply list = http.get(CONTACTS + "?limit=5");
        Http.Reply search = http.post(CONTACTS + "/search", "{\"filterGroups\":[],\"limit\":5}");
        Http.Reply other = http.post("/crm/v3/objects/emails/search", "{\"filterGroups\":[],\"limit\":5}");

        assertEquals(5, list.json().path("results").size());
        assertEquals("null", search.body());
        assertTrue(other.json().has("total"));
    }

    @Test
    void eachHostileKindBreaksItsPartOfTheAnswer() {
        start(30);
        String first = pages(1).get(0).json().path("paging").path("next").path("after").asText();

        assertEquals("[]", hostile(FaultKind.ARRAY_BODY, "GET " + CONTACTS, CONTACTS + "?limit=10").body());
        assertEquals("{}", hostile(FaultKind.EMPTY_OBJECT, "GET " + CONTACTS, CONTACTS + "?limit=10").body());
        assertEquals("{\"results\":[]}", hostile(FaultKind.EMPTY_RESULTS, "GET " + CONTACTS, CONTACTS + "?limit=10")
                .body());
        assertTrue(hostile(FaultKind.RESULTS_NOT_LIST, "GET " + CONTACTS, CONTACTS + "?limit=10").json()
                .path("results").isObject());
        JsonNode noCursor = hostile(FaultKind.PAGING_WITHOUT_CURSOR, "GET " + CONTACTS, CONTACTS + "?limit=10").json();
        assertTrue(noCursor.path("paging").path("next").isObject());
        assertFalse(noCursor.path("paging").path("next").has("after"));
        JsonNode noId = hostile(FaultKind.RECORD_WITHOUT_ID, "GET " + CONTACTS, CONTACTS + "?limit=10").json();
        assertFalse(noId.path("results").get(0).has("id"));
        assertTrue(noId.path("results").get(1).has("id"));
        Http.Reply html = hostile(FaultKind.HTML_AS_JSON, "GET " + CONTACTS, CONTACTS + "?limit=10");
        assertTrue(html.headers().get("Content-Type").startsWith("application/json"));
        assertTrue(html.body().startsWith("<!DOCTYPE html>"));
        JsonNode repeated = hostile(FaultKind.REPEATED_CURSOR, "GET " + CONTACTS, CONTACTS + "?limit=10&after=" + first)
                .json();
        assertEquals(first, repeated.path("paging").path("next").path("after").asText());

        JsonNode search = hostile(FaultKind.SEARCH_TOTAL_MISMATCH, "POST " + CONTACTS + "/search", CONTACTS + "/search")
                .json();
        assertEquals(5, search.path("results").size());
        assertEquals(30, search.path("total").asLong());
        assertFalse(search.has("paging"));
    }

    private Http.Reply hostile(FaultKind kind, String endpoint, String path) {
        simulator.faults().clear().target(FaultTarget.of(kind, endpoint));
        return endpoint.startsWith("POST") ? http.post(path, "{\"filterGroups\":[],\"limit\":10}") : http.get(path);
    }

    @Test
    void aRepeatedCursorOnlyCountsRequestsThatCarryACursor() {
        start(30);
        simulator.faults().target(FaultTarget.of(FaultKind.REPEATED_CURSOR, "GET " + CONTACTS));

        List<Http.Reply> replies = pages(2);

        assertTrue(replies.get(0).json().path("paging").path("next").has("after"), "the first page has no cursor to repeat");
        String sent = replies.get(0).json().path("paging").path("next").path("after").asText();
        assertEquals(sent, replies.get(1).json().path("paging").path("next").path("after").asText());
    }

    @Test
    void aLostResponseIsAppliedButNeverSeen() {
        start(5);
        String id = simulator.portal().contactIds().get(0);
        simulator.faults().target(FaultTarget.of(FaultKind.LOST_RESPONSE, "POST " + CONTACTS + "/batch/update"));

        assertThrows(UncheckedIOException.class, () -> http.post(CONTACTS + "/batch/update",
                "{\"inputs\":[{\"id\":\"" + id + "\",\"properties\":{\"jobtitle\":\"Applied\"}}]}"));

        assertEquals("Applied", simulator.portal().contactProperties(id).orElseThrow().get("jobtitle"));
    }

    @Test
    void aRateSpreadsAFaultEvenlyOverMatchingRequests() {
        start(5);
        simulator.faults().target(FaultTarget.of(FaultKind.EMPTY_BODY, "GET " + CONTACTS + "/{id}").untilCleared()
                .rate(0.5));
        String id = simulator.portal().contactIds().get(0);

        StringBuilder hits = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            hits.append(http.get(CONTACTS + "/" + id).body().isEmpty() ? 'x' : '.');
        }

        assertEquals(".x.x.x.x.x.x", hits.toString(), "every second one, never two in a row");
        assertEquals(5, http.get(CONTACTS + "?limit=10").json().path("results").size(), "the list is not {id}");
    }

    @Test
    void targetsAreSetReadAndClearedThroughTheAdminApi() {
        start(30);

        Http.Reply set = http.post("/__sim/faults", """
                {"targets":[{"kind":"empty_results","endpoint":"GET /crm/v3/objects/contacts","skip":1,"times":2},
                            {"kind":"SEARCH_TOTAL_MISMATCH","endpoint":"POST /crm/v3/objects/*/search",
                             "times":"until-cleared"}]}""");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bodies.add(http.get(CONTACTS + "?limit=10").body());
        }
        JsonNode state = http.get("/__sim/faults").json();
        Http.Reply unknown = http.post("/__sim/faults", "{\"targets\":[{\"kind\":\"NOPE\",\"endpoint\":\"GET /x\"}]}");
        Http.Reply cleared = http.post("/__sim/faults", "{\"clearTargets\":true}");

        assertEquals(200, set.status());
        assertFalse(bodies.get(0).equals("{\"results\":[]}"));
        assertEquals("{\"results\":[]}", bodies.get(1));
        assertEquals("{\"results\":[]}", bodies.get(2));
        assertFalse(bodies.get(3).equals("{\"results\":[]}"));
        JsonNode first = state.path("targets").get(0);
        assertEquals("EMPTY_RESULTS", first.path("kind").asText());
        assertEquals("GET /crm/v3/objects/contacts", first.path("endpoint").asText());
        assertEquals(3, first.path("matched").asInt(), "counted while active");
        assertEquals(2, first.path("fired").asInt());
        assertEquals("until-cleared", state.path("targets").get(1).path("times").asText());
        assertEquals(400, unknown.status());
        assertEquals(0, cleared.json().path("targets").size());
    }

    @Test
    void withoutTargetsNothingIsCounted() {
        start(5);

        http.get(CONTACTS + "?limit=10");

        assertTrue(simulator.faults().targets().isEmpty());
        assertFalse(simulator.faults().hasTargets());
        assertTrue(simulator.stats().faultsByKind().isEmpty());
    }
}
