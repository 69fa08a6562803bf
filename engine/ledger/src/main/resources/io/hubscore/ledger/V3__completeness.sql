-- When each record was created in HubSpot, so a completeness check can count the ledger's records in the
-- same window as HubSpot's search (records created up to an instant); NULL for rows pulled before this.
ALTER TABLE contacts ADD COLUMN created_at INTEGER;
ALTER TABLE engagements ADD COLUMN created_at INTEGER;
ALTER TABLE deals ADD COLUMN created_at INTEGER;

-- The last completeness check of each pull stream: what HubSpot's search counted and the ledger held of the
-- records created up to up_to, and what was pulled again. Written at the end of a backfill and by reconcile.
CREATE TABLE completeness_checks (
    stream          TEXT    PRIMARY KEY,          -- contacts, engagements.emails, deals, ...
    checked_at      INTEGER NOT NULL,
    checked_by      TEXT    NOT NULL,             -- backfill or reconcile
    up_to           INTEGER NOT NULL,             -- the window: records created up to this instant
    hubspot         INTEGER NOT NULL,             -- HubSpot's search total for the window
    stored          INTEGER NOT NULL,             -- live records the ledger held for the window
    missing         INTEGER NOT NULL,             -- ids HubSpot has that the ledger lacked
    pulled          INTEGER NOT NULL,             -- records read again and stored
    outcome         TEXT    NOT NULL              -- complete, repaired, differs or failed
                    CHECK (outcome IN ('complete', 'repaired', 'differs', 'failed')),
    detail          TEXT
);
