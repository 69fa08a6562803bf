package io.hubscore.scoring;

import static io.hubscore.scoring.Fixtures.NOW;
import static io.hubscore.scoring.Fixtures.contact;
import static io.hubscore.scoring.Fixtures.daysAgo;
import static io.hubscore.scoring.Fixtures.event;
import static io.hubscore.scoring.Fixtures.input;
import static io.hubscore.scoring.Fixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hubscore.config.EngagementType;
import io.hubscore.config.SuppressionConfig;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-computed contacts on the bundled icp-agency example: fit with no cap, engagement with no decay, bands
 * Hot 30 / Warm 15 / Cold, no hysteresis, no cooldown, a no-write suppression for customers.
 */
class IcpAgencyGoldenTest {

    private final ScoringModel model = Fixtures.exampleModel("icp-agency.yaml");

    @Test
    void anIdealAgencyLeadGetsEveryRuleAndTheEmailReplyCap() {
        ContactSnapshot contact = contact(
                "jobtitle=Director of Marketing",
                "industry=marketing agency",
                "numberofemployees=25",
                "country=Ireland",
                "num_conversion_events=3",
                "recent_conversion_event_name=Agency Case Study Download",
                "hs_analytics_num_page_views=12");
        List<EngagementEvent> events = List.of(
                event(EngagementType.MEETINGS, daysAgo(10)),
                event(EngagementType.EMAILS, daysAgo(5), "hs_email_direction=INCOMING_EMAIL"),
                event(EngagementType.EMAILS, daysAgo(20), "hs_email_direction=incoming_email"),
                event(EngagementType.EMAILS, daysAgo(60), "hs_email_direction=INCOMING_EMAIL"),
                event(EngagementType.EMAILS, daysAgo(1), "hs_email_direction=EMAIL"),
                event(EngagementType.EMAILS, daysAgo(100), "hs_email_direction=INCOMING_EMAIL"),
                event(EngagementType.CALLS, daysAgo(1), "hs_call_direction=INBOUND"));

        ScoreResult result = model.score(input(contact, events));

        // fit: 10 + 15 + 8 + 5 = 38
        // engagement: 7 + 6 + 5 + meeting 1 x 20 (max 20) + replies 3 x 15 = 45, max 30 -> 30; = 68
        // (the outgoing email, the reply 100 days ago and the call count for nothing)
        assertEquals(106, result.score());
        assertEquals(List.of("marketing-title=10", "agency-industry=15", "company-size-10-50=8", "target-country=5",
                "converted=7", "case-study-conversion=6", "page-views-10-plus=5", "meeting=20", "email-reply=30"),
                lines(result));
        assertEquals(Fixtures.points("38"), result.fit().stripTrailingZeros());
        assertEquals(Fixtures.points("68"), result.engagement().stripTrailingZeros());
        assertEquals(Fixtures.points("45"), result.contributions().get(8).rawPoints().stripTrailingZeros());
        assertEquals("Hot", result.band());
        assertEquals("+30 email-reply; +20 meeting; +15 agency-industry", result.reasons(3));
        assertTrue(result.write());
        assertNull(result.suppression());
        assertEquals(TransitionDecision.NONE, result.transition());
        assertEquals("icp-agency-1", result.modelVersion());
        assertEquals(model.fingerprint(), result.fingerprint());
    }

    @Test
    void anInternWithGarbageDataGetsPenaltiesAndANote() {
        ContactSnapshot contact = contact(
                "jobtitle=Marketing Intern",
                "numberofemployees=12 employees",
                "country=Narnia",
                "hs_email_optout=TRUE");

        ScoreResult result = model.score(input(contact));

        // fit: student-or-intern -5, opted-out -10 = -15; "12 employees" is no number: no +8
        assertEquals(-15, result.score());
        assertEquals(List.of("student-or-intern=-5", "opted-out=-10"), lines(result));
        assertEquals("Cold", result.band());
        assertEquals(List.of(new DataQualityNote("company-size-10-50", "numberofemployees",
                "'12 employees' is not a number")), result.notes());
        assertEquals("-10 opted-out; -5 student-or-intern", result.reasons(3));
    }

    static Stream<Arguments> bandEdges() {
        return Stream.of(
                // industry 15 + size 8 + converted 7 = 30: exactly Hot's minimum
                Arguments.of(30, "Hot", new String[] {"industry=Marketing Agency", "numberofemployees=10",
                    "num_conversion_events=1"}),
                // industry 15 + size 8 + case study 6 = 29
                Arguments.of(29, "Warm", new String[] {"industry=Marketing Agency", "numberofemployees=50",
                    "recent_conversion_event_name=Case study: X"}),
                // industry 15 = Warm's minimum
                Arguments.of(15, "Warm", new String[] {"industry=Marketing Agency"}),
                // size 8 + case study 6 = 14
                Arguments.of(14, "Cold", new String[] {"numberofemployees=49.5",
                    "recent_conversion_event_name=case study"}),
                // nothing matches: size 51 is outside 10..50
                Arguments.of(0, "Cold", new String[] {"numberofemployees=51"}));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("bandEdges")
    void aScoreOnABandsMinimumIsInThatBand(int score, String band, String[] properties) {
        ScoreResult result = model.score(input(contact(properties)));

        assertEquals(score, result.score());
        assertEquals(band, result.band());
    }

    @Nested
    class Transitions {

        private final Instant longAgo = NOW.minusSeconds(3600);

        @Test
        void withoutHysteresisOnePointBelowAMinimumDowngrades() {
            // 15 + 8 + 6 = 29, previous Hot: Hot's minimum is 30 and hysteresis is 0
            ContactSnapshot contact = contact("industry=Marketing Agency", "numberofemployees=20",
                    "recent_conversion_event_name=case study");
            BandState previous = new BandState("Hot", longAgo, longAgo);

            ScoreResult result = model.score(new ScoringInput(contact, List.of(), false, previous, NOW));

            assertEquals("Warm", result.band());
            assertEquals(new TransitionDecision.Fires("Hot", "Warm"), result.transition());
        }

        @Test
        void withoutCooldownAnUpgradeFiresRightAfterTheLastTransition() {
            // 15 + 8 + 7 = 30
            ContactSnapshot contact = contact("industry=Marketing Agency", "numberofemployees=20",
                    "num_conversion_events=2");
            BandState previous = new BandState("Warm", NOW, NOW);

            ScoreResult result = model.score(new ScoringInput(contact, List.of(), false, previous, NOW));

            assertEquals("Hot", result.band());
            assertEquals(new TransitionDecision.Fires("Warm", "Hot"), result.transition());
        }

        @Test
        void aFirstAssignmentIsNotATransition() {
            ScoreResult result = model.score(input(contact("industry=Marketing Agency")));

            assertEquals("Warm", result.band());
            assertEquals(TransitionDecision.NONE, result.transition());
        }
    }

    @Test
    void aCustomerIsScoredButNothingIsWritten() {
        // 15; lifecyclestage matches "customer" ignoring case
        ContactSnapshot contact = contact("industry=Marketing Agency", "lifecyclestage=Customer");

        ScoreResult result = model.score(input(contact));

        assertEquals(15, result.score());
        assertEquals("Warm", result.band());
        assertEquals(new AppliedSuppression("customers", SuppressionConfig.Action.NO_WRITE), result.suppression());
        assertFalse(result.write());
    }
}
