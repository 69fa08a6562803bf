package io.hubscore.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hubscore.config.ConfigLoader;
import io.hubscore.client.ClientSettings;
import io.hubscore.client.Sleeper;
import io.hubscore.daemon.testing.PortalHarness;
import io.hubscore.simulator.EngagementType;
import io.hubscore.simulator.FaultKind;
import io.hubscore.simulator.FaultTarget;
import io.hubscore.simulator.Portal;
import io.hubscore.simulator.PortalSimulator;
import io.hubscore.simulator.SimulatorOptions;
import io.hubscore.ledger.Ledger;
import io.hubscore.ledger.LedgerSql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The daemon against a hostile portal: HubSpot answers a read with a 200 whose body is empty, {@code null}, an
 * array, {@code {}}, {@code {"results":[]}}, HTML, truncated JSON, results that are not a list, paging without a
 * cursor, a record without an id, the cursor it was sent, or a search total the page contradicts; once or until
 * cleared; on the list endpoint's first page or a later one during a backfill, on search or v4 associations during
 * an incremental pull, or on the properties read before writing; for contacts, emails, meetings and deals.
 *
 * <p>Each case checks that (a) while the fault persists no checkpoint moves past data the daemon did not receive
 * whole (the backfill cursor is not {@code done}, the incremental checkpoint stays, nothing is marked written), (b)
 * nothing the daemon logs carries a stack trace, (c) the log names the endpoint and what was wrong, and (d) once
 * the fault clears and the daemon runs again, the portal's hubscore properties and the ledger's scores, bands,
 * transitions and written values are exactly those of an uninterrupted run of the same seeded portal, computed
 * once for the class with a second simulator and ledger. Time stands still at fixed instants and retries do not
 * wait, so the suite is quick.
 */
class HostilePortalTest {

    private static final Instant FIRST_RUN = Instant.parse("2026-11-20T09:00:00Z");
    private static final Instant LATER_RUN = FIRST_RUN.plus(Duration.ofHours(3));
    private static final int CONTACTS = 150;
    private static final long SEED = 41L;
    private static final String EXAMPLE = "fit-engagement-70.yaml";
    private static final SimulatorOptions OPTIONS = SimulatorOptions.defaults().withToken(SimulatorOptions.DEMO_TOKEN)
            .withoutRateLimits().withThreads(8);

    @TempDir
    static Path shared;
    private static Path backfilledPortal;
    private static Path backfilledLedger;
    private static State afterBackfill;
    private static State afterChanges;

    @TempDir
    Path dir;

    // ---- the matrix ----------------------------------------------------------------------------------------

    /** A stream the daemon pulls: its checkpoint name and its endpoints. */
    enum Feed {
        CONTACTS("contacts", "contacts"),
        EMAILS("engagements.emails", "emails"),
        MEETINGS("engagements.meetings", "meetings"),
        DEALS("deals", "deals");

        final String checkpoint;
        final String object;

        Feed(String checkpoint, String object) {
            this.checkpoint = checkpoint;
            this.object = object;
        }

        String list() {
            return "GET /crm/v3/objects/" + object;
        }

        String search() {
            return "POST /crm/v3/objects/" + object + "/search";
        }

        String associations() {
            return "POST /crm/v4/associations/" + object + "/contacts/batch/read";
        }
    }

    /** Where in a run the fault hits. */
    enum Where {
        FIRST_PAGE("backfill, first page of"),
        LATER_PAGE("backfill, page 2 of"),
        INCREMENTAL("incremental pull,"),
        WRITE_BACK("write-back, reading");

        final String words;

        Where(String words) {
            this.words = words;
        }
    }

    /** One hostile case. */
    record Case(Feed feed, Where where, String endpoint, FaultKind kind, boolean persistent) {

        FaultTarget target() {
            FaultTarget target = FaultTarget.of(kind, endpoint);
            if (where == Where.LATER_PAGE) {
                target = target.skip(kind == FaultKind.REPEATED_CURSOR ? 0 : 1); // only requests with a cursor count
            }
            return persistent ? target.untilCleared() : target;
        }

        @Override
        public String toString() {
            return (feed == null ? "" : feed.object + " ") + where.words + " " + endpoint + ": " + kind
                    + (persistent ? " until cleared" : " once");
        }
    }

    private static final List<FaultKind> LIST_KINDS = List.of(FaultKind.EMPTY_BODY, FaultKind.NULL_BODY,
            FaultKind.ARRAY_BODY, FaultKind.EMPTY_OBJECT, FaultKind.EMPTY_RESULTS, FaultKind.RESULTS_NOT_LIST,
            FaultKind.PAGING_WITHOUT_CURSOR, FaultKind.RECORD_WITHOUT_ID, FaultKind.HTML_AS_JSON,
            FaultKind.TRUNCATED_JSON, FaultKind.REPEATED_CURSOR);
    private static final List<FaultKind> SEARCH_KINDS = List.of(FaultKind.EMPTY_BODY, FaultKind.NULL_BODY,
            FaultKind.ARRAY_BODY, FaultKind.EMPTY_OBJECT, FaultKind.EMPTY_RESULTS, FaultKind.RESULTS_NOT_LIST,
            FaultKind.PAGING_WITHOUT_CURSOR, FaultKind.RECORD_WITHOUT_ID, FaultKind.HTML_AS_JSON,
            FaultKind.TRUNCATED_JSON, FaultKind.SEARCH_TOTAL_MISMATCH);
    private static final List<FaultKind> ASSOCIATION_KINDS = List.of(FaultKind.EMPTY_BODY, FaultKind.NULL_BODY,
            FaultKind.ARRAY_BODY, FaultKind.EMPTY_OBJECT, FaultKind.EMPTY_RESULTS, FaultKind.RESULTS_NOT_LIST,
            FaultKind.RECORD_WITHOUT_ID, FaultKind.HTML_AS_JSON, FaultKind.TRUNCATED_JSON);
    private static final List<FaultKind> PROPERTY_KINDS = List.of(FaultKind.EMPTY_BODY, FaultKind.NULL_BODY,
            FaultKind.ARRAY_BODY, FaultKind.EMPTY_OBJECT, FaultKind.EMPTY_RESULTS, FaultKind.RECORD_WITHOUT_ID,
            FaultKind.HTML_AS_JSON, FaultKind.TRUNCATED_JSON);

    /**
     * Every list kind on the contacts backfill: at the first page once and until cleared, at page 2 until cleared.
     * Every list kind on two of the emails, meetings and deals backfills, alternating page and duration. Every
     * search kind on the contacts incremental pull, once and until cleared, and on one of the emails, meetings and
     * deals pulls. Every association kind on the emails, meetings or deals pull, most of them on two. Every kind
     * on the properties read before writing.
     */
    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        for (FaultKind kind : LIST_KINDS) {
            if (kind != FaultKind.REPEATED_CURSOR) { // a first page has no cursor to repeat
                cases.add(new Case(Feed.CONTACTS, Where.FIRST_PAGE, Feed.CONTACTS.list(), kind, false));
                cases.add(new Case(Feed.CONTACTS, Where.FIRST_PAGE, Feed.CONTACTS.list(), kind, true));
            }
            cases.add(new Case(Feed.CONTACTS, Where.LATER_PAGE, Feed.CONTACTS.list(), kind, true));
        }
        List<Feed> others = List.of(Feed.EMAILS, Feed.MEETINGS, Feed.DEALS);
        int n = 0;
        for (int k = 0; k < LIST_KINDS.size(); k++) {
            FaultKind kind = LIST_KINDS.get(k);
            for (int f = 0; f < others.size(); f++) {
                if ((k + f) % 3 == 2) {
                    continue;
                }
                n++;
                boolean later = kind == FaultKind.REPEATED_CURSOR || n % 2 == 0;
                cases.add(new Case(others.get(f), later ? Where.LATER_PAGE : Where.FIRST_PAGE, others.get(f).list(),
                        kind, n % 4 < 2));
            }
        }
        for (FaultKind kind : SEARCH_KINDS) {
            cases.add(new Case(Feed.CONTACTS, Where.INCREMENTAL, Feed.CONTACTS.search(), kind, false));
            cases.add(new Case(Feed.CONTACTS, Where.INCREMENTAL, Feed.CONTACTS.search(), kind, true));
        }
        for (int k = 0; k < SEARCH_KINDS.size(); k++) {
            Feed feed = others.get(k % others.size());
            cases.add(new Case(feed, Where.INCREMENTAL, feed.search(), SEARCH_KINDS.get(k), k % 2 == 0));
        }
        for (int k = 0; k < ASSOCIATION_KINDS.size(); k++) {
            Feed feed = others.get(k % others.size());
            cases.add(new Case(feed, Where.INCREMENTAL, feed.associations(), ASSOCIATION_KINDS.get(k), true));
            if (k % 3 != 2) {
                Feed other = others.get((k + 1) % others.size());
                cases.add(new Case(other, Where.INCREMENTAL, other.associations(), ASSOCIATION_KINDS.get(k), false));
            }
        }
        for (int k = 0; k < PROPERTY_KINDS.size(); k++) {
            cases.add(new Case(null, Where.WRITE_BACK, "POST /crm/v3/properties/contacts/batch/read",
                    PROPERTY_KINDS.get(k), k % 2 == 0));
        }
        return cases.stream().map(c -> Arguments.of(Named.of(c.toString(), c)));
    }

    // ---- the uninterrupted reference -------------------------------------------------------------------------

    /**
     * The uninterrupted runs: a first run at {@link #FIRST_RUN} on the freshly generated portal, then the portal's
     * changes and a second run at {@link #LATER_RUN}. The portal and the ledger after the first run are kept, so
     * the incremental cases start from exactly where the reference's second run started.
     */
    @BeforeAll
    static void uninterruptedRuns() throws Exception {
        FrozenClock clock = new FrozenClock(FIRST_RUN);
        Path ledger = shared.resolve("reference.db");
        Portal portal = generated(clock);
        try (PortalSimulator simulator = PortalSimulator.start(OPTIONS.withClock(clock), portal)) {
            Path config = config(shared, ledger);
            assertTrue(runOnce(config, ledger, simulator, clock), "the uninterrupted first run completes");
            afterBackfill = State.of(simulator, ledger);
            checkShape(ledger);
            backfilledPortal = shared.resolve("backfilled-portal.json");
            portal.save(backfilledPortal);
            backfilledLedger = shared.resolve("backfilled.db");
            Files.copy(ledger, backfilledLedger);
        }
        clock.set(FIRST_RUN);
        Portal restored = Portal.load(backfilledPortal, clock);
        Path second = shared.resolve("reference-changes.db");
        Files.copy(backfilledLedger, second);
        clock.set(LATER_RUN);
        changes(restored);
        try (PortalSimulator simulator = PortalSimulator.start(OPTIONS.withClock(clock), restored)) {
            assertTrue(runOnce(config(shared, second), second, simulator, clock), "the uninterrupted second run completes");
            afterChanges = State.of(simulator, second);
        }
        assertNotEquals(afterBackfill, afterChanges, "the changes change scores");
    }

    /** The generated portal, with enough emails, meetings and deals that each backfill has two pages. */
    private static Portal generated(Clock clock) {
        Portal portal = Portal.generate(CONTACTS, SEED, clock);
        List<String> ids = portal.contactIds();
        for (int i = 0; i < 120; i++) {
            String at = FIRST_RUN.minus(Duration.ofHours(9L * i + 5)).toString();
            String contact = ids.get((i * 7) % ids.size());
            portal.addEngagement(EngagementType.MEETINGS, Map.of("hs_meeting_outcome", "COMPLETED", "hs_meeting_title",
                    "Call " + i, "hs_timestamp", at), List.of(ids.get((i * 3) % ids.size())));
            if (i < 60) {
                portal.addEngagement(EngagementType.EMAILS, Map.of("hs_email_direction", i % 2 == 0 ? "INCOMING_EMAIL"
                        : "EMAIL", "hs_email_status", "SENT", "hs_timestamp", at), List.of(ids.get((i * 5 + 1) % ids.size())));
            }
            portal.createDeal(Map.of("dealname", "Hostile " + i, "amount", Integer.toString(1000 + i)), List.of(contact));
            if (i % 3 == 0) {
                List<String> deals = portal.dealIds(contact);
                portal.closeDeal(deals.get(deals.size() - 1), i % 2 == 0);
            }
        }
        return portal;
    }

    /** What happens in the portal between the two runs: contacts change, emails and meetings arrive, deals move. */
    private static void changes(Portal portal) {
        List<String> ids = portal.contactIds();
        for (int i = 0; i < 60; i++) {
            String id = ids.get((i * 4) % ids.size());
            portal.updateContact(id, Map.of("hs_analytics_num_page_views", Integer.toString(20 + i),
                    "num_conversion_events", Integer.toString(1 + i % 4)));
        }
        for (int i = 0; i < 20; i++) {
            portal.addEngagement(EngagementType.EMAILS, Map.of("hs_email_direction", "INCOMING_EMAIL",
                    "hs_email_status", "SENT", "hs_email_subject", "Re: pricing"), List.of(ids.get((i * 11) % ids.size())));
            portal.addEngagement(EngagementType.MEETINGS, Map.of("hs_meeting_outcome", "COMPLETED",
                    "hs_meeting_title", "Demo"), List.of(ids.get((i * 13 + 5) % ids.size())));
        }
        for (int i = 0; i < 8; i++) {
            String id = ids.get((i * 17 + 3) % ids.size());
            portal.createDeal(Map.of("dealname", "Expansion " + i), List.of(id));
            List<String> deals = portal.dealIds(ids.get((i * 19 + 1) % ids.size()));
            if (!deals.isEmpty()) {
                portal.closeDeal(deals.get(0), i % 2 == 0);
            }
        }
    }

    /** The reference must exercise what the cases target: two pages or more of every backfilled stream. */
    private static void checkShape(Path ledger) {
        try (Ledger read = Ledger.openReadOnly(ledger)) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String sql : List.of("SELECT COUNT(*) FROM contacts",
                    "SELECT COUNT(*) FROM engagements WHERE type = 'emails'",
                    "SELECT COUNT(*) FROM engagements WHERE type = 'meetings'", "SELECT COUNT(*) FROM deals")) {
                counts.put(sql, LedgerSql.number(read, sql));
            }
            counts.forEach((sql, n) -> assertTrue(n > 100 && n <= 300, sql + " = " + n + ": two pages or more,"
                    + " and a quick suite"));
        }
    }

    // ---- one case --------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void a_hostile_answer_loses_nothing(Case hostile) throws Exception {
        FrozenClock clock = new FrozenClock(FIRST_RUN);
        Path ledger = dir.resolve("ledger.db");
        Portal portal;
        State reference;
        if (hostile.where() == Where.INCREMENTAL || hostile.where() == Where.WRITE_BACK) {
            portal = Portal.load(backfilledPortal, clock);
            Files.copy(backfilledLedger, ledger);
            clock.set(LATER_RUN);
            changes(portal);
            reference = afterChanges;
        } else {
            portal = generated(clock);
            reference = afterBackfill;
        }
        Path config = config(dir, ledger);
        Map<String, String> before = Files.exists(ledger) ? checkpoints(ledger) : Map.of();
        List<String> writtenBefore = Files.exists(ledger) ? written(ledger) : List.of();
        try (PortalSimulator simulator = PortalSimulator.start(OPTIONS.withClock(clock), portal);
                CapturedLog log = new CapturedLog()) {
            simulator.faults().target(hostile.target());
            boolean first = runOnce(config, ledger, simulator, clock);
            assertTrue(simulator.stats().faults(hostile.kind()) > 0, "the hostile answer was sent");
            if (hostile.persistent()) {
                assertFalse(first, "the run fails while HubSpot keeps answering so");
                assertNothingMovedPastUnseenData(hostile, ledger, before, writtenBefore);
                assertFalse(runOnce(config, ledger, simulator, clock), "and the next run too");
                assertNothingMovedPastUnseenData(hostile, ledger, before, writtenBefore);
                simulator.faults().clear();
                assertTrue(runOnce(config, ledger, simulator, clock), "the run after the fault cleared completes");
            } else {
                assertTrue(first, "one broken answer is retried within the run, which completes");
            }

            log.assertNoStackTrace();
            log.assertMentions(hostile);
            State.of(simulator, ledger).assertSameAs(reference);
        }
    }

    /** (a): the backfill cursor is not done, the incremental checkpoint stayed, nothing was marked written. */
    private static void assertNothingMovedPastUnseenData(Case hostile, Path ledger, Map<String, String> before,
            List<String> writtenBefore) {
        Map<String, String> now = checkpoints(ledger);
        switch (hostile.where()) {
            case FIRST_PAGE, LATER_PAGE -> {
                String cursor = now.get(hostile.feed().checkpoint + ".backfill");
                assertNotEquals(CheckpointedPull.DONE, cursor, "the backfill of " + hostile.feed().checkpoint
                        + " is not done: " + now);
                if (hostile.where() == Where.FIRST_PAGE) {
                    assertEquals("", cursor, "no page of " + hostile.feed().checkpoint + " counts as received");
                } else {
                    assertTrue(cursor != null && !cursor.isEmpty(), "page 1 of " + hostile.feed().checkpoint
                            + " was stored with its cursor, and no more: " + now);
                }
            }
            case INCREMENTAL -> assertEquals(before.get(hostile.feed().checkpoint + ".incremental"),
                    now.get(hostile.feed().checkpoint + ".incremental"), "the incremental checkpoint of "
                            + hostile.feed().checkpoint + " stays where it was");
            case WRITE_BACK -> {
                try (Ledger read = Ledger.openReadOnly(ledger)) {
                    assertTrue(read.read(tx -> tx.outbox().pendingCount()) > 0, "the new values wait in the outbox");
                }
                assertEquals(writtenBefore, written(ledger), "nothing more is marked written");
            }
            default -> throw new IllegalStateException();
        }
    }

    private static List<String> written(Path ledger) {
        try (Ledger read = Ledger.openReadOnly(ledger)) {
            return read.read(tx -> tx.written().all()).stream()
                    .map(w -> w.contactId() + " " + w.property() + "=" + w.value()).toList();
        }
    }

    // ---- running the daemon -------------------------------------------------------------------------------

    private static Path config(Path dir, Path ledger) throws IOException {
        Path config = dir.resolve("hubscore-" + ledger.getFileName() + ".yaml");
        // searches at a tenth of the harness's pace: every backfill plans the list endpoint, whose answers the cases
        // spoil (the search and association cases spoil the incremental pulls)
        Files.writeString(config, PortalHarness.configText(EXAMPLE, ledger, "overwrite")
                .replace("search-per-second: 1000", "search-per-second: 100"));
        return config;
    }

    /** One {@code run --once}, as cron would start it, with retries that do not wait. */
    private static boolean runOnce(Path config, Path ledger, PortalSimulator simulator, Clock clock)
            throws InterruptedException {
        try (Daemon daemon = Daemon.open(LiveConfig.load(config, new ConfigLoader(PortalHarness.ENV::get)),
                new Daemon.Options(simulator.baseUrl(), ledger, clock, PortalHarness.ENV::get, null, Sleeper.real(),
                        new Random(1)),
                HostilePortalTest::withoutWaiting)) {
            return daemon.runOnce(Duration.ofSeconds(30));
        }
    }

    private static ClientSettings withoutWaiting(ClientSettings s) {
        return new ClientSettings(s.baseUrl(), s.auth(), s.connectTimeout(), s.readTimeout(), s.callTimeout(),
                s.rateBudget(), s.retryPolicy(), s.searchLagMargin(), s.portalZone(), s.clock(), duration -> { },
                s.random());
    }

    private static Map<String, String> checkpoints(Path ledger) {
        Map<String, String> all = new TreeMap<>();
        try (Ledger read = Ledger.openReadOnly(ledger)) {
            for (Feed feed : Feed.values()) {
                for (String suffix : List.of(".backfill", ".incremental")) {
                    Optional<String> cursor = read.read(tx -> tx.checkpoints().get(feed.checkpoint + suffix));
                    cursor.ifPresent(value -> all.put(feed.checkpoint + suffix, value));
                }
            }
        }
        return all;
    }

    // ---- what is compared ---------------------------------------------------------------------------------

    /** The portal's hubscore properties per contact, and the ledger's scores, bands, transitions and writes. */
    record State(Map<String, Map<String, String>> portal, Map<String, List<String>> ledger) {

        static State of(PortalSimulator simulator, Path file) {
            Map<String, Map<String, String>> portal = new TreeMap<>();
            for (String id : simulator.portal().contactIds()) {
                Map<String, String> owned = new TreeMap<>();
                simulator.portal().contactProperties(id).orElseThrow().forEach((name, value) -> {
                    if (name.startsWith("hubscore_")) {
                        owned.put(name, value);
                    }
                });
                portal.put(id, owned);
            }
            Map<String, List<String>> ledger = new LinkedHashMap<>();
            try (Ledger read = Ledger.openReadOnly(file)) {
                for (String sql : List.of(
                        "SELECT COUNT(*), SUM(archived) FROM contacts",
                        "SELECT type, COUNT(*) FROM engagements GROUP BY type ORDER BY type",
                        "SELECT COUNT(*), SUM(closed) FROM deals",
                        "SELECT contact_id, score, fit, engagement, band, contributions FROM scores s WHERE seq ="
                                + " (SELECT MAX(seq) FROM scores WHERE contact_id = s.contact_id) ORDER BY contact_id",
                        "SELECT contact_id, band, since, last_transition_at, score FROM band_state ORDER BY contact_id",
                        "SELECT contact_id, from_band, to_band, score, at, fired, held_by FROM transitions"
                                + " ORDER BY contact_id, seq",
                        "SELECT contact_id, property, value FROM written ORDER BY contact_id, property",
                        "SELECT state, COUNT(*) FROM outbox WHERE state IN ('pending', 'parked') GROUP BY state")) {
                    ledger.put(sql, LedgerSql.rows(read, sql).stream()
                            .map(row -> String.join("|", row) + "|").toList());
                }
            }
            return new State(portal, ledger);
        }

        /** Equal, or a failure that shows the first differences rather than two whole states. */
        void assertSameAs(State expected) {
            List<String> differences = new ArrayList<>();
            expected.portal.forEach((id, values) -> {
                if (!values.equals(portal.get(id))) {
                    differences.add("contact " + id + " in the portal: expected " + values + " but was " + portal.get(id));
                }
            });
            if (!expected.portal.keySet().equals(portal.keySet())) {
                differences.add("the portal's contacts differ");
            }
            expected.ledger.forEach((sql, rows) -> {
                List<String> actual = ledger.get(sql);
                if (!rows.equals(actual)) {
                    List<String> missing = new ArrayList<>(rows);
                    missing.removeAll(actual);
                    List<String> extra = new ArrayList<>(actual);
                    extra.removeAll(rows);
                    differences.add(sql + ": missing " + head(missing) + ", unexpected " + head(extra));
                }
            });
            assertTrue(differences.isEmpty(), () -> "not the uninterrupted result:\n  "
                    + String.join("\n  ", differences.subList(0, Math.min(8, differences.size()))));
        }

        private static List<String> head(List<String> rows) {
            return rows.size() <= 3 ? rows : List.of(rows.get(0), rows.get(1), rows.get(2), "... " + rows.size() + " in all");
        }
    }

    // ---- the daemon's log ---------------------------------------------------------------------------------

    /** Every event logged while open, except the simulator's own (it plays HubSpot, not the daemon). */
    static final class CapturedLog implements AutoCloseable {

        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        CapturedLog() {
            appender.start();
            root.addAppender(appender);
        }

        List<ILoggingEvent> daemonEvents() {
            return appender.list.stream().filter(e -> !e.getLoggerName().startsWith("io.hubscore.simulator")
                    && !e.getLoggerName().startsWith("wiremock") && !e.getLoggerName().startsWith("org.eclipse")).toList();
        }

        void assertNoStackTrace() {
            for (ILoggingEvent event : daemonEvents()) {
                assertEquals(null, event.getThrowableProxy(), () -> "a stack trace in the daemon's log: "
                        + event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage());
            }
        }

        /** (c): a line names the endpoint (the path pattern's {@code *} standing for one segment) and the problem. */
        void assertMentions(Case hostile) {
            String endpoint = Pattern.quote(hostile.endpoint()).replace("*", "\\E[^ /]+\\Q");
            Pattern expected = Pattern.compile(endpoint + " answered 2\\d\\d with " + Pattern.quote(words(hostile)));
            assertTrue(daemonEvents().stream().anyMatch(e -> expected.matcher(e.getFormattedMessage()).find()),
                    () -> "no line matches " + expected + " in:\n" + String.join("\n",
                            daemonEvents().stream().map(ILoggingEvent::getFormattedMessage).toList()));
        }

        @Override
        public void close() {
            root.detachAppender(appender);
        }
    }

    /** How the daemon words what was wrong with each hostile answer, on each kind of endpoint. */
    private static String words(Case hostile) {
        boolean search = hostile.endpoint().endsWith("/search");
        boolean rows = hostile.endpoint().contains("/crm/v4/associations/");
        boolean property = hostile.where() == Where.WRITE_BACK;
        return switch (hostile.kind()) {
            case EMPTY_BODY -> "an empty body";
            case NULL_BODY -> "JSON null";
            case ARRAY_BODY -> "a JSON array where an object belongs";
            case EMPTY_OBJECT -> "no 'results'";
            case EMPTY_RESULTS -> property || rows ? "no 'status'" : search
                    ? "no 'total'" : "no results and no next page although HubSpot's search counts";
            case RESULTS_NOT_LIST -> "'results' that is not a list";
            case PAGING_WITHOUT_CURSOR -> "'paging.next' without a cursor ('after')";
            case RECORD_WITHOUT_ID -> property ? "a property without a 'name'" : rows ? "a row without an id"
                    : "a record without an id";
            case HTML_AS_JSON -> "an HTML page instead of JSON";
            case TRUNCATED_JSON -> "truncated JSON";
            case REPEATED_CURSOR -> "the paging cursor it was sent";
            case SEARCH_TOTAL_MISMATCH -> "'total' ";
            default -> throw new IllegalArgumentException(hostile.kind() + " is not a hostile answer");
        };
    }
}
