package io.hubscore.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Routes one request through what HubSpot does before answering (fault injection, authentication, rate
 * limits) to the handler for its path, and applies the faults that corrupt an answer (a targeted fault first,
 * else a random one). Admin paths under {@code /__sim/} bypass all of that. Thread-safe.
 */
final class Router {

    private static final String HTML_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";
    private static final String HTML_504 = "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n"
            + "<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";
    private static final byte[] MALFORMED = "{\"status\":\"COMPLETE\",\"results\":[{\"id\":\"1\",,}]".getBytes(StandardCharsets.UTF_8);

    private final SimContext context;
    private final AccessTokens tokens;
    private final RateLimits limits;
    private final Faults faults;
    private final ObjectsHandler objects;
    private final SearchHandler search;
    private final AssociationsHandler associations;
    private final PropertiesHandler properties;
    private final OAuthHandler oauth;
    private final AdminHandler admin;

    Router(SimContext context, AccessTokens tokens, RateLimits limits, Faults faults) {
        this.context = context;
        this.tokens = tokens;
        this.limits = limits;
        this.faults = faults;
        this.objects = new ObjectsHandler(context);
        this.search = new SearchHandler(context);
        this.associations = new AssociationsHandler(context);
        this.properties = new PropertiesHandler(context);
        this.oauth = new OAuthHandler(tokens, context.errors);
        this.admin = new AdminHandler(context, faults, limits);
    }

    SimResponse handle(SimRequest request) {
        if ("__sim".equals(request.segment(0))) {
            return admin.handle(request);
        }
        context.stats.request(endpoint(request));
        FaultKind fault = faults.hasTargets()
                ? faults.targeted(request.method(), request.segments(), kind -> HostileAnswers.appliesTo(kind, request))
                : null;
        if (fault == null) {
            Optional<FaultKind> drawn = faults.draw();
            if (drawn.isPresent() && HostileAnswers.appliesTo(drawn.get(), request)) {
                fault = drawn.get();
            }
        }
        if (fault != null) {
            SimResponse failed = failBefore(fault);
            if (failed != null) {
                context.stats.fault(fault);
                return failed;
            }
        }
        SimResponse response = serve(request);
        if (fault != null) {
            context.stats.fault(fault);
            return failAfter(fault, request, response);
        }
        return response;
    }

    private SimResponse serve(SimRequest request) {
        if ("oauth".equals(request.segment(0)) && "token".equals(request.segment(2)) && "POST".equals(request.method())) {
            return guarded(() -> oauth.token(request, "v1".equals(request.segment(1))));
        }
        AccessTokens.Check check = tokens.check(request.authorization());
        if (check != AccessTokens.Check.VALID) {
            return context.errors.unauthorized(check == AccessTokens.Check.EXPIRED);
        }
        RateLimits.Admission admission = limits.admit(bucket(request));
        SimResponse response;
        if (!admission.admitted()) {
            context.stats.countRateLimited(admission.refusedBy());
            response = context.errors.rateLimited(admission.refusedBy());
        } else {
            response = guarded(() -> route(request));
        }
        for (String[] header : admission.headers()) {
            response.header(header[0], header[1]);
        }
        return response;
    }

    private interface Handler {
        SimResponse handle();
    }

    private SimResponse guarded(Handler handler) {
        try {
            return handler.handle();
        } catch (BadRequest e) {
            return context.errors.validation(e.getMessage());
        }
    }

    private static RateLimits.Bucket bucket(SimRequest request) {
        List<String> s = request.segments();
        if ("POST".equals(request.method()) && s.size() == 5 && "objects".equals(s.get(2)) && "search".equals(s.get(4))) {
            return RateLimits.Bucket.SEARCH;
        }
        if ("v4".equals(request.segment(1)) && "associations".equals(request.segment(2))) {
            return RateLimits.Bucket.BURST_EXEMPT;
        }
        return RateLimits.Bucket.STANDARD;
    }

    private SimResponse route(SimRequest request) {
        List<String> s = request.segments();
        String method = request.method();
        if (s.size() >= 4 && "crm".equals(s.get(0))) {
            Optional<ObjectType> type = ObjectType.fromName(s.get(3));
            if ("v3".equals(s.get(1)) && "objects".equals(s.get(2)) && type.isPresent()) {
                return objectRoute(request, type.get(), s, method);
            }
            if ("v3".equals(s.get(1)) && "properties".equals(s.get(2)) && type.isPresent()) {
                return propertyRoute(request, type.get(), s, method);
            }
            if ("v4".equals(s.get(1)) && "associations".equals(s.get(2)) && s.size() == 7 && "POST".equals(method)
                    && "batch".equals(s.get(5)) && "read".equals(s.get(6))) {
                Optional<ObjectType> to = ObjectType.fromName(s.get(4));
                if (type.isPresent() && to.isPresent()) {
                    return associations.batchRead(request, type.get(), to.get());
                }
            }
        }
        if ("GET".equals(method) && s.equals(List.of("account-info", "v3", "api-usage", "daily", "private-apps"))) {
            return usage();
        }
        return notFound(request);
    }

    private SimResponse objectRoute(SimRequest request, ObjectType type, List<String> s, String method) {
        if (s.size() == 4) {
            return switch (method) {
                case "GET" -> objects.list(request, type);
                case "POST" -> objects.create(request, type);
                default -> notFound(request);
            };
        }
        if (s.size() == 5) {
            String last = s.get(4);
            if ("search".equals(last) && "POST".equals(method)) {
                return search.search(request, type);
            }
            if ("merge".equals(last) && "POST".equals(method) && type == ObjectType.CONTACTS) {
                return objects.merge(request);
            }
            return switch (method) {
                case "GET" -> objects.read(request, type, last);
                case "PATCH" -> objects.update(request, type, last);
                case "DELETE" -> objects.archive(type, last);
                default -> notFound(request);
            };
        }
        if (s.size() == 6 && "batch".equals(s.get(4)) && "POST".equals(method)) {
            if ("read".equals(s.get(5))) {
                return objects.batchRead(request, type);
            }
            if ("update".equals(s.get(5))) {
                return objects.batchUpdate(request, type);
            }
        }
        return notFound(request);
    }

    private SimResponse propertyRoute(SimRequest request, ObjectType type, List<String> s, String method) {
        if (s.size() == 4) {
            return "POST".equals(method) ? properties.create(request, type) : properties.list(type);
        }
        if (s.size() == 5 && "groups".equals(s.get(4))) {
            return "POST".equals(method) ? properties.createGroup(request, type) : properties.groups(type);
        }
        if (s.size() == 5 && "GET".equals(method)) {
            return properties.read(type, s.get(4));
        }
        if (s.size() == 6 && "batch".equals(s.get(4)) && "POST".equals(method)) {
            if ("read".equals(s.get(5))) {
                return properties.batchRead(request, type);
            }
            if ("create".equals(s.get(5))) {
                return properties.batchCreate(request, type);
            }
        }
        return notFound(request);
    }

    private SimResponse usage() {
        long used = limits.usedToday();
        int limit = limits.dailyLimit();
        Instant now = context.clock.instant();
        Instant resets = limits.dailyResetsAt();
        return SimResponse.json(200, json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("results");
            json.writeStartObject();
            json.writeStringField("name", "private-apps-api-calls-daily");
            json.writeNumberField("usageLimit", limit);
            json.writeNumberField("currentUsage", used);
            json.writeStringField("collectedAt", Timestamps.iso(now));
            json.writeStringField("fetchStatus", "SUCCESS");
            json.writeStringField("resetsAt", Timestamps.iso(resets));
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private SimResponse notFound(SimRequest request) {
        return context.errors.notFound("No such endpoint: " + request.method() + " " + request.path());
    }

    private SimResponse failBefore(FaultKind kind) {
        return switch (kind) {
            case SERVER_ERROR_500 -> context.errors.error(500, "INTERNAL_ERROR", "internal error");
            case BAD_GATEWAY_502 -> SimResponse.html(502, HTML_502);
            case SERVICE_UNAVAILABLE_503 -> context.errors.error(503, "SERVICE_UNAVAILABLE",
                    "The service is temporarily unavailable. Please try again later.");
            case GATEWAY_TIMEOUT_504 -> SimResponse.html(504, HTML_504);
            case CONNECTION_RESET -> {
                SimResponse reset = SimResponse.empty(200);
                reset.connectionReset = true;
                yield reset;
            }
            default -> null;
        };
    }

    private SimResponse failAfter(FaultKind kind, SimRequest request, SimResponse response) {
        if (HostileAnswers.isHostileAnswer(kind)) {
            return HostileAnswers.answer(kind, request, response);
        }
        return switch (kind) {
            case SLOW_RESPONSE -> {
                response.delayMillis = (int) faults.slowDelay().toMillis();
                yield response;
            }
            case TRUNCATED_JSON -> copyHeaders(response, new SimResponse(response.status, response.contentType,
                    Arrays.copyOf(response.body, response.body.length / 2)));
            case MALFORMED_JSON -> copyHeaders(response, new SimResponse(response.status,
                    "application/json;charset=utf-8", MALFORMED));
            case LOST_RESPONSE -> {
                response.connectionReset = true;
                yield response;
            }
            default -> response;
        };
    }

    private static SimResponse copyHeaders(SimResponse from, SimResponse to) {
        to.headers.addAll(from.headers);
        return to;
    }

    /** The endpoint's name for the counters: method and path with numeric ids as {@code {id}}. */
    static String endpoint(SimRequest request) {
        StringBuilder key = new StringBuilder(64).append(request.method()).append(' ');
        for (String segment : request.segments()) {
            key.append('/');
            key.append(!segment.isEmpty() && Character.isDigit(segment.charAt(0)) && segment.chars().allMatch(Character::isDigit)
                    ? "{id}" : segment);
        }
        return key.toString();
    }
}
