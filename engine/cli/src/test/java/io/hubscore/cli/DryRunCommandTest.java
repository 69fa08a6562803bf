package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubscore.config.BundledExamples;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DryRunCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        config = dir.resolve("hubscore.yaml");
        Files.writeString(config, BundledExamples.read("icp-agency.yaml"));
    }

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void a_dry_run_on_a_generated_portal_saves_the_plan_of_writes_and_suppressions() throws Exception {
        Path plan = dir.resolve("plan.json");

        int exit = run("dry-run", "--config", config.toString(), "--contacts", "200", "--out", plan.toString());

        assertEquals(ExitCodes.OK, exit, out + "\n" + err);
        JsonNode json = new ObjectMapper().readTree(plan.toFile());
        assertEquals(200, json.path("contacts_scored").asInt());
        assertTrue(json.path("writes").size() > 0, "writes are planned");
        long contactsWritten = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode w : json.path("writes")) {
            if (seen.add(w.path("contact").asText())) {
                contactsWritten++;
            }
        }
        assertEquals(200 - json.path("suppressions").size(), contactsWritten,
                "every contact but the no-write suppressed ones gets writes");
        assertTrue(out.toString().contains("Nothing was written to HubSpot"), out.toString());
    }

    @Test
    void the_plan_keeps_its_snake_case_fields_and_lists_the_configs_bands_in_order_summing_to_the_contacts_scored()
            throws Exception {
        Path plan = dir.resolve("plan.json");

        int exit = run("dry-run", "--config", config.toString(), "--contacts", "60", "--out", plan.toString());

        assertEquals(ExitCodes.OK, exit, out + "\n" + err);
        JsonNode json = new ObjectMapper().readTree(plan.toFile());
        assertEquals(java.util.List.of("model_version", "portal", "at", "writes", "transitions", "suppressions",
                "conflicts", "bands", "contacts_scored", "summary"), fieldNames(json));
        assertEquals(java.util.List.of("contact", "property", "from", "to"), fieldNames(json.path("writes").get(0)));
        assertEquals(java.util.List.of("Hot", "Warm", "Cold"), fieldNames(json.path("bands")));
        long banded = 0;
        for (JsonNode count : json.path("bands")) {
            banded += count.asLong();
        }
        assertEquals(60, banded);
        assertEquals(60, json.path("contacts_scored").asLong());
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void the_plan_names_contacts_so_it_is_readable_by_its_owner_only_even_when_it_replaces_a_file() throws Exception {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "an older plan");
        Files.setPosixFilePermissions(plan, PosixFilePermissions.fromString("rw-r--r--"));

        int exit = run("dry-run", "--config", config.toString(), "--contacts", "20", "--out", plan.toString());

        assertEquals(ExitCodes.OK, exit, out + "\n" + err);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(plan)));
        assertEquals(20, new ObjectMapper().readTree(plan.toFile()).path("contacts_scored").asInt());
        try (var files = Files.list(dir)) {
            assertEquals(java.util.List.of("hubscore.yaml", "plan.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "nothing left beside it");
        }
    }

    @Test
    void a_dry_run_on_a_snapshot_shows_each_change_against_the_value_in_the_portal() throws Exception {
        Portal portal = Portal.generate(50, 3L, Clock.systemUTC());
        String id = portal.contactIds().get(0);
        try (PortalSimulator simulator = PortalSimulator.start(
                SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN).withoutRateLimits(), portal)) {
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    simulator.baseUrl().resolve("/crm/v3/properties/contacts"))
                    .header("Authorization", "Bearer " + SimulatorOptions.DEMO_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"hubscore_score\",\"label\":\"score\","
                            + "\"type\":\"number\",\"fieldType\":\"number\",\"groupName\":\"contactinformation\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
        }
        portal.updateContact(id, Map.of("hubscore_score", "-1"));
        Path snapshot = dir.resolve("portal.json");
        portal.save(snapshot);
        Path plan = dir.resolve("plan.json");

        int exit = run("dry-run", "--config", config.toString(), "--snapshot", snapshot.toString(), "--out",
                plan.toString());

        assertEquals(ExitCodes.OK, exit, out + "\n" + err);
        JsonNode json = new ObjectMapper().readTree(plan.toFile());
        boolean found = false;
        for (JsonNode w : json.path("writes")) {
            if (w.path("contact").asText().equals(id) && w.path("property").asText().equals("hubscore_score")) {
                assertEquals("-1", w.path("from").asText());
                found = true;
            }
        }
        assertTrue(found || json.path("suppressions").toString().contains("\"" + id + "\""),
                "the score change of " + id + " is in the plan: " + json);
    }

    @Test
    void a_snapshot_that_cannot_be_read_is_one_clear_error() {
        int exit = run("dry-run", "--config", config.toString(), "--snapshot", dir.resolve("missing.json").toString());

        assertEquals(ExitCodes.USER_ERROR, exit);
        assertTrue(err.toString().startsWith("hubscore dry-run: --snapshot "), err.toString());
    }

    @Test
    void a_mapping_file_wiremock_cannot_read_is_a_user_error_naming_the_file() throws Exception {
        Path mappings = Files.createDirectories(dir.resolve("stubs/mappings"));
        Files.writeString(mappings.resolve("broken.json"), "{\"request\": ");

        int exit = run("dry-run", "--config", config.toString(), "--contacts", "10", "--mappings",
                dir.resolve("stubs").toString(), "--out", dir.resolve("plan.json").toString());

        assertEquals(ExitCodes.USER_ERROR, exit, out + "\n" + err);
        assertTrue(err.toString().startsWith("hubscore dry-run: --mappings " + dir.resolve("stubs") + ": "), err.toString());
        assertTrue(err.toString().contains("broken.json"), err.toString());
        assertTrue(Files.notExists(dir.resolve("plan.json")), "no plan without the simulated portal");
    }
}
