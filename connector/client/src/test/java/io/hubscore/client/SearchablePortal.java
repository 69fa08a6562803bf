package io.hubscore.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A WireMock extension answering contact search like HubSpot does, over a small in-memory set of
 * contacts (id to last-modified epoch ms): numeric GTE/LTE/GT/EQ filters in one group, one sort,
 * integer-offset paging, and a 400 for any page past the 10,000-result cap. A hook runs after each
 * search so a test can change contacts while a pull pages. Thread-safe.
 */
final class SearchablePortal implements ResponseDefinitionTransformerV2 {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<Long, Long> lastModified = new ConcurrentSkipListMap<>();
    final List<JsonNode> searches = new CopyOnWriteArrayList<>();
    private final AtomicInteger served = new AtomicInteger();
    private volatile IntConsumer afterSearch = n -> { };

    void afterEachSearch(IntConsumer hook) {
        afterSearch = hook;
    }

    @Override
    public String getName() {
        return "searchable-portal";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        if (!event.getRequest().getUrl().endsWith("/crm/v3/objects/contacts/search")) {
            return event.getResponseDefinition();
        }
        try {
            JsonNode request = JSON.readTree(event.getRequest().getBodyAsString());
            searches.add(request);
            ResponseDefinition response = answer(request);
            afterSearch.accept(served.incrementAndGet());
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ResponseDefinition answer(JsonNode request) {
        int limit = request.path("limit").asInt(10);
        int offset = request.path("after").asInt(0);
        if (offset + limit > Search.RESULT_CAP) {
            return respond(400, "{\"status\":\"error\",\"category\":\"VALIDATION_ERROR\","
                    + "\"message\":\"paging past 10000 results is not allowed\"}");
        }
        List<Map.Entry<Long, Long>> matching = new ArrayList<>();
        for (Map.Entry<Long, Long> contact : lastModified.entrySet()) {
            if (matches(request.path("filterGroups").path(0).path("filters"), contact.getKey(), contact.getValue())) {
                matching.add(contact);
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("total", matching.size());
        ArrayNode results = body.putArray("results");
        for (Map.Entry<Long, Long> contact : matching.subList(Math.min(offset, matching.size()),
                Math.min(offset + limit, matching.size()))) {
            ObjectNode record = results.addObject();
            record.put("id", Long.toString(contact.getKey()));
            ObjectNode properties = record.putObject("properties");
            properties.put("hs_object_id", Long.toString(contact.getKey()));
            properties.put("lastmodifieddate", Long.toString(contact.getValue()));
            record.put("archived", false);
        }
        if (offset + limit < matching.size()) {
            body.putObject("paging").putObject("next").put("after", Integer.toString(offset + limit));
        }
        return respond(200, body.toString());
    }

    private static boolean matches(JsonNode filters, long id, long modified) {
        for (JsonNode filter : filters) {
            long actual = "hs_object_id".equals(filter.path("propertyName").asText()) ? id : modified;
            long value = Long.parseLong(filter.path("value").asText());
            boolean ok = switch (filter.path("operator").asText()) {
                case "GTE" -> actual >= value;
                case "LTE" -> actual <= value;
                case "GT" -> actual > value;
                case "LT" -> actual < value;
                case "EQ" -> actual == value;
                default -> throw new IllegalArgumentException("operator not supported here: " + filter);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static ResponseDefinition respond(int status, String body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body).build();
    }
}
