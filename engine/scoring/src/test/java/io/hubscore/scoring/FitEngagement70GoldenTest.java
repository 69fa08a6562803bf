package io.hubscore.scoring;

import static io.hubscore.scoring.Fixtures.NOW;
import static io.hubscore.scoring.Fixtures.contact;
import static io.hubscore.scoring.Fixtures.daysAgo;
import static io.hubscore.scoring.Fixtures.event;
import static io.hubscore.scoring.Fixtures.input;
import static io.hubscore.scoring.Fixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.config.EngagementType;
import io.hubscore.config.SuppressionConfig;
import io.hubscore.config.SyncConfig;
import io.hubscore.config.TransitionsConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-computed contacts on the bundled fit-engagement-70 example: fit capped at 40 and floored at 0,
 * engagement capped at 60 with a 30-day half-life, bands MQL 70 / Nurture 40 / Cold with hysteresis 5, a
 * 14-day cooldown, and three suppressions (customers no-write, open-deal freeze-band, opted-out cap-band
 * Nurture). 2^-0.5 = 0.70710678118654752..., 2^-0.25 = 0.84089641525371454...
 */
class FitEngagement70GoldenTest {

    private static final Instant LONG_AGO = NOW.minus(Duration.ofDays(100));

    private final ScoringModel model = Fixtures.exampleModel("fit-engagement-70.yaml");

    private static EngagementEvent meeting(String outcome, Instant at) {
        return event(EngagementType.MEETINGS, at, "hs_meeting_outcome=" + outcome);
    }

    private static EngagementEvent reply(Instant at) {
        return event(EngagementType.EMAILS, at, "hs_email_direction=INCOMING_EMAIL");
    }

    private static EngagementEvent inboundCall(Instant at) {
        return event(EngagementType.CALLS, at, "hs_call_direction=INBOUND");
    }

    /** Head of Growth Marketing (15 + 8), 50 employees (12, the edge), Canada (5): fit 40. */
    private static String[] fit40(String... more) {
        return with(more, "jobtitle=Head of Growth Marketing", "numberofemployees=50", "country=Canada",
                "company=Acme");
    }

    /** fit40 without the country: 35. */
    private static String[] fit35(String... more) {
        return with(more, "jobtitle=Head of Growth Marketing", "numberofemployees=50", "company=Acme");
    }

    private static String[] with(String[] more, String... base) {
        List<String> all = new ArrayList<>(Arrays.asList(base));
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    @Test
    void bothGroupsAreCappedAndEngagementsDecayByAge() {
        ContactSnapshot contact = contact(
                "jobtitle=VP Growth Marketing",
                "industry=computer software",
                "numberofemployees=250",
                "country=Germany",
                "email=jane@acme.io",
                "company=Acme GmbH",
                "num_conversion_events=2",
                "hs_analytics_num_page_views=19",
                "hs_analytics_last_visit_timestamp=2026-02-26T09:30:00Z",
                "hs_email_click=3");
        List<EngagementEvent> events = List.of(
                meeting("COMPLETED", NOW),
                meeting("SCHEDULED", NOW.plus(Duration.ofDays(7))),
                meeting("CANCELED", daysAgo(1)),
                meeting("completed", daysAgo(30)),
                reply(daysAgo(60)),
                reply(daysAgo(90)),
                reply(daysAgo(90).minusMillis(1)),
                event(EngagementType.EMAILS, daysAgo(1), "hs_email_direction=EMAIL"),
                inboundCall(daysAgo(15)),
                event(EngagementType.CALLS, NOW, "hs_call_direction=OUTBOUND"),
                event(EngagementType.NOTES, NOW));

        ScoreResult result = model.score(input(contact, events));

        // fit: 15 + 8 + 10 + 12 + 5 = 50, cap 40 -> -10
        // engagement rules on properties: the latest activity is the scheduled meeting (future: age 0), no decay:
        //   form-submissions 10 + recent-visit 5 + email-clicker 4 = 19 (19 page views are not 20)
        // meetings: 20 (age 0) + 20 (future: age 0) + 20 x 0.5 (30d) = 50, raw 3 x 20 = 60, max 40 -> 40
        // replies: 8 x 0.25 (60d) + 8 x 0.125 (90d, the window's edge) = 3, raw 16; 90d + 1ms is outside
        // inbound call: 10 x 2^-0.5 (15d) = 7.0710678... -> 7.071068
        // engagement: 19 + 40 + 3 + 7.071068 = 69.071068, cap 60 -> -9.071068
        // total: 40 + 60 = 100
        assertEquals(List.of("senior-marketing-title=15", "marketing-title=8", "saas-industry=10",
                "company-size-50-1000=12", "target-country=5", "fit cap=-10",
                "form-submissions=10", "recent-visit=5", "email-clicker=4",
                "meeting-held=40", "email-reply=3", "inbound-call=7.071068", "engagement cap=-9.071068"),
                lines(result));
        assertEquals(List.of("60", "16", "10"), result.contributions().subList(9, 12).stream()
                .map(c -> c.rawPoints().stripTrailingZeros().toPlainString()).toList());
        assertEquals(100, result.score());
        assertEquals(40_000_000, result.fitMicros());
        assertEquals(60_000_000, result.engagementMicros());
        assertEquals("MQL", result.band());
        assertEquals("+40 meeting-held; +15 senior-marketing-title; +12 company-size-50-1000", result.reasons(3));
        assertTrue(result.notes().isEmpty());
    }

    @Test
    void theFitFloorLiftsPenaltiesAndPropertyRulesDecayByTheLastActivity() {
        ContactSnapshot contact = contact(
                "numberofemployees=5",
                "email=bob@mail.Yahoo.com",
                "country=Spain",
                "num_conversion_events=4",
                "hs_analytics_num_page_views=25",
                "hs_analytics_last_visit_timestamp=1769731200000",
                "recent_conversion_date=2026-02-14",
                "hs_last_sales_activity_timestamp=2026-01-15T10:00:00.000Z");

        ScoreResult result = model.score(input(contact));

        // fit: -10 (under 10 employees) - 8 (yahoo.com subdomain) - 3 (no company) = -21, floor 0 -> +21
        // last activity: the latest of 2026-01-30 (visit, epoch ms), 2026-02-14 (conversion), 2026-01-15: 15 days
        // form-submissions 10 x 2^-0.5 = 7.0710678 -> 7.071068; engaged-site-visitor 8 x 2^-0.5 = 5.6568542 -> 5.656854
        // the visit 30 days ago is not within 14 days
        // total 12.727922, rounded half-up to 13: rounding +0.272078
        assertEquals(List.of("company-size-under-10=-10", "free-email-domain=-8", "no-company=-3", "fit floor=21",
                "form-submissions=7.071068", "engaged-site-visitor=5.656854", "rounding=0.272078"), lines(result));
        assertEquals(13, result.score());
        assertEquals(0, result.fitMicros());
        assertEquals(12_727_922, result.engagementMicros());
        assertEquals("Cold", result.band());
        // reasons: largest magnitude first; 7.071068 shows as +7.1
        assertEquals("-10 company-size-under-10; -8 free-email-domain; +7.1 form-submissions", result.reasons(3));
    }

    @Test
    void withoutAnyActivityDatePropertyRulesDoNotDecayAndANoteSaysSo() {
        ContactSnapshot contact = contact("company=Acme", "num_conversion_events=2");

        ScoreResult result = model.score(input(contact));

        // form-submissions 10, undecayed
        assertEquals(List.of("form-submissions=10"), lines(result));
        assertEquals(10, result.score());
        assertEquals(List.of(new DataQualityNote("decay", null,
                "no activity date known: engagement rules on properties do not decay")), result.notes());
    }

    static Stream<Arguments> eventAges() {
        return Stream.of(
                Arguments.of(Duration.ZERO, "10"),                 // 10 x 2^0
                Arguments.of(Duration.ofDays(15), "7.071068"),     // 10 x 2^-0.5 = 7.0710678...
                Arguments.of(Duration.ofDays(30), "5"),            // 10 x 2^-1
                Arguments.of(Duration.ofDays(60), "2.5"),          // 10 x 2^-2
                Arguments.of(Duration.ofDays(90), "1.25"),         // 10 x 2^-3, the lookback's edge
                Arguments.of(Duration.ofDays(-3), "10"));          // in the future: age 0
    }

    @ParameterizedTest(name = "an inbound call {0} ago gives {1}")
    @MethodSource("eventAges")
    void anEngagementDecaysByHalfEveryThirtyDays(Duration age, String points) {
        ScoreResult result = model.score(input(contact("company=Acme"), List.of(inboundCall(NOW.minus(age)))));

        assertEquals(List.of("inbound-call=" + points), lines(result).subList(0, 1));
    }

    @Test
    void anEngagementOutsideItsLookbackCountsForNothing() {
        ScoreResult result = model.score(input(contact("company=Acme"), List.of(inboundCall(daysAgo(91)))));

        assertEquals(List.of(), lines(result));
        assertEquals(0, result.score());
    }

    static Stream<Arguments> activityAges() {
        return Stream.of(
                Arguments.of(Duration.ZERO, "4"),                  // 4 x 2^0
                Arguments.of(Duration.ofHours(180), "3.363586"),   // 7.5 days: 4 x 2^-0.25 = 3.3635856...
                Arguments.of(Duration.ofDays(30), "2"),            // 4 x 2^-1
                Arguments.of(Duration.ofDays(60), "1"));           // 4 x 2^-2
    }

    @ParameterizedTest(name = "a click rule with the last activity {0} ago gives {1}")
    @MethodSource("activityAges")
    void aPropertyRuleDecaysByTheTimeSinceTheLastActivity(Duration age, String points) {
        ContactSnapshot contact = contact("company=Acme", "hs_email_click=7",
                "hs_last_sales_activity_timestamp=" + NOW.minus(age).toEpochMilli());

        ScoreResult result = model.score(input(contact));

        assertEquals(List.of("email-clicker=" + points), lines(result).subList(0, 1));
    }

    record Row(String name, int score, String previous, String band, TransitionDecision decision, String[] properties,
            List<EngagementEvent> events) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> bandRows() {
        TransitionDecision none = TransitionDecision.NONE;
        return Stream.of(
                // 40 + meeting 20 + call 10 = 70
                new Row("70 is MQL", 70, null, "MQL", none, fit40(),
                        List.of(meeting("COMPLETED", NOW), inboundCall(NOW))),
                // 40 + meeting 20 + click 4 + visit 5 (activity at now: no decay) = 69
                new Row("69 is Nurture", 69, null, "Nurture", none,
                        fit40("hs_email_click=3", "hs_analytics_last_visit_timestamp=2026-03-01T00:00:00Z"),
                        List.of(meeting("COMPLETED", NOW))),
                new Row("40 is Nurture", 40, null, "Nurture", none, fit40(), List.of()),
                // 35 + click 4 (no activity: undecayed) = 39
                new Row("39 is Cold", 39, null, "Cold", none, fit35("hs_email_click=3"), List.of()),
                // 40 + meeting 20 + visit 5 = 65: MQL's minimum 70 minus hysteresis 5
                new Row("65 stays MQL", 65, "MQL", "MQL", none,
                        fit40("hs_analytics_last_visit_timestamp=2026-03-01T00:00:00Z"),
                        List.of(meeting("COMPLETED", NOW))),
                // 40 + meeting 20 + click 4 = 64 < 65
                new Row("64 leaves MQL", 64, "MQL", "Nurture", new TransitionDecision.Fires("MQL", "Nurture"),
                        fit40("hs_email_click=3"), List.of(meeting("COMPLETED", NOW))),
                // VP Marketing 15 + 60 employees 12 + Internet 10 = 37: below Nurture's 40, but not below 35
                new Row("37 from MQL lands in Nurture", 37, "MQL", "Nurture",
                        new TransitionDecision.Fires("MQL", "Nurture"),
                        new String[] {"jobtitle=VP Marketing", "numberofemployees=60", "industry=Internet",
                            "company=Acme"}, List.of()),
                // Internet 10 + 1000 employees 12 + reply 8 + click 4 = 34
                new Row("34 from MQL drops to Cold", 34, "MQL", "Cold", new TransitionDecision.Fires("MQL", "Cold"),
                        new String[] {"industry=Internet", "numberofemployees=1000", "hs_email_click=3",
                            "company=Acme"}, List.of(reply(NOW))),
                new Row("35 stays Nurture", 35, "Nurture", "Nurture", none, fit35(), List.of()),
                new Row("34 leaves Nurture", 34, "Nurture", "Cold", new TransitionDecision.Fires("Nurture", "Cold"),
                        new String[] {"industry=Internet", "numberofemployees=1000", "hs_email_click=3",
                            "company=Acme"}, List.of(reply(NOW))),
                new Row("69 stays Nurture", 69, "Nurture", "Nurture", none,
                        fit40("hs_email_click=3", "hs_analytics_last_visit_timestamp=2026-03-01T00:00:00Z"),
                        List.of(meeting("COMPLETED", NOW))),
                new Row("40 upgrades Cold without hysteresis", 40, "Cold", "Nurture",
                        new TransitionDecision.Fires("Cold", "Nurture"), fit40(), List.of()),
                new Row("70 upgrades Cold to MQL", 70, "Cold", "MQL", new TransitionDecision.Fires("Cold", "MQL"),
                        fit40(), List.of(meeting("COMPLETED", NOW), inboundCall(NOW))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bandRows")
    void bandsFollowMinimumsWithHysteresisOnTheWayDown(Row row) {
        BandState previous = row.previous() == null ? null : new BandState(row.previous(), LONG_AGO, LONG_AGO);

        ScoreResult result = model.score(new ScoringInput(contact(row.properties()), row.events(), false, previous, NOW));

        assertEquals(row.score(), result.score(), () -> lines(result).toString());
        assertEquals(row.band(), result.band());
        assertEquals(row.decision(), result.transition());
    }

    /** 40 + meeting 20 + call 10 = 70. */
    private ScoringInput seventy(BandState previous, boolean openDeal, String... more) {
        return new ScoringInput(contact(fit40(more)), List.of(meeting("COMPLETED", NOW), inboundCall(NOW)), openDeal,
                previous, NOW);
    }

    @Nested
    class Cooldown {

        @Test
        void aChangeWithinFourteenDaysOfTheLastTransitionIsHeldAndPending() {
            BandState previous = new BandState("Nurture", daysAgo(13), daysAgo(13));

            ScoreResult result = model.score(seventy(previous, false));

            assertEquals(70, result.score());
            assertEquals("Nurture", result.band());
            assertEquals(new TransitionDecision.HeldByCooldown("MQL", NOW.plus(Duration.ofDays(1))), result.transition());
        }

        @Test
        void theCooldownEndsExactlyFourteenDaysAfterTheLastTransition() {
            BandState previous = new BandState("Nurture", daysAgo(14), daysAgo(14));

            ScoreResult result = model.score(seventy(previous, false));

            assertEquals("MQL", result.band());
            assertEquals(new TransitionDecision.Fires("Nurture", "MQL"), result.transition());
        }

        @Test
        void withoutAnyTransitionYetThereIsNoCooldown() {
            BandState previous = new BandState("Nurture", NOW, null);

            ScoreResult result = model.score(seventy(previous, false));

            assertEquals(new TransitionDecision.Fires("Nurture", "MQL"), result.transition());
        }

        @Test
        void aDowngradeIsHeldToo() {
            BandState previous = new BandState("MQL", daysAgo(1), daysAgo(1));

            ScoreResult result = model.score(new ScoringInput(contact(fit40()), List.of(), false, previous, NOW));

            assertEquals(40, result.score());
            assertEquals("MQL", result.band());
            assertEquals(new TransitionDecision.HeldByCooldown("Nurture", NOW.plus(Duration.ofDays(13))),
                    result.transition());
        }
    }

    @Nested
    class Suppressions {

        private final BandState nurture = new BandState("Nurture", LONG_AGO, LONG_AGO);

        @Test
        void aCustomerIsScoredAndItsBandDecidedButNothingIsWritten() {
            ScoreResult result = model.score(seventy(nurture, false, "lifecyclestage=Evangelist"));

            assertEquals(70, result.score());
            assertEquals("MQL", result.band());
            assertEquals(new TransitionDecision.Fires("Nurture", "MQL"), result.transition());
            assertEquals(new AppliedSuppression("customers", SuppressionConfig.Action.NO_WRITE), result.suppression());
            assertFalse(result.write());
        }

        @Test
        void anOpenDealFreezesTheBandWhileTheScoreMoves() {
            ScoreResult result = model.score(seventy(nurture, true));

            assertEquals(70, result.score());
            assertEquals("Nurture", result.band());
            assertEquals(new TransitionDecision.HeldBySuppression("MQL", "open-deal"), result.transition());
            assertEquals(new AppliedSuppression("open-deal", SuppressionConfig.Action.FREEZE_BAND),
                    result.suppression());
            assertTrue(result.write());
        }

        @Test
        void anOpenDealWithoutAPreviousBandScoresNormally() {
            ScoreResult result = model.score(seventy(null, true));

            assertEquals("MQL", result.band());
            assertEquals(TransitionDecision.NONE, result.transition());
        }

        @Test
        void anOptedOutContactNeverRisesAboveNurture() {
            ScoreResult result = model.score(seventy(null, false, "hs_email_optout=true"));

            assertEquals(70, result.score());
            assertEquals("Nurture", result.band());
            assertEquals(new AppliedSuppression("opted-out", SuppressionConfig.Action.CAP_BAND), result.suppression());
        }

        @Test
        void theCapBringsAnMqlDownAtOnceEvenInsideTheCooldown() {
            BandState mql = new BandState("MQL", daysAgo(1), daysAgo(1));

            ScoreResult result = model.score(seventy(mql, false, "hs_email_optout=true"));

            assertEquals("Nurture", result.band());
            assertEquals(new TransitionDecision.Fires("MQL", "Nurture"), result.transition());
        }

        @Test
        void theCapNeverRaisesABand() {
            BandState cold = new BandState("Cold", LONG_AGO, LONG_AGO);

            ScoreResult result = model.score(new ScoringInput(contact(fit35("hs_email_optout=TRUE")), List.of(), false,
                    cold, NOW));

            assertEquals(35, result.score());
            assertEquals("Cold", result.band());
            assertEquals(TransitionDecision.NONE, result.transition());
        }

        @Test
        void whenSeveralMatchTheFirstInConfigOrderWins() {
            ScoreResult all = model.score(seventy(nurture, true, "lifecyclestage=customer", "hs_email_optout=true"));
            ScoreResult dealAndOptOut = model.score(seventy(nurture, true, "hs_email_optout=true"));

            assertEquals("customers", all.suppression().name());
            assertEquals("open-deal", dealAndOptOut.suppression().name());
            assertEquals("Nurture", dealAndOptOut.band());
        }
    }

    @Test
    void aCountedFirstAssignmentIsATransitionFromNoBand() {
        SyncConfig config = Fixtures.example("fit-engagement-70.yaml");
        ScoringModel counting = ScoringModel.compile(config.model(), config.bands(),
                new TransitionsConfig(Duration.ofDays(14), true), config.suppressions());

        ScoreResult result = counting.score(seventy(null, false));

        assertEquals("MQL", result.band());
        assertEquals(new TransitionDecision.Fires(null, "MQL"), result.transition());
    }

    @Test
    void aPreviousBandTheModelNoLongerHasGetsANoteAndMoves() {
        BandState renamed = new BandState("Hot", LONG_AGO, LONG_AGO);

        ScoreResult result = model.score(seventy(renamed, false));

        assertEquals("MQL", result.band());
        assertEquals(new TransitionDecision.Fires("Hot", "MQL"), result.transition());
        assertEquals("previous band 'Hot' is not in the model: no hysteresis", result.notes().get(0).message());
    }
}
