package io.hubscore.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /crm/v4/associations/{from}/{to}/batch/read}: up to 1,000 inputs; inputs with no
 * associations (or unknown ids) come back as errors with 207, as HubSpot does. Thread-safe.
 */
final class AssociationsHandler {

    static final int MAX_INPUTS = 1_000;

    private record Found(String fromId, long[] toIds) {
    }

    private final SimContext context;

    AssociationsHandler(SimContext context) {
        this.context = context;
    }

    SimResponse batchRead(SimRequest request, ObjectType from, ObjectType to) {
        Instant started = context.clock.instant();
        JsonNode inputs = request.json().path("inputs");
        if (!inputs.isArray()) {
            throw new BadRequest("Invalid input JSON: \"inputs\" must be an array");
        }
        if (inputs.size() > MAX_INPUTS) {
            throw new BadRequest("Batch input can not be larger than " + MAX_INPUTS + " inputs, was " + inputs.size());
        }
        List<Found> found = new ArrayList<>();
        List<String> none = new ArrayList<>();
        for (JsonNode input : inputs) {
            String id = input.path("id").asText();
            StoredObject object;
            try {
                object = context.portal.store(from).get(Long.parseLong(id));
            } catch (NumberFormatException e) {
                object = null;
            }
            long[] ids = object == null || object.state().archived() ? new long[0] : object.linked(to);
            if (ids.length == 0) {
                none.add(id);
            } else {
                found.add(new Found(id, ids));
            }
        }
        int typeId = from.associationTypeId(to);
        return SimResponse.json(none.isEmpty() ? 200 : 207, json -> {
            json.writeStartObject();
            json.writeStringField("status", "COMPLETE");
            json.writeArrayFieldStart("results");
            for (Found item : found) {
                json.writeStartObject();
                json.writeObjectFieldStart("from");
                json.writeStringField("id", item.fromId());
                json.writeEndObject();
                json.writeArrayFieldStart("to");
                for (long id : item.toIds()) {
                    json.writeStartObject();
                    json.writeNumberField("toObjectId", id);
                    json.writeArrayFieldStart("associationTypes");
                    json.writeStartObject();
                    json.writeStringField("category", "HUBSPOT_DEFINED");
                    json.writeNumberField("typeId", typeId);
                    json.writeNullField("label");
                    json.writeEndObject();
                    json.writeEndArray();
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            if (!none.isEmpty()) {
                json.writeNumberField("numErrors", none.size());
                json.writeArrayFieldStart("errors");
                for (String id : none) {
                    HubSpotErrors.writeBatchError(json, "OBJECT_NOT_FOUND", "crm.associations.NO_ASSOCIATIONS_FOUND",
                            "No " + to.singular + " is associated with " + from.singular + " " + id + ".",
                            Map.of("fromObjectId", List.of(id)));
                }
                json.writeEndArray();
            }
            json.writeStringField("startedAt", Timestamps.iso(started));
            json.writeStringField("completedAt", Timestamps.iso(context.clock.instant()));
            json.writeEndObject();
        });
    }
}
