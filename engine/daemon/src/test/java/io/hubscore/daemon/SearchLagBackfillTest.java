package io.hubscore.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.ledger.Ledger;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.SimulatorOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A contacts backfill through search while HubSpot's search index lags: contacts created a moment before the
 * backfill starts (not yet in the index) and while its pages are read (after its upper bound) are read by the
 * backfill or by the first incremental window, none lost, none scored and written twice.
 */
class SearchLagBackfillTest {

    private static final String SEARCHES = "POST /crm/v3/objects/contacts/search";
    private static final Duration INDEX_LAG = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    @Test
    void contacts_created_just_before_and_during_a_search_backfill_are_neither_lost_nor_duplicated()
            throws Exception {
        try (PortalHarness harness = PortalHarness.start(dir, 1_500, 21L, "overwrite", Clock.systemUTC(),
                SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN).withoutRateLimits()
                        .withSearchLag(INDEX_LAG))) {
            // search (2 pages of 200 a second) ends sooner than list pages sharing 70 calls per 10 s with the writes
            harness.rateLimit("burst-share: 1.0", "burst-limit: 70", "search-per-second: 2");
            String text = Files.readString(harness.configFile, StandardCharsets.UTF_8);
            Files.writeString(harness.configFile, text.replace("search-lag: 0s", "search-lag: 2s"),
                    StandardCharsets.UTF_8);
            Portal portal = harness.simulator.portal();
            List<String> before = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                before.add(portal.createContact(Map.of("email", "before" + i + "@example.com",
                        "jobtitle", "Director")));
            }
            List<String> during = new ArrayList<>();
            AtomicLong searchesWhenCreated = new AtomicLong(-1);
            Thread creator = new Thread(() -> {
                await().atMost(Duration.ofMinutes(1)).until(() -> harness.simulator.stats().requests(SEARCHES) >= 2);
                searchesWhenCreated.set(harness.simulator.stats().requests(SEARCHES));
                for (int i = 0; i < 20; i++) {
                    during.add(portal.createContact(Map.of("email", "during" + i + "@example.com",
                            "jobtitle", "Director")));
                }
            });
            creator.start();

            assertTrue(runOnce(harness), "the backfill cycle succeeds");
            creator.join(Duration.ofMinutes(1).toMillis());
            try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
                assertEquals("search", ledger.read(tx -> tx.checkpoints().get("contacts.via")).orElseThrow(),
                        "the limits put the contacts backfill on search");
            }
            assertEquals(20, during.size());
            long backfillPages = (1_500 + 199) / 200; // the pages of the contacts there before the backfill began
            assertTrue(searchesWhenCreated.get() < backfillPages, "created while the backfill's pages were read: after "
                    + searchesWhenCreated + " searches of at least " + backfillPages);
            // the next cycle runs once the index shows every contact created so far
            long visibleAt = harness.clock.millis() + Duration.ofSeconds(2).toMillis();
            await().atMost(Duration.ofSeconds(10)).until(() -> harness.clock.millis() > visibleAt);
            assertTrue(runOnce(harness), "the first incremental cycle succeeds");

            Set<String> all = new HashSet<>(portal.contactIds());
            assertTrue(all.containsAll(before) && all.containsAll(during));
            long written = 0;
            try (Ledger ledger = Ledger.openReadOnly(harness.ledgerFile)) {
                for (String id : all) {
                    assertTrue(ledger.read(tx -> tx.contacts().get(Long.parseLong(id))).isPresent(),
                            "contact " + id + " is in the ledger");
                }
                assertEquals(all.size(), ledger.read(tx -> tx.contacts().counts()).live(), "no contact twice");
            }
            for (String id : all) {
                if (portal.contactProperties(id).orElseThrow().containsKey("hubscore_score")) {
                    written++;
                }
            }
            for (String id : before) {
                assertTrue(portal.contactProperties(id).orElseThrow().containsKey("hubscore_score"), "scored " + id);
            }
            for (String id : during) {
                assertTrue(portal.contactProperties(id).orElseThrow().containsKey("hubscore_score"), "scored " + id);
            }
            assertEquals(written, harness.simulator.stats().batchUpdateInputs(),
                    "each written contact was written once, across the backfill and the incremental window");
        }
    }

    private static boolean runOnce(PortalHarness harness) throws InterruptedException {
        try (Daemon daemon = harness.openDaemon()) {
            return daemon.runOnce(Duration.ofMinutes(2));
        }
    }
}
