package io.hubscore.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WireMock stub mappings served ahead of the simulated portal, over real HTTP. */
class StubMappingsTest {

    private static final String TOKEN = "test-token";

    private final MutableClock clock = MutableClock.at("2026-03-02T10:00:00Z");
    private PortalSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private Http start(Path mappings) {
        simulator = PortalSimulator.start(SimulatorOptions.defaults().withoutRateLimits().withToken(TOKEN)
                .withClock(clock).withMappings(mappings), Portal.generate(30, 5L, clock));
        return new Http(simulator, TOKEN);
    }

    /** The fixture: WireMock's layout, stub files in mappings/ and the bodies they name in __files/. */
    private static Path fixture() {
        try {
            return Path.of(StubMappingsTest.class.getResource("stubs").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String searchByEmail(String email) {
        return "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\",\"operator\":\"EQ\",\"value\":\"" + email
                + "\"}]}],\"properties\":[\"email\"],\"limit\":10}";
    }

    @Test
    void aSearchMatchingTheStubsBodyPatternGetsTheStubsPageAndAnyOtherSearchThePortals() {
        Http http = start(fixture());
        String email = simulator.portal().contactProperties(simulator.portal().contactIds().get(3)).orElseThrow()
                .get("email");

        Http.Reply stubbed = http.post("/crm/v3/objects/contacts/search", searchByEmail("ada@example.com"));
        Http.Reply portal = http.post("/crm/v3/objects/contacts/search", searchByEmail(email));

        assertEquals(200, stubbed.status());
        assertEquals(1, stubbed.json().path("total").asInt());
        assertEquals("424242", stubbed.json().path("results").get(0).path("id").asText());
        assertEquals(200, portal.status(), portal.body());
        assertEquals(simulator.portal().contactIds().get(3), portal.json().path("results").get(0).path("id").asText());
        assertEquals(1, simulator.stats().totalRequests(), "only the search no stub matched reached the portal");
    }

    @Test
    void aStubAddsAnEndpointThePortalDoesNotServeWithItsBodyFromTheFilesFolder() {
        Http http = start(fixture());

        Http.Reply owners = http.get("/crm/v3/owners?limit=100");
        Http.Reply owner = http.get("/crm/v3/owners/77");

        assertEquals(2, simulator.stubCount());
        assertEquals(200, owners.status());
        assertEquals("grace@example.com", owners.json().path("results").get(0).path("email").asText());
        assertEquals(404, owner.status(), "a path no stub matches is the portal's, which does not serve owners");
        assertEquals("OBJECT_NOT_FOUND", owner.json().path("category").asText());
    }

    @Test
    void aStubPostedToWireMocksAdminApiAnswersAtOnceAndRemovingItGivesThePathBackToThePortal() {
        Http http = start(null);
        String id = simulator.portal().contactIds().get(0);
        String path = "/crm/v3/objects/contacts/" + id;
        Http admin = new Http(simulator, null);
        String stub = Http.json(Map.of(
                "request", Map.of("method", "GET", "urlPath", path),
                "response", Map.of("status", 503, "body", "<html>maintenance</html>",
                        "headers", Map.of("Content-Type", "text/html"))));

        Http.Reply before = http.get(path);
        Http.Reply created = admin.post("/__admin/mappings", stub);
        Http.Reply during = http.get(path);
        int stubsDuring = simulator.stubCount();
        Http.Reply removed = admin.call(new Request.Builder()
                .url(simulator.baseUrl() + "/__admin/mappings/" + created.json().path("id").asText()).delete());
        Http.Reply after = http.get(path);

        assertEquals(200, before.status());
        assertEquals(201, created.status(), created.body());
        assertEquals(503, during.status());
        assertEquals(1, stubsDuring);
        assertEquals(0, simulator.stubCount());
        assertEquals("<html>maintenance</html>", during.body());
        assertEquals(200, removed.status());
        assertEquals(200, after.status());
        assertEquals(id, after.json().path("id").asText());
    }

    @Test
    void aStubMatchesOnlyInItsScenariosRequiredState() {
        Http http = start(null);
        Http admin = new Http(simulator, null);
        String path = "/crm/v3/objects/contacts?limit=1";
        String stub = Http.json(Map.of(
                "scenarioName", "outage", "requiredScenarioState", "down",
                "request", Map.of("method", "GET", "url", path),
                "response", Map.of("status", 502)));
        admin.post("/__admin/mappings", stub);

        Http.Reply started = http.get(path);
        admin.call(new Request.Builder().url(simulator.baseUrl() + "/__admin/scenarios/outage/state")
                .put(RequestBody.create("{\"state\":\"down\"}", MediaType.get("application/json"))));
        Http.Reply down = http.get(path);

        assertEquals(200, started.status(), "in the Started state the stub does not match: the portal answers");
        assertEquals(502, down.status());
    }

    @Test
    void aStubThatAsksForResponseTemplatingRendersTheRequestIntoItsAnswer() {
        Http http = start(null);
        new Http(simulator, null).post("/__admin/mappings", Http.json(Map.of(
                "request", Map.of("method", "GET", "urlPathPattern", "/crm/v3/owners/[0-9]+"),
                "response", Map.of("status", 200, "body", "{\"id\":\"{{request.path.[3]}}\"}",
                        "transformers", List.of("response-template")))));

        Http.Reply owner = http.get("/crm/v3/owners/77");

        assertEquals(200, owner.status());
        assertEquals("{\"id\":\"77\"}", owner.body());
    }

    @Test
    void aDirectoryWithoutWireMocksMappingsFolderIsRefusedSayingWhereStubFilesGo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("search.json"), "{}");

        InvalidMappings refused = assertThrows(InvalidMappings.class, () -> start(dir));

        assertTrue(refused.getMessage().startsWith(dir + ": has no mappings folder"), refused.getMessage());
        assertTrue(refused.getMessage().contains(dir.resolve("mappings").toString()), refused.getMessage());
    }

    @Test
    void aMappingFileWireMockCannotReadIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("mappings"));
        Files.writeString(dir.resolve("mappings/broken.json"), "{\"request\": {\"method\": \"GET\",");

        InvalidMappings refused = assertThrows(InvalidMappings.class, () -> start(dir));

        assertTrue(refused.getMessage().startsWith(dir + ": "), refused.getMessage());
        assertTrue(refused.getMessage().contains("broken.json"), refused.getMessage());
        assertTrue(!refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
    }
}
