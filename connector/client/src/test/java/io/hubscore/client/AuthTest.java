package io.hubscore.client;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.hubscore.client.Stand.ONE_CONTACT;
import static io.hubscore.client.Stand.TOKEN;
import static io.hubscore.client.Stand.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuthTest {

    private static final String CONTACTS = "/crm/v3/objects/contacts";
    private static final String CLIENT_SECRET = "client-secret-9b7e";
    private static final String REFRESH_TOKEN = "refresh-token-5d21";
    private static final String UNAUTHORIZED = """
            {"status":"error","message":"Authentication credentials not found.","correlationId":"c-401",
             "category":"EXPIRED_AUTHENTICATION"}""";

    private Stand stand;

    @AfterEach
    void stop() {
        stand.close();
    }

    private static Stand oauth(Auth.TokenEndpoint endpoint) {
        return new Stand(builder -> builder.auth(new Auth.OAuth("client-1", Credentials.of(CLIENT_SECRET.toCharArray()),
                Credentials.of(REFRESH_TOKEN.toCharArray()), endpoint)));
    }

    private static String token(String access) {
        return "{\"access_token\":\"" + access + "\",\"refresh_token\":\"" + REFRESH_TOKEN
                + "\",\"expires_in\":1800,\"token_type\":\"bearer\"}";
    }

    private Page<CrmObject> readOnePage() {
        return stand.client.listPage(ObjectType.CONTACTS, ListQuery.of(List.of("email")));
    }

    @Nested
    class StaticToken {

        @Test
        void everyCallCarriesTheTokenAsBearer() {
            stand = new Stand();
            stand.respondInTurn("GET", CONTACTS, json(200, ONE_CONTACT));

            readOnePage();

            stand.server.verify(getRequestedFor(urlPathEqualTo(CONTACTS)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        }

        @Test
        void a401IsAnAuthFailureWithoutRetry() {
            stand = new Stand();
            stand.respondInTurn("GET", CONTACTS, json(401, UNAUTHORIZED));

            AuthFailed failure = assertThrows(AuthFailed.class, AuthTest.this::readOnePage);

            assertEquals("EXPIRED_AUTHENTICATION", failure.category());
            assertEquals("c-401", failure.correlationId());
            assertEquals(1, stand.requestsTo(CONTACTS));
        }
    }

    @Nested
    class OAuthRefresh {

        @Test
        void theFirstCallTradesTheRefreshTokenAtTheV1Endpoint() {
            stand = oauth(Auth.TokenEndpoint.V1);
            stand.respondInTurn("POST", "/oauth/v1/token", json(200, token("access-1")));
            stand.respondInTurn("GET", CONTACTS, json(200, ONE_CONTACT));

            readOnePage();

            stand.server.verify(postRequestedFor(urlPathEqualTo("/oauth/v1/token"))
                    .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                    .withRequestBody(containing("grant_type=refresh_token"))
                    .withRequestBody(containing("client_id=client-1"))
                    .withRequestBody(containing("refresh_token=" + REFRESH_TOKEN)));
            stand.server.verify(getRequestedFor(urlPathEqualTo(CONTACTS)).withHeader("Authorization", equalTo("Bearer access-1")));
        }

        @Test
        void theDatedEndpointCanBeChosen() {
            stand = oauth(Auth.TokenEndpoint.V2026_03);
            stand.respondInTurn("POST", "/oauth/2026-03/token", json(200, token("access-1")));
            stand.respondInTurn("GET", CONTACTS, json(200, ONE_CONTACT));

            readOnePage();

            assertEquals(1, stand.requestsTo("/oauth/2026-03/token"));
        }

        @Test
        void theAccessTokenIsRefreshedBeforeItExpiresNotAfterA401() {
            stand = oauth(Auth.TokenEndpoint.V1);
            stand.respondInTurn("POST", "/oauth/v1/token", json(200, token("access-1")), json(200, token("access-2")));
            stand.respondInTurn("GET", CONTACTS, json(200, ONE_CONTACT));

            readOnePage();
            stand.time.advance(Duration.ofMinutes(20));
            readOnePage();
            stand.time.advance(Duration.ofMinutes(6));
            readOnePage();

            assertEquals(2, stand.requestsTo("/oauth/v1/token"));
            stand.server.verify(2, getRequestedFor(urlPathEqualTo(CONTACTS)).withHeader("Authorization", equalTo("Bearer access-1")));
            stand.server.verify(1, getRequestedFor(urlPathEqualTo(CONTACTS)).withHeader("Authorization", equalTo("Bearer access-2")));
        }

        @Test
        void a401RefreshesOnceAndRetriesTheCallOnce() {
            stand = oauth(Auth.TokenEndpoint.V1);
            stand.respondInTurn("POST", "/oauth/v1/token", json(200, token("access-1")), json(200, token("access-2")));
            stand.server.stubFor(get(urlPathEqualTo(CONTACTS)).withHeader("Authorization", equalTo("Bearer access-1"))
                    .willReturn(json(401, UNAUTHORIZED)));
            stand.server.stubFor(get(urlPathEqualTo(CONTACTS)).withHeader("Authorization", equalTo("Bearer access-2"))
                    .willReturn(json(200, ONE_CONTACT)));

            Page<CrmObject> page = readOnePage();

            assertEquals(1, page.results().size());
            assertEquals(2, stand.requestsTo("/oauth/v1/token"));
            assertEquals(2, stand.requestsTo(CONTACTS));
        }

        @Test
        void a401ThatOutlivesTheRefreshIsAnAuthFailure() {
            stand = oauth(Auth.TokenEndpoint.V1);
            stand.respondInTurn("POST", "/oauth/v1/token", json(200, token("access-1")), json(200, token("access-2")));
            stand.respondInTurn("GET", CONTACTS, json(401, UNAUTHORIZED));

            assertThrows(AuthFailed.class, AuthTest.this::readOnePage);

            assertEquals(2, stand.requestsTo("/oauth/v1/token"));
            assertEquals(2, stand.requestsTo(CONTACTS));
        }

        @Test
        void aRefusedRefreshTokenIsAnAuthFailureNamingTheReason() {
            stand = oauth(Auth.TokenEndpoint.V2026_03);
            stand.respondInTurn("POST", "/oauth/2026-03/token", json(400,
                    "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token is invalid or expired\"}"));

            AuthFailed failure = assertThrows(AuthFailed.class, AuthTest.this::readOnePage);

            assertEquals("invalid_grant", failure.category());
            assertTrue(failure.getMessage().contains("refresh token is invalid or expired"), failure.getMessage());
            assertEquals(0, stand.requestsTo(CONTACTS));
        }

        @Test
        void aRateLimitedTokenEndpointIsRetried() {
            stand = oauth(Auth.TokenEndpoint.V1);
            stand.respondInTurn("POST", "/oauth/v1/token", json(429, "{\"policyName\":\"TEN_SECONDLY_ROLLING\"}")
                    .withHeader("Retry-After", "1"), json(200, token("access-1")));
            stand.respondInTurn("GET", CONTACTS, json(200, ONE_CONTACT));

            readOnePage();

            assertEquals(2, stand.requestsTo("/oauth/v1/token"));
        }
    }

    @Nested
    class Secrecy {

        @Test
        void noSecretAppearsInLogsExceptionMessagesOrToString() {
            stand = oauth(Auth.TokenEndpoint.V1);
            stand.respondInTurn("POST", "/oauth/v1/token", json(200, token(TOKEN)), json(200, token(TOKEN)),
                    json(500, "{\"message\":\"boom\"}"));
            stand.respondInTurn("GET", CONTACTS, json(503, "<html>down</html>"), json(401, UNAUTHORIZED));
            String messages;
            String logText;

            try (CapturedLogs logs = new CapturedLogs()) {
                HubSpotFailure failure = assertThrows(HubSpotFailure.class, AuthTest.this::readOnePage);
                messages = Stream.iterate((Throwable) failure, t -> t != null, Throwable::getCause)
                        .map(Throwable::toString).toList().toString();
                logText = logs.text();
            }

            assertFalse(logText.isEmpty(), "the scenario should have logged retries");
            for (String secret : List.of(TOKEN, CLIENT_SECRET, REFRESH_TOKEN)) {
                assertFalse(logText.contains(secret), "secret in logs: " + logText);
                assertFalse(messages.contains(secret), "secret in exception: " + messages);
            }
            Credentials credentials = Credentials.of(TOKEN.toCharArray());
            String settings = ClientSettings.builder().bearerToken(credentials).clock(stand.time).sleeper(stand.time)
                    .random(new java.util.Random(1)).build().toString();
            assertFalse(settings.contains(TOKEN), settings);
            assertFalse(credentials.toString().contains(TOKEN));
        }
    }
}
