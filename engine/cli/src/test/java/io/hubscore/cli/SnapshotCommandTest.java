package io.hubscore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.config.BundledExamples;
import io.hubscore.config.ConfigLoader;
import io.hubscore.config.LoadResult;
import io.hubscore.config.SyncConfig;
import io.hubscore.client.ObjectType;
import io.hubscore.simulator.EngagementType;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.daemon.snapshot.ExportScope;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hubscore snapshot} against the simulated portal over real HTTP on 127.0.0.1. */
class SnapshotCommandTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private static final String OPEN_DEAL_SUPPRESSION = """
              - name: open-deals
                open-deal: true
                action: no-write
            """;

    private final PortalSimulator simulator = PortalSimulator.start(
            SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN).withoutRateLimits(),
            Portal.generate(300, 42, CLOCK));
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        simulator.close();
    }

    private int snapshot(Map<String, String> environment, String... args) {
        SnapshotCommand command = new SnapshotCommand();
        command.environment = environment::get;
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler(new ExitCodes.UnexpectedErrorHandler());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private int snapshotOfSimulator(Path config, Path file, String... more) {
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--out", file.toString(),
                "--base-url", simulator.baseUrl().toString()));
        args.addAll(List.of(more));
        return snapshot(Map.of("HUBSPOT_TOKEN", SimulatorOptions.DEMO_TOKEN), args.toArray(String[]::new));
    }

    private Path config(String text) throws IOException {
        Path file = dir.resolve("hubscore.yaml");
        Files.writeString(file, text);
        return file;
    }

    private Path icpAgency() throws IOException {
        return config(BundledExamples.read("icp-agency.yaml"));
    }

    private static ExportScope scope(Path config) {
        LoadResult loaded = new ConfigLoader(Map.of("HUBSPOT_TOKEN", "unused")::get).load(config);
        SyncConfig sync = ((LoadResult.Valid) loaded).config();
        return ExportScope.of(sync);
    }

    private static Map<String, String> only(Map<String, String> properties, Collection<String> names) {
        Map<String, String> kept = new TreeMap<>(properties);
        kept.keySet().retainAll(names);
        return kept;
    }

    private void assertReadOnly() {
        assertEquals(0, simulator.stats().batchUpdateInputs());
        assertEquals(0, simulator.stats().requests("POST /crm/v3/properties/contacts"));
        for (String endpoint : simulator.stats().requestsByEndpoint().keySet()) {
            assertTrue(endpoint.startsWith("GET ") || endpoint.endsWith("/search"), "not a read: " + endpoint);
        }
    }

    /** Every source contact in {@code ids} is in the snapshot with the same relevant values and associations. */
    private void assertSameContacts(Portal source, Portal copy, List<String> ids, ExportScope scope) {
        for (String id : ids) {
            assertEquals(only(source.contactProperties(id).orElseThrow(), scope.contactProperties()),
                    only(copy.contactProperties(id).orElseThrow(), scope.contactProperties()), "contact " + id);
            for (Map.Entry<ObjectType, List<String>> type : scope.engagements().entrySet()) {
                EngagementType engagementType = EngagementType.valueOf(type.getKey().name());
                List<String> engagements = source.engagementIds(id, engagementType);
                assertEquals(engagements, copy.engagementIds(id, engagementType), type.getKey() + " of contact " + id);
                for (String engagement : engagements) {
                    assertEquals(only(source.engagementProperties(engagementType, engagement).orElseThrow(),
                            type.getValue()), only(copy.engagementProperties(engagementType, engagement).orElseThrow(),
                            type.getValue()), type.getKey() + " " + engagement);
                }
            }
            if (scope.needsDeals()) {
                List<String> deals = source.dealIds(id);
                assertEquals(deals, copy.dealIds(id), "deals of contact " + id);
                for (String deal : deals) {
                    assertEquals(only(source.dealProperties(deal).orElseThrow(), scope.dealProperties()),
                            only(copy.dealProperties(deal).orElseThrow(), scope.dealProperties()), "deal " + deal);
                }
            }
        }
    }

    private static long engagementCount(Portal portal, List<String> contacts, ExportScope scope) {
        return scope.engagements().keySet().stream()
                .mapToLong(type -> contacts.stream()
                        .flatMap(id -> portal.engagementIds(id, EngagementType.valueOf(type.name())).stream())
                        .distinct().count())
                .sum();
    }

    @Nested
    class AWholePortal {

        @Test
        void loadsBackWithEveryContactItsRelevantValuesEngagementsAndAssociations() throws IOException {
            Path config = icpAgency();
            Path file = dir.resolve("portal.json");
            Portal source = simulator.portal();

            int exit = snapshotOfSimulator(config, file);

            assertEquals(0, exit, err.toString());
            Portal copy = Portal.load(file, CLOCK);
            ExportScope scope = scope(config);
            assertEquals(source.contactIds(), copy.contactIds());
            assertSameContacts(source, copy, source.contactIds(), scope);
            long engagements = engagementCount(source, source.contactIds(), scope);
            assertTrue(engagements > 0, "the generated portal has engagements to export");
            assertEquals("wrote " + source.contactCount() + " contacts, " + engagements + " engagements, 0 deals to "
                    + file + System.lineSeparator(), out.toString());
        }

        @Test
        void writesNothingToThePortal() throws IOException {
            int exit = snapshotOfSimulator(icpAgency(), dir.resolve("portal.json"));

            assertEquals(0, exit, err.toString());
            assertReadOnly();
        }

        @Test
        void reportsProgressOnStderrPerTenthAndNeverTheToken() throws IOException {
            int exit = snapshotOfSimulator(icpAgency(), dir.resolve("portal.json"));

            assertEquals(0, exit, err.toString());
            assertTrue(err.toString().contains("hubscore snapshot: contacts: 100% (300 of about 300)"), err.toString());
            assertTrue(err.toString().contains("hubscore snapshot: meetings: "), err.toString());
            assertFalse(err.toString().contains(SimulatorOptions.DEMO_TOKEN));
            assertFalse(out.toString().contains(SimulatorOptions.DEMO_TOKEN));
        }

        @Test
        void withAnOpenDealSuppressionDealsComeWithTheirContacts() throws IOException {
            Path config = config(BundledExamples.read("icp-agency.yaml") + OPEN_DEAL_SUPPRESSION);
            Path file = dir.resolve("portal.json");
            Portal source = simulator.portal();

            int exit = snapshotOfSimulator(config, file);

            assertEquals(0, exit, err.toString());
            Portal copy = Portal.load(file, CLOCK);
            ExportScope scope = scope(config);
            assertTrue(scope.needsDeals());
            assertSameContacts(source, copy, source.contactIds(), scope);
            long deals = source.contactIds().stream().flatMap(id -> source.dealIds(id).stream()).distinct().count();
            assertTrue(deals > 0, "the generated portal has deals to export");
            assertTrue(out.toString().contains(", " + deals + " deals to "), out.toString());
            assertReadOnly();
        }
    }

    @Nested
    class ALimitedSample {

        @Test
        void keepsTheFirstContactsWithAllTheirEngagementsAndNoOthers() throws IOException {
            Path config = icpAgency();
            Path file = dir.resolve("sample.json");
            Portal source = simulator.portal();
            List<String> first = source.contactIds().subList(0, 50);

            int exit = snapshotOfSimulator(config, file, "--contacts-limit", "50");

            assertEquals(0, exit, err.toString());
            Portal copy = Portal.load(file, CLOCK);
            ExportScope scope = scope(config);
            assertEquals(first, copy.contactIds());
            assertSameContacts(source, copy, first, scope);
            assertTrue(out.toString().startsWith("wrote 50 contacts, " + engagementCount(source, first, scope)
                    + " engagements, 0 deals"), out.toString());
        }

        @Test
        void aLimitBelowOneIsAUserError() throws IOException {
            int exit = snapshotOfSimulator(icpAgency(), dir.resolve("sample.json"), "--contacts-limit", "0");

            assertEquals(2, exit);
            assertTrue(err.toString().contains("--contacts-limit: must be at least 1"), err.toString());
            assertEquals(0, simulator.stats().totalRequests());
        }
    }

    @Nested
    class UserErrors {

        @Test
        void aRefusedTokenExitsTwoWithAClearMessageWithoutTheToken() throws IOException {
            String wrong = "pat-na1-not-the-right-secret";
            Path file = dir.resolve("portal.json");

            int exit = snapshot(Map.of("HUBSPOT_TOKEN", wrong), "--config", icpAgency().toString(),
                    "--out", file.toString(), "--base-url", simulator.baseUrl().toString());

            assertEquals(2, exit);
            assertTrue(err.toString().contains("refused the credentials of portal.auth"), err.toString());
            assertEquals(1, err.toString().lines().count(), err.toString());
            assertFalse(err.toString().contains(wrong));
            assertFalse(out.toString().contains(wrong));
            assertFalse(Files.exists(file));
            assertReadOnly();
        }

        @Test
        void aMissingTokenNamesTheVariable() throws IOException {
            int exit = snapshot(Map.of(), "--config", icpAgency().toString(), "--out", dir.resolve("p.json").toString(),
                    "--base-url", simulator.baseUrl().toString());

            assertEquals(2, exit);
            assertTrue(err.toString().contains("HUBSPOT_TOKEN"), err.toString());
            assertEquals(0, simulator.stats().totalRequests());
        }

        @Test
        void anInvalidConfigPrintsItsLocatedProblems() throws IOException {
            Path config = config(BundledExamples.read("icp-agency.yaml").replace("points: 20", "points: lots"));

            int exit = snapshotOfSimulator(config, dir.resolve("p.json"));

            assertEquals(2, exit);
            assertTrue(err.toString().contains(config + ":"), err.toString());
            assertTrue(err.toString().contains("is not a valid config"), err.toString());
            assertEquals(0, simulator.stats().totalRequests());
        }

        @Test
        void anUnwritableOutputIsReportedBeforeReadingThePortal() throws IOException {
            Path file = dir.resolve("missing-directory").resolve("portal.json");

            int exit = snapshotOfSimulator(icpAgency(), file);

            assertEquals(2, exit);
            assertTrue(err.toString().contains("--out " + file + ": cannot write there (no such directory)"),
                    err.toString());
            assertEquals(0, simulator.stats().totalRequests());
        }
    }
}
