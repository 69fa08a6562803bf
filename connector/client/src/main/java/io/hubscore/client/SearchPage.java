package io.hubscore.client;

import java.util.List;

/** One page of search results: HubSpot's {@code total}, the records, and the next offset or null. */
public record SearchPage(long total, List<CrmObject> results, String after) {

    public SearchPage {
        results = List.copyOf(results);
    }
}
