package io.hubscore.ledger;

import java.util.List;

/** SQLite found the ledger file damaged; {@link #findings()} are its own words, one problem each. Immutable. */
public final class LedgerDamaged extends LedgerException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> findings;

    LedgerDamaged(String message, List<String> findings) {
        super(message);
        this.findings = List.copyOf(findings);
    }

    public List<String> findings() {
        return findings;
    }
}
