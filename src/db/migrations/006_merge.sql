-- Version 6: merging without loss (docs/DATA-MODEL.md, "Merging").
-- A person's further emails and phones, the employee IDs of records merged
-- into them, and what `alumni merge --undo` needs; and ids that are never
-- reused on the tables whose rows commands delete.
--
-- SQLite cannot add AUTOINCREMENT to a table, so alumni, contacts and
-- stage_events are rebuilt: made anew, copied, the old one dropped, the
-- new one renamed, its indexes made again. This runs with foreign keys
-- off (src/db/mod.rs turns them off around every migration, and checks
-- them before it commits): with them on, dropping `alumni` would delete
-- every row that refers to it (ON DELETE CASCADE).

CREATE TABLE alumni_v6 (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id      TEXT UNIQUE,            -- text, so leading zeros survive
    name             TEXT,
    name_kana        TEXT,
    email            TEXT UNIQUE,            -- the primary email, stored normalized (NFKC, lower case)
    phone            TEXT,                   -- the primary phone
    department       TEXT,
    job_title        TEXT,
    hire_date        TEXT,
    leave_date       TEXT,
    leave_reason     TEXT,
    rehire_eligible  TEXT NOT NULL DEFAULT 'unknown'
                     CHECK (rehire_eligible = 'yes' OR rehire_eligible = 'review' OR rehire_eligible = 'no' OR rehire_eligible = 'unknown'),
    rehire_source    TEXT CHECK (rehire_source = 'imported' OR rehire_source = 'rule' OR rehire_source = 'manual'),
    current_company  TEXT,
    current_title    TEXT,
    location         TEXT,
    linkedin_url     TEXT,
    consent          TEXT NOT NULL DEFAULT 'unknown'
                     CHECK (consent = 'opted_in' OR consent = 'opted_out' OR consent = 'unknown'),
    consent_date     TEXT,
    consent_purpose  TEXT,
    tags             TEXT,                   -- comma-separated, normalized
    notes            TEXT,
    manual_fields    INTEGER NOT NULL DEFAULT 0, -- bit per field set by hand; imports keep them
    erased_at        TEXT,                   -- set when personal data was erased on request
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    employment_type  TEXT
    CHECK (employment_type = 'full_time' OR employment_type = 'contract' OR employment_type = 'part_time' OR employment_type = 'temp' OR employment_type = 'other'),
    leave_type       TEXT
    CHECK (leave_type = 'voluntary' OR leave_type = 'involuntary' OR leave_type = 'retirement' OR leave_type = 'contract_end' OR leave_type = 'other')
);
INSERT INTO alumni_v6 SELECT * FROM alumni;
DROP TABLE alumni;
ALTER TABLE alumni_v6 RENAME TO alumni;
CREATE INDEX alumni_keyless_name ON alumni (name)
    WHERE employee_id IS NULL AND email IS NULL;

CREATE TABLE contacts_v6 (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    alumnus_id   INTEGER NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    date         TEXT NOT NULL,
    channel      TEXT NOT NULL
                 CHECK (channel = 'email' OR channel = 'phone' OR channel = 'meeting' OR channel = 'event' OR channel = 'newsletter' OR channel = 'sns' OR channel = 'other'),
    direction    TEXT NOT NULL DEFAULT 'outbound' CHECK (direction = 'outbound' OR direction = 'inbound'),
    summary      TEXT,
    owner        TEXT,
    follow_up    TEXT,
    consent_override TEXT,                   -- why an opted-out alumnus was contacted anyway
    created_at   TEXT NOT NULL
);
INSERT INTO contacts_v6 SELECT * FROM contacts;
DROP TABLE contacts;
ALTER TABLE contacts_v6 RENAME TO contacts;
CREATE INDEX contacts_alumnus_date ON contacts (alumnus_id, date);
CREATE INDEX contacts_follow_up ON contacts (follow_up) WHERE follow_up IS NOT NULL;
CREATE INDEX contacts_date ON contacts (date, alumnus_id);

CREATE TABLE stage_events_v6 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id  INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    stage           TEXT NOT NULL REFERENCES stages (key) ON UPDATE CASCADE,
    entered_on      TEXT NOT NULL,
    note            TEXT,
    created_at      TEXT NOT NULL
);
INSERT INTO stage_events_v6 SELECT * FROM stage_events;
DROP TABLE stage_events;
ALTER TABLE stage_events_v6 RENAME TO stage_events;
CREATE INDEX stage_events_stage_date ON stage_events (stage, entered_on);
CREATE INDEX stage_events_entered ON stage_events (entered_on, application_id);
CREATE INDEX stage_events_application ON stage_events (application_id, entered_on, id, stage);

-- A person's emails and phones other than the primary ones in `alumni`.
-- An email belongs to one person only, primary or not (the index and the
-- triggers below).
CREATE TABLE alumnus_contacts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    alumnus_id  INTEGER NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind = 'email' OR kind = 'phone'),
    value       TEXT NOT NULL,               -- an email stored normalized, as alumni.email
    created_at  TEXT NOT NULL,
    UNIQUE (alumnus_id, kind, value)
);
CREATE UNIQUE INDEX alumnus_contacts_email ON alumnus_contacts (value) WHERE kind = 'email';
CREATE INDEX alumnus_contacts_alumnus ON alumnus_contacts (alumnus_id);

CREATE TRIGGER alumnus_contacts_email_unique
BEFORE INSERT ON alumnus_contacts
WHEN NEW.kind = 'email' AND EXISTS (SELECT 1 FROM alumni WHERE email = NEW.value)
BEGIN
    SELECT RAISE(ABORT, 'the email already belongs to an alumnus');
END;
CREATE TRIGGER alumni_email_unique_insert
BEFORE INSERT ON alumni
WHEN NEW.email IS NOT NULL
 AND EXISTS (SELECT 1 FROM alumnus_contacts WHERE kind = 'email' AND value = NEW.email)
BEGIN
    SELECT RAISE(ABORT, 'the email already belongs to an alumnus');
END;
CREATE TRIGGER alumni_email_unique_update
BEFORE UPDATE OF email ON alumni
WHEN NEW.email IS NOT NULL
 AND EXISTS (SELECT 1 FROM alumnus_contacts WHERE kind = 'email' AND value = NEW.email)
BEGIN
    SELECT RAISE(ABORT, 'the email already belongs to an alumnus');
END;

-- The employee IDs of records merged into another: a roster that lists
-- one updates the person it was merged into.
CREATE TABLE aliases (
    employee_id  TEXT PRIMARY KEY,
    alumnus_id   INTEGER NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    merge_id     INTEGER REFERENCES merges (id) ON DELETE SET NULL
);
CREATE INDEX aliases_alumnus ON aliases (alumnus_id);

-- Every merge, with what its undo needs: both records as they were (JSON,
-- personal data: `alumni forget` of the kept person deletes the row) and
-- the ids of the rows that moved. `audit_id` is the merge's audit row: a
-- later audit row about the kept person means it changed since.
CREATE TABLE merges (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kept_id     INTEGER NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    other_id    INTEGER NOT NULL,            -- deleted by the merge; restored by its undo
    snapshot    TEXT NOT NULL,
    audit_id    INTEGER,
    kept_updated_at TEXT NOT NULL,           -- the kept record's updated_at after the merge
    merged_at   TEXT NOT NULL,
    undone_at   TEXT
);
CREATE INDEX merges_kept ON merges (kept_id);
