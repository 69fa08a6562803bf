package io.hubscore.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads associations through v4 batch read, up to 1,000 ids a call, following each row's own
 * {@code paging} until every association is read. Ids without associations map to an empty list
 * (HubSpot reports them in {@code errors}, with a 207). An answer without the batch shape, or a row without
 * ids, is retried like a 5xx ({@link Expected#associationRows}). Thread-safe.
 */
final class Associations {

    static final int MAX_INPUTS = 1_000;

    private final Caller caller;

    Associations(Caller caller) {
        this.caller = caller;
    }

    Map<String, List<String>> read(ObjectType from, ObjectType to, Collection<String> ids) {
        Map<String, Set<String>> found = new LinkedHashMap<>();
        Deque<Map<String, String>> pending = new ArrayDeque<>();
        for (String id : ids) {
            if (found.putIfAbsent(id, new LinkedHashSet<>()) == null) {
                pending.add(Map.of("id", id));
            }
        }
        String path = "/crm/v4/associations/" + from.apiName() + "/" + to.apiName() + "/batch/read";
        while (!pending.isEmpty()) {
            List<Map<String, String>> inputs = new ArrayList<>();
            while (!pending.isEmpty() && inputs.size() < MAX_INPUTS) {
                inputs.add(pending.removeFirst());
            }
            Map<String, String> sentAfter = new LinkedHashMap<>();
            for (Map<String, String> input : inputs) {
                if (input.containsKey("after")) {
                    sentAfter.put(input.get("id"), input.get("after"));
                }
            }
            JsonNode body = caller.send(ApiCall.exempt(path, Map.of("inputs", inputs))
                    .expecting(Expected.associationRows(sentAfter))).body();
            for (JsonNode row : body.path("results")) {
                String fromId = Bodies.text(row.path("from"), "id");
                Set<String> targets = fromId == null ? null : found.get(fromId);
                if (targets == null) {
                    continue;
                }
                for (JsonNode target : row.path("to")) {
                    String toId = Bodies.text(target, "toObjectId");
                    if (toId != null) {
                        targets.add(toId);
                    }
                }
                String after = Bodies.nextAfter(row);
                if (after != null) {
                    pending.add(Map.of("id", fromId, "after", after));
                }
            }
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        found.forEach((id, targets) -> result.put(id, List.copyOf(targets)));
        return result;
    }
}
