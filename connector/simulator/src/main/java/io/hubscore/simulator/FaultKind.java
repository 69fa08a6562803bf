package io.hubscore.simulator;

/**
 * The faults the simulator can inject into HubSpot responses: each at a random rate ({@link Faults#set}), or
 * aimed at chosen requests of one endpoint ({@link Faults#target}).
 */
public enum FaultKind {
    /** 500 with HubSpot's JSON error body; nothing is applied. */
    SERVER_ERROR_500,
    /** 502 with a gateway's HTML body; nothing is applied. */
    BAD_GATEWAY_502,
    /** 503 with HubSpot's JSON error body; nothing is applied. */
    SERVICE_UNAVAILABLE_503,
    /** 504 with a gateway's HTML body; nothing is applied. */
    GATEWAY_TIMEOUT_504,
    /** The connection is reset by the peer; nothing is applied. */
    CONNECTION_RESET,
    /** The request is applied, then the response is held back for the slow delay. */
    SLOW_RESPONSE,
    /** The request is applied, then only the first half of the JSON body is sent. */
    TRUNCATED_JSON,
    /** The request is applied, then a body that is not JSON at all is sent with status 200. */
    MALFORMED_JSON,
    /** The request is applied, then the connection is reset: the client never sees HubSpot's answer. */
    LOST_RESPONSE,

    // Hostile 2xx answers: the request is applied, then the answer is replaced (the status stays when it was a
    // 2xx, else becomes 200; the content type is JSON).

    /** An empty body. */
    EMPTY_BODY,
    /** The JSON {@code null}. */
    NULL_BODY,
    /** A JSON array, {@code []}. */
    ARRAY_BODY,
    /** An empty object, {@code {}}. */
    EMPTY_OBJECT,
    /** {@code {"results":[]}} and nothing else: no paging, no total, no status. */
    EMPTY_RESULTS,
    /** The answer with its {@code results} turned into an object. */
    RESULTS_NOT_LIST,
    /** The answer with {@code paging.next} carrying no cursor ({@code after}). */
    PAGING_WITHOUT_CURSOR,
    /** The answer with its first record's id removed (a row's {@code from.id}; a property's name). */
    RECORD_WITHOUT_ID,
    /** An HTML page, sent with a JSON content type. */
    HTML_AS_JSON,
    /** The answer with {@code paging.next.after} set to the cursor the request came with (only requests with one). */
    REPEATED_CURSOR,
    /** A search answer cut to half its results, without paging, and a {@code total} above what it holds (searches only). */
    SEARCH_TOTAL_MISMATCH
}
