package io.hubscore.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.daemon.testing.MutableClock;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerSql;
import io.hubscore.ledger.Outcomes;
import io.hubscore.simulator.SimulatorOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With an {@code outcomes} section the daemon pulls what happens to contacts: the lifecycle stage history HubSpot
 * keeps on a contact pulled for the first time, later stage and lead-status changes, and deals with their contacts,
 * amount, dates and won state; checked against the simulated portal record by record.
 */
class OutcomesPullTest {

    @TempDir
    Path dir;

    @Test
    void stageHistoryLeadStatusAndDealsArePulledAndKeptUpToDate() throws Exception {
        MutableClock clock = new MutableClock();
        try (PortalHarness harness = PortalHarness.start(dir, 300, 11L, "overwrite", clock,
                SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN).withoutRateLimits())) {
            var portal = harness.simulator.portal();
            try (Daemon daemon = harness.openDaemon()) {
                assertTrue(daemon.runOnce(Duration.ofMinutes(1)));
                Ledger ledger = daemon.ledger();

                int withHistory = 0;
                for (String id : portal.contactIds()) {
                    Map<String, String> p = portal.contactProperties(id).orElseThrow();
                    String stage = p.get("lifecyclestage");
                    long at = Instant.parse(p.get("hs_lifecyclestage_" + stage + "_date")).toEpochMilli();
                    List<Outcomes.StageEntry> entries = ledger.read(tx -> tx.outcomes().stageEntries(Long.parseLong(id)));
                    assertEquals(List.of(new Outcomes.StageEntry(Long.parseLong(id), stage, at, "hubspot")), entries,
                            "contact " + id);
                    withHistory++;
                    assertEquals(java.util.Optional.ofNullable(p.get("hs_lead_status")),
                            ledger.read(tx -> tx.outcomes().leadStatus(Long.parseLong(id))), "lead status of " + id);
                }
                assertEquals(300, withHistory);

                Map<String, Map<String, String>> deals = deals(harness);
                assertFalse(deals.isEmpty(), "the generated portal has deals");
                assertEquals(deals, storedDeals(ledger), "every deal with its outcome properties and contacts");

                // a week later: a contact moves to opportunity with a new deal, another's deal is won
                clock.advance(Duration.ofDays(7));
                String mover = portal.contactIds().stream()
                        .filter(id -> "lead".equals(portal.contactProperties(id).orElseThrow().get("lifecyclestage")))
                        .findFirst().orElseThrow();
                portal.advanceLifecycle(mover, "opportunity");
                portal.updateContact(mover, Map.of("hs_lead_status", "OPEN_DEAL"));
                String deal = portal.createDeal(Map.of("dealname", "new", "amount", "1200"), List.of(mover));
                portal.closeDeal(deal, true);
                clock.advance(Duration.ofMinutes(1));
                assertTrue(daemon.runOnce(Duration.ofMinutes(1)));

                long moved = clock.millis() - Duration.ofMinutes(1).toMillis();
                List<Outcomes.StageEntry> entries = ledger.read(tx -> tx.outcomes().stageEntries(Long.parseLong(mover)));
                assertEquals(2, entries.size(), entries.toString());
                assertEquals(new Outcomes.StageEntry(Long.parseLong(mover), "opportunity",
                        Instant.parse(portal.contactProperties(mover).orElseThrow()
                                .get("hs_lifecyclestage_opportunity_date")).toEpochMilli(), "hubspot"), entries.get(1));
                assertTrue(entries.get(1).enteredAt() >= moved - 1_000, "entered at the simulated time of the move");
                assertEquals(java.util.Optional.of("OPEN_DEAL"),
                        ledger.read(tx -> tx.outcomes().leadStatus(Long.parseLong(mover))));
                assertEquals(deals(harness), storedDeals(ledger), "the new, won deal too");
            }
        }
    }

    /** Every deal of the simulated portal: its outcome properties and its contacts. */
    private static Map<String, Map<String, String>> deals(PortalHarness harness) {
        var portal = harness.simulator.portal();
        Map<String, Map<String, String>> deals = new TreeMap<>();
        for (String contact : portal.contactIds()) {
            for (String id : portal.dealIds(contact)) {
                Map<String, String> p = portal.dealProperties(id).orElseThrow();
                Map<String, String> wanted = new TreeMap<>();
                for (String name : OutcomeFields.DEAL_PROPERTIES) {
                    if (p.get(name) != null) {
                        wanted.put(name, p.get(name));
                    }
                }
                wanted.put("contacts", String.join(",", new java.util.TreeSet<>(portal.dealIds(contact).contains(id)
                        ? contactsOf(harness, id) : List.of())));
                deals.put(id, wanted);
            }
        }
        return deals;
    }

    private static List<String> contactsOf(PortalHarness harness, String deal) {
        var portal = harness.simulator.portal();
        return portal.contactIds().stream().filter(c -> portal.dealIds(c).contains(deal)).toList();
    }

    private static Map<String, Map<String, String>> storedDeals(Ledger ledger) throws Exception {
        Map<String, Map<String, String>> deals = new TreeMap<>();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (List<String> row : LedgerSql.rows(ledger, "SELECT d.id, d.properties, "
                + "(SELECT group_concat(contact_id) FROM (SELECT contact_id FROM deal_contacts l WHERE l.deal_id = d.id "
                + "ORDER BY CAST(contact_id AS TEXT))) FROM deals d")) {
            Map<String, String> p = new TreeMap<>(mapper.readValue(row.get(1),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { }));
            p.put("contacts", row.get(2) == null ? "" : row.get(2));
            deals.put(row.get(0), p);
        }
        return deals;
    }
}
