package io.hubscore.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A backfill through search for a model that reads so many properties that one search body would pass HubSpot's
 * limit of about 3,000 characters, against the simulated portal over real HTTP.
 */
class SearchBodySplitTest {

    private static final String TOKEN = "sim-token-for-tests";
    private static final int CONTACTS = 450;
    private static final int PROPERTIES = 120;

    @Test
    void eachPageIsReadInSeveralRequestsAndEveryContactGetsEveryPropertyAndTheLogSaysSo() {
        FakeTime time = FakeTime.at("2026-11-23T10:00:00Z");
        try (PortalSimulator simulator = PortalSimulator.start(SimulatorOptions.defaults().withToken(TOKEN)
                .withoutRateLimits().withClock(time), Portal.generate(CONTACTS, 11, time));
                HubSpotClient client = HubSpotClient.create(ClientSettings.builder()
                        .baseUrl(simulator.baseUrl())
                        .bearerToken(Credentials.of(TOKEN.toCharArray()))
                        .rateBudget(new RateBudget(10_000, Duration.ofSeconds(10), 0, 1_000))
                        .searchLagMargin(Duration.ofSeconds(30))
                        .clock(time)
                        .sleeper(time)
                        .random(new Random(5))
                        .build())) {
            client.ensurePropertyGroup(ObjectType.CONTACTS, new PropertyGroup("scoringinputs", "Scoring inputs", 0));
            List<String> names = new ArrayList<>();
            for (int i = 0; i < PROPERTIES; i++) {
                String name = "scoring_input_property_number_" + i;
                names.add(name);
                client.ensureProperty(ObjectType.CONTACTS, new PropertyDefinition(name, "Scoring input " + i,
                        "string", "text", "scoringinputs", null, List.of()));
            }
            Portal portal = simulator.portal();
            Map<String, Map<String, String>> expected = new HashMap<>();
            for (String id : portal.contactIds()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < PROPERTIES; i++) {
                    values.put(names.get(i), id + "-" + i);
                }
                portal.updateContact(id, values);
                expected.put(id, values);
            }
            long searchesBefore = simulator.stats().requests("POST /crm/v3/objects/contacts/search");

            Map<String, CrmObject> read = new HashMap<>();
            int pages = 0;
            String log;
            try (CapturedLogs logs = new CapturedLogs()) {
                var backfill = client.searchBackfill(ObjectType.CONTACTS, names, null, time.millis());
                while (backfill.hasNext()) {
                    pages++;
                    for (CrmObject contact : backfill.next().results()) {
                        assertEquals(null, read.put(contact.id(), contact), "contact " + contact.id() + " read twice");
                    }
                }
                log = logs.text();
            }

            java.util.regex.Matcher said = java.util.regex.Pattern.compile("a search for contacts with its \\d+"
                    + " properties would be (\\d+) characters, over HubSpot's limit of about 3000: each page is read in"
                    + " (\\d+) requests").matcher(log);
            assertTrue(said.find(), log);
            assertTrue(Integer.parseInt(said.group(1)) > SearchBackfill.MAX_BODY, said.group());
            int parts = Integer.parseInt(said.group(2));
            assertTrue(parts > 1, said.group());
            assertEquals(new HashSet<>(portal.contactIds()), read.keySet(), "every contact, once");
            for (Map.Entry<String, Map<String, String>> contact : expected.entrySet()) {
                for (Map.Entry<String, String> value : contact.getValue().entrySet()) {
                    assertEquals(value.getValue(), read.get(contact.getKey()).property(value.getKey()),
                            "contact " + contact.getKey() + " property " + value.getKey());
                }
            }
            assertEquals((long) pages * parts,
                    simulator.stats().requests("POST /crm/v3/objects/contacts/search") - searchesBefore,
                    "each page is read in as many requests as there are parts of the property list");
        }
    }
}
