-- The ledger of one portal: what hubscore pulled, scored, decided and wrote.
-- Times are epoch milliseconds (UTC). Property maps and contributions are JSON text.

CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,          -- HubSpot's contact id
    properties      TEXT    NOT NULL,             -- the relevant properties, JSON object of strings
    relevant_hash   TEXT    NOT NULL,             -- hash of the scoring-relevant values: unchanged hash, no rescore
    modified_at     INTEGER,                      -- HubSpot's lastmodifieddate
    archived        INTEGER NOT NULL DEFAULT 0,
    merged_into     INTEGER,
    dirty           INTEGER NOT NULL DEFAULT 1,   -- needs scoring
    pulled_at       INTEGER NOT NULL
);
CREATE INDEX contacts_dirty ON contacts (id) WHERE dirty = 1;

CREATE TABLE engagements (
    type            TEXT    NOT NULL,             -- emails, calls, meetings, notes, tasks
    id              INTEGER NOT NULL,
    occurred_at     INTEGER,                      -- hs_timestamp
    properties      TEXT    NOT NULL,
    archived        INTEGER NOT NULL DEFAULT 0,
    pulled_at       INTEGER NOT NULL,
    PRIMARY KEY (type, id)
);

CREATE TABLE engagement_contacts (
    type            TEXT    NOT NULL,
    engagement_id   INTEGER NOT NULL,
    contact_id      INTEGER NOT NULL,
    PRIMARY KEY (type, engagement_id, contact_id),
    FOREIGN KEY (type, engagement_id) REFERENCES engagements (type, id) ON DELETE CASCADE
);
CREATE INDEX engagement_contacts_by_contact ON engagement_contacts (contact_id);

CREATE TABLE deals (
    id              INTEGER PRIMARY KEY,
    properties      TEXT    NOT NULL,
    closed          INTEGER NOT NULL DEFAULT 0,
    pulled_at       INTEGER NOT NULL
);

CREATE TABLE deal_contacts (
    deal_id         INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
    contact_id      INTEGER NOT NULL,
    PRIMARY KEY (deal_id, contact_id)
);
CREATE INDEX deal_contacts_by_contact ON deal_contacts (contact_id);

CREATE TABLE model_versions (
    fingerprint     TEXT    PRIMARY KEY,          -- SHA-256 of the canonical model
    version         TEXT    NOT NULL,
    config_text     TEXT    NOT NULL,
    released_at     INTEGER NOT NULL,
    note            TEXT
);

CREATE TABLE scores (                            -- append-only history
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id      INTEGER NOT NULL,
    fingerprint     TEXT    NOT NULL REFERENCES model_versions (fingerprint),
    score           INTEGER NOT NULL,
    fit             TEXT    NOT NULL,             -- unrounded, as decimal text
    engagement      TEXT    NOT NULL,
    band            TEXT    NOT NULL,
    contributions   TEXT    NOT NULL,             -- JSON array; sums exactly to score
    notes           TEXT,                         -- data-quality notes, JSON array
    scored_at       INTEGER NOT NULL
);
CREATE INDEX scores_by_contact ON scores (contact_id, seq);

CREATE TABLE band_state (
    contact_id         INTEGER PRIMARY KEY,
    band               TEXT    NOT NULL,
    since              INTEGER NOT NULL,
    last_transition_at INTEGER,
    score              INTEGER NOT NULL,
    fingerprint        TEXT    NOT NULL
);

CREATE TABLE transitions (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id      INTEGER NOT NULL,
    from_band       TEXT,
    to_band         TEXT    NOT NULL,
    score           INTEGER NOT NULL,
    fingerprint     TEXT    NOT NULL REFERENCES model_versions (fingerprint),
    at              INTEGER NOT NULL,
    fired           INTEGER NOT NULL,             -- 1 fired; 0 held (see held_by)
    held_by         TEXT,                         -- 'cooldown' or the suppression's name
    reason          TEXT
);
CREATE INDEX transitions_by_contact ON transitions (contact_id, seq);

CREATE TABLE outbox (                            -- the unit of "not yet delivered"
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id      INTEGER NOT NULL,
    properties      TEXT    NOT NULL,             -- JSON object: property -> value to write
    created_at      INTEGER NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'delivered', 'parked', 'superseded')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    delivered_at    INTEGER
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE state = 'pending';

CREATE TABLE written (                           -- last values HubSpot acknowledged
    contact_id      INTEGER NOT NULL,
    property        TEXT    NOT NULL,
    value           TEXT    NOT NULL,
    written_at      INTEGER NOT NULL,
    PRIMARY KEY (contact_id, property)
);

CREATE TABLE conflicts (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id      INTEGER NOT NULL,
    property        TEXT    NOT NULL,
    ours            TEXT,
    theirs          TEXT,
    policy          TEXT    NOT NULL,             -- overwrite or yield
    seen_at         INTEGER NOT NULL,
    cleared_at      INTEGER
);
CREATE INDEX conflicts_open ON conflicts (contact_id) WHERE cleared_at IS NULL;

CREATE TABLE checkpoints (
    stream          TEXT    PRIMARY KEY,          -- e.g. contacts.backfill, contacts.incremental
    cursor          TEXT    NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE runs (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    job             TEXT    NOT NULL,
    started_at      INTEGER NOT NULL,
    ended_at        INTEGER,
    counts          TEXT,                         -- JSON object
    error           TEXT
);
CREATE INDEX runs_by_job ON runs (job, seq);

CREATE TABLE lifecycle_history (
    contact_id      INTEGER NOT NULL,
    stage           TEXT    NOT NULL,
    seen_at         INTEGER NOT NULL,
    PRIMARY KEY (contact_id, stage)
);

CREATE TABLE portal_state (                      -- pause until the daily reset, auth failures, ...
    key             TEXT    PRIMARY KEY,
    value           TEXT    NOT NULL,
    updated_at      INTEGER NOT NULL
);
