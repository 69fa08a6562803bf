package io.hubscore.connector.simulator;

/** The faults the simulator can inject into HubSpot responses, each with its own rate. */
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
    MALFORMED_JSON
}
