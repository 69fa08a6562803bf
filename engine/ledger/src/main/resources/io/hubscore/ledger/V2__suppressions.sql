-- Which suppression holds each contact now (a no-write suppression leaves no other trace),
-- and an index for the score job.

CREATE TABLE suppressed (
    contact_id      INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,             -- the suppression's name in the config
    action          TEXT    NOT NULL,             -- no-write, freeze-band or cap-band
    since           INTEGER NOT NULL
);

-- The score job looks up each contact's latest undelivered write.
CREATE INDEX outbox_by_contact ON outbox (contact_id, seq);
