package io.hubscore.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortalTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);

    @Nested
    class Generating {

        @Test
        void theSameSeedGivesTheSamePortalAndAnotherSeedAnother() {
            Portal first = Portal.generate(300, 11L, clock);
            Portal second = Portal.generate(300, 11L, clock);
            Portal other = Portal.generate(300, 12L, clock);

            assertEquals(first.allContactProperties(), second.allContactProperties());
            String id = first.contactIds().get(17);
            assertEquals(first.engagementIds(id, EngagementType.EMAILS), second.engagementIds(id, EngagementType.EMAILS));
            assertNotEquals(first.allContactProperties(), other.allContactProperties());
        }

        @Test
        void contactsCarryTheValuesTheExampleConfigsScore() {
            Collection<Map<String, String>> contacts = Portal.generate(3000, 5L, clock).allContactProperties().values();

            Set<String> titles = values(contacts, "jobtitle");
            Set<String> countries = values(contacts, "country");
            Set<String> employees = values(contacts, "numberofemployees");

            assertTrue(titles.containsAll(List.of("Marketing Manager", "Director of Marketing", "Agency Owner", "Student", "Intern")));
            assertTrue(values(contacts, "industry").contains("Marketing Agency"));
            assertTrue(countries.containsAll(List.of("United States", "Canada", "United Kingdom", "Ireland", "France",
                    "Germany", "Netherlands", "Belgium", "Luxembourg", "Switzerland", "Austria")));
            assertTrue(employees.contains(""));
            assertTrue(employees.stream().anyMatch(v -> !v.isEmpty() && !v.chars().allMatch(Character::isDigit)));
            assertTrue(values(contacts, "recent_conversion_event_name").stream()
                    .anyMatch(v -> v.toLowerCase().contains("case study")));
            assertTrue(values(contacts, "hs_email_optout").containsAll(List.of("true", "false")));
            assertTrue(contacts.stream().allMatch(p -> p.get("hs_object_id").chars().allMatch(Character::isDigit)));
        }

        private Set<String> values(Collection<Map<String, String>> contacts, String name) {
            return contacts.stream().filter(p -> p.containsKey(name)).map(p -> p.get(name)).collect(Collectors.toSet());
        }

        @Test
        void likelyBuyersMoveDownTheFunnelWhenActivityIsSimulated() {
            Portal portal = Portal.generate(500, 8L, clock);

            List<ActivityChange> changes = portal.simulateActivity(new Random(3), 400);

            assertEquals(400, changes.size());
            List<ActivityChange> stages = changes.stream()
                    .filter(c -> c.kind() == ActivityChange.Kind.LIFECYCLE_STAGE).toList();
            assertFalse(stages.isEmpty());
            double movedPropensity = stages.stream().mapToDouble(c -> portal.propensity(Long.parseLong(c.contactId())))
                    .average().orElseThrow();
            double averagePropensity = portal.contactIds().stream().mapToDouble(id -> portal.propensity(Long.parseLong(id)))
                    .average().orElseThrow();
            assertTrue(movedPropensity > averagePropensity, movedPropensity + " vs " + averagePropensity);
            ActivityChange last = stages.get(stages.size() - 1);
            assertEquals(last.detail(), portal.contactProperties(last.contactId()).orElseThrow().get("lifecyclestage"));
        }
    }

    @Nested
    class Snapshots {

        @Test
        void aSavedPortalLoadsBackTheSame(@TempDir Path dir) throws IOException {
            Portal portal = Portal.generate(150, 4L, clock);
            String archived = portal.contactIds().get(5);
            portal.archiveContact(archived);
            Path file = dir.resolve("portal.json");

            portal.save(file);
            Portal loaded = Portal.load(file, clock);

            assertEquals(portal.allContactProperties(), loaded.allContactProperties());
            assertTrue(loaded.isArchived(archived));
            String id = portal.contactIds().get(9);
            assertEquals(portal.engagementIds(id, EngagementType.CALLS), loaded.engagementIds(id, EngagementType.CALLS));
            assertEquals(portal.dealIds(id), loaded.dealIds(id));
            assertNotEquals(Long.parseLong(portal.createContact(Map.of("email", "a@b.c"))), 0L);
        }

        @Test
        void aFileInAnotherFormatIsRefusedWithItsName(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("other.json");
            Files.writeString(file, "{\"format\":\"something-else\"}");

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Portal.load(file, clock));

            assertTrue(e.getMessage().contains("other.json"), e.getMessage());
        }

        @Test
        void aNonNumericAssociationIdIsRefusedWithItsPlace(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("portal.json");
            Files.writeString(file, "{\"format\":\"hubscore-portal-snapshot\",\"version\":1,\"objects\":{\"contacts\":["
                    + "{\"id\":\"7\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-02T00:00:00Z\","
                    + "\"properties\":{\"email\":\"a@b.c\"},\"associations\":{\"emails\":[\"twelve\"]}}]}}");

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Portal.load(file, clock));

            assertTrue(e.getMessage().contains("objects.contacts[0]: associations.emails id \"twelve\""), e.getMessage());
        }
    }

    @Nested
    class Changing {

        @Test
        void unknownPropertiesAndOptionsAreRefusedByTheJavaApiToo() {
            Portal portal = Portal.generate(3, 1L, clock);
            String id = portal.contactIds().get(0);

            assertThrows(IllegalArgumentException.class, () -> portal.updateContact(id, Map.of("nope", "x")));
            assertThrows(IllegalArgumentException.class, () -> portal.advanceLifecycle(id, "royalty"));
        }

        @Test
        void stampingManyContactsGivesThemOneModifiedTime() {
            Portal portal = Portal.generate(20, 1L, clock);
            Instant when = Instant.parse("2026-02-28T23:59:59Z");

            portal.stampLastModified(portal.contactIds(), when);

            assertEquals(Set.of("2026-02-28T23:59:59.000Z"), portal.allContactProperties().values().stream()
                    .map(p -> p.get("lastmodifieddate")).collect(Collectors.toSet()));
        }

        @Test
        void aDeletedContactIsGoneEvenFromArchives() {
            Portal portal = Portal.generate(4, 1L, clock);
            String id = portal.contactIds().get(1);

            portal.deleteContact(id);

            assertTrue(portal.contactProperties(id).isEmpty());
            assertEquals(3, portal.contactCount());
        }
    }
}
