package io.hubscore.client;

/**
 * HubSpot answered with something hubscore cannot use although the call itself succeeded: a record without an id,
 * an id that is not a number, a list that is not a list, the same paging cursor twice, a search result outside
 * the window asked for. The message names the call and what was wrong. Not retried by the client; the next run
 * asks again.
 */
public final class UnexpectedAnswer extends HubSpotFailure {

    private static final long serialVersionUID = 1L;

    public UnexpectedAnswer(String message) {
        super(message);
    }
}
