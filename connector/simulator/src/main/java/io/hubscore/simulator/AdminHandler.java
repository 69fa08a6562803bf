package io.hubscore.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * The simulator's own endpoints under {@code /__sim/} (no token needed): change the portal "now"
 * (contacts, engagements, deals, lifecycle stages, simulated activity), read counters, switch faults and
 * change the rate limits. The paths: {@code stats}, {@code faults}, {@code limits}, {@code activity},
 * {@code contacts[/{id}[/lifecycle|archive|delete]]}, {@code contacts/merge}, {@code engagements},
 * {@code deals[/{id}/close]}. Thread-safe.
 */
final class AdminHandler {

    /** The limit fields {@code POST /__sim/limits} takes, each a whole number of 0 or more. */
    private static final List<String> LIMIT_FIELDS = List.of("maxPer10s", "daily", "searchPerSecond",
            "otherClientsPer10s", "otherClientsForMs");

    private final SimContext context;
    private final Faults faults;
    private final RateLimits limits;

    AdminHandler(SimContext context, Faults faults, RateLimits limits) {
        this.context = context;
        this.faults = faults;
        this.limits = limits;
    }

    SimResponse handle(SimRequest request) {
        try {
            return route(request);
        } catch (NoSuchElementException e) {
            return message(404, e.getMessage());
        } catch (IllegalArgumentException | BadRequest e) {
            return message(400, e.getMessage());
        }
    }

    private SimResponse route(SimRequest request) {
        String what = request.segment(1);
        String id = request.segment(2);
        String action = request.segment(3);
        boolean post = "POST".equals(request.method());
        Portal portal = context.portal;
        switch (what) {
            case "stats":
                return stats();
            case "faults":
                return post ? setFaults(request.json()) : faultState();
            case "limits":
                return post ? setLimits(request.json()) : limitState();
            case "activity": {
                JsonNode body = request.json();
                List<ActivityChange> changes = portal.simulateActivity(new Random(body.path("seed").asLong(1)),
                        body.path("changes").asInt(1));
                return SimResponse.json(200, json -> {
                    json.writeStartObject();
                    json.writeArrayFieldStart("changes");
                    for (ActivityChange change : changes) {
                        json.writeStartObject();
                        json.writeStringField("kind", change.kind().name());
                        json.writeStringField("contactId", change.contactId());
                        json.writeStringField("objectId", change.objectId());
                        json.writeStringField("detail", change.detail());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                });
            }
            case "contacts":
                return contacts(request, portal, id, action, post);
            case "engagements": {
                JsonNode body = request.json();
                EngagementType type = EngagementType.valueOf(Json.require(body, "type").toUpperCase(Locale.ROOT));
                String created = portal.addEngagement(type, ObjectsHandler.properties(body.path("properties")),
                        strings(body.path("contactIds")));
                return idResponse(created);
            }
            case "deals":
                if (id.isEmpty() && post) {
                    JsonNode body = request.json();
                    return idResponse(portal.createDeal(ObjectsHandler.properties(body.path("properties")),
                            strings(body.path("contactIds"))));
                }
                if ("close".equals(action) && post) {
                    portal.closeDeal(id, request.json().path("won").asBoolean(true));
                    return propertiesResponse(portal.dealProperties(id).orElseThrow());
                }
                break;
            default:
                break;
        }
        return message(404, "no simulator endpoint " + request.method() + " " + request.path());
    }

    private SimResponse contacts(SimRequest request, Portal portal, String id, String action, boolean post) {
        if (id.isEmpty()) {
            if (post) {
                return idResponse(portal.createContact(ObjectsHandler.properties(request.json().path("properties"))));
            }
            Map<String, Map<String, String>> all = portal.allContactProperties();
            return SimResponse.json(200, json -> json.writeObject(all));
        }
        if ("merge".equals(id) && post) {
            JsonNode body = request.json();
            portal.mergeContacts(Json.require(body, "survivorId"), Json.require(body, "mergedId"));
            return propertiesResponse(portal.contactProperties(body.path("survivorId").asText()).orElseThrow());
        }
        switch (action) {
            case "" -> {
                if (post) {
                    portal.updateContact(id, ObjectsHandler.properties(request.json().path("properties")));
                }
                return propertiesResponse(portal.contactProperties(id)
                        .orElseThrow(() -> new NoSuchElementException("no contact with id " + id)));
            }
            case "lifecycle" -> portal.advanceLifecycle(id, Json.require(request.json(), "stage"));
            case "archive" -> portal.archiveContact(id);
            case "delete" -> {
                portal.deleteContact(id);
                return message(200, "deleted contact " + id);
            }
            default -> {
                return message(404, "no simulator endpoint " + request.method() + " " + request.path());
            }
        }
        return propertiesResponse(portal.contactProperties(id).orElseThrow());
    }

    /**
     * {@code {"clear":true}} turns every fault off, {@code {"clearTargets":true}} the targeted ones;
     * {@code "rates"} sets random rates by kind; {@code "targets"} adds targeted faults, each
     * {@code {"kind", "endpoint": "METHOD /path", "skip": 0, "times": 1 | "until-cleared", "rate": 1.0}}.
     * Everything is checked before anything changes.
     */
    private SimResponse setFaults(JsonNode body) {
        Map<FaultKind, Double> rates = new java.util.LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> rateFields = body.path("rates").fields();
        while (rateFields.hasNext()) {
            Map.Entry<String, JsonNode> rate = rateFields.next();
            double value = rate.getValue().asDouble(-1);
            if (!(value >= 0.0 && value <= 1.0)) {
                throw new IllegalArgumentException("fault rate for " + rate.getKey() + " must be 0.0..1.0, was "
                        + rate.getValue());
            }
            rates.put(kind(rate.getKey()), value);
        }
        List<FaultTarget> targets = new ArrayList<>();
        JsonNode targetList = body.path("targets");
        if (!targetList.isMissingNode() && !targetList.isArray()) {
            throw new IllegalArgumentException("\"targets\" must be a list of targeted faults");
        }
        for (JsonNode target : targetList) {
            targets.add(target(target));
        }
        if (body.path("clear").asBoolean(false)) {
            faults.clear();
        }
        if (body.path("clearTargets").asBoolean(false)) {
            faults.clearTargets();
        }
        rates.forEach(faults::set);
        targets.forEach(faults::target);
        if (body.has("slowDelayMs")) {
            faults.slowDelay(Duration.ofMillis(body.path("slowDelayMs").asLong()));
        }
        return faultState();
    }

    private static FaultKind kind(String name) {
        try {
            return FaultKind.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown fault kind " + name + "; known: " + List.of(FaultKind.values()));
        }
    }

    private static FaultTarget target(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a targeted fault is an object with \"kind\" and \"endpoint\"");
        }
        FaultTarget target = FaultTarget.of(kind(Json.require(node, "kind")), Json.require(node, "endpoint"));
        if (node.has("skip")) {
            target = target.skip(node.path("skip").asInt(-1));
        }
        JsonNode times = node.path("times");
        if (times.isTextual()) {
            if (!"until-cleared".equalsIgnoreCase(times.asText().trim())) {
                throw new IllegalArgumentException("times is a number of requests or \"until-cleared\", was "
                        + times.asText());
            }
            target = target.untilCleared();
        } else if (!times.isMissingNode()) {
            target = target.times(times.asInt(0));
        }
        if (node.has("rate")) {
            target = target.rate(node.path("rate").asDouble(-1));
        }
        return target;
    }

    private SimResponse faultState() {
        Map<FaultKind, Double> rates = faults.rates();
        List<Faults.TargetStatus> targets = faults.targets();
        long slow = faults.slowDelay().toMillis();
        return SimResponse.json(200, json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("rates");
            for (Map.Entry<FaultKind, Double> rate : rates.entrySet()) {
                json.writeNumberField(rate.getKey().name(), rate.getValue());
            }
            json.writeEndObject();
            json.writeArrayFieldStart("targets");
            for (Faults.TargetStatus status : targets) {
                FaultTarget target = status.target();
                json.writeStartObject();
                json.writeStringField("kind", target.kind().name());
                json.writeStringField("endpoint", target.endpoint());
                json.writeNumberField("skip", target.skip());
                if (target.times() == FaultTarget.UNTIL_CLEARED) {
                    json.writeStringField("times", "until-cleared");
                } else {
                    json.writeNumberField("times", target.times());
                }
                json.writeNumberField("rate", target.rate());
                json.writeNumberField("matched", status.matched());
                json.writeNumberField("fired", status.fired());
                json.writeBooleanField("active", status.active());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("slowDelayMs", slow);
            json.writeEndObject();
        });
    }

    private SimResponse setLimits(JsonNode body) {
        if (!body.isObject()) {
            throw new IllegalArgumentException("expected a JSON object with any of " + LIMIT_FIELDS);
        }
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!LIMIT_FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown limit '" + name + "'; known: " + LIMIT_FIELDS);
            }
            JsonNode value = body.get(name);
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
                throw new IllegalArgumentException(name + " must be a whole number of 0 or more, was " + value);
            }
        }
        if (body.has("otherClientsForMs") && !body.has("otherClientsPer10s")) {
            throw new IllegalArgumentException("otherClientsForMs needs otherClientsPer10s");
        }
        limits.change(optionalInt(body, "maxPer10s"), optionalInt(body, "daily"), optionalInt(body, "searchPerSecond"),
                optionalInt(body, "otherClientsPer10s"),
                body.has("otherClientsForMs") ? Duration.ofMillis(body.get("otherClientsForMs").asLong()) : null);
        return limitState();
    }

    private static Integer optionalInt(JsonNode body, String name) {
        return body.has(name) ? body.get(name).asInt() : null;
    }

    private SimResponse limitState() {
        RateLimits.Settings settings = limits.settings();
        return SimResponse.json(200, json -> {
            json.writeStartObject();
            json.writeNumberField("maxPer10s", settings.maxPer10s());
            json.writeNumberField("daily", settings.daily());
            json.writeNumberField("searchPerSecond", settings.searchPerSecond());
            json.writeNumberField("otherClientsPer10s", settings.otherClientsPer10s());
            if (settings.otherClientsUntil() == null) {
                json.writeNullField("otherClientsUntil");
            } else {
                json.writeStringField("otherClientsUntil", Timestamps.iso(settings.otherClientsUntil()));
            }
            json.writeNumberField("usedToday", settings.usedToday());
            json.writeEndObject();
        });
    }

    private SimResponse stats() {
        SimulatorStats stats = context.stats;
        return SimResponse.json(200, json -> {
            json.writeStartObject();
            json.writeNumberField("totalRequests", stats.totalRequests());
            json.writeObjectField("requests", stats.requestsByEndpoint());
            json.writeObjectField("rateLimited", stats.rateLimitedByPolicy());
            json.writeObjectFieldStart("faults");
            for (Map.Entry<FaultKind, Long> fault : stats.faultsByKind().entrySet()) {
                json.writeNumberField(fault.getKey().name(), fault.getValue());
            }
            json.writeEndObject();
            json.writeNumberField("batchUpdateInputs", stats.batchUpdateInputs());
            json.writeNumberField("rejectedInputs", stats.rejectedInputs());
            json.writeNumberField("contacts", context.portal.contactCount());
            json.writeEndObject();
        });
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asText()));
        return out;
    }

    private static SimResponse idResponse(String id) {
        return SimResponse.json(201, json -> {
            json.writeStartObject();
            json.writeStringField("id", id);
            json.writeEndObject();
        });
    }

    private static SimResponse propertiesResponse(Map<String, String> properties) {
        return SimResponse.json(200, json -> {
            json.writeStartObject();
            json.writeObjectField("properties", new java.util.TreeMap<>(properties));
            json.writeEndObject();
        });
    }

    private static SimResponse message(int status, String message) {
        return SimResponse.json(status, json -> {
            json.writeStartObject();
            json.writeStringField("message", message);
            json.writeEndObject();
        });
    }
}
