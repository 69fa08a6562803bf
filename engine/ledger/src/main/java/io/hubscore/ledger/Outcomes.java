package io.hubscore.ledger;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to contacts in the CRM, for outcome reports: when each contact entered each lifecycle stage
 * ({@code stage_entries}) and how its lead status changed ({@code lead_status_changes}). Deals are kept by
 * {@link Deals}. Bound to one {@link Ledger.Tx}, so not thread-safe.
 */
public final class Outcomes {

    private final Sql sql;

    Outcomes(Sql sql) {
        this.sql = sql;
    }

    /**
     * A contact's outcome fields as one pull read them.
     *
     * @param stage its lifecycle stage now; may be null
     * @param stageDates when it entered each stage, as HubSpot's {@code hs_lifecyclestage_<stage>_date} says, by stage
     * @param leadStatus its lead status now; may be null
     */
    public record Observed(long contactId, String stage, Map<String, Long> stageDates, String leadStatus) {
        public Observed {
            stageDates = Map.copyOf(stageDates);
        }
    }

    /** A stage entry as stored. */
    public record StageEntry(long contactId, String stage, long enteredAt, String source) {
        public StageEntry {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(source, "source");
        }
    }

    /**
     * Records what a pull saw: HubSpot's date for a stage wins over a time seen, a stage without a date is entered
     * when first seen in it, and a lead status is recorded when it differs from the last one recorded.
     */
    public void observe(Observed observed, long now) {
        long id = observed.contactId();
        for (Map.Entry<String, Long> date : observed.stageDates().entrySet()) {
            sql.update("INSERT INTO stage_entries (contact_id, stage, entered_at, source) VALUES (?, ?, ?, 'hubspot') "
                    + "ON CONFLICT (contact_id, stage) DO UPDATE SET entered_at = excluded.entered_at, "
                    + "source = 'hubspot'", id, date.getKey(), date.getValue());
        }
        if (observed.stage() != null && !observed.stageDates().containsKey(observed.stage())) {
            sql.update("INSERT OR IGNORE INTO stage_entries (contact_id, stage, entered_at, source) "
                    + "VALUES (?, ?, ?, 'seen')", id, observed.stage(), now);
        }
        String status = observed.leadStatus() == null ? "" : observed.leadStatus();
        Optional<String> last = leadStatus(id);
        if (last.isPresent() ? !last.get().equals(status) : !status.isEmpty()) {
            sql.update("INSERT INTO lead_status_changes (contact_id, status, seen_at) VALUES (?, ?, ?)", id, status,
                    now);
        }
    }

    /** The lead status last recorded for the contact ({@code ""} when it was cleared); empty when none was. */
    public Optional<String> leadStatus(long contactId) {
        return sql.first("SELECT status FROM lead_status_changes WHERE contact_id = ? ORDER BY seq DESC LIMIT 1",
                rs -> rs.getString(1), contactId);
    }

    /** The contact's stage entries, earliest first. */
    public java.util.List<StageEntry> stageEntries(long contactId) {
        return sql.list("SELECT contact_id, stage, entered_at, source FROM stage_entries WHERE contact_id = ? "
                + "ORDER BY entered_at, stage", rs -> new StageEntry(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        rs.getString(4)), contactId);
    }
}
