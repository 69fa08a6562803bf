package io.hubscore.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.simulator.EngagementType;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The client against the simulated portal over real HTTP: 25,000 contacts, nothing lost, nothing twice. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedPortalTest {

    private static final int CONTACTS = 25_000;
    private static final String TOKEN = "sim-token-for-tests";

    private final FakeTime time = FakeTime.at("2026-11-23T10:00:00Z");
    private PortalSimulator simulator;
    private HubSpotClient client;

    @BeforeAll
    void start() {
        simulator = PortalSimulator.start(SimulatorOptions.defaults().withToken(TOKEN).withoutRateLimits().withClock(time),
                Portal.generate(CONTACTS, 7, time));
        client = HubSpotClient.create(ClientSettings.builder()
                .baseUrl(simulator.baseUrl())
                .bearerToken(Credentials.of(TOKEN.toCharArray()))
                .rateBudget(new RateBudget(10_000, Duration.ofSeconds(10), 0, 1_000))
                .searchLagMargin(Duration.ofSeconds(30))
                .clock(time)
                .sleeper(time)
                .random(new Random(3))
                .build());
    }

    @AfterAll
    void stop() {
        client.close();
        simulator.close();
    }

    private Set<String> allIds() {
        return new HashSet<>(simulator.portal().contactIds());
    }

    @Nested
    class Backfill {

        @Test
        void listingThePortalReturnsEveryContactExactlyOnceAndResumesFromAPersistedCursor() {
            List<String> ids = new ArrayList<>();
            Iterator<Page<CrmObject>> pages = client.listPages(ObjectType.CONTACTS, ListQuery.of(List.of("email")));
            String persisted = null;
            for (int i = 0; i < 60; i++) {
                Page<CrmObject> page = pages.next();
                page.results().forEach(contact -> ids.add(contact.id()));
                persisted = page.after();
            }

            client.listPages(ObjectType.CONTACTS, ListQuery.of(List.of("email")).startingAfter(persisted))
                    .forEachRemaining(page -> page.results().forEach(contact -> ids.add(contact.id())));

            assertEquals(allIds().size(), ids.size());
            assertEquals(allIds(), new HashSet<>(ids));
        }
    }

    @Nested
    class IncrementalPulls {

        @Test
        void aFirstPullAndAMonthEndStampOfMoreThan10000ContactsAreReadExactlyOnce() {
            time.advance(Duration.ofMinutes(1));
            Changes<CrmObject> first = client.changesSince(ObjectType.CONTACTS, 0, List.of("email"));
            List<String> firstIds = first.stream().map(CrmObject::id).toList();
            List<String> stamped = simulator.portal().contactIds().subList(0, 12_000);
            time.advance(Duration.ofMinutes(5));
            simulator.portal().stampLastModified(stamped, time.instant());
            time.advance(Duration.ofMinutes(1));

            List<String> secondIds = client.changesSince(ObjectType.CONTACTS, first.nextCheckpoint(), List.of("email"))
                    .stream().map(CrmObject::id).toList();

            assertEquals(allIds().size(), firstIds.size());
            assertEquals(allIds(), new HashSet<>(firstIds));
            assertEquals(12_000, secondIds.size());
            assertEquals(new HashSet<>(stamped), new HashSet<>(secondIds));
        }

        @Test
        void contactsChangedWhileAPullPagesAreNotLostAndAreReadAgainNextTime() {
            time.advance(Duration.ofMinutes(1));
            Instant start = time.instant();
            Changes<CrmObject> pull = client.changesSince(ObjectType.CONTACTS, 0, List.of());
            List<String> ids = simulator.portal().contactIds();
            List<String> changed = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            Iterator<CrmObject> records = pull.iterator();

            while (records.hasNext()) {
                seen.add(records.next().id());
                if (seen.size() == 3_000) {
                    time.advance(Duration.ofSeconds(10));
                    for (int i = 0; i < ids.size(); i += 50) {
                        simulator.portal().updateContact(ids.get(i), Map.of("jobtitle", "changed while paging"));
                        changed.add(ids.get(i));
                    }
                }
            }
            time.advance(Duration.ofMinutes(2));
            List<String> next = client.changesSince(ObjectType.CONTACTS, pull.nextCheckpoint(), List.of())
                    .stream().map(CrmObject::id).toList();

            assertEquals(seen.size(), new HashSet<>(seen).size(), "nothing twice within a pull");
            Set<String> union = new HashSet<>(seen);
            union.addAll(next);
            assertEquals(allIds(), union, "nothing lost");
            assertTrue(new HashSet<>(next).containsAll(changed));
            assertTrue(pull.upTo() == start.toEpochMilli());
        }
    }

    @Nested
    class EngagementsAndDeals {

        private List<String> sampleContacts() {
            List<String> ids = simulator.portal().contactIds();
            List<String> sample = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += 250) {
                sample.add(ids.get(i));
            }
            return sample;
        }

        @Test
        void anEngagementBackfillCarriesEachEngagementsContactsInline() {
            Map<String, Set<String>> contactsByEmail = new HashMap<>();

            client.engagementPages(ObjectType.EMAILS, List.of("hs_email_direction"), null).forEachRemaining(page ->
                    page.results().forEach(email -> contactsByEmail.put(email.object().id(),
                            new HashSet<>(email.contactIds()))));

            int checked = 0;
            for (String contact : sampleContacts()) {
                for (String email : simulator.portal().engagementIds(contact, EngagementType.EMAILS)) {
                    assertTrue(contactsByEmail.getOrDefault(email, Set.of()).contains(contact),
                            "email " + email + " of contact " + contact);
                    checked++;
                }
            }
            assertTrue(checked > 0, "the sample holds emails");
        }

        @Test
        void anIncrementalEngagementPullReadsTheContactsThroughV4Associations() {
            time.advance(Duration.ofMinutes(1));

            Map<String, Set<String>> contactsByCall = new HashMap<>();
            client.engagementChangesSince(ObjectType.CALLS, 0, List.of("hs_call_direction")).forEach(call ->
                    contactsByCall.put(call.object().id(), new HashSet<>(call.contactIds())));

            int checked = 0;
            for (String contact : sampleContacts()) {
                for (String call : simulator.portal().engagementIds(contact, EngagementType.CALLS)) {
                    assertTrue(contactsByCall.getOrDefault(call, Set.of()).contains(contact),
                            "call " + call + " of contact " + contact);
                    checked++;
                }
            }
            assertTrue(checked > 0, "the sample holds calls");
            assertTrue(simulator.stats().requests("POST /crm/v4/associations/calls/contacts/batch/read") > 0);
        }

        @Test
        void aContactsDealsAreReadThroughV4AssociationsThenByBatchRead() {
            List<String> contacts = sampleContacts();

            Map<String, List<String>> deals = client.associations(ObjectType.CONTACTS, ObjectType.DEALS, contacts);
            Set<String> dealIds = new HashSet<>();
            deals.values().forEach(dealIds::addAll);
            List<CrmObject> read = client.batchRead(ObjectType.DEALS, dealIds, List.of("dealstage", "hs_is_closed"));

            assertEquals(new HashSet<>(contacts), deals.keySet());
            for (String contact : contacts) {
                assertEquals(new HashSet<>(simulator.portal().dealIds(contact)), new HashSet<>(deals.get(contact)));
            }
            assertTrue(dealIds.size() > 0, "the sample holds deals");
            assertEquals(dealIds, read.stream().map(CrmObject::id).collect(java.util.stream.Collectors.toSet()));
            for (CrmObject deal : read) {
                assertEquals(simulator.portal().dealProperties(deal.id()).orElseThrow().get("dealstage"),
                        deal.property("dealstage"));
            }
        }
    }
}
