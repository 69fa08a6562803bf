-- Outcomes: what happened to contacts in the CRM, for the outcome report (pulled when the config has `outcomes`).
-- Deals keep their outcome properties (amount, closedate, hs_is_closed_won, ...) in deals.properties.

-- When each contact entered each lifecycle stage: from HubSpot's hs_lifecyclestage_<stage>_date when it has one,
-- else the time a pull first saw the contact in the stage.
CREATE TABLE stage_entries (
    contact_id      INTEGER NOT NULL,
    stage           TEXT    NOT NULL,
    entered_at      INTEGER NOT NULL,
    source          TEXT    NOT NULL CHECK (source IN ('hubspot', 'seen')),
    PRIMARY KEY (contact_id, stage)
);
CREATE INDEX stage_entries_by_stage ON stage_entries (stage, entered_at);

-- Each change of a contact's lead status (hs_lead_status) as pulls saw it; a cleared status is ''.
CREATE TABLE lead_status_changes (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id      INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    seen_at         INTEGER NOT NULL
);
CREATE INDEX lead_status_by_contact ON lead_status_changes (contact_id, seq);

-- The report reads transitions by time.
CREATE INDEX transitions_by_time ON transitions (at) WHERE fired = 1;
