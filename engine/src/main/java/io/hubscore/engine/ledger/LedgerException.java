package io.hubscore.engine.ledger;

/** The ledger cannot be used: locked by another daemon, newer schema, unreadable file, SQL failure. */
public final class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
