package io.hubscore.ledger;

import io.hubscore.HubScoreException;

/**
 * The ledger cannot be used: locked by another daemon, newer schema, another application's file, unreadable
 * file, SQL failure. {@link LedgerDamaged} is the case a caller may treat apart (a check reports it as a finding).
 */
public sealed class LedgerException extends HubScoreException permits LedgerDamaged {
    private static final long serialVersionUID = 1L;

    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
