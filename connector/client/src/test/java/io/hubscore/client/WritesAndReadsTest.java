package io.hubscore.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.hubscore.client.Stand.ONE_CONTACT;
import static io.hubscore.client.Stand.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WritesAndReadsTest {

    private static final String CONTACTS = "/crm/v3/objects/contacts";
    private static final String UPDATE = CONTACTS + "/batch/update";

    private final Stand stand = new Stand();

    @AfterEach
    void stop() {
        stand.close();
    }

    private static List<ObjectUpdate> updates(String... ids) {
        List<ObjectUpdate> updates = new ArrayList<>();
        for (String id : ids) {
            updates.add(new ObjectUpdate(id, Map.of("hubscore_score", "42")));
        }
        return updates;
    }

    @Nested
    class BatchUpdate {

        @Test
        void aCompleteBatchAppliesEveryInputAndSendsHubSpotsShape() {
            stand.respondInTurn("POST", UPDATE, json(200, """
                    {"status":"COMPLETE","results":[{"id":"1","properties":{}},{"id":"2","properties":{}}]}"""));

            List<UpdateOutcome> outcomes = stand.client.batchUpdate(ObjectType.CONTACTS, updates("1", "2"));

            assertEquals(List.of(new UpdateOutcome.Applied("1"), new UpdateOutcome.Applied("2")), outcomes);
            stand.server.verify(postRequestedFor(urlPathEqualTo(UPDATE)).withRequestBody(equalToJson("""
                    {"inputs":[{"id":"1","properties":{"hubscore_score":"42"}},
                               {"id":"2","properties":{"hubscore_score":"42"}}]}""")));
        }

        @Test
        void a207IsMappedInputByInputFromContextIdsOrTheMessage() {
            stand.respondInTurn("POST", UPDATE, json(207, """
                    {"status":"COMPLETE","results":[{"id":"1"}],"numErrors":2,"errors":[
                      {"status":"error","category":"OBJECT_NOT_FOUND","message":"Could not get some CONTACT objects",
                       "context":{"ids":["2"]}},
                      {"status":"error","category":"VALIDATION_ERROR","subCategory":"INVALID_OPTION",
                       "message":"Property values were not valid for contact 3: hubscore_band 'Hot' is not an option"}]}"""));

            List<UpdateOutcome> outcomes = stand.client.batchUpdate(ObjectType.CONTACTS, updates("1", "2", "3", "4"));

            assertEquals(new UpdateOutcome.Applied("1"), outcomes.get(0));
            assertEquals(new UpdateOutcome.Rejected("2", 207, "OBJECT_NOT_FOUND", "Could not get some CONTACT objects"),
                    outcomes.get(1));
            UpdateOutcome.Rejected third = assertInstanceOf(UpdateOutcome.Rejected.class, outcomes.get(2));
            assertEquals("VALIDATION_ERROR", third.category());
            assertInstanceOf(UpdateOutcome.Transient.class, outcomes.get(3), "no outcome reported: retry later");
        }

        @Test
        void aBatchThatKeepsFailingWithServerErrorsIsTransientForEveryInput() {
            stand.respondInTurn("POST", UPDATE, aResponse().withStatus(503).withBody("<html>unavailable</html>"));

            List<UpdateOutcome> outcomes = stand.client.batchUpdate(ObjectType.CONTACTS, updates("1", "2"));

            assertEquals(2, outcomes.size());
            outcomes.forEach(outcome -> assertInstanceOf(UpdateOutcome.Transient.class, outcome));
        }

        @Test
        void aBatchRejectedAsAWholeIsRejectedForEveryInput() {
            stand.respondInTurn("POST", UPDATE, json(400, """
                    {"status":"error","category":"VALIDATION_ERROR","message":"Invalid input JSON"}"""));

            List<UpdateOutcome> outcomes = stand.client.batchUpdate(ObjectType.CONTACTS, updates("1", "2"));

            outcomes.forEach(outcome -> assertEquals("VALIDATION_ERROR",
                    assertInstanceOf(UpdateOutcome.Rejected.class, outcome).category()));
        }

        @Test
        void moreThanAHundredInputsOrARepeatedIdAreRefusedBeforeSending() {
            List<ObjectUpdate> tooMany = IntStream.rangeClosed(1, 101).mapToObj(i -> new ObjectUpdate(
                    Integer.toString(i), Map.of("a", "b"))).toList();

            assertThrows(IllegalArgumentException.class, () -> stand.client.batchUpdate(ObjectType.CONTACTS, tooMany));
            assertThrows(IllegalArgumentException.class, () -> stand.client.batchUpdate(ObjectType.CONTACTS, updates("1", "1")));
            assertEquals(0, stand.requestsTo(UPDATE));
        }
    }

    @Nested
    class Listing {

        @Test
        void pagesAreFetchedOnlyWhenAskedForAndExposeTheirCursor() {
            stand.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(CONTACTS))
                    .willReturn(json(200, ONE_CONTACT.replace("]}", "],\"paging\":{\"next\":{\"after\":\"102\"}}}"))));
            stand.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(CONTACTS))
                    .withQueryParam("after", equalTo("102")).willReturn(json(200, ONE_CONTACT.replace("101", "102"))));

            Iterator<Page<CrmObject>> pages = stand.client.listPages(ObjectType.CONTACTS,
                    ListQuery.of(List.of("email", "firstname")).withAssociations(ObjectType.DEALS));
            Page<CrmObject> first = pages.next();

            assertEquals(1, stand.requestsTo(CONTACTS));
            assertEquals("102", first.after());
            CrmObject ada = first.results().get(0);
            assertEquals("ada@example.com", ada.property("email"));
            assertEquals(null, ada.property("firstname"));
            Page<CrmObject> second = pages.next();
            assertTrue(second.isLast());
            assertEquals(false, pages.hasNext());
            stand.server.verify(getRequestedFor(urlPathEqualTo(CONTACTS)).withQueryParam("limit", equalTo("100"))
                    .withQueryParam("properties", equalTo("email,firstname")).withQueryParam("archived", equalTo("false"))
                    .withQueryParam("associations", equalTo("deals")));
        }

        @Test
        void engagementsBackfillWithTheirContactsInline() {
            stand.respondInTurn("GET", "/crm/v3/objects/calls", json(200, """
                    {"results":[{"id":"9001","properties":{"hs_call_direction":"INBOUND"},"archived":false,
                      "associations":{"contacts":{"results":[{"id":"101","type":"call_to_contact"},
                                                             {"id":"101","type":"call_to_contact_unlabeled"},
                                                             {"id":"205","type":"call_to_contact"}]}}}]}"""));

            Page<Engagement> page = stand.client.engagementPages(ObjectType.CALLS, List.of("hs_call_direction"), null).next();

            assertEquals(List.of("101", "205"), page.results().get(0).contactIds());
            stand.server.verify(getRequestedFor(urlPathEqualTo("/crm/v3/objects/calls"))
                    .withQueryParam("associations", equalTo("contacts")));
        }

        @Test
        void archivedContactsComeFromTheListWithArchivedTrue() {
            stand.respondInTurn("GET", CONTACTS, json(200, """
                    {"results":[{"id":"7","properties":{},"archived":true,"archivedAt":"2026-11-20T08:00:00Z"}]}"""));

            Page<CrmObject> page = stand.client.archivedPages(ObjectType.CONTACTS, List.of("email"), null).next();

            assertTrue(page.results().get(0).archived());
            assertEquals("2026-11-20T08:00:00Z", page.results().get(0).archivedAt());
            stand.server.verify(getRequestedFor(urlPathEqualTo(CONTACTS)).withQueryParam("archived", equalTo("true")));
        }

        @Test
        void batchReadAsksForAHundredIdsAtATime() {
            stand.respondInTurn("POST", CONTACTS + "/batch/read", json(200,
                    ONE_CONTACT.replace("{\"results\"", "{\"status\":\"COMPLETE\",\"results\"")));
            List<String> ids = IntStream.rangeClosed(1, 250).mapToObj(Integer::toString).toList();

            List<CrmObject> found = stand.client.batchRead(ObjectType.CONTACTS, ids, List.of("email"));

            assertEquals(3, found.size());
            assertEquals(3, stand.requestsTo(CONTACTS + "/batch/read"));
        }
    }

    @Nested
    class V4Associations {

        @Test
        void everyRowsOwnPagingIsFollowedAndIdsWithoutAssociationsMapToNothing() {
            String path = "/crm/v4/associations/emails/contacts/batch/read";
            stand.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(path))
                    .withRequestBody(equalToJson("{\"inputs\":[{\"id\":\"1\"},{\"id\":\"2\"},{\"id\":\"3\"}]}"))
                    .willReturn(json(207, """
                            {"status":"COMPLETE","results":[
                              {"from":{"id":"1"},"to":[{"toObjectId":11,"associationTypes":[]}],
                               "paging":{"next":{"after":"c1","link":null}}},
                              {"from":{"id":"2"},"to":[{"toObjectId":21,"associationTypes":[]}]}],
                             "errors":[{"status":"error","category":"OBJECT_NOT_FOUND","context":{"fromIds":["3"]}}]}""")));
            stand.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(path))
                    .withRequestBody(equalToJson("{\"inputs\":[{\"id\":\"1\",\"after\":\"c1\"}]}"))
                    .willReturn(json(200, """
                            {"status":"COMPLETE","results":[{"from":{"id":"1"},"to":[{"toObjectId":12}]}]}""")));

            Map<String, List<String>> contacts = stand.client.associations(ObjectType.EMAILS, ObjectType.CONTACTS,
                    List.of("1", "2", "3"));

            assertEquals(Map.of("1", List.of("11", "12"), "2", List.of("21"), "3", List.of()), contacts);
        }

        @Test
        void aThousandIdsGoInOneCall() {
            String path = "/crm/v4/associations/contacts/deals/batch/read";
            stand.respondInTurn("POST", path, json(200, "{\"status\":\"COMPLETE\",\"results\":[]}"));
            List<String> ids = IntStream.rangeClosed(1, 2_500).mapToObj(Integer::toString).toList();

            Map<String, List<String>> deals = stand.client.associations(ObjectType.CONTACTS, ObjectType.DEALS, ids);

            assertEquals(2_500, deals.size());
            assertEquals(3, stand.requestsTo(path));
        }
    }

    @Nested
    class PropertyDefinitions {

        private static final String PROPERTIES = "/crm/v3/properties/contacts";
        private final PropertyDefinition band = new PropertyDefinition("hubscore_band", "Lead band", "enumeration",
                "select", "hubscore", null, List.of(new PropertyDefinition.Option("Hot", "hot", 0, false),
                        new PropertyDefinition.Option("Cold", "cold", 1, false)));
        private final String existingBand = """
                {"name":"hubscore_band","label":"Band (renamed)","type":"enumeration","fieldType":"select",
                 "groupName":"other","options":[{"label":"Hot","value":"hot"},{"label":"Cold","value":"cold"},
                 {"label":"Warm","value":"warm"}]}""";

        @Test
        void aMissingPropertyIsCreated() {
            stand.respondInTurn("GET", PROPERTIES + "/hubscore_band", json(404, "{\"category\":\"OBJECT_NOT_FOUND\"}"));
            stand.respondInTurn("POST", PROPERTIES, json(201, existingBand));

            stand.client.ensureProperty(ObjectType.CONTACTS, band);

            stand.server.verify(postRequestedFor(urlPathEqualTo(PROPERTIES)).withRequestBody(equalToJson("""
                    {"name":"hubscore_band","label":"Lead band","type":"enumeration","fieldType":"select",
                     "groupName":"hubscore","options":[{"label":"Hot","value":"hot","displayOrder":0,"hidden":false},
                     {"label":"Cold","value":"cold","displayOrder":1,"hidden":false}]}""")));
        }

        @Test
        void anExistingCompatiblePropertyIsKeptAsIs() {
            stand.respondInTurn("GET", PROPERTIES + "/hubscore_band", json(200, existingBand));

            PropertyDefinition kept = stand.client.ensureProperty(ObjectType.CONTACTS, band);

            assertEquals("Band (renamed)", kept.label());
            assertEquals(0, stand.server.findAll(postRequestedFor(urlPathEqualTo(PROPERTIES))).size());
        }

        @Test
        void anExistingPropertyOfAnotherTypeIsAClearConflict() {
            stand.respondInTurn("GET", PROPERTIES + "/hubscore_band", json(200, existingBand
                    .replace("\"enumeration\"", "\"string\"").replace("\"select\"", "\"text\"")));

            PropertyConflict conflict = assertThrows(PropertyConflict.class,
                    () -> stand.client.ensureProperty(ObjectType.CONTACTS, band));

            assertTrue(conflict.getMessage().contains("hubscore_band"), conflict.getMessage());
            assertTrue(conflict.getMessage().contains("string/text"), conflict.getMessage());
        }

        @Test
        void a409FromARaceIsToleratedWhenTheWinnerMatches() {
            stand.respondInTurn("GET", PROPERTIES + "/hubscore_band", json(404, "{}"), json(200, existingBand));
            stand.respondInTurn("POST", PROPERTIES, json(409, "{\"category\":\"CONFLICT\",\"message\":\"exists\"}"));

            PropertyDefinition kept = stand.client.ensureProperty(ObjectType.CONTACTS, band);

            assertEquals("hubscore_band", kept.name());
        }

        private final PropertyDefinition score = new PropertyDefinition("hubscore_score", "Lead score", "number",
                "number", "hubscore", null, List.of());
        private final String existingScore = """
                {"name":"hubscore_score","label":"Lead score","type":"number","fieldType":"number",
                 "groupName":"hubscore","options":[]}""";

        private String batch(String... results) {
            return "{\"status\":\"COMPLETE\",\"results\":[" + String.join(",", results) + "],"
                    + "\"startedAt\":\"2026-01-01T00:00:00Z\",\"completedAt\":\"2026-01-01T00:00:00Z\"}";
        }

        @Test
        void whenEveryPropertyExistsOneBatchReadIsTheOnlyCall() {
            stand.respondInTurn("POST", PROPERTIES + "/batch/read", json(200, batch(existingScore, existingBand)));

            List<PropertyDefinition> kept = stand.client.ensureProperties(ObjectType.CONTACTS,
                    new PropertyGroup("hubscore", "hubscore", 0), List.of(score, band));

            assertEquals(List.of("hubscore_score", "hubscore_band"), kept.stream().map(PropertyDefinition::name)
                    .toList());
            assertEquals(1, stand.server.getAllServeEvents().size());
            stand.server.verify(postRequestedFor(urlPathEqualTo(PROPERTIES + "/batch/read"))
                    .withRequestBody(equalToJson("""
                            {"archived":false,"inputs":[{"name":"hubscore_score"},{"name":"hubscore_band"}]}""")));
        }

        @Test
        void theMissingOnesAreCreatedInOneBatchInTheGroup() {
            stand.respondInTurn("POST", PROPERTIES + "/batch/read", json(207, batch(existingScore)));
            stand.respondInTurn("POST", PROPERTIES + "/groups", json(201, "{\"name\":\"hubscore\"}"));
            stand.respondInTurn("POST", PROPERTIES + "/batch/create", json(201, batch(existingBand)));

            stand.client.ensureProperties(ObjectType.CONTACTS, new PropertyGroup("hubscore", "hubscore", 0),
                    List.of(score, band));

            assertEquals(3, stand.server.getAllServeEvents().size());
            stand.server.verify(postRequestedFor(urlPathEqualTo(PROPERTIES + "/batch/create"))
                    .withRequestBody(equalToJson("""
                            {"inputs":[{"name":"hubscore_band","label":"Lead band","type":"enumeration",
                             "fieldType":"select","groupName":"hubscore","options":[
                             {"label":"Hot","value":"hot","displayOrder":0,"hidden":false},
                             {"label":"Cold","value":"cold","displayOrder":1,"hidden":false}]}]}""")));
        }

        @Test
        void aBatchReadThatFindsNoneAsA404CreatesThemAll() {
            stand.respondInTurn("POST", PROPERTIES + "/batch/read", json(404,
                    "{\"status\":\"error\",\"category\":\"OBJECT_NOT_FOUND\",\"message\":\"not found\"}"));
            stand.respondInTurn("POST", PROPERTIES + "/groups", json(201, "{\"name\":\"hubscore\"}"));
            stand.respondInTurn("POST", PROPERTIES + "/batch/create", json(201, batch(existingScore, existingBand)));

            List<PropertyDefinition> made = stand.client.ensureProperties(ObjectType.CONTACTS,
                    new PropertyGroup("hubscore", "hubscore", 0), List.of(score, band));

            assertEquals(2, made.size());
            assertEquals(1, stand.requestsTo(PROPERTIES + "/batch/create"));
        }

        @Test
        void aBatchCreateRefusedWith409ForOneThatExistsFallsBackToOneAtATime() {
            stand.respondInTurn("POST", PROPERTIES + "/batch/read", json(207, batch()));
            stand.respondInTurn("POST", PROPERTIES + "/groups", json(409, "{\"category\":\"CONFLICT\"}"));
            stand.respondInTurn("POST", PROPERTIES + "/batch/create", json(409,
                    "{\"status\":\"error\",\"category\":\"OBJECT_ALREADY_EXISTS\",\"message\":\"exists\"}"));
            stand.respondInTurn("GET", PROPERTIES + "/hubscore_score", json(200, existingScore));
            stand.respondInTurn("GET", PROPERTIES + "/hubscore_band", json(404, "{}"));
            stand.respondInTurn("POST", PROPERTIES, json(201, existingBand));

            List<PropertyDefinition> ensured = stand.client.ensureProperties(ObjectType.CONTACTS,
                    new PropertyGroup("hubscore", "hubscore", 0), List.of(score, band));

            assertEquals(List.of("hubscore_score", "hubscore_band"),
                    ensured.stream().map(PropertyDefinition::name).toList());
            assertEquals(1, stand.server.findAll(postRequestedFor(urlPathEqualTo(PROPERTIES))).size(),
                    "only the missing one is created on its own");
        }

        @Test
        void aPropertyTheBatchCreateDidNotMakeIsCheckedOnItsOwn() {
            stand.respondInTurn("POST", PROPERTIES + "/batch/read", json(207, batch()));
            stand.respondInTurn("POST", PROPERTIES + "/groups", json(409, "{\"category\":\"CONFLICT\"}"));
            stand.respondInTurn("POST", PROPERTIES + "/batch/create", json(207, batch()));
            stand.respondInTurn("GET", PROPERTIES + "/hubscore_band", json(200, existingBand
                    .replace("\"enumeration\"", "\"string\"").replace("\"select\"", "\"text\"")));

            PropertyConflict conflict = assertThrows(PropertyConflict.class, () -> stand.client.ensureProperties(
                    ObjectType.CONTACTS, new PropertyGroup("hubscore", "hubscore", 0), List.of(band)));

            assertTrue(conflict.getMessage().contains("hubscore_band"), conflict.getMessage());
        }

        @Test
        void anExistingPropertyOfAnotherTypeFoundByTheBatchReadIsAClearConflict() {
            stand.respondInTurn("POST", PROPERTIES + "/batch/read", json(200, batch(existingBand
                    .replace("\"enumeration\"", "\"string\"").replace("\"select\"", "\"text\""))));

            PropertyConflict conflict = assertThrows(PropertyConflict.class, () -> stand.client.ensureProperties(
                    ObjectType.CONTACTS, new PropertyGroup("hubscore", "hubscore", 0), List.of(band)));

            assertTrue(conflict.getMessage().contains("string/text"), conflict.getMessage());
            assertEquals(1, stand.server.getAllServeEvents().size(), "nothing is created beside a conflict");
        }

        @Test
        void anExistingGroupIsFine() {
            stand.respondInTurn("POST", PROPERTIES + "/groups", json(409, "{\"category\":\"CONFLICT\"}"));

            stand.client.ensurePropertyGroup(ObjectType.CONTACTS, new PropertyGroup("hubscore", "hubscore", 0));

            assertEquals(1, stand.requestsTo(PROPERTIES + "/groups"));
        }
    }
}
