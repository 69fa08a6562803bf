package io.hubscore.daemon.report;

import io.hubscore.HubScoreException;

/** A report that cannot be made from what was asked (an empty period); the message says what to change. */
public final class ReportException extends HubScoreException {
    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }
}
