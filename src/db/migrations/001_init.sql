-- The whole data model, version 1; docs/DATA-MODEL.md describes it.
-- Dates are ISO text (YYYY-MM-DD); timestamps are RFC 3339 text in UTC.
--
-- Enumerations are checked with `x = 'a' OR x = 'b'` rather than
-- `x IN ('a', 'b')`: SQLite builds a temporary table for every IN list of a
-- CHECK on every insert, which made a million-row import 2.4 times slower.

CREATE TABLE alumni (
    id               INTEGER PRIMARY KEY,
    employee_id      TEXT UNIQUE,            -- text, so leading zeros survive
    name             TEXT,
    name_kana        TEXT,
    email            TEXT UNIQUE,            -- stored normalized (NFKC, lower case)
    phone            TEXT,
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
    updated_at       TEXT NOT NULL
);
-- Rows without any key are matched by name on re-import; they are few, and
-- a partial index keeps the cost of every other insert down.
CREATE INDEX alumni_keyless_name ON alumni (name)
    WHERE employee_id IS NULL AND email IS NULL;

CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
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
CREATE INDEX contacts_alumnus_date ON contacts (alumnus_id, date);
CREATE INDEX contacts_follow_up ON contacts (follow_up) WHERE follow_up IS NOT NULL;

-- The pipeline's stage list, editable per database (keys, labels, order).
CREATE TABLE stages (
    key       TEXT PRIMARY KEY,
    label_en  TEXT NOT NULL,
    label_ja  TEXT NOT NULL,
    position  INTEGER NOT NULL UNIQUE
);
INSERT INTO stages (key, label_en, label_ja, position) VALUES
    ('contacted',  'Contacted',       '接触',     1),
    ('interested', 'Interested',      '意向あり', 2),
    ('applied',    'Applied',         '応募',     3),
    ('screening',  'Screening',       '書類選考', 4),
    ('interview',  'Interview',       '面接',     5),
    ('offer',      'Offer',           '内定',     6),
    ('accepted',   'Offer accepted',  '内定承諾', 7),
    ('rejoined',   'Rejoined',        '入社',     8);

CREATE TABLE applications (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind = 'rehire' OR kind = 'referral'),
    alumnus_id       INTEGER REFERENCES alumni (id),        -- the candidate, for a rehire
    referrer_id      INTEGER REFERENCES alumni (id),        -- the referring alumnus, for a referral
    candidate_name   TEXT,                                  -- a referred candidate
    candidate_email  TEXT,
    candidate_phone  TEXT,
    position         TEXT,
    department       TEXT,
    source           TEXT,
    opened_on        TEXT NOT NULL,
    stage            TEXT REFERENCES stages (key) ON UPDATE CASCADE,
    stage_entered_on TEXT,
    furthest_stage   TEXT REFERENCES stages (key) ON UPDATE CASCADE,
    outcome          TEXT CHECK (outcome = 'rejoined' OR outcome = 'declined' OR outcome = 'rejected' OR outcome = 'withdrawn'),
    outcome_reason   TEXT,
    outcome_by       TEXT CHECK (outcome_by = 'company' OR outcome_by = 'candidate'),
    closed_on        TEXT,
    cost             INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (alumnus_id IS NOT NULL OR referrer_id IS NOT NULL)
);
CREATE INDEX applications_alumnus ON applications (alumnus_id);
CREATE INDEX applications_referrer ON applications (referrer_id);
CREATE INDEX applications_opened ON applications (opened_on);

CREATE TABLE stage_events (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    stage           TEXT NOT NULL REFERENCES stages (key) ON UPDATE CASCADE,
    entered_on      TEXT NOT NULL,
    note            TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX stage_events_application ON stage_events (application_id, entered_on);
CREATE INDEX stage_events_stage_date ON stage_events (stage, entered_on);

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    date        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind = 'reunion' OR kind = 'mixer' OR kind = 'seminar' OR kind = 'workshop' OR kind = 'webinar' OR kind = 'other'),
    location    TEXT,
    cost        INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);

CREATE TABLE attendance (
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    alumnus_id  INTEGER NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status = 'invited' OR status = 'registered' OR status = 'attended'),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (event_id, alumnus_id)
);
CREATE INDEX attendance_alumnus ON attendance (alumnus_id);

CREATE TABLE partners (
    id          INTEGER PRIMARY KEY,
    alumnus_id  INTEGER NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    company     TEXT,
    kind        TEXT NOT NULL CHECK (kind = 'client' OR kind = 'partner' OR kind = 'speaker' OR kind = 'ambassador'),
    status      TEXT,
    notes       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX partners_alumnus ON partners (alumnus_id);

-- KPI goals per month and stage, optionally per department and kind.
CREATE TABLE targets (
    id          INTEGER PRIMARY KEY,
    month       TEXT NOT NULL,               -- YYYY-MM
    stage       TEXT NOT NULL REFERENCES stages (key) ON UPDATE CASCADE,
    department  TEXT NOT NULL DEFAULT '',    -- '' means all departments
    kind        TEXT NOT NULL DEFAULT '',    -- '' means both kinds
    count       INTEGER NOT NULL CHECK (count >= 0),
    UNIQUE (month, stage, department, kind)
);

-- Budget and spend per month and channel, for cost per hire.
CREATE TABLE spend (
    id       INTEGER PRIMARY KEY,
    month    TEXT NOT NULL,                  -- YYYY-MM
    channel  TEXT NOT NULL,
    budget   INTEGER,
    amount   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (month, channel)
);

-- Departure reason -> default rehire eligibility.
CREATE TABLE rehire_rules (
    leave_reason     TEXT PRIMARY KEY,
    rehire_eligible  TEXT NOT NULL CHECK (rehire_eligible = 'yes' OR rehire_eligible = 'review' OR rehire_eligible = 'no')
);

CREATE TABLE imports (
    id            INTEGER PRIMARY KEY,
    file_name     TEXT NOT NULL,
    content_hash  TEXT NOT NULL,             -- SHA-256 of the file's bytes
    format        TEXT NOT NULL,
    sheet         TEXT,
    encoding      TEXT,
    rows_read     INTEGER NOT NULL,
    inserted      INTEGER NOT NULL,
    updated       INTEGER NOT NULL,
    unchanged     INTEGER NOT NULL,
    rejected      INTEGER NOT NULL,
    imported_by   TEXT,
    started_at    TEXT NOT NULL,
    finished_at   TEXT NOT NULL
);

-- Every change made by a command: who, what, when. Field names, never values,
-- so that erasing a person leaves nothing of them here.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT,
    command     TEXT NOT NULL,
    alumnus_id  INTEGER,
    detail      TEXT
);
CREATE INDEX audit_alumnus ON audit (alumnus_id);

-- Settings kept with the data (fiscal-year start, default language, owner).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
