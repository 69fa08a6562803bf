package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.daemon.Daemon;
import io.hubscore.daemon.testing.EarlyEndingProxy;
import io.hubscore.daemon.testing.MutableClock;
import io.hubscore.daemon.testing.PortalHarness;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubscore.simulator.EngagementType;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.ledger.CompletenessChecks;
import io.hubscore.ledger.Engagements;
import io.hubscore.ledger.Ledger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Completeness is checked, not assumed: when a backfill ends and at each reconcile, what the ledger holds is compared
 * with what HubSpot counts, and what HubSpot has and the ledger lacks is pulled; the check shows in {@code status}.
 */
class CompletenessCheckTest {

    private static final SimulatorOptions OPEN = SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN)
            .withoutRateLimits();
    private static final String CONTACT_SEARCH = "POST /crm/v3/objects/contacts/search";

    @TempDir
    Path dir;

    private static boolean runOnce(PortalHarness harness) throws InterruptedException {
        try (Daemon daemon = harness.openDaemon()) {
            return daemon.runOnce(Duration.ofMinutes(1));
        }
    }

    private static CompletenessChecks.Check check(Ledger ledger, String stream) {
        return ledger.read(tx -> tx.completeness().last(stream)).orElseThrow();
    }

    /** {@code hubscore status ARGS...} on the harness's config; returns what it printed. */
    private static String status(PortalHarness harness, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        List<String> all = new ArrayList<>(List.of("status", "--config", harness.configFile.toString()));
        all.addAll(List.of(args));
        assertEquals(0, cli.execute(all.toArray(String[]::new)), out.toString());
        return out.toString();
    }

    @Test
    void a_backfill_that_ended_early_is_completed_by_its_check_and_status_shows_the_repair() throws Exception {
        try (PortalHarness harness = PortalHarness.start(dir, 500, 21L, "overwrite");
                EarlyEndingProxy proxy = EarlyEndingProxy.to(harness.simulator.baseUrl())
                        .endingTheList("/crm/v3/objects/contacts", 2)
                        .endingTheList("/crm/v3/objects/emails", 1)) {
            boolean ok;
            try (Daemon daemon = harness.openDaemon(proxy.baseUrl())) {
                ok = daemon.runOnce(Duration.ofMinutes(1));
            }

            assertTrue(ok, "the cycle succeeds");
            assertEquals(2, proxy.ended(), "the contacts' and the emails' lists ended early");
            Portal portal = harness.simulator.portal();
            try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
                for (String id : portal.contactIds()) {
                    long contact = Long.parseLong(id);
                    assertTrue(ledger.read(tx -> tx.contacts().get(contact)).isPresent(), "contact " + id);
                    Set<Long> emails = ledger.read(tx -> tx.engagements().forContact(contact)).stream()
                            .filter(e -> e.type().equals("emails")).map(Engagements.Event::id)
                            .collect(Collectors.toCollection(TreeSet::new));
                    Set<Long> inPortal = portal.engagementIds(id, EngagementType.EMAILS).stream().map(Long::parseLong)
                            .collect(Collectors.toCollection(TreeSet::new));
                    assertEquals(inPortal, emails, "emails of contact " + id);
                }
                CompletenessChecks.Check contacts = check(ledger, "contacts");
                assertEquals(CompletenessChecks.Outcome.REPAIRED, contacts.outcome());
                assertEquals("backfill", contacts.checkedBy());
                assertEquals(500, contacts.hubspot());
                assertEquals(200, contacts.stored(), "two pages were read before the list ended");
                assertEquals(300, contacts.missing());
                assertEquals(300, contacts.pulled());
                CompletenessChecks.Check emails = check(ledger, "engagements.emails");
                assertEquals(CompletenessChecks.Outcome.REPAIRED, emails.outcome());
                assertEquals(emails.hubspot() - 100, emails.missing(), "all but the first page of emails");
                assertEquals(CompletenessChecks.Outcome.COMPLETE, check(ledger, "engagements.meetings").outcome());
                assertEquals(0L, (long) ledger.read(tx -> tx.scores().firedTransitionCount()), "transitions fired");
            }
            assertTrue(portal.allContactProperties().values().stream()
                    .filter(p -> p.containsKey("hubscore_score")).count() > 450, "the contacts pulled again are written");

            String text = status(harness);
            assertTrue(text.contains("Completeness checks (the last of each stream):"), text);
            assertTrue(text.lines().anyMatch(l -> l.matches("  contacts +\\S+ +backfill +\\S+ +500 +200 +300 +300 +"
                    + "repaired: the ledger lacked 300 records HubSpot has; pulled 300")), text);
            JsonNode json = new ObjectMapper().readTree(status(harness, "--json"));
            JsonNode first = json.path("completenessChecks").get(0);
            assertEquals("contacts", first.path("stream").asText());
            assertEquals("repaired", first.path("outcome").asText());
            assertEquals(300, first.path("missing").asLong());
            assertEquals(0, json.path("scoring").path("waitingForBackfillOf").size());
        }
    }

    @Test
    void reconcile_pulls_contacts_the_incremental_pulls_missed_and_status_shows_the_check() throws Exception {
        MutableClock clock = new MutableClock();
        // HubSpot's search index lags 30 s behind, longer than the config's sync.search-lag of 0 s allows for
        SimulatorOptions lagging = OPEN.withSearchLag(Duration.ofSeconds(30));
        try (PortalHarness harness = PortalHarness.start(dir, 300, 22L, "overwrite", clock, lagging)) {
            assertTrue(runOnce(harness));
            List<String> late = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                late.add(harness.simulator.portal().createContact(Map.of("email", "late" + i + "@example.com",
                        "jobtitle", "Agency Owner", "industry", "Marketing Agency")));
            }
            clock.advance(Duration.ofSeconds(1));
            assertTrue(runOnce(harness), "their window is read before the index has them");
            clock.advance(Duration.ofMinutes(1));
            assertTrue(runOnce(harness), "the next window starts after them");
            try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
                for (String id : late) {
                    assertTrue(ledger.read(tx -> tx.contacts().get(Long.parseLong(id))).isEmpty(), "missed: " + id);
                }
            }

            Map<String, ?> counts;
            try (Daemon daemon = harness.openDaemon()) {
                counts = daemon.runStep("reconcile");
                assertTrue(daemon.runOnce(Duration.ofMinutes(1)));
            }

            assertEquals(5L, counts.get("missing"));
            assertEquals(5L, counts.get("pulled"));
            for (String id : late) {
                assertTrue(harness.simulator.portal().contactProperties(id).orElseThrow().containsKey("hubscore_score"),
                        "contact " + id + " is scored and written");
            }
            try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
                CompletenessChecks.Check contacts = check(ledger, "contacts");
                assertEquals(CompletenessChecks.Outcome.REPAIRED, contacts.outcome());
                assertEquals("reconcile", contacts.checkedBy());
                assertEquals(305, contacts.hubspot());
                assertEquals(300, contacts.stored());
                assertEquals(CompletenessChecks.Outcome.COMPLETE, check(ledger, "engagements.emails").outcome());
            }
            assertTrue(status(harness).lines().anyMatch(l -> l.matches("  contacts +\\S+ +reconcile +\\S+ +305 +300 +5 "
                    + "+5 +repaired: the ledger lacked 5 records HubSpot has; pulled 5")));
        }
    }

    @Test
    void a_difference_that_persists_is_recorded_and_not_searched_for_again() throws Exception {
        try (PortalHarness harness = PortalHarness.start(dir, 200, 25L, "overwrite")) {
            assertTrue(runOnce(harness));
            List<String> ids = harness.simulator.portal().contactIds();
            harness.simulator.portal().deleteContact(ids.get(0)); // gone for good, archived lists included
            harness.simulator.portal().deleteContact(ids.get(1));

            try (Daemon daemon = harness.openDaemon()) {
                long searchesBefore = harness.simulator.stats().requests(CONTACT_SEARCH);
                daemon.runStep("reconcile");
                long firstSearches = harness.simulator.stats().requests(CONTACT_SEARCH) - searchesBefore;
                CompletenessChecks.Check first = check(daemon.ledger(), "contacts");
                daemon.runStep("reconcile");
                long secondSearches = harness.simulator.stats().requests(CONTACT_SEARCH) - searchesBefore
                        - firstSearches;
                CompletenessChecks.Check second = check(daemon.ledger(), "contacts");

                assertEquals(CompletenessChecks.Outcome.DIFFERS, first.outcome());
                assertEquals(198, first.hubspot());
                assertEquals(200, first.stored());
                assertEquals(0, first.missing());
                assertTrue(first.detail().startsWith("the ledger holds 2 more than HubSpot counts"), first.detail());
                assertEquals(2, firstSearches, "the count, then one page of ids");
                assertEquals(CompletenessChecks.Outcome.DIFFERS, second.outcome());
                assertTrue(second.detail().endsWith("not searched again"), second.detail());
                assertEquals(1, secondSearches, "only the count");
            }
        }
    }
}
