package io.hubscore.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.hubscore.client.Stand.ONE_CONTACT;
import static io.hubscore.client.Stand.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A 2xx whose body is not what the endpoint's schema promises is a failed call: retried like a 5xx with the
 * same backoff, then reported naming the endpoint and what was wrong. Legitimate answers (207s with errors, a
 * page without paging, an empty search) are not.
 */
class MalformedAnswersTest {

    private static final String CONTACTS = "/crm/v3/objects/contacts";
    private static final String SEARCH = CONTACTS + "/search";
    private static final String BATCH_READ = CONTACTS + "/batch/read";
    private static final String ASSOCIATIONS = "/crm/v4/associations/emails/contacts/batch/read";
    private static final String PROPERTY = "/crm/v3/properties/contacts/hubscore_band";
    private static final String PROPERTIES = "/crm/v3/properties/contacts";

    private final Stand stand = new Stand();

    @AfterEach
    void stop() {
        stand.close();
    }

    /** One read endpoint: its path, how the client calls it, and a well-formed answer. */
    private record Endpoint(String method, String path, Consumer<HubSpotClient> call, String goodBody) {
    }

    private static final Endpoint LIST = new Endpoint("GET", CONTACTS,
            client -> client.listPage(ObjectType.CONTACTS, ListQuery.of(List.of("email"))), ONE_CONTACT);
    private static final Endpoint SEARCH_PAGE = new Endpoint("POST", SEARCH,
            client -> client.search(ObjectType.CONTACTS, new Search(List.of(), List.of(), List.of("email"), 10, null)),
            ONE_CONTACT.replace("{\"results\"", "{\"total\":1,\"results\""));
    private static final Endpoint BATCH = new Endpoint("POST", BATCH_READ,
            client -> client.batchRead(ObjectType.CONTACTS, List.of("101"), List.of("email")),
            ONE_CONTACT.replace("{\"results\"", "{\"status\":\"COMPLETE\",\"results\""));
    private static final Endpoint V4 = new Endpoint("POST", ASSOCIATIONS,
            client -> client.associations(ObjectType.EMAILS, ObjectType.CONTACTS, List.of("5")),
            "{\"status\":\"COMPLETE\",\"results\":[{\"from\":{\"id\":\"5\"},\"to\":[{\"toObjectId\":70}]}]}");
    private static final Endpoint PROPERTY_GET = new Endpoint("GET", PROPERTY,
            client -> client.property(ObjectType.CONTACTS, "hubscore_band"),
            "{\"name\":\"hubscore_band\",\"label\":\"Band\",\"type\":\"enumeration\",\"fieldType\":\"select\"}");
    private static final Endpoint PROPERTY_LIST = new Endpoint("GET", PROPERTIES,
            client -> client.properties(ObjectType.CONTACTS),
            "{\"results\":[{\"name\":\"email\",\"label\":\"Email\",\"type\":\"string\",\"fieldType\":\"text\"}]}");

    private static final List<Endpoint> ENDPOINTS = List.of(LIST, SEARCH_PAGE, BATCH, V4, PROPERTY_GET, PROPERTY_LIST);

    /** Bodies no read endpoint may accept, and the words the failure must use. */
    private static final Map<String, String> BROKEN = new java.util.LinkedHashMap<>();

    static {
        BROKEN.put("", "an empty body");
        BROKEN.put("null", "JSON null");
        BROKEN.put("[]", "a JSON array");
        BROKEN.put("{\"results\":{\"0\":{\"id\":\"1\"}}}", "'results' that is not a list");
        BROKEN.put("<html><body>Scheduled maintenance</body></html>", "an HTML page instead of JSON");
        BROKEN.put("{\"results\":[{\"id\":\"1\",\"properties\":{}", "truncated JSON");
    }

    static Stream<Arguments> brokenBodiesOnEveryReadEndpoint() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            BROKEN.forEach((body, words) -> {
                if (endpoint == PROPERTY_GET && body.contains("results")) {
                    return; // a single property has no results
                }
                cases.add(Arguments.of(
                    Named.of(endpoint.method() + " " + endpoint.path(), endpoint),
                    Named.of(body.isEmpty() ? "(empty)" : body, body), words));
            });
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} answering 200 {1}")
    @MethodSource("brokenBodiesOnEveryReadEndpoint")
    void aBrokenBodyIsRetriedLikeA5xxThenReportedWithTheEndpointAndTheProblem(Endpoint endpoint, String body,
            String words) {
        stand.respondInTurn(endpoint.method(), endpoint.path(), json(200, body));

        HubSpotUnavailable failure;
        try (CapturedLogs logs = new CapturedLogs()) {
            failure = assertThrows(HubSpotUnavailable.class, () -> endpoint.call().accept(stand.client));
            assertEquals(1, logs.events().stream().filter(e -> e.getLevel() == Level.ERROR).count(), logs.text());
            assertTrue(logs.events().stream().allMatch(e -> e.getThrowableProxy() == null), "no stack trace");
        }

        assertEquals(4, failure.attempts());
        assertEquals(4, stand.requestsTo(endpoint.path()));
        String expected = endpoint.method() + " " + endpoint.path() + " answered 200 with " + words;
        assertTrue(failure.getMessage().contains(expected), failure.getMessage() + " should say: " + expected);
        assertBackoffLikeA5xx();
    }

    static Stream<Arguments> shapesMissingWhatTheSchemaRequires() {
        return Stream.of(
                Arguments.of(Named.of("list page", LIST), "{}", "no 'results'"),
                Arguments.of(Named.of("list page", LIST), "{\"results\":[{\"properties\":{}}]}",
                        "a record without an id (results[0])"),
                Arguments.of(Named.of("list page", LIST), ONE_CONTACT.replace("]}", "],\"paging\":{\"next\":{\"link\":\"x\"}}}"),
                        "'paging.next' without a cursor ('after')"),
                Arguments.of(Named.of("list page", LIST), ONE_CONTACT.replace("]}", "],\"paging\":{}}"),
                        "'paging' without a next cursor"),
                Arguments.of(Named.of("search page", SEARCH_PAGE), ONE_CONTACT, "no 'total'"),
                Arguments.of(Named.of("search page", SEARCH_PAGE), "{\"results\":[]}", "no 'total'"),
                Arguments.of(Named.of("search page", SEARCH_PAGE), "{\"total\":50,\"results\":[]}",
                        "'total' 50 but 0 results and no next page"),
                Arguments.of(Named.of("search page", SEARCH_PAGE),
                        "{\"total\":50,\"results\":[],\"paging\":{\"next\":{\"after\":\"10\"}}}",
                        "an empty page that names a next page"),
                Arguments.of(Named.of("search page", SEARCH_PAGE), ONE_CONTACT.replace("{\"results\"", "{\"total\":3,\"results\""),
                        "'total' 3 but 1 results and no next page"),
                Arguments.of(Named.of("batch read", BATCH), ONE_CONTACT, "no 'status'"),
                Arguments.of(Named.of("v4 associations", V4), "{\"results\":[]}", "no 'status'"),
                Arguments.of(Named.of("v4 associations", V4),
                        "{\"status\":\"COMPLETE\",\"results\":[{\"to\":[{\"toObjectId\":70}]}]}",
                        "a row without an id (results[0].from.id)"),
                Arguments.of(Named.of("property", PROPERTY_GET), "{}", "a property without a 'name'"),
                Arguments.of(Named.of("properties", PROPERTY_LIST), "{\"results\":[]}", "no properties at all"));
    }

    @ParameterizedTest(name = "{0} answering {1}")
    @MethodSource("shapesMissingWhatTheSchemaRequires")
    void aShapeMissingWhatTheSchemaRequiresIsAFailedCall(Endpoint endpoint, String body, String words) {
        stand.respondInTurn(endpoint.method(), endpoint.path(), json(200, body));

        HubSpotUnavailable failure = assertThrows(HubSpotUnavailable.class, () -> endpoint.call().accept(stand.client));

        assertTrue(failure.getMessage().contains(endpoint.method() + " " + endpoint.path() + " answered 200 with " + words),
                failure.getMessage());
        assertEquals(4, stand.requestsTo(endpoint.path()));
    }

    @Test
    void aBrokenAnswerFollowedByAGoodOneIsRetriedAndSucceeds() {
        for (Endpoint endpoint : ENDPOINTS) {
            stand.respondInTurn(endpoint.method(), endpoint.path(), json(200, ""), json(200, "null"),
                    json(200, endpoint.goodBody()));

            endpoint.call().accept(stand.client);

            assertEquals(3, stand.requestsTo(endpoint.path()), endpoint.path());
        }
        assertEquals(2L * ENDPOINTS.size(), stand.client.metrics().retries());
    }

    private void assertBackoffLikeA5xx() {
        List<Duration> sleeps = stand.time.sleeps();
        assertEquals(3, sleeps.size(), sleeps.toString());
        for (int i = 0; i < sleeps.size(); i++) {
            long exponential = 200L << i;
            long millis = sleeps.get(i).toMillis();
            assertTrue(millis >= exponential / 2 && millis <= exponential, "backoff " + i + " was " + millis);
        }
    }

    @Nested
    class ListStreams {

        /** A search count's answer, as HubSpot gives it for a limit of 1. */
        private String count(long total) {
            return total == 0 ? "{\"total\":0,\"results\":[]}"
                    : "{\"total\":" + total + ",\"results\":[{\"id\":\"999\",\"properties\":{}}]"
                            + (total > 1 ? ",\"paging\":{\"next\":{\"after\":\"1\"}}" : "") + "}";
        }

        @Test
        void anEmptyFirstPageIsBelievedOnlyWhenSearchFindsNothingEither() {
            stand.respondInTurn("GET", CONTACTS, json(200, "{\"results\":[]}"));
            stand.respondInTurn("POST", SEARCH, json(200, count(0)));

            Page<CrmObject> page = stand.client.listPage(ObjectType.CONTACTS, ListQuery.of(List.of("email")));

            assertTrue(page.results().isEmpty());
            assertTrue(page.isLast());
            assertEquals(1, stand.requestsTo(SEARCH));
        }

        @Test
        void anEmptyFirstPageOfAPortalThatHasContactsIsAFailedCall() {
            stand.respondInTurn("GET", CONTACTS, json(200, "{\"results\":[]}"));
            stand.respondInTurn("POST", SEARCH, json(200, count(906)));

            HubSpotUnavailable failure = assertThrows(HubSpotUnavailable.class,
                    () -> stand.client.listPages(ObjectType.CONTACTS, ListQuery.of(List.of("email"))).next());

            assertTrue(failure.getMessage().contains("GET /crm/v3/objects/contacts answered 200 with no results and no"
                    + " next page although HubSpot's search counts 906 contacts"), failure.getMessage());
            assertEquals(4, stand.requestsTo(CONTACTS));
        }

        @Test
        void anEmptyLaterPageIsCheckedAgainstTheRecordsAboveTheLastIdRead() {
            stand.server.stubFor(get(urlPathEqualTo(CONTACTS)).willReturn(json(200,
                    ONE_CONTACT.replace("]}", "],\"paging\":{\"next\":{\"after\":\"102\"}}}"))));
            stand.server.stubFor(get(urlPathEqualTo(CONTACTS)).withQueryParam("after", equalTo("102"))
                    .willReturn(json(200, "{\"results\":[]}")));
            stand.respondInTurn("POST", SEARCH, json(200, count(631)));
            Iterator<Page<CrmObject>> pages = stand.client.listPages(ObjectType.CONTACTS, ListQuery.of(List.of("email")));
            pages.next();

            HubSpotUnavailable failure = assertThrows(HubSpotUnavailable.class, pages::next);

            assertTrue(failure.getMessage().contains("631 contacts with an id above 101"), failure.getMessage());
            String search = stand.server.findAll(com.github.tomakehurst.wiremock.client.WireMock
                    .postRequestedFor(urlPathEqualTo(SEARCH))).get(0).getBodyAsString();
            assertTrue(search.contains("\"propertyName\":\"hs_object_id\",\"operator\":\"GT\",\"value\":\"101\""), search);
        }

        @Test
        void aResumedBackfillChecksAnEmptyPageAgainstItsNumericCursor() {
            stand.respondInTurn("GET", CONTACTS, json(200, "{\"results\":[]}"));
            stand.respondInTurn("POST", SEARCH, json(200, count(12)));

            HubSpotUnavailable failure = assertThrows(HubSpotUnavailable.class, () -> stand.client.listPages(
                    ObjectType.CONTACTS, ListQuery.of(List.of("email")).startingAfter("301")).next());

            assertTrue(failure.getMessage().contains("12 contacts with an id above 301"), failure.getMessage());
        }

        @Test
        void archivedListingsAreNotCheckedAgainstSearch() {
            stand.respondInTurn("GET", CONTACTS, json(200, "{\"results\":[]}"));

            Page<CrmObject> page = stand.client.archivedPages(ObjectType.CONTACTS, List.of(), null).next();

            assertTrue(page.results().isEmpty());
            assertEquals(0, stand.requestsTo(SEARCH));
        }

        @Test
        void aRepeatedCursorIsRetriedAndNeverLoops() {
            stand.server.stubFor(get(urlPathEqualTo(CONTACTS)).willReturn(json(200,
                    ONE_CONTACT.replace("]}", "],\"paging\":{\"next\":{\"after\":\"102\"}}}"))));
            stand.server.stubFor(get(urlPathEqualTo(CONTACTS)).withQueryParam("after", equalTo("102"))
                    .willReturn(json(200, ONE_CONTACT.replace("101", "102")
                            .replace("]}", "],\"paging\":{\"next\":{\"after\":\"102\"}}}"))));
            Iterator<Page<CrmObject>> pages = stand.client.listPages(ObjectType.CONTACTS, ListQuery.of(List.of("email")));
            pages.next();

            HubSpotUnavailable failure = assertThrows(HubSpotUnavailable.class, pages::next);

            assertTrue(failure.getMessage().contains("answered 200 with the paging cursor it was sent (102) as the next"
                    + " cursor"), failure.getMessage());
            assertEquals(5, stand.requestsTo(CONTACTS), "the first page, then four attempts at the second");
        }

        @Test
        void aLastPageThatOnlyNamesAPreviousPageIsAccepted() {
            stand.respondInTurn("GET", CONTACTS, json(200,
                    ONE_CONTACT.replace("]}", "],\"paging\":{\"prev\":{\"before\":\"50\"}}}")));

            Page<CrmObject> page = stand.client.listPage(ObjectType.CONTACTS, ListQuery.of(List.of("email")));

            assertTrue(page.isLast());
        }
    }

    @Nested
    class UnusableAnswers {

        @Test
        void anObjectIdThatIsNotANumberIsAnUnexpectedAnswerNamingTheId() {
            CrmObject contact = new CrmObject("10x1", Map.of(), null, null, false, null, Map.of());

            UnexpectedAnswer failure = assertThrows(UnexpectedAnswer.class, contact::numericId);

            assertTrue(failure.getMessage().contains("not a numeric id: '10x1'"), failure.getMessage());
        }
    }

    @Nested
    class LegitimateAnswers {

        @Test
        void aBatchRead207WithMissingIdsIsAccepted() {
            stand.respondInTurn("POST", BATCH_READ, json(207, """
                    {"status":"COMPLETE","results":[{"id":"101","properties":{}}],"numErrors":1,"errors":[
                      {"status":"error","category":"OBJECT_NOT_FOUND","message":"Could not get some CONTACT objects",
                       "context":{"ids":["102"]}}],"startedAt":"2026-11-23T10:00:00Z","completedAt":"2026-11-23T10:00:00Z"}"""));

            List<CrmObject> found = stand.client.batchRead(ObjectType.CONTACTS, List.of("101", "102"), List.of());

            assertEquals(1, found.size());
            assertEquals(1, stand.requestsTo(BATCH_READ));
        }

        @Test
        void associations207WithIdsThatHaveNoneAreAccepted() {
            stand.respondInTurn("POST", ASSOCIATIONS, json(207, """
                    {"status":"COMPLETE","results":[],"numErrors":1,"errors":[{"status":"error",
                      "category":"OBJECT_NOT_FOUND","subCategory":"crm.associations.NO_ASSOCIATIONS_FOUND",
                      "context":{"fromObjectId":["5"]}}]}"""));

            Map<String, List<String>> contacts = stand.client.associations(ObjectType.EMAILS, ObjectType.CONTACTS,
                    List.of("5"));

            assertEquals(Map.of("5", List.of()), contacts);
        }

        @Test
        void anEmptySearchWithTotalZeroIsAccepted() {
            stand.respondInTurn("POST", SEARCH, json(200, "{\"total\":0,\"results\":[]}"));

            SearchPage page = stand.client.search(ObjectType.CONTACTS, new Search(List.of(), List.of(), List.of(), 10, null));

            assertEquals(0, page.total());
            assertEquals(1, stand.requestsTo(SEARCH));
        }

        @Test
        void aLaterSearchPageMayHoldFewerRecordsThanTheTotal() {
            stand.respondInTurn("POST", SEARCH, json(200, ONE_CONTACT.replace("{\"results\"", "{\"total\":250,\"results\"")));

            SearchPage page = stand.client.search(ObjectType.CONTACTS,
                    new Search(List.of(), List.of(), List.of(), 200, "200"));

            assertEquals(1, page.results().size());
        }
    }

    @Nested
    class BatchUpdateAnswers {

        static Stream<Arguments> oddAnswers() {
            return Stream.of(
                    Arguments.of(Named.of("an empty body", json(200, ""))),
                    Arguments.of(Named.of("null", json(200, "null"))),
                    Arguments.of(Named.of("[]", json(200, "[]"))),
                    Arguments.of(Named.of("{}", json(200, "{}"))),
                    Arguments.of(Named.of("results that is an object", json(200,
                            "{\"status\":\"COMPLETE\",\"results\":{\"a\":{\"id\":\"1\"}}}"))),
                    Arguments.of(Named.of("no results at all", json(200, "{\"status\":\"COMPLETE\",\"results\":[]}"))),
                    Arguments.of(Named.of("204 without a body", aResponse().withStatus(204))));
        }

        @ParameterizedTest(name = "a batch update answered with {0} marks nothing applied")
        @MethodSource("oddAnswers")
        void anOddSuccessMarksNothingApplied(ResponseDefinitionBuilder answer) {
            stand.respondInTurn("POST", CONTACTS + "/batch/update", answer);

            List<UpdateOutcome> outcomes = stand.client.batchUpdate(ObjectType.CONTACTS, List.of(
                    new ObjectUpdate("1", Map.of("hubscore_score", "42")),
                    new ObjectUpdate("2", Map.of("hubscore_score", "7"))));

            assertEquals(2, outcomes.size());
            outcomes.forEach(outcome -> assertInstanceOf(UpdateOutcome.Transient.class, outcome, outcome.toString()));
            assertFalse(outcomes.stream().anyMatch(UpdateOutcome.Applied.class::isInstance));
        }
    }
}
