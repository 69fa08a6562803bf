package io.hubscore.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one {@link ApiCall} to HubSpot: waits for a rate permit, adds the bearer token, buffers and
 * closes every response body, checks a 2xx body against the shape the call expects ({@link Expected}),
 * maps failures through {@link Failures}, has the {@link RateGovernor} wait out rolling-window 429s and
 * retries transient failures (malformed bodies included) as {@link RetryDecider} says. Logs a retry at
 * WARN and giving up at ERROR, with HubSpot's correlation id and never the token. Thread-safe.
 */
final class Transport {

    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    /** A call that keeps meeting 429s logs at INFO on the first and every this many after; DEBUG otherwise. */
    private static final int RATE_LIMIT_LOG_EVERY = 30;

    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final ObjectMapper mapper;
    private final RateGovernor governor;
    private final RetryDecider retry;
    private final ClientMetrics metrics;
    private final Failures failures;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ObjectReader strictReader;

    Transport(OkHttpClient http, HttpUrl baseUrl, ObjectMapper mapper, RateGovernor governor, RetryDecider retry,
            ClientMetrics metrics, Clock clock, Sleeper sleeper) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.mapper = mapper;
        this.governor = governor;
        this.retry = retry;
        this.metrics = metrics;
        this.failures = new Failures(mapper);
        this.clock = clock;
        this.sleeper = sleeper;
        this.strictReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Sends the call, retrying what can be retried. A rolling-window 429 is waited out by the governor and is not
     * a failed attempt: a call waits for rate budget as long as it takes (the wait is interruptible). {@code tokens}
     * may be null for unauthenticated calls (the OAuth token endpoint).
     *
     * @throws HubSpotUnavailable transient failures outlasted the retry policy
     * @throws DailyLimitExhausted the daily budget is gone; no call is made until it resets
     * @throws AuthFailed 401
     * @throws HubSpotRejected any other 4xx
     * @throws CallInterrupted the thread was interrupted while waiting
     */
    Reply exchange(ApiCall call, TokenSource tokens) {
        int failed = 0;
        int rateLimited = 0;
        while (true) {
            try {
                governor.acquire(call.lane());
                return once(call, tokens);
            } catch (RateLimited limited) {
                rateLimited++;
                if (rateLimited == 1 || rateLimited % RATE_LIMIT_LOG_EVERY == 0) {
                    LOG.info("HubSpot call {} answered 429 {}{}: waiting for rate budget (not a failure)",
                            call.describe(), limited.policy(),
                            rateLimited == 1 ? "" : " for the " + rateLimited + "th time in a row");
                } else {
                    LOG.debug("HubSpot call {} answered 429 {}: waiting", call.describe(), limited.policy());
                }
                metrics.retried();
                waitOut(call, limited);
            } catch (TransientFailure failure) {
                failed++;
                Optional<Duration> wait = retry.afterFailure(failure, failed);
                if (wait.isEmpty()) {
                    LOG.error("Giving up on HubSpot call {} after {} attempts: {}", call.describe(), failed,
                            failure.getMessage());
                    throw new HubSpotUnavailable(call.describe(), failed, failure);
                }
                LOG.warn("HubSpot call {} failed on attempt {}: {}; retrying in {} ms", call.describe(), failed,
                        failure.getMessage(), wait.get().toMillis());
                metrics.retried();
                sleep(wait.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CallInterrupted("interrupted while waiting to call HubSpot " + call.describe(), e);
            }
        }
    }

    private void waitOut(ApiCall call, RateLimited limited) {
        try {
            governor.waitOut(call.lane(), limited);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallInterrupted("interrupted while waiting for rate budget to call HubSpot " + call.describe(), e);
        }
    }

    private void sleep(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallInterrupted("interrupted while waiting to retry a HubSpot call", e);
        }
    }

    private Reply once(ApiCall call, TokenSource tokens) {
        Request request = request(call, tokens);
        long start = clock.millis();
        try (Response response = http.newCall(request).execute()) {
            byte[] body = response.body().bytes();
            RateLimitHeaders rateLimit = RateLimitHeaders.from(response::header);
            governor.observe(rateLimit);
            metrics.rateLimitHeaders(rateLimit);
            if (response.isSuccessful()) {
                return new Reply(response.code(), parse(call, response.code(), body), rateLimit);
            }
            HubSpotFailure failure = failures.fromResponse(call, response.code(), body, response::header,
                    governor::pauseForTheDay);
            if (failure instanceof RateLimited limited) {
                metrics.rateLimited(limited.policy());
            } else if (failure instanceof DailyLimitExhausted) {
                metrics.rateLimited("DAILY");
            } else if (failure instanceof TransientFailure) {
                metrics.transientFailure();
            }
            throw failure;
        } catch (IOException e) {
            metrics.transientFailure();
            throw Failures.fromIo(call, e);
        } finally {
            metrics.requestCompleted(Math.max(0, clock.millis() - start));
        }
    }

    /**
     * The 2xx body as JSON, checked against the shape the call expects: a body that is not JSON, or not the
     * expected shape, is a transient failure of this attempt, so the retry loop treats it like a 5xx.
     */
    private JsonNode parse(ApiCall call, int status, byte[] body) {
        JsonNode node = MissingNode.getInstance();
        if (body.length > 0) {
            try {
                JsonNode read = strictReader.readTree(body);
                node = read == null ? MissingNode.getInstance() : read;
            } catch (IOException e) {
                metrics.transientFailure();
                throw Failures.malformed(call, status, body, e);
            }
        }
        String problem = call.expected().problem(node);
        if (problem != null) {
            metrics.transientFailure();
            throw Failures.malformed(call, status, problem);
        }
        return node;
    }

    private Request request(ApiCall call, TokenSource tokens) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments(call.path().substring(1));
        for (Map.Entry<String, String> parameter : call.query()) {
            url.addQueryParameter(parameter.getKey(), parameter.getValue());
        }
        Request.Builder builder = new Request.Builder().url(url.build()).header("Accept", "application/json");
        if (call.authenticated()) {
            char[] token = tokens.accessToken();
            try {
                builder.header("Authorization", "Bearer " + new String(token));
            } finally {
                Arrays.fill(token, '\0');
            }
        }
        return builder.method(call.method(), body(call)).build();
    }

    private RequestBody body(ApiCall call) {
        if (call.form() != null) {
            FormBody.Builder form = new FormBody.Builder();
            call.form().forEach(form::add);
            return form.build();
        }
        if (call.jsonBody() != null) {
            try {
                return RequestBody.create(mapper.writeValueAsBytes(call.jsonBody()), JSON);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot encode the body of " + call.describe(), e);
            }
        }
        return "POST".equals(call.method()) ? RequestBody.create(new byte[0], JSON) : null;
    }
}
