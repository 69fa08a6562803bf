-- Every activation of a model, a return to an older one included: the latest names the model in force.
CREATE TABLE releases (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    fingerprint     TEXT    NOT NULL REFERENCES model_versions (fingerprint),
    activated_at    INTEGER NOT NULL,
    note            TEXT                          -- the config's model.note at activation
);

-- Ledgers from before: each version released once, in order, then the model in force if it is not the last.
INSERT INTO releases (fingerprint, activated_at, note)
    SELECT fingerprint, released_at, note FROM model_versions ORDER BY released_at, rowid;
INSERT INTO releases (fingerprint, activated_at, note)
    SELECT m.fingerprint, p.updated_at, m.note FROM portal_state p JOIN model_versions m ON m.fingerprint = p.value
    WHERE p.key = 'active_model'
      AND m.fingerprint <> (SELECT fingerprint FROM releases ORDER BY seq DESC LIMIT 1);

-- A shadow model: each candidate started, its current band per contact, and every band change under it.
-- Written by the score job beside the live model's rows; never sent to HubSpot.
CREATE TABLE shadow_models (
    fingerprint     TEXT    PRIMARY KEY,
    version         TEXT    NOT NULL,
    config_text     TEXT    NOT NULL,
    started_at      INTEGER NOT NULL
);

CREATE TABLE shadow_bands (
    contact_id         INTEGER PRIMARY KEY,
    fingerprint        TEXT    NOT NULL REFERENCES shadow_models (fingerprint),
    band               TEXT    NOT NULL,
    since              INTEGER NOT NULL,
    last_transition_at INTEGER,
    score              INTEGER NOT NULL,
    scored_at          INTEGER NOT NULL
);

CREATE TABLE shadow_transitions (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id      INTEGER NOT NULL,
    fingerprint     TEXT    NOT NULL REFERENCES shadow_models (fingerprint),
    from_band       TEXT,
    to_band         TEXT    NOT NULL,
    at              INTEGER NOT NULL
);
CREATE INDEX shadow_transitions_by_at ON shadow_transitions (fingerprint, at);
