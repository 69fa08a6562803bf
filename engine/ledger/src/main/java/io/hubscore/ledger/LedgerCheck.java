package io.hubscore.ledger;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks a ledger: SQLite's integrity check, then the invariants the daemon keeps in every transaction (transition
 * chains, band state, delivered writes, score contributions). Only reads, in one read transaction, so it checks one
 * consistent snapshot also while a daemon writes. Stateless and thread-safe.
 */
public final class LedgerCheck {

    /** The most problems named per check; each check still counts them all. */
    public static final int EXAMPLES = 10;

    /** The most problems SQLite's integrity check is asked for. */
    static final int INTEGRITY_LIMIT = 100;

    private static final String INTEGRITY = "SQLite integrity check: the file is sound";
    private static final String DELIVERED = "delivered-writes";
    private static final String DELIVERED_DESCRIPTION =
            "delivered writes: each property of a delivered outbox row has a written value";
    /** What an outbox row's properties are in JSON, 'malformed' when they are not JSON (json_type would fail). */
    private static final String PROPERTIES_TYPE =
            "CASE WHEN json_valid(o.properties) THEN json_type(o.properties) ELSE 'malformed' END";

    private LedgerCheck() {
    }

    /**
     * One check's outcome.
     *
     * @param name a short stable name, for JSON
     * @param description what holds in a clean ledger
     * @param problems how many problems were found (for the integrity check, at most {@link #INTEGRITY_LIMIT})
     * @param examples the first {@link #EXAMPLES} problems, one line each
     */
    public record Result(String name, String description, long problems, List<String> examples) {
        public Result {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            examples = List.copyOf(examples);
        }

        public boolean ok() {
            return problems == 0;
        }
    }

    /**
     * What a check found.
     *
     * @param schemaVersion the ledger's schema version; null when the file could not be read that far
     * @param contacts the contacts the ledger holds; null when the file could not be read that far
     * @param scoreRows the score rows the ledger holds; null when the file could not be read that far
     */
    public record Report(Integer schemaVersion, Long contacts, Long scoreRows, List<Result> results) {
        public Report {
            results = List.copyOf(results);
        }

        public boolean clean() {
            return results.stream().allMatch(Result::ok);
        }

        public long problems() {
            return results.stream().mapToLong(Result::problems).sum();
        }
    }

    /** Runs every check on an open ledger. */
    public static Report run(Ledger ledger) {
        int schemaVersion = ledger.schemaVersion();
        return ledger.read(tx -> {
            Sql sql = tx.sql();
            return new Report(schemaVersion, sql.count("SELECT COUNT(*) FROM contacts"),
                    sql.count("SELECT COUNT(*) FROM scores"),
                    List.of(integrity(sql), transitionChains(sql), bandStates(sql), deliveredWrites(sql),
                            contributions(sql)));
        });
    }

    /** The report on a ledger SQLite's quick check found damaged when it was opened: the other checks cannot run. */
    public static Report damaged(LedgerDamaged damage) {
        List<String> findings = damage.findings();
        return new Report(null, null, null, List.of(new Result("integrity", INTEGRITY, findings.size(),
                findings.subList(0, Math.min(EXAMPLES, findings.size())))));
    }

    private static Result integrity(Sql sql) {
        Problems found = new Problems();
        try {
            sql.list("PRAGMA integrity_check(" + INTEGRITY_LIMIT + ")", rs -> rs.getString(1))
                    .forEach(row -> Ledger.findings(row).forEach(found::add));
        } catch (LedgerException e) {
            found.add(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        }
        return found.result("integrity", INTEGRITY);
    }

    private static Result transitionChains(Sql sql) {
        Problems found = new Problems();
        sql.list("SELECT contact_id, seq, from_band, to_band, previous_to FROM ("
                + "SELECT contact_id, seq, from_band, to_band, "
                + "LAG(to_band) OVER (PARTITION BY contact_id ORDER BY seq) AS previous_to "
                + "FROM transitions WHERE fired = 1) "
                + "WHERE previous_to IS NOT NULL AND from_band IS NOT previous_to ORDER BY contact_id, seq",
                rs -> "contact " + rs.getLong(1) + ": transition " + rs.getLong(2) + " goes "
                        + (rs.getString(3) == null ? "no band" : rs.getString(3)) + " -> " + rs.getString(4)
                        + ", but the fired transition before it ended in " + rs.getString(5))
                .forEach(found::add);
        return found.result("transition-chains",
                "transition chains: each fired transition starts from the band the one before it ended in");
    }

    private static Result bandStates(Sql sql) {
        Problems found = new Problems();
        sql.list("SELECT b.contact_id, b.band, t.to_band, t.seq FROM band_state b JOIN transitions t ON t.seq = "
                + "(SELECT MAX(seq) FROM transitions WHERE contact_id = b.contact_id AND fired = 1) "
                + "WHERE b.band IS NOT t.to_band ORDER BY b.contact_id",
                rs -> "contact " + rs.getLong(1) + ": band state is " + rs.getString(2)
                        + ", but its last fired transition (" + rs.getLong(4) + ") ended in " + rs.getString(3))
                .forEach(found::add);
        return found.result("band-state", "band state: each contact's band is where its last fired transition ended");
    }

    /**
     * Each property of a delivered outbox row has a value in {@code written}, except for a contact whose conflict an
     * admin cleared after the delivery ({@code clear-conflict} forgets what was written, so it is written again).
     */
    private static Result deliveredWrites(Sql sql) {
        Problems found = new Problems();
        sql.list("SELECT o.seq, o.contact_id FROM outbox o WHERE o.state = 'delivered' AND " + PROPERTIES_TYPE
                + " IS NOT 'object' ORDER BY o.seq",
                rs -> "outbox row " + rs.getLong(1) + " (contact " + rs.getLong(2)
                        + "): its properties are not a JSON object")
                .forEach(found::add);
        sql.list("SELECT o.seq, o.contact_id, p.key FROM outbox o, json_each(CASE WHEN " + PROPERTIES_TYPE
                + " = 'object' THEN o.properties ELSE '{}' END) p "
                + "WHERE o.state = 'delivered' "
                + "AND NOT EXISTS (SELECT 1 FROM written w WHERE w.contact_id = o.contact_id "
                + "AND w.property = p.key) "
                + "AND NOT EXISTS (SELECT 1 FROM conflicts k WHERE k.contact_id = o.contact_id "
                + "AND k.cleared_at >= o.delivered_at) ORDER BY o.seq, p.key",
                rs -> "outbox row " + rs.getLong(1) + " (contact " + rs.getLong(2) + ") was delivered, but no value"
                        + " of " + rs.getString(3) + " is recorded as written")
                .forEach(found::add);
        return found.result(DELIVERED, DELIVERED_DESCRIPTION);
    }

    private static Result contributions(Sql sql) {
        Problems found = new Problems();
        sql.list("SELECT seq, contact_id, score, contributions FROM scores ORDER BY seq", rs -> {
            String row = "score row " + rs.getLong(1) + " (contact " + rs.getLong(2) + ")";
            BigDecimal score = BigDecimal.valueOf(rs.getInt(3));
            try {
                BigDecimal sum = StoredJson.contributions(rs.getString(4), row).stream()
                        .map(Scores.Contribution::points).reduce(BigDecimal.ZERO, BigDecimal::add);
                return sum.compareTo(score) == 0 ? null : row + ": contributions sum to "
                        + sum.stripTrailingZeros().toPlainString() + ", the score is " + score;
            } catch (LedgerException e) {
                return e.getMessage();
            }
        }).stream().filter(Objects::nonNull).forEach(found::add);
        return found.result("contributions",
                "score contributions: each score row's contributions sum exactly to its score");
    }

    /** The problems one check found: all counted, the first few kept. Not thread-safe. */
    private static final class Problems {
        private final List<String> examples = new ArrayList<>();
        private long count;

        void add(String problem) {
            count++;
            if (examples.size() < EXAMPLES) {
                examples.add(problem);
            }
        }

        Result result(String name, String description) {
            return new Result(name, description, count, examples);
        }
    }
}
