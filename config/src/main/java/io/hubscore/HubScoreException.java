package io.hubscore;

/**
 * The one unchecked base of every hubscore failure. Only its subclasses are thrown, one per category a caller
 * treats differently: HubSpot's answers ({@code io.hubscore.client.HubSpotFailure} and its cases), the ledger
 * ({@code io.hubscore.ledger.LedgerException}), the config ({@code io.hubscore.config.SecretRef.SecretUnavailableException},
 * {@code io.hubscore.daemon.LiveConfig.Rejected}) and the daemon ({@code io.hubscore.daemon.Daemon.DaemonException},
 * {@code io.hubscore.daemon.StepRunner.StepFailure}).
 *
 * <p>It lives in the root package {@code io.hubscore} because it belongs to no feature; it is kept in the config
 * module only because that module is the lowest one, which every other module already depends on. No other module
 * has classes in this package. Messages say what failed and where, and never carry a secret. Subclasses are
 * immutable, so thread-safe.
 */
public abstract class HubScoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected HubScoreException(String message) {
        super(message);
    }

    protected HubScoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
