-- Which suppression holds each contact now (a no-write suppression leaves no other trace).

CREATE TABLE suppressed (
    contact_id      INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,             -- the suppression's name in the config
    action          TEXT    NOT NULL,             -- no-write, freeze-band or cap-band
    since           INTEGER NOT NULL
);
