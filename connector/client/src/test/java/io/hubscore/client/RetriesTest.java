package io.hubscore.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.hubscore.client.Stand.ONE_CONTACT;
import static io.hubscore.client.Stand.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetriesTest {

    private static final String CONTACTS = "/crm/v3/objects/contacts";
    private static final String RATE_429 = """
            {"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT",
             "correlationId":"c-429","policyName":"TEN_SECONDLY_ROLLING","requestId":"r1"}""";
    private static final String DAILY_429 = """
            {"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT",
             "correlationId":"c-daily","policyName":"DAILY","requestId":"r2"}""";
    private static final String HTML_502 = "<html><body><h1>502 Bad Gateway</h1></body></html>";

    private Stand stand = new Stand();

    @AfterEach
    void stop() {
        stand.close();
    }

    private Page<CrmObject> readOnePage() {
        return stand.client.listPage(ObjectType.CONTACTS, ListQuery.of(List.of("email")));
    }

    @Nested
    class RateLimits {

        @Test
        void aRollingWindow429IsWaitedOutForRetryAfterThenRetried() {
            stand.respondInTurn("GET", CONTACTS, json(429, RATE_429).withHeader("Retry-After", "3"), json(200, ONE_CONTACT));

            Page<CrmObject> page = readOnePage();

            assertEquals("101", page.results().get(0).id());
            assertEquals(List.of(Duration.ofSeconds(3)), stand.time.sleeps());
            MetricsSnapshot metrics = stand.client.metrics();
            assertEquals(2, metrics.requests());
            assertEquals(1, metrics.retries());
            assertEquals(1L, metrics.http429ByPolicy().get("TEN_SECONDLY_ROLLING"));
        }

        @Test
        void aRollingWindow429WithoutRetryAfterWaitsTheWholeWindow() {
            stand.respondInTurn("GET", CONTACTS, json(429, RATE_429), json(200, ONE_CONTACT));

            readOnePage();

            assertEquals(List.of(Duration.ofSeconds(10)), stand.time.sleeps());
        }

        @Test
        void aSearch429OfTheSecondlyPolicyWaitsASecond() {
            stand.respondInTurn("POST", CONTACTS + "/search",
                    json(429, RATE_429.replace("TEN_SECONDLY_ROLLING", "SECONDLY")),
                    json(200, "{\"total\":0,\"results\":[]}"));

            SearchPage page = stand.client.search(ObjectType.CONTACTS, new Search(List.of(), List.of(), List.of(), 10, null));

            assertEquals(0, page.total());
            assertTrue(stand.time.sleeps().contains(Duration.ofSeconds(1)), stand.time.sleeps().toString());
            assertEquals(1L, stand.client.metrics().http429ByPolicy().get("SECONDLY"));
        }

        @Test
        void rolling429sAreWaitedOutAsLongAsTheyLastWithoutCountingAsFailedAttempts() {
            ResponseDefinitionBuilder[] answers = new ResponseDefinitionBuilder[11];
            Arrays.fill(answers, json(429, RATE_429));
            answers[10] = json(200, ONE_CONTACT);
            stand.respondInTurn("GET", CONTACTS, answers);

            Page<CrmObject> page = readOnePage();

            assertEquals("101", page.results().get(0).id(), "ten 429s in a row, more than the 4 attempts, and still read");
            assertEquals(11, stand.requestsTo(CONTACTS));
            assertEquals(Collections.nCopies(10, Duration.ofSeconds(10)), stand.time.sleeps());
            assertEquals(100_000, stand.client.metrics().budgetWaitMillis());
            assertEquals(Duration.ofSeconds(100), stand.client.budgetWaitedByThisThread());
        }

        @Test
        void aWaitForRateBudgetEndsWhenTheThreadIsInterrupted() {
            stand.close();
            AtomicInteger waits = new AtomicInteger();
            FakeTime time = FakeTime.at("2026-11-23T10:00:00Z");
            stand = new Stand(builder -> builder.clock(time).sleeper(duration -> {
                if (waits.incrementAndGet() == 3) {
                    throw new InterruptedException(); // a shutdown interrupts the job during its third wait
                }
                time.sleep(duration);
            }));
            stand.respondInTurn("GET", CONTACTS, json(429, RATE_429));

            CallInterrupted stopped = assertThrows(CallInterrupted.class, RetriesTest.this::readOnePage);

            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller to see");
            assertTrue(stopped.getMessage().contains("interrupted while waiting for rate budget"), stopped.getMessage());
            assertEquals(3, stand.requestsTo(CONTACTS));
        }

        @Test
        void aRolling429HoldsTheOtherCallsOfItsLaneUntilTheWaitIsOver() throws Exception {
            stand.close();
            CountDownLatch firstWaiting = new CountDownLatch(1);
            CountDownLatch releaseFirst = new CountDownLatch(1);
            Map<String, List<Duration>> waits = new ConcurrentHashMap<>();
            FakeTime time = FakeTime.at("2026-11-23T10:00:00Z");
            stand = new Stand(builder -> builder.clock(time).sleeper(duration -> {
                String thread = Thread.currentThread().getName();
                waits.computeIfAbsent(thread, t -> new CopyOnWriteArrayList<>()).add(duration);
                if ("first".equals(thread)) {
                    firstWaiting.countDown();
                    releaseFirst.await();
                }
                time.advance(duration);
            }));
            stand.respondInTurn("GET", CONTACTS, json(429, RATE_429).withHeader("Retry-After", "4"),
                    json(200, ONE_CONTACT));
            Thread first = new Thread(RetriesTest.this::readOnePage, "first");
            first.start();
            assertTrue(firstWaiting.await(10, TimeUnit.SECONDS), "the first call met the 429");

            Thread second = new Thread(RetriesTest.this::readOnePage, "second");
            second.start();
            second.join(10_000);
            releaseFirst.countDown();
            first.join(10_000);

            assertEquals(List.of(Duration.ofSeconds(4)), waits.get("second"),
                    "a call started during the wait waits for the rest of it before asking HubSpot");
            assertEquals(3, stand.requestsTo(CONTACTS));
        }

        @Test
        void aDaily429StopsCallingUntilMidnightInThePortalZone() {
            stand.close();
            stand = new Stand(builder -> builder.portalZone(ZoneId.of("America/New_York")));
            stand.respondInTurn("GET", CONTACTS, json(429, DAILY_429), json(200, ONE_CONTACT));

            DailyLimitExhausted first = assertThrows(DailyLimitExhausted.class, RetriesTest.this::readOnePage);
            DailyLimitExhausted second = assertThrows(DailyLimitExhausted.class, RetriesTest.this::readOnePage);

            Instant midnightInNewYork = Instant.parse("2026-11-24T05:00:00Z");
            assertEquals(midnightInNewYork, first.resetAt());
            assertEquals(midnightInNewYork, second.resetAt());
            assertEquals(1, stand.requestsTo(CONTACTS), "no call while the daily budget is gone");
            assertEquals(1L, stand.client.metrics().http429ByPolicy().get("DAILY"));
        }

        @Test
        void callsResumeAfterTheDailyReset() {
            stand.respondInTurn("GET", CONTACTS, json(429, DAILY_429), json(200, ONE_CONTACT));
            assertThrows(DailyLimitExhausted.class, RetriesTest.this::readOnePage);

            stand.time.advance(Duration.ofHours(14));
            Page<CrmObject> page = readOnePage();

            assertEquals(1, page.results().size());
        }

        @Test
        void theDaemonsOwnDailyShareOfTheConfiguredLimitStopsItBeforeHubSpotDoes() {
            stand.close();
            stand = new Stand(builder -> builder.rateBudget(new RateBudget(1_000, Duration.ofSeconds(10), 0.3, 10, 100)));
            stand.respondInTurn("GET", CONTACTS, json(200, ONE_CONTACT));
            readOnePage();
            readOnePage();
            readOnePage();

            DailyLimitExhausted failure = assertThrows(DailyLimitExhausted.class, RetriesTest.this::readOnePage);

            assertEquals(Instant.parse("2026-11-24T00:00:00Z"), failure.resetAt());
            assertEquals(3, stand.requestsTo(CONTACTS));
            assertEquals("this daemon's daily share is used: 3 calls today of the 3 it allows (30% of the configured daily limit"
                    + " of 10)",
                    failure.reason());
        }

        @Test
        void theDailyShareFollowsTheDailyLimitHubSpotReports() {
            stand.close();
            stand = new Stand(builder -> builder.rateBudget(new RateBudget(1_000, Duration.ofSeconds(10), 0.3, 100)));
            stand.respondInTurn("GET", CONTACTS, withDaily(json(200, ONE_CONTACT), 60, 50));

            int calls = 0;
            DailyLimitExhausted failure = null;
            while (failure == null && calls < 100) {
                try {
                    readOnePage();
                    calls++;
                } catch (DailyLimitExhausted e) {
                    failure = e;
                }
            }

            assertEquals(18, calls, "30% of the 60 HubSpot reports, not of the 250,000 assumed before");
            assertEquals(18, stand.requestsTo(CONTACTS));
            assertTrue(failure.reason().contains("18 calls today of the 18 it allows (30% of HubSpot's reported daily"
                    + " limit of 60)"),
                    failure.reason());
            BudgetState state = stand.client.budgetState();
            assertTrue(state.paused());
            assertEquals(18, state.callsToday());
            assertEquals(18, state.callsAllowedToday().getAsLong());
            assertEquals(60, state.lastReported().daily().getAsLong());
        }

        @Test
        void aRecheckLiftsTheDailyPauseOnceHubSpotShowsBudgetAgain() {
            stand.respondInTurn("GET", CONTACTS, json(429, DAILY_429),
                    withDaily(json(200, ONE_CONTACT), 500_000, 249_000));
            assertThrows(DailyLimitExhausted.class, RetriesTest.this::readOnePage);

            BudgetState state = stand.client.recheckDailyBudget();

            assertFalse(state.paused(), "a capacity pack was bought: HubSpot answers with calls left");
            assertEquals(249_000, state.lastReported().dailyRemaining().getAsLong());
            assertEquals(1, readOnePage().results().size(), "calls go out again");
            assertEquals(1, stand.server.findAll(WireMock.getRequestedFor(WireMock.urlPathEqualTo(CONTACTS))
                    .withQueryParam("limit", WireMock.equalTo("1"))).size(), "the re-check reads one contact");
        }

        @Test
        void aRecheckThatHubSpotStillAnswersWithDailyKeepsThePause() {
            stand.respondInTurn("GET", CONTACTS, json(429, DAILY_429));
            assertThrows(DailyLimitExhausted.class, RetriesTest.this::readOnePage);

            BudgetState state = stand.client.recheckDailyBudget();

            assertTrue(state.paused());
            assertEquals("HubSpot answered 429 DAILY", state.pauseReason());
            assertThrows(DailyLimitExhausted.class, RetriesTest.this::readOnePage);
            assertEquals(2, stand.requestsTo(CONTACTS), "the re-check was the only call while paused");
        }

        @Test
        void aRaisedDailyLimitLiftsAPauseOfTheDailyShare() {
            stand.close();
            stand = new Stand(builder -> builder.rateBudget(new RateBudget(1_000, Duration.ofSeconds(10), 0.3, 100)));
            stand.respondInTurn("GET", CONTACTS, withDaily(json(200, ONE_CONTACT), 10, 9),
                    withDaily(json(200, ONE_CONTACT), 10, 8), withDaily(json(200, ONE_CONTACT), 10, 7),
                    withDaily(json(200, ONE_CONTACT), 100, 96));
            for (int i = 0; i < 3; i++) {
                readOnePage();
            }
            assertThrows(DailyLimitExhausted.class, RetriesTest.this::readOnePage);
            assertFalse(stand.client.recheckDailyBudget().paused(), "30% of 100 leaves room after 4 calls");

            readOnePage();

            assertEquals(5, stand.requestsTo(CONTACTS));
        }

        @Test
        void aPauseLiftedByHandLetsCallsGoOutAgain() {
            stand.respondInTurn("GET", CONTACTS, json(429, DAILY_429), json(200, ONE_CONTACT));
            assertThrows(DailyLimitExhausted.class, RetriesTest.this::readOnePage);

            stand.client.liftDailyPause();

            assertEquals(1, readOnePage().results().size());
            assertFalse(stand.client.budgetState().paused());
        }

        @Test
        void theCountOfTodaysCallsCarriesOverFromAnEarlierRunButNotFromAnotherDay() {
            stand.close();
            stand = new Stand(builder -> builder.rateBudget(new RateBudget(1_000, Duration.ofSeconds(10), 0.3, 10, 100)));
            stand.respondInTurn("GET", CONTACTS, json(200, ONE_CONTACT));
            stand.client.restoreDailyCalls(LocalDate.parse("2026-11-22"), 3);
            readOnePage();

            stand.client.restoreDailyCalls(LocalDate.parse("2026-11-23"), 3);

            assertThrows(DailyLimitExhausted.class, RetriesTest.this::readOnePage);
            assertEquals(1, stand.requestsTo(CONTACTS));
        }
    }

    private static ResponseDefinitionBuilder withDaily(ResponseDefinitionBuilder response, long daily, long remaining) {
        return response.withHeader("X-HubSpot-RateLimit-Daily", Long.toString(daily))
                .withHeader("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(remaining));
    }

    @Nested
    class Metrics {

        @Test
        void aDaemonReadsRequestsRetries429sByPolicyLatencyAndTheRemainingBudgetAsNamedNumbers() {
            stand.respondInTurn("GET", CONTACTS, json(429, RATE_429), json(502, HTML_502),
                    json(200, ONE_CONTACT).withHeader("X-HubSpot-RateLimit-Max", "190")
                            .withHeader("X-HubSpot-RateLimit-Remaining", "150")
                            .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
                            .withHeader("X-HubSpot-RateLimit-Daily-Remaining", "240000"));

            readOnePage();
            Map<String, Number> metrics = stand.client.metrics().asMap();

            assertEquals(3L, metrics.get("requests"));
            assertEquals(2L, metrics.get("retries"));
            assertEquals(1L, metrics.get("http_429"));
            assertEquals(1L, metrics.get("http_429_ten_secondly_rolling"));
            assertEquals(1L, metrics.get("transient_failures"));
            assertEquals(150L, metrics.get("rate_limit_remaining"));
            assertEquals(190L, metrics.get("rate_limit_max"));
            assertEquals(240000L, metrics.get("rate_limit_daily_remaining"));
            assertEquals(10_000L, metrics.get("budget_wait_ms"), "the 429's wait is waiting for budget; the 502's is not");
            assertFalse(metrics.containsKey("rate_limit_daily"), "absent headers are absent metrics");
            assertTrue(metrics.containsKey("latency_ms_mean") && metrics.containsKey("latency_ms_max"));
        }
    }

    @Nested
    class TransientFailures {

        @Test
        void aBurstOfGatewayErrorsWithHtmlBodiesIsSurvivedWithGrowingJitteredBackoff() {
            stand.respondInTurn("GET", CONTACTS,
                    aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody(HTML_502),
                    aResponse().withStatus(503).withBody(HTML_502),
                    aResponse().withStatus(504),
                    json(200, ONE_CONTACT));

            Page<CrmObject> page = readOnePage();

            assertEquals(1, page.results().size());
            List<Duration> sleeps = stand.time.sleeps();
            assertEquals(3, sleeps.size());
            for (int i = 0; i < sleeps.size(); i++) {
                long exponential = 200L << i;
                long millis = sleeps.get(i).toMillis();
                assertTrue(millis >= exponential / 2 && millis <= exponential, "backoff " + i + " was " + millis);
            }
        }

        @Test
        void giving5xxUpRaisesHubSpotUnavailableAndLogsWarnThenErrorWithTheCorrelationId() {
            stand.respondInTurn("GET", CONTACTS,
                    json(500, "{\"status\":\"error\",\"message\":\"internal\",\"correlationId\":\"c-500\"}"));

            try (CapturedLogs logs = new CapturedLogs()) {
                HubSpotUnavailable failure = assertThrows(HubSpotUnavailable.class, RetriesTest.this::readOnePage);

                assertEquals(4, failure.attempts());
                assertEquals(3, logs.events().stream().filter(e -> e.getLevel() == Level.WARN).count());
                assertEquals(1, logs.events().stream().filter(e -> e.getLevel() == Level.ERROR).count());
                assertTrue(logs.text().contains("c-500"), logs.text());
            }
        }

        @Test
        void aResetConnectionIsRetried() {
            stand.respondInTurn("GET", CONTACTS,
                    aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), json(200, ONE_CONTACT));

            Page<CrmObject> page = readOnePage();

            assertEquals(1, page.results().size());
            assertEquals(1, stand.client.metrics().retries());
        }

        @Test
        void aResponseSlowerThanTheReadTimeoutIsRetried() {
            stand.respondInTurn("GET", CONTACTS,
                    json(200, ONE_CONTACT).withFixedDelay(1_500), json(200, ONE_CONTACT));

            Page<CrmObject> page = readOnePage();

            assertEquals(1, page.results().size());
            assertEquals(2, stand.requestsTo(CONTACTS));
        }

        @Test
        void aMalformedBodyIsRetriedAndThenReportedAsUnavailable() {
            stand.respondInTurn("GET", CONTACTS, json(200, "{\"results\":[{\"id\":"));

            HubSpotUnavailable failure = assertThrows(HubSpotUnavailable.class, RetriesTest.this::readOnePage);

            assertTrue(failure.getMessage().contains("malformed"), failure.getMessage());
            assertEquals(4, stand.requestsTo(CONTACTS));
        }

        @Test
        void lockedWaitsAtLeastTwoSeconds() {
            stand.respondInTurn("GET", CONTACTS, aResponse().withStatus(423), json(200, ONE_CONTACT));

            readOnePage();

            assertEquals(List.of(Duration.ofSeconds(2)), stand.time.sleeps());
        }

        @Test
        void migrationInProgressHonoursRetryAfter() {
            stand.respondInTurn("GET", CONTACTS, aResponse().withStatus(477).withHeader("Retry-After", "7"),
                    json(200, ONE_CONTACT));

            readOnePage();

            assertEquals(List.of(Duration.ofSeconds(7)), stand.time.sleeps());
        }
    }

    @Nested
    class Rejections {

        @Test
        void aBadRequestIsNotRetriedAndCarriesHubSpotsDetails() {
            stand.respondInTurn("GET", CONTACTS, json(400, """
                    {"status":"error","message":"Property values were not valid","correlationId":"c-400",
                     "category":"VALIDATION_ERROR"}"""));

            HubSpotRejected failure = assertThrows(HubSpotRejected.class, RetriesTest.this::readOnePage);

            assertEquals(400, failure.status());
            assertEquals("VALIDATION_ERROR", failure.category());
            assertEquals("c-400", failure.correlationId());
            assertEquals("Property values were not valid", failure.hubSpotMessage());
            assertEquals(1, stand.requestsTo(CONTACTS));
            assertFalse(stand.time.sleeps().iterator().hasNext());
        }

        @Test
        void missingScopesAre403Rejections() {
            stand.respondInTurn("GET", CONTACTS, json(403, """
                    {"status":"error","message":"This app hasn't been granted all required scopes",
                     "correlationId":"c-403","category":"MISSING_SCOPES"}"""));

            HubSpotRejected failure = assertThrows(HubSpotRejected.class, RetriesTest.this::readOnePage);

            assertEquals(403, failure.status());
            assertEquals("MISSING_SCOPES", failure.category());
        }
    }
}
