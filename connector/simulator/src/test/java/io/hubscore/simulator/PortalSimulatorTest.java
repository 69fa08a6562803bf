package io.hubscore.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PortalSimulatorTest {

    private static final String TOKEN = "test-token";

    private final MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
    private PortalSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private Http start(Portal portal, SimulatorOptions options) {
        simulator = PortalSimulator.start(options.withToken(TOKEN).withClock(clock), portal);
        return new Http(simulator, TOKEN);
    }

    private Http start(int contacts) {
        return start(Portal.generate(contacts, 7L, clock), SimulatorOptions.defaults().withoutRateLimits());
    }

    private static String searchBody(String filterGroups, String sorts, int limit, String after) {
        return "{\"filterGroups\":" + filterGroups + ",\"sorts\":" + sorts + ",\"limit\":" + limit
                + (after == null ? "" : ",\"after\":\"" + after + "\"") + ",\"properties\":[\"email\",\"lifecyclestage\"]}";
    }

    @Nested
    class ListingContacts {

        @Test
        void pagingWithTheAfterCursorCoversEveryContactExactlyOnce() {
            Http http = start(250);
            List<String> seen = new ArrayList<>();
            String after = null;
            int pages = 0;

            do {
                Http.Reply reply = http.get("/crm/v3/objects/contacts?limit=100" + (after == null ? "" : "&after=" + after));
                assertEquals(200, reply.status());
                JsonNode page = reply.json();
                page.path("results").forEach(result -> seen.add(result.path("id").asText()));
                after = page.path("paging").path("next").path("after").asText(null);
                pages++;
            } while (after != null);

            assertEquals(3, pages);
            assertEquals(simulator.portal().contactIds(), seen);
            assertEquals(seen.size(), new HashSet<>(seen).size());
        }

        @Test
        void aLimitAbove100IsRefusedAndTheDefaultIs10() {
            Http http = start(30);

            Http.Reply tooMany = http.get("/crm/v3/objects/contacts?limit=101");
            Http.Reply byDefault = http.get("/crm/v3/objects/contacts");

            assertEquals(400, tooMany.status());
            assertEquals("VALIDATION_ERROR", tooMany.json().path("category").asText());
            assertEquals(10, byDefault.json().path("results").size());
        }

        @Test
        void requestedPropertiesComeBackAsStringsOrNullAndUnknownOnesAreLeftOut() {
            Http http = start(5);
            String id = simulator.portal().contactIds().get(0);
            simulator.portal().updateContact(id, Map.of("hs_lead_status", ""));

            JsonNode contact = http.get("/crm/v3/objects/contacts/" + id + "?properties=jobtitle,hs_lead_status,nope")
                    .json();

            assertTrue(contact.path("properties").has("hs_lead_status"));
            assertTrue(contact.path("properties").get("hs_lead_status").isNull());
            assertFalse(contact.path("properties").has("nope"));
            assertEquals(id, contact.path("properties").path("hs_object_id").asText());
            assertTrue(contact.path("properties").path("lastmodifieddate").isTextual());
        }

        @Test
        void archivedContactsShowOnlyWithArchivedTrue() {
            Http http = start(20);
            String id = simulator.portal().contactIds().get(3);
            simulator.portal().archiveContact(id);

            Set<String> active = ids(http.get("/crm/v3/objects/contacts?limit=100").json());
            Set<String> archived = ids(http.get("/crm/v3/objects/contacts?limit=100&archived=true").json());

            assertFalse(active.contains(id));
            assertEquals(Set.of(id), archived);
        }

        @Test
        void associationsAreReturnedInlineWhenAsked() {
            Http http = start(40);
            Portal portal = simulator.portal();
            String contact = portal.contactIds().get(0);
            String email = portal.addEngagement(EngagementType.EMAILS,
                    Map.of("hs_email_direction", "INCOMING_EMAIL"), List.of(contact));

            JsonNode emails = http.get("/crm/v3/objects/emails/" + email + "?associations=contacts").json();

            JsonNode link = emails.path("associations").path("contacts").path("results").get(0);
            assertEquals(contact, link.path("id").asText());
            assertEquals("email_to_contact", link.path("type").asText());
        }
        @Test
        void aPageReadAgainAfterAnUpdateShowsTheNewValues() {
            Http http = start(30);
            String id = simulator.portal().contactIds().get(0);
            http.get("/crm/v3/objects/contacts?limit=100&properties=jobtitle");
            clock.advance(Duration.ofMinutes(1));

            simulator.portal().updateContact(id, Map.of("jobtitle", "Head of Growth"));
            JsonNode again = http.get("/crm/v3/objects/contacts?limit=100&properties=jobtitle").json();
            JsonNode wider = http.get("/crm/v3/objects/contacts?limit=100&properties=jobtitle,lifecyclestage").json();
            JsonNode searched = http.post("/crm/v3/objects/contacts/search", "{\"filterGroups\":[{\"filters\":[{"
                    + "\"propertyName\":\"hs_object_id\",\"operator\":\"EQ\",\"value\":\"" + id + "\"}]}],"
                    + "\"properties\":[\"jobtitle\"]}").json();

            JsonNode first = again.path("results").get(0);
            assertEquals(id, first.path("id").asText());
            assertEquals("Head of Growth", first.path("properties").path("jobtitle").asText());
            assertEquals(Timestamps.iso(clock.instant()), first.path("updatedAt").asText());
            assertEquals(Timestamps.iso(clock.instant()), first.path("properties").path("lastmodifieddate").asText());
            assertTrue(wider.path("results").get(0).path("properties").has("lifecyclestage"));
            assertEquals("Head of Growth", searched.path("results").get(0).path("properties").path("jobtitle").asText());
        }

        @Test
        void engagementListsCarryTheirContactsInlineForABackfill() {
            Http http = start(40);
            Portal portal = simulator.portal();
            String contact = portal.contactIds().get(0);
            String call = portal.addEngagement(EngagementType.CALLS, Map.of("hs_call_direction", "INBOUND"),
                    List.of(contact));
            List<JsonNode> listed = new ArrayList<>();
            String after = null;

            do {
                JsonNode page = http.get("/crm/v3/objects/calls?limit=100&associations=contacts"
                        + (after == null ? "" : "&after=" + after)).json();
                page.path("results").forEach(listed::add);
                after = page.path("paging").path("next").path("after").asText(null);
            } while (after != null);
            JsonNode searched = http.post("/crm/v3/objects/calls/search", searchBody("[]", "[]", 100, null)).json();

            JsonNode ours = listed.stream().filter(result -> call.equals(result.path("id").asText())).findFirst().orElseThrow();
            JsonNode link = ours.path("associations").path("contacts").path("results").get(0);
            assertEquals(contact, link.path("id").asText());
            assertEquals("call_to_contact", link.path("type").asText());
            assertTrue(listed.stream().allMatch(result -> result.path("associations").path("contacts").path("results").size() > 0));
            assertEquals(listed.size(), searched.path("total").asInt());
            assertTrue(searched.path("results").size() > 0);
            searched.path("results").forEach(result -> assertTrue(result.path("associations").isMissingNode()));
        }

        @Test
        void deletingThroughTheApiArchivesTheContact() {
            Http http = start(10);
            String id = simulator.portal().contactIds().get(2);

            Http.Reply deleted = http.delete("/crm/v3/objects/contacts/" + id);
            JsonNode archived = http.get("/crm/v3/objects/contacts?archived=true").json().path("results");

            assertEquals(204, deleted.status());
            assertEquals(404, http.get("/crm/v3/objects/contacts/" + id).status());
            assertEquals(1, archived.size());
            assertEquals(id, archived.get(0).path("id").asText());
            assertTrue(archived.get(0).path("archived").asBoolean());
            assertEquals(Timestamps.iso(clock.instant()), archived.get(0).path("archivedAt").asText());
        }
    }

    @Nested
    class Searching {

        @Test
        void filterGroupsAreOredAndFiltersAnded() {
            Http http = start(300);
            Map<String, Map<String, String>> all = simulator.portal().allContactProperties();
            long expected = all.values().stream().filter(p -> ("Canada".equals(p.get("country"))
                    && "false".equals(p.get("hs_email_optout"))) || "Student".equals(p.get("jobtitle"))).count();

            JsonNode result = http.post("/crm/v3/objects/contacts/search", searchBody(
                    "[{\"filters\":[{\"propertyName\":\"country\",\"operator\":\"EQ\",\"value\":\"Canada\"},"
                            + "{\"propertyName\":\"hs_email_optout\",\"operator\":\"EQ\",\"value\":\"false\"}]},"
                            + "{\"filters\":[{\"propertyName\":\"jobtitle\",\"operator\":\"EQ\",\"value\":\"student\"}]}]",
                    "[]", 200, null)).json();

            assertTrue(expected > 0);
            assertEquals(expected, result.path("total").asLong());
        }

        @Test
        void numbersAndIdsCompareAsNumbersAndSortAscending() {
            Http http = start(120);
            List<String> ids = simulator.portal().contactIds();
            String pivot = ids.get(ids.size() / 2);

            JsonNode result = http.post("/crm/v3/objects/contacts/search", searchBody(
                    "[{\"filters\":[{\"propertyName\":\"hs_object_id\",\"operator\":\"GT\",\"value\":\"" + pivot + "\"}]}]",
                    "[{\"propertyName\":\"hs_object_id\",\"direction\":\"ASCENDING\"}]", 200, null)).json();

            List<String> returned = new ArrayList<>();
            result.path("results").forEach(r -> returned.add(r.path("id").asText()));
            assertEquals(ids.subList(ids.size() / 2 + 1, ids.size()), returned);
        }

        @Test
        void idBoundsInSomeGroupsOnlyStillFindEveryMatch() {
            Http http = start(150);
            List<String> ids = simulator.portal().contactIds();
            Map<String, Map<String, String>> all = simulator.portal().allContactProperties();
            String pivot = ids.get(100);
            String low = ids.get(20);
            // a group bounded above the pivot ORed with one bounded lower (GTE) and one not bounded by id at all
            long expected = all.entrySet().stream().filter(e -> Long.parseLong(e.getKey()) > Long.parseLong(pivot)
                    || (Long.parseLong(e.getKey()) >= Long.parseLong(low) && "Student".equals(e.getValue().get("jobtitle")))
                    || "Canada".equals(e.getValue().get("country"))).count();
            String bounded = "[{\"filters\":[{\"propertyName\":\"hs_object_id\",\"operator\":\"GT\",\"value\":\""
                    + pivot + "\"}]},{\"filters\":[{\"propertyName\":\"jobtitle\",\"operator\":\"EQ\",\"value\":"
                    + "\"Student\"},{\"propertyName\":\"hs_object_id\",\"operator\":\"GTE\",\"value\":\"" + low
                    + "\"}]}";

            JsonNode twoGroups = http.post("/crm/v3/objects/contacts/search", searchBody(bounded + "]", "[]", 200,
                    null)).json();
            JsonNode threeGroups = http.post("/crm/v3/objects/contacts/search", searchBody(bounded + ",{\"filters\":"
                    + "[{\"propertyName\":\"country\",\"operator\":\"EQ\",\"value\":\"Canada\"}]}]", "[]", 200,
                    null)).json();

            long boundedOnly = all.entrySet().stream().filter(e -> Long.parseLong(e.getKey()) > Long.parseLong(pivot)
                    || (Long.parseLong(e.getKey()) >= Long.parseLong(low) && "Student".equals(e.getValue().get("jobtitle"))))
                    .count();
            assertTrue(boundedOnly < expected && boundedOnly > ids.size() - 101, boundedOnly + " of " + expected);
            assertEquals(boundedOnly, twoGroups.path("total").asLong());
            assertEquals(expected, threeGroups.path("total").asLong());
        }

        @Test
        void operatorsForTokensPresenceSetsAndRanges() {
            Http http = start(400);
            Map<String, Map<String, String>> all = simulator.portal().allContactProperties();
            long caseStudies = all.values().stream().filter(p -> p.getOrDefault("recent_conversion_event_name", "")
                    .toLowerCase().contains("case study")).count();
            long withoutTitle = all.values().stream().filter(p -> !p.containsKey("jobtitle")).count();
            long inCountries = all.values().stream().filter(p -> "France".equals(p.get("country"))
                    || "Belgium".equals(p.get("country"))).count();
            long midViews = all.values().stream().mapToLong(p -> Long.parseLong(p.get("hs_analytics_num_page_views")))
                    .filter(v -> v >= 5 && v <= 20).count();

            long tokenTotal = total(http, "{\"propertyName\":\"recent_conversion_event_name\",\"operator\":\"CONTAINS_TOKEN\",\"value\":\"*case study*\"}");
            long noTitleTotal = total(http, "{\"propertyName\":\"jobtitle\",\"operator\":\"NOT_HAS_PROPERTY\"}");
            long inTotal = total(http, "{\"propertyName\":\"country\",\"operator\":\"IN\",\"values\":[\"France\",\"Belgium\"]}");
            long betweenTotal = total(http, "{\"propertyName\":\"hs_analytics_num_page_views\",\"operator\":\"BETWEEN\",\"value\":\"5\",\"highValue\":\"20\"}");

            assertEquals(caseStudies, tokenTotal);
            assertEquals(withoutTitle, noTitleTotal);
            assertEquals(inCountries, inTotal);
            assertEquals(midViews, betweenTotal);
        }

        private long total(Http http, String filter) {
            Http.Reply reply = http.post("/crm/v3/objects/contacts/search",
                    searchBody("[{\"filters\":[" + filter + "]}]", "[]", 10, null));
            assertEquals(200, reply.status(), reply.body());
            return reply.json().path("total").asLong();
        }

        @Test
        void pagingPastTenThousandResultsIsRefusedWith400() {
            Http http = start(10_050);
            String after = null;
            int seen = 0;

            Http.Reply reply;
            do {
                reply = http.post("/crm/v3/objects/contacts/search",
                        searchBody("[]", "[{\"propertyName\":\"hs_object_id\",\"direction\":\"ASCENDING\"}]", 200, after));
                if (reply.status() == 200) {
                    seen += reply.json().path("results").size();
                    assertEquals(10_050, reply.json().path("total").asInt());
                    after = reply.json().path("paging").path("next").path("after").asText(null);
                }
            } while (reply.status() == 200 && after != null);

            assertEquals(10_000, seen);
            assertEquals("10000", after);
            assertEquals(400, reply.status());
            assertEquals("VALIDATION_ERROR", reply.json().path("category").asText());
        }

        @Test
        void aLimitAbove200IsRefused() {
            Http http = start(5);

            Http.Reply reply = http.post("/crm/v3/objects/contacts/search", searchBody("[]", "[]", 201, null));

            assertEquals(400, reply.status());
        }

        @Test
        void archivedContactsNeverAppear() {
            Http http = start(10);
            String id = simulator.portal().contactIds().get(0);
            simulator.portal().archiveContact(id);

            JsonNode result = http.post("/crm/v3/objects/contacts/search", searchBody("[]", "[]", 100, null)).json();

            assertEquals(9, result.path("total").asInt());
            assertFalse(ids(result).contains(id));
        }

        @Test
        void changesReachSearchOnlyAfterTheSearchLag() {
            Http http = start(Portal.generate(20, 3L, clock),
                    SimulatorOptions.defaults().withoutRateLimits().withSearchLag(Duration.ofSeconds(5)));
            String id = simulator.portal().contactIds().get(0);
            String filter = "[{\"filters\":[{\"propertyName\":\"email\",\"operator\":\"EQ\",\"value\":\"moved@example.com\"}]}]";
            simulator.portal().updateContact(id, Map.of("email", "moved@example.com"));

            long before = http.post("/crm/v3/objects/contacts/search", searchBody(filter, "[]", 10, null))
                    .json().path("total").asLong();
            clock.advance(Duration.ofSeconds(5));
            long after = http.post("/crm/v3/objects/contacts/search", searchBody(filter, "[]", 10, null))
                    .json().path("total").asLong();

            assertEquals(0, before);
            assertEquals(1, after);
            assertEquals("moved@example.com", http.get("/crm/v3/objects/contacts/" + id + "?properties=email")
                    .json().path("properties").path("email").asText());
        }

        @Test
        void engagementsAreSearchableByTheirModifiedDate() {
            Http http = start(60);
            String contact = simulator.portal().contactIds().get(0);
            clock.advance(Duration.ofMinutes(1));
            String since = Long.toString(clock.millis());
            String call = simulator.portal().addEngagement(EngagementType.CALLS, Map.of("hs_call_direction", "INBOUND"),
                    List.of(contact));

            JsonNode result = http.post("/crm/v3/objects/calls/search", searchBody(
                    "[{\"filters\":[{\"propertyName\":\"hs_lastmodifieddate\",\"operator\":\"GTE\",\"value\":\"" + since + "\"}]}]",
                    "[]", 10, null)).json();

            assertEquals(Set.of(call), ids(result));
        }
    }

    @Nested
    class BatchUpdates {

        @Test
        void moreThan100InputsIsRefusedAsAWhole() {
            Http http = start(120);
            List<Map<String, Object>> inputs = new ArrayList<>();
            for (String id : simulator.portal().contactIds().subList(0, 101)) {
                inputs.add(Map.of("id", id, "properties", Map.of("jobtitle", "CTO")));
            }

            Http.Reply reply = http.post("/crm/v3/objects/contacts/batch/update", Http.json(Map.of("inputs", inputs)));

            assertEquals(400, reply.status());
            assertEquals("VALIDATION_ERROR", reply.json().path("category").asText());
            assertEquals(0, simulator.portal().allContactProperties().values().stream()
                    .filter(p -> "CTO".equals(p.get("jobtitle"))).count());
        }

        @Test
        void aBadInputFailsAloneWith207AndTheRestAreApplied() {
            Http http = start(10);
            List<String> ids = simulator.portal().contactIds();
            String before = simulator.portal().contactProperties(ids.get(0)).orElseThrow().get("lastmodifieddate");
            clock.advance(Duration.ofMinutes(3));
            String body = Http.json(Map.of("inputs", List.of(
                    Map.of("id", ids.get(0), "properties", Map.of("lifecyclestage", "opportunity")),
                    Map.of("id", ids.get(1), "properties", Map.of("lifecyclestage", "hot-lead")),
                    Map.of("id", ids.get(2), "properties", Map.of("no_such_property", "1")))));

            Http.Reply reply = http.post("/crm/v3/objects/contacts/batch/update", body);

            assertEquals(207, reply.status());
            JsonNode json = reply.json();
            assertEquals(2, json.path("numErrors").asInt());
            assertEquals(ids.get(1), json.path("errors").get(0).path("context").path("ids").get(0).asText());
            assertTrue(json.path("errors").get(0).path("message").asText().contains("INVALID_OPTION"));
            assertEquals(ids.get(2), json.path("errors").get(1).path("context").path("ids").get(0).asText());
            assertTrue(json.path("errors").get(1).path("message").asText().contains("PROPERTY_DOESNT_EXIST"));
            Map<String, String> applied = simulator.portal().contactProperties(ids.get(0)).orElseThrow();
            assertEquals("opportunity", applied.get("lifecyclestage"));
            assertNotEquals(before, applied.get("lastmodifieddate"));
            assertEquals(Timestamps.iso(clock.instant()), applied.get("lastmodifieddate"));
            assertEquals(applied.get("lastmodifieddate"), applied.get("hs_lastmodifieddate"));
            assertEquals(3, simulator.stats().batchUpdateInputs());
            assertEquals(2, simulator.stats().rejectedInputs());
        }

        @Test
        void aNewEnumerationPropertyEnforcesItsOptionsAndADuplicateIs409() {
            Http http = start(3);
            String property = Http.json(Map.of("name", "hubscore_band", "label", "Band", "type", "enumeration",
                    "fieldType", "select", "groupName", "contactinformation", "options", List.of(
                            Map.of("label", "Hot", "value", "hot"), Map.of("label", "Cold", "value", "cold"))));
            String id = simulator.portal().contactIds().get(0);

            Http.Reply created = http.post("/crm/v3/properties/contacts", property);
            Http.Reply duplicate = http.post("/crm/v3/properties/contacts", property);
            Http.Reply wrongCase = http.post("/crm/v3/objects/contacts/batch/update", Http.json(Map.of("inputs",
                    List.of(Map.of("id", id, "properties", Map.of("hubscore_band", "Hot"))))));
            Http.Reply right = http.post("/crm/v3/objects/contacts/batch/update", Http.json(Map.of("inputs",
                    List.of(Map.of("id", id, "properties", Map.of("hubscore_band", "hot"))))));

            assertEquals(201, created.status());
            assertEquals(409, duplicate.status());
            assertEquals(207, wrongCase.status());
            assertEquals(200, right.status());
            assertEquals("hot", simulator.portal().contactProperties(id).orElseThrow().get("hubscore_band"));
            assertEquals(200, http.get("/crm/v3/properties/contacts/hubscore_band").status());
            assertEquals(404, http.get("/crm/v3/properties/contacts/nothing_here").status());
        }

        @Test
        void propertiesAreReadAndCreatedInBatchesAndWhatIsMissingOrExistsIsAnErrorOfA207() {
            Http http = start(1);
            Map<String, Object> score = Map.of("name", "hubscore_score", "label", "Score", "type", "number",
                    "fieldType", "number", "groupName", "contactinformation");

            Http.Reply before = http.post("/crm/v3/properties/contacts/batch/read", Http.json(Map.of("archived", false,
                    "inputs", List.of(Map.of("name", "email"), Map.of("name", "hubscore_score")))));
            Http.Reply created = http.post("/crm/v3/properties/contacts/batch/create",
                    Http.json(Map.of("inputs", List.of(score))));
            Http.Reply again = http.post("/crm/v3/properties/contacts/batch/create",
                    Http.json(Map.of("inputs", List.of(score))));
            Http.Reply after = http.post("/crm/v3/properties/contacts/batch/read", Http.json(Map.of("archived", false,
                    "inputs", List.of(Map.of("name", "email"), Map.of("name", "hubscore_score")))));

            assertEquals(207, before.status());
            assertEquals(List.of("email"), names(before.json().path("results")));
            assertEquals("hubscore_score", before.json().path("errors").path(0).path("context").path("names").path(0)
                    .asText());
            assertEquals(201, created.status());
            assertEquals(List.of("hubscore_score"), names(created.json().path("results")));
            assertEquals(207, again.status());
            assertEquals("OBJECT_ALREADY_EXISTS", again.json().path("errors").path(0).path("category").asText());
            assertEquals(200, after.status());
            assertEquals(List.of("email", "hubscore_score"), names(after.json().path("results")));
        }

        private List<String> names(com.fasterxml.jackson.databind.JsonNode results) {
            List<String> names = new java.util.ArrayList<>();
            results.forEach(r -> names.add(r.path("name").asText()));
            return names;
        }

        @Test
        void aDuplicatePropertyGroupIs409() {
            Http http = start(1);
            String group = "{\"name\":\"hubscore\",\"label\":\"hubscore\",\"displayOrder\":-1}";

            Http.Reply created = http.post("/crm/v3/properties/contacts/groups", group);
            Http.Reply duplicate = http.post("/crm/v3/properties/contacts/groups", group);

            assertEquals(201, created.status());
            assertEquals("hubscore", created.json().path("name").asText());
            assertEquals(409, duplicate.status());
            assertEquals("error", duplicate.json().path("status").asText());
        }

        @Test
        void batchReadReportsMissingIdsWith207() {
            Http http = start(5);
            String id = simulator.portal().contactIds().get(0);

            Http.Reply reply = http.post("/crm/v3/objects/contacts/batch/read",
                    "{\"inputs\":[{\"id\":\"" + id + "\"},{\"id\":\"999999\"}],\"properties\":[\"email\"]}");

            assertEquals(207, reply.status());
            assertEquals(id, reply.json().path("results").get(0).path("id").asText());
            assertEquals("999999", reply.json().path("errors").get(0).path("context").path("ids").get(0).asText());
        }
    }

    /** Each entry of a 207's errors[] as HubSpot's published StandardError schema requires it. */
    @Nested
    class BatchErrorsAsHubSpotsSchemaHasThem {

        private static final List<String> REQUIRED = List.of("status", "category", "message", "context", "errors", "links");

        private void assertStandardError(JsonNode error) {
            for (String field : REQUIRED) {
                assertTrue(error.has(field), "StandardError requires '" + field + "': " + error);
            }
            assertEquals("error", error.path("status").asText());
            assertTrue(error.path("category").isTextual() && error.path("message").isTextual(), error.toString());
            assertTrue(error.path("context").isObject(), error.toString());
            error.path("context").forEach(values -> {
                assertTrue(values.isArray(), "context maps names to lists of strings: " + error);
                values.forEach(value -> assertTrue(value.isTextual(), error.toString()));
            });
            assertTrue(error.path("errors").isArray(), error.toString());
            assertTrue(error.path("links").isObject(), error.toString());
        }

        @Test
        void aBatchReadOfAMissingIdAnswersAStandardErrorNamingIt() {
            Http http = start(3);
            String id = simulator.portal().contactIds().get(0);

            Http.Reply reply = http.post("/crm/v3/objects/contacts/batch/read",
                    "{\"inputs\":[{\"id\":\"" + id + "\"},{\"id\":\"999999\"}],\"properties\":[\"email\"]}");

            assertEquals(207, reply.status());
            JsonNode error = reply.json().path("errors").get(0);
            assertStandardError(error);
            assertEquals("OBJECT_NOT_FOUND", error.path("category").asText());
            assertEquals("999999", error.path("context").path("ids").get(0).asText());
        }

        @Test
        void aBatchUpdateAnswersAStandardErrorForEachRejectedInput() {
            Http http = start(3);
            List<String> ids = simulator.portal().contactIds();
            String body = Http.json(Map.of("inputs", List.of(
                    Map.of("id", ids.get(0), "properties", Map.of("lifecyclestage", "hot-lead")),
                    Map.of("id", "999999", "properties", Map.of("jobtitle", "CTO")),
                    Map.of("id", ids.get(1), "properties", Map.of("no_such_property", "1")))));

            Http.Reply reply = http.post("/crm/v3/objects/contacts/batch/update", body);

            assertEquals(207, reply.status());
            JsonNode errors = reply.json().path("errors");
            assertEquals(3, errors.size());
            errors.forEach(this::assertStandardError);
            assertEquals("VALIDATION_ERROR", errors.get(0).path("category").asText());
            assertEquals("lifecyclestage", errors.get(0).path("context").path("propertyName").get(0).asText());
            assertEquals("OBJECT_NOT_FOUND", errors.get(1).path("category").asText());
            assertEquals("999999", errors.get(1).path("context").path("ids").get(0).asText());
        }

        @Test
        void aV4AssociationReadAnswersAStandardErrorForAnIdWithoutAssociations() {
            Http http = start(3);
            String lonely = simulator.portal().addEngagement(EngagementType.NOTES, Map.of("hs_note_body", "x"), List.of());

            Http.Reply reply = http.post("/crm/v4/associations/notes/contacts/batch/read",
                    "{\"inputs\":[{\"id\":\"" + lonely + "\"}]}");

            assertEquals(207, reply.status(), reply.body());
            JsonNode error = reply.json().path("errors").get(0);
            assertStandardError(error);
            assertEquals("crm.associations.NO_ASSOCIATIONS_FOUND", error.path("subCategory").asText());
            assertEquals(lonely, error.path("context").path("fromObjectId").get(0).asText());
        }
    }

    @Nested
    class AssociationsAndDeals {

        @Test
        void v4BatchReadReturnsEachContactsEngagementsAndDeals() {
            Http http = start(10);
            Portal portal = simulator.portal();
            String contact = portal.contactIds().get(0);
            String meeting = portal.addEngagement(EngagementType.MEETINGS, Map.of("hs_meeting_outcome", "COMPLETED"),
                    List.of(contact));
            String deal = portal.createDeal(Map.of("dealname", "Big one"), List.of(contact));
            portal.closeDeal(deal, true);

            JsonNode meetings = http.post("/crm/v4/associations/meetings/contacts/batch/read",
                    "{\"inputs\":[{\"id\":\"" + meeting + "\"}]}").json();
            JsonNode deals = http.post("/crm/v4/associations/contact/deal/batch/read",
                    "{\"inputs\":[{\"id\":\"" + contact + "\"}]}").json();
            JsonNode dealRead = http.post("/crm/v3/objects/deals/batch/read", "{\"inputs\":[{\"id\":\"" + deal
                    + "\"}],\"properties\":[\"hs_is_closed\",\"hs_is_closed_won\",\"dealstage\"]}").json();

            assertEquals(Long.parseLong(contact), meetings.path("results").get(0).path("to").get(0).path("toObjectId").asLong());
            assertTrue(ids(deals.path("results").get(0).path("to"), "toObjectId").contains(deal));
            JsonNode closed = dealRead.path("results").get(0).path("properties");
            assertEquals("true", closed.path("hs_is_closed").asText());
            assertEquals("true", closed.path("hs_is_closed_won").asText());
            assertEquals("closedwon", closed.path("dealstage").asText());
        }

        @Test
        void moreThan1000AssociationInputsIsRefused() {
            Http http = start(1);
            StringBuilder inputs = new StringBuilder();
            for (int i = 0; i < 1001; i++) {
                inputs.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i + 1).append("\"}");
            }

            Http.Reply reply = http.post("/crm/v4/associations/contacts/emails/batch/read", "{\"inputs\":[" + inputs + "]}");

            assertEquals(400, reply.status());
        }

        @Test
        void aMergedContactDisappearsAndTheSurvivorListsIt() {
            Http http = start(5);
            List<String> ids = simulator.portal().contactIds();

            Http.Reply reply = http.post("/crm/v3/objects/contacts/merge",
                    "{\"primaryObjectId\":\"" + ids.get(0) + "\",\"objectIdToMerge\":\"" + ids.get(1) + "\"}");

            assertEquals(200, reply.status());
            assertEquals(ids.get(1), reply.json().path("properties").path("hs_merged_object_ids").asText());
            assertEquals(404, http.get("/crm/v3/objects/contacts/" + ids.get(1)).status());
        }
    }

    @Nested
    class Authentication {

        @Test
        void aMissingOrWrongTokenGets401InHubSpotsShape() {
            start(2);
            Http anonymous = new Http(simulator, null);
            Http wrong = new Http(simulator, "not-the-token");

            Http.Reply none = anonymous.get("/crm/v3/objects/contacts");
            Http.Reply bad = wrong.get("/crm/v3/objects/contacts");

            assertEquals(401, none.status());
            assertEquals(401, bad.status());
            assertEquals("error", bad.json().path("status").asText());
            assertEquals("INVALID_AUTHENTICATION", bad.json().path("category").asText());
            assertTrue(bad.json().path("correlationId").isTextual());
        }

        @Test
        void oauthRefreshIssuesShortLivedAccessTokens() {
            simulator = PortalSimulator.start(SimulatorOptions.defaults().withToken(null).withClock(clock)
                    .withOAuthClient("client", "secret", "refresh-1", Duration.ofMinutes(30)), Portal.generate(2, 1L, clock));
            Http tokenEndpoint = new Http(simulator, null);

            Http.Reply grant = tokenEndpoint.postForm("/oauth/v1/token",
                    "grant_type=refresh_token&client_id=client&client_secret=secret&refresh_token=refresh-1");
            String accessToken = grant.json().path("access_token").asText();
            Http client = new Http(simulator, accessToken);
            int fresh = client.get("/crm/v3/objects/contacts").status();
            clock.advance(Duration.ofMinutes(30));
            Http.Reply expired = client.get("/crm/v3/objects/contacts");
            Http.Reply badGrant = tokenEndpoint.postForm("/oauth/2026-03/token",
                    "grant_type=refresh_token&client_id=client&client_secret=secret&refresh_token=other");

            assertEquals(200, grant.status());
            assertEquals(1800, grant.json().path("expires_in").asInt());
            assertEquals("refresh-1", grant.json().path("refresh_token").asText());
            assertEquals(200, fresh);
            assertEquals(401, expired.status());
            assertEquals("EXPIRED_AUTHENTICATION", expired.json().path("category").asText());
            assertEquals(400, badGrant.status());
            assertEquals("invalid_grant", badGrant.json().path("error").asText());
        }
    }

    @Nested
    class RateLimiting {

        @Test
        void theTenSecondWindowAnswers429WithHeadersAndRecovers() {
            Http http = start(Portal.generate(3, 1L, clock), SimulatorOptions.defaults().withMaxPer10s(3));
            List<String> remaining = new ArrayList<>();

            for (int i = 0; i < 3; i++) {
                remaining.add(http.get("/crm/v3/objects/contacts").headers().get("X-HubSpot-RateLimit-Remaining"));
            }
            Http.Reply refused = http.get("/crm/v3/objects/contacts");
            clock.advance(Duration.ofSeconds(10));
            Http.Reply later = http.get("/crm/v3/objects/contacts");

            assertEquals(List.of("2", "1", "0"), remaining);
            assertEquals(429, refused.status());
            assertEquals("TEN_SECONDLY_ROLLING", refused.json().path("policyName").asText());
            assertEquals("RATE_LIMIT", refused.json().path("errorType").asText());
            assertEquals("You have reached your ten_secondly_rolling limit.", refused.json().path("message").asText());
            assertEquals("3", refused.headers().get("X-HubSpot-RateLimit-Max"));
            assertEquals("0", refused.headers().get("X-HubSpot-RateLimit-Remaining"));
            assertEquals("10000", refused.headers().get("X-HubSpot-RateLimit-Interval-Milliseconds"));
            assertEquals("250000", refused.headers().get("X-HubSpot-RateLimit-Daily"));
            assertEquals(200, later.status());
            assertEquals(1, simulator.stats().rateLimited("TEN_SECONDLY_ROLLING"));
        }

        @Test
        void theDailyBudgetAnswers429WithTheDailyPolicyUntilMidnight() {
            Http http = start(Portal.generate(3, 1L, clock), SimulatorOptions.defaults().withMaxPer10s(0).withDailyLimit(3));

            Http.Reply first = http.get("/crm/v3/objects/contacts");
            JsonNode usage = http.get("/account-info/v3/api-usage/daily/private-apps").json();
            http.get("/crm/v3/objects/contacts");
            Http.Reply refused = http.get("/crm/v3/objects/contacts");
            clock.advance(Duration.ofHours(14));
            Http.Reply nextDay = http.get("/crm/v3/objects/contacts");

            assertEquals("2", first.headers().get("X-HubSpot-RateLimit-Daily-Remaining"));
            assertEquals(429, refused.status());
            assertEquals("DAILY", refused.json().path("policyName").asText());
            assertEquals("You have reached your daily limit.", refused.json().path("message").asText());
            assertEquals("0", refused.headers().get("X-HubSpot-RateLimit-Daily-Remaining"));
            assertEquals(2, usage.path("results").get(0).path("currentUsage").asInt());
            assertEquals(3, usage.path("results").get(0).path("usageLimit").asInt());
            assertEquals(200, nextDay.status());
        }

        @Test
        void otherClientsSetThroughTheAdminEndpointTakeTheWindowUntilTheirTimeIsUp() {
            Http http = start(Portal.generate(3, 1L, clock), SimulatorOptions.defaults().withMaxPer10s(10));

            Http.Reply set = http.post("/__sim/limits", "{\"otherClientsPer10s\":10,\"otherClientsForMs\":60000}");
            Http.Reply starved = http.get("/crm/v3/objects/contacts");
            clock.advance(Duration.ofSeconds(59));
            Http.Reply stillStarved = http.get("/crm/v3/objects/contacts");
            clock.advance(Duration.ofSeconds(1));
            Http.Reply free = http.get("/crm/v3/objects/contacts");

            assertEquals(200, set.status(), set.body());
            assertEquals(10, set.json().path("otherClientsPer10s").asInt());
            assertEquals("2026-03-02T10:01:00.000Z", set.json().path("otherClientsUntil").asText());
            assertEquals(429, starved.status());
            assertEquals("TEN_SECONDLY_ROLLING", starved.json().path("policyName").asText());
            assertEquals("0", starved.headers().get("X-HubSpot-RateLimit-Remaining"));
            assertEquals(429, stillStarved.status());
            assertEquals(200, free.status());
            assertEquals("9", free.headers().get("X-HubSpot-RateLimit-Remaining"));
            assertEquals(0, http.get("/__sim/limits").json().path("otherClientsPer10s").asInt());
        }

        @Test
        void aDailyLimitRaisedThroughTheAdminEndpointAdmitsCallsAgainTheSameDay() {
            Http http = start(Portal.generate(3, 1L, clock), SimulatorOptions.defaults().withDailyLimit(2));
            http.get("/crm/v3/objects/contacts");
            http.get("/crm/v3/objects/contacts");
            Http.Reply refused = http.get("/crm/v3/objects/contacts");

            Http.Reply raised = http.post("/__sim/limits", "{\"daily\":100}");
            Http.Reply admitted = http.get("/crm/v3/objects/contacts");

            assertEquals(429, refused.status());
            assertEquals("DAILY", refused.json().path("policyName").asText());
            assertEquals(100, raised.json().path("daily").asInt());
            assertEquals(2, raised.json().path("usedToday").asInt());
            assertEquals(200, admitted.status());
            assertEquals("100", admitted.headers().get("X-HubSpot-RateLimit-Daily"));
            assertEquals("97", admitted.headers().get("X-HubSpot-RateLimit-Daily-Remaining"));
        }

        @Test
        void anUnknownOrNegativeLimitIsRefusedWithTheKnownOnes() {
            Http http = start(Portal.generate(3, 1L, clock), SimulatorOptions.defaults());

            Http.Reply unknown = http.post("/__sim/limits", "{\"dayly\":100}");
            Http.Reply negative = http.post("/__sim/limits", "{\"maxPer10s\":-1}");

            assertEquals(400, unknown.status());
            assertTrue(unknown.json().path("message").asText().contains("unknown limit 'dayly'; known: [maxPer10s,"
                    + " daily, searchPerSecond, otherClientsPer10s, otherClientsForMs]"), unknown.body());
            assertEquals(400, negative.status());
            assertTrue(negative.json().path("message").asText().contains("maxPer10s must be a whole number"),
                    negative.body());
            assertEquals(100, http.get("/__sim/limits").json().path("maxPer10s").asInt(), "nothing changed");
        }

        @Test
        void searchHasItsOwnSecondlyLimitWithoutHeadersOutsideTheBurstWindow() {
            Http http = start(Portal.generate(3, 1L, clock),
                    SimulatorOptions.defaults().withMaxPer10s(1).withSearchPerSecond(2));
            String search = searchBody("[]", "[]", 10, null);

            Http.Reply first = http.post("/crm/v3/objects/contacts/search", search);
            http.post("/crm/v3/objects/contacts/search", search);
            Http.Reply refused = http.post("/crm/v3/objects/contacts/search", search);
            Http.Reply list = http.get("/crm/v3/objects/contacts");
            clock.advance(Duration.ofSeconds(1));
            Http.Reply again = http.post("/crm/v3/objects/contacts/search", search);

            assertEquals(200, first.status());
            assertNull(first.headers().get("X-HubSpot-RateLimit-Remaining"));
            assertNull(first.headers().get("X-HubSpot-RateLimit-Daily"));
            assertEquals(429, refused.status());
            assertEquals("SECONDLY", refused.json().path("policyName").asText());
            assertNull(refused.headers().get("X-HubSpot-RateLimit-Max"));
            assertEquals(200, list.status());
            assertEquals("0", list.headers().get("X-HubSpot-RateLimit-Remaining"));
            assertEquals(200, again.status());
        }
    }

    @Nested
    class FaultInjection {

        @Test
        void serverErrorsComeAsJsonOrAsAGatewaysHtml() {
            Http http = start(2);
            Map<FaultKind, Integer> statuses = Map.of(FaultKind.SERVER_ERROR_500, 500, FaultKind.BAD_GATEWAY_502, 502,
                    FaultKind.SERVICE_UNAVAILABLE_503, 503, FaultKind.GATEWAY_TIMEOUT_504, 504);

            for (Map.Entry<FaultKind, Integer> fault : statuses.entrySet()) {
                simulator.faults().clear().set(fault.getKey(), 1.0);
                Http.Reply reply = http.get("/crm/v3/objects/contacts");

                assertEquals(fault.getValue(), reply.status());
                boolean html = fault.getValue() == 502 || fault.getValue() == 504;
                assertEquals(html, reply.headers().get("Content-Type").startsWith("text/html"), fault.getKey().name());
                assertEquals(html, reply.body().startsWith("<html>"), fault.getKey().name());
                assertEquals(1, simulator.stats().faults(fault.getKey()));
            }
            simulator.faults().clear();
            assertEquals(200, http.get("/crm/v3/objects/contacts").status());
        }

        @Test
        void aResetConnectionFailsTheCallAndChangesNothing() {
            Http http = start(2);
            String id = simulator.portal().contactIds().get(0);
            simulator.faults().set(FaultKind.CONNECTION_RESET, 1.0);

            assertThrows(UncheckedIOException.class, () -> http.post("/crm/v3/objects/contacts/batch/update",
                    "{\"inputs\":[{\"id\":\"" + id + "\",\"properties\":{\"jobtitle\":\"Reset\"}}]}"));

            assertNotEquals("Reset", simulator.portal().contactProperties(id).orElseThrow().get("jobtitle"));
        }

        @Test
        void truncatedAndMalformedBodiesAreNotJson() {
            Http http = start(5);

            simulator.faults().set(FaultKind.TRUNCATED_JSON, 1.0);
            Http.Reply truncated = http.get("/crm/v3/objects/contacts");
            simulator.faults().clear().set(FaultKind.MALFORMED_JSON, 1.0);
            Http.Reply malformed = http.get("/crm/v3/objects/contacts");

            assertEquals(200, truncated.status());
            assertThrows(UncheckedIOException.class, truncated::json);
            assertEquals(200, malformed.status());
            assertThrows(UncheckedIOException.class, malformed::json);
        }

        @Test
        void aSlowResponseOutlastsAShortReadTimeout() {
            start(2);
            simulator.faults().slowDelay(Duration.ofMillis(800)).set(FaultKind.SLOW_RESPONSE, 1.0);
            Http impatient = new Http(simulator, TOKEN, Duration.ofMillis(100));

            assertThrows(UncheckedIOException.class, () -> impatient.get("/crm/v3/objects/contacts"));

            assertEquals(1, simulator.stats().faults(FaultKind.SLOW_RESPONSE));
        }

        @Test
        void faultsAreSwitchedThroughTheAdminEndpoint() {
            Http http = start(2);

            Http.Reply set = http.post("/__sim/faults", "{\"rates\":{\"GATEWAY_TIMEOUT_504\":1.0}}");
            Http.Reply faulted = http.get("/crm/v3/objects/contacts");
            http.post("/__sim/faults", "{\"clear\":true}");
            JsonNode stats = http.get("/__sim/stats").json();

            assertEquals(200, set.status());
            assertEquals(504, faulted.status());
            assertEquals(1, stats.path("faults").path("GATEWAY_TIMEOUT_504").asInt());
            assertEquals(1, stats.path("requests").path("GET /crm/v3/objects/contacts").asInt());
        }
    }

    @Nested
    class AdminEndpoints {

        @Test
        void changesMadeThroughTheAdminEndpointsShowInTheApi() {
            Http http = start(5);
            String id = simulator.portal().contactIds().get(0);

            http.post("/__sim/contacts/" + id, "{\"properties\":{\"jobtitle\":\"Agency Owner\"}}");
            http.post("/__sim/contacts/" + id + "/lifecycle", "{\"stage\":\"customer\"}");
            Http.Reply engagement = http.post("/__sim/engagements",
                    "{\"type\":\"notes\",\"properties\":{\"hs_note_body\":\"hi\"},\"contactIds\":[\"" + id + "\"]}");
            Http.Reply badStage = http.post("/__sim/contacts/" + id + "/lifecycle", "{\"stage\":\"royalty\"}");

            JsonNode contact = http.get("/crm/v3/objects/contacts/" + id + "?properties=jobtitle,lifecyclestage").json();
            assertEquals("Agency Owner", contact.path("properties").path("jobtitle").asText());
            assertEquals("customer", contact.path("properties").path("lifecyclestage").asText());
            assertEquals(201, engagement.status());
            assertEquals(List.of(engagement.json().path("id").asText()),
                    simulator.portal().engagementIds(id, EngagementType.NOTES));
            assertEquals(400, badStage.status());
        }

        @Test
        void aDealClosedThroughTheAdminEndpointIsClosedInTheApiAndTheCountersSeeEveryCall() {
            Http http = start(5);
            List<String> ids = simulator.portal().contactIds();
            String deal = simulator.portal().createDeal(Map.of("dealname", "Renewal"), List.of(ids.get(0)));
            http.post("/crm/v3/objects/contacts/batch/update", Http.json(Map.of("inputs", List.of(
                    Map.of("id", ids.get(0), "properties", Map.of("jobtitle", "CMO")),
                    Map.of("id", ids.get(1), "properties", Map.of("lifecyclestage", "nope"))))));

            Http.Reply closed = http.post("/__sim/deals/" + deal + "/close", "{\"won\":false}");
            JsonNode read = http.get("/crm/v3/objects/deals/" + deal + "?properties=hs_is_closed,hs_is_closed_won,dealstage")
                    .json().path("properties");
            JsonNode stats = http.get("/__sim/stats").json();

            assertEquals(200, closed.status());
            assertEquals("true", read.path("hs_is_closed").asText());
            assertEquals("false", read.path("hs_is_closed_won").asText());
            assertEquals("closedlost", read.path("dealstage").asText());
            assertEquals(2, stats.path("batchUpdateInputs").asInt());
            assertEquals(1, stats.path("rejectedInputs").asInt());
            assertEquals(1, stats.path("requests").path("POST /crm/v3/objects/contacts/batch/update").asInt());
            assertEquals(1, stats.path("requests").path("GET /crm/v3/objects/deals/{id}").asInt());
            assertEquals(2, stats.path("totalRequests").asInt());
        }
    }

    private static Set<String> ids(JsonNode page) {
        return ids(page.path("results"), "id");
    }

    private static Set<String> ids(JsonNode array, String field) {
        Set<String> ids = new HashSet<>();
        array.forEach(item -> ids.add(item.path(field).asText()));
        return ids;
    }
}
