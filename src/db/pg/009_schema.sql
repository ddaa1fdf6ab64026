-- PostgreSQL schema at version 9: the SQLite schema after migrations
-- 001–009, in one file. Later migrations come in pairs, one per backend.
--
-- It follows src/db/migrations/001_init.sql … 009_engagement.sql table by
-- table: the same names, the same columns in the same order, the same
-- constraints and indexes, and the default rows. The program runs it in its
-- own transaction with search_path set to the target schema.
--
-- Translation: INTEGER is BIGINT (0/1 flags too, with their CHECK), REAL is
-- DOUBLE PRECISION, TEXT stays TEXT (dates are ISO text, as in SQLite). A
-- row id (`id INTEGER PRIMARY KEY`, with or without AUTOINCREMENT) is a
-- plain BIGINT PRIMARY KEY (see below). A table whose foreign key names a
-- table made later gets that key with ALTER TABLE once the other table
-- exists. Each SQLite trigger is a PL/pgSQL function and a trigger of the
-- same name.
--
-- Row ids are given as SQLite gives them, not by sequences: an insert
-- without an id gets max(id) + 1 of its table, and in a table SQLite
-- declares AUTOINCREMENT the larger of that and the highest id ever used
-- (kept in alumni_sequence, as SQLite keeps it in sqlite_sequence), + 1.
-- So ids have no gaps after a rollback, an explicit id is followed by the
-- next one, and only AUTOINCREMENT tables never reuse a deleted top id.
-- A trigger `<table>_0_next_id` on each such table does it (the 0 makes
-- it fire before the table's other BEFORE INSERT triggers) and keeps the
-- id in the setting alumni.last_id, read as SQLite's last_insert_rowid().
-- Writers hold one lock per schema, so no two compute the same id.
--
-- From 001_init.sql:
-- The whole data model, version 1; docs/DATA-MODEL.md describes it.
-- Dates are ISO text (YYYY-MM-DD); timestamps are RFC 3339 text in UTC.
--
-- Enumerations are checked with `x = 'a' OR x = 'b'` rather than
-- `x IN ('a', 'b')`: SQLite builds a temporary table for every IN list of a
-- CHECK on every insert, which made a million-row import 2.4 times slower.
-- (Kept as they are here, so that both schemas read alike.)

-- Row ids ---------------------------------------------------------------------
-- SQLite's sqlite_sequence: the highest id each AUTOINCREMENT table has
-- used. A fresh SQLite database has a row (seq 0) for each table a
-- migration filled with INSERT ... SELECT (of no rows); so has this one.
CREATE TABLE alumni_sequence (
    name  TEXT PRIMARY KEY,
    seq   BIGINT NOT NULL
);
INSERT INTO alumni_sequence (name, seq) VALUES
    ('alumni', 0), ('contacts', 0), ('stage_events', 0), ('partner_changes', 0),
    ('career', 0);

-- Each table with a row id has a function and a BEFORE INSERT trigger of
-- its own, `<table>_0_next_id` (function `<table>_give_id`), with static
-- SQL, planned once per session: an id not given is max(id) + 1; in an
-- AUTOINCREMENT table, the larger of that and the highest id given
-- before, + 1. Rows a statement inserted before are visible to it, so a
-- multi-row insert gets consecutive ids. The highest id given in a
-- transaction is kept in a transaction-local setting,
-- `alumni.seq.<table>` (an insert that gives way ON CONFLICT counts too,
-- as in SQLite), and written to alumni_sequence once, by
-- alumni_keep_sequences(), which alumni runs just before it commits a
-- write: writing that row on every insert would make an import's cost
-- grow with the square of its rows, each update of one row in one
-- transaction adding a version to walk past. A statement-level trigger
-- (`<table>_kept_id`) keeps a deleted top id in the same setting.
CREATE FUNCTION alumni_keep_sequences() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    t TEXT;
    v TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['alumni', 'contacts', 'stage_events', 'alumnus_contacts', 'merges', 'partner_changes', 'campaigns', 'campaign_recipients', 'surveys', 'survey_responses', 'career'] LOOP
        v := current_setting('alumni.seq.' || t, true);
        IF v IS NOT NULL AND v <> '' THEN
            INSERT INTO alumni_sequence AS s (name, seq) VALUES (t, v::bigint)
            ON CONFLICT (name) DO UPDATE SET seq = greatest(s.seq, excluded.seq);
        END IF;
    END LOOP;
END;
$$;

-- Version 1 -------------------------------------------------------------------

-- Rebuilt in version 6 with AUTOINCREMENT (ids never reused); version 4
-- added employment_type and leave_type, version 9 email_bounced_on.
CREATE TABLE alumni (
    id               BIGINT PRIMARY KEY,
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
    manual_fields    BIGINT NOT NULL DEFAULT 0, -- bit per field set by hand; imports keep them
    erased_at        TEXT,                   -- set when personal data was erased on request
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    -- Version 4: two roster fields with fixed sets of values: how someone
    -- was employed (雇用形態) and how they left (退職区分). An import stores
    -- any text it does not know as 'other', so the CHECKs only ever see
    -- these values.
    employment_type  TEXT
    CHECK (employment_type = 'full_time' OR employment_type = 'contract' OR employment_type = 'part_time' OR employment_type = 'temp' OR employment_type = 'other'),
    leave_type       TEXT
    CHECK (leave_type = 'voluntary' OR leave_type = 'involuntary' OR leave_type = 'retirement' OR leave_type = 'contract_end' OR leave_type = 'other'),
    -- Version 9: the day a delivery report said an address bounced;
    -- campaigns skip a bouncing address until it is changed (by hand or by
    -- an import).
    email_bounced_on TEXT
);
CREATE FUNCTION alumni_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.alumni', true), '')::bigint;
BEGIN
    IF seq IS NULL THEN
        seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'alumni'), 0);
    END IF;
    IF NEW.id IS NULL THEN
        NEW.id := greatest(coalesce((SELECT max(id) FROM alumni), 0), seq) + 1;
    END IF;
    PERFORM set_config('alumni.seq.alumni', greatest(seq, NEW.id)::text, true);
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER alumni_0_next_id BEFORE INSERT ON alumni
FOR EACH ROW EXECUTE FUNCTION alumni_give_id();
CREATE FUNCTION alumni_keep_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.alumni', true), '')::bigint;
    top BIGINT := (SELECT max(id) FROM gone);
BEGIN
    IF top IS NOT NULL THEN
        IF seq IS NULL THEN
            seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'alumni'), 0);
        END IF;
        PERFORM set_config('alumni.seq.alumni', greatest(seq, top)::text, true);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER alumni_kept_id AFTER DELETE ON alumni
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION alumni_keep_id();
-- Rows without any key are matched by name on re-import; they are few, and
-- a partial index keeps the cost of every other insert down.
CREATE INDEX alumni_keyless_name ON alumni (name)
    WHERE employee_id IS NULL AND email IS NULL;

-- Rebuilt in version 6 with AUTOINCREMENT; version 7 added planned and
-- follow_up_done_on, version 9 campaign_id (its foreign key is added after
-- campaigns, below).
CREATE TABLE contacts (
    id           BIGINT PRIMARY KEY,
    alumnus_id   BIGINT NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    date         TEXT NOT NULL,
    channel      TEXT NOT NULL
                 CHECK (channel = 'email' OR channel = 'phone' OR channel = 'meeting' OR channel = 'event' OR channel = 'newsletter' OR channel = 'sns' OR channel = 'other'),
    direction    TEXT NOT NULL DEFAULT 'outbound' CHECK (direction = 'outbound' OR direction = 'inbound'),
    summary      TEXT,
    owner        TEXT,
    follow_up    TEXT,
    consent_override TEXT,                   -- why an opted-out alumnus was contacted anyway
    created_at   TEXT NOT NULL,
    -- Version 7: a contact planned ahead (a meeting booked), and the day its
    -- follow-up was done (`contact done`); a done follow-up is no longer due.
    planned      BIGINT NOT NULL DEFAULT 0 CHECK (planned IN (0, 1)),
    follow_up_done_on TEXT,
    -- Version 9: the campaign a contact belongs to.
    campaign_id  BIGINT
);
CREATE FUNCTION contacts_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.contacts', true), '')::bigint;
BEGIN
    IF seq IS NULL THEN
        seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'contacts'), 0);
    END IF;
    IF NEW.id IS NULL THEN
        NEW.id := greatest(coalesce((SELECT max(id) FROM contacts), 0), seq) + 1;
    END IF;
    PERFORM set_config('alumni.seq.contacts', greatest(seq, NEW.id)::text, true);
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER contacts_0_next_id BEFORE INSERT ON contacts
FOR EACH ROW EXECUTE FUNCTION contacts_give_id();
CREATE FUNCTION contacts_keep_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.contacts', true), '')::bigint;
    top BIGINT := (SELECT max(id) FROM gone);
BEGIN
    IF top IS NOT NULL THEN
        IF seq IS NULL THEN
            seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'contacts'), 0);
        END IF;
        PERFORM set_config('alumni.seq.contacts', greatest(seq, top)::text, true);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER contacts_kept_id AFTER DELETE ON contacts
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION contacts_keep_id();
CREATE INDEX contacts_alumnus_date ON contacts (alumnus_id, date);
CREATE INDEX contacts_follow_up ON contacts (follow_up) WHERE follow_up IS NOT NULL;

-- The pipeline's stage list, editable per database (keys, labels, order).
CREATE TABLE stages (
    key       TEXT PRIMARY KEY,
    label_en  TEXT NOT NULL,
    label_ja  TEXT NOT NULL,
    position  BIGINT NOT NULL UNIQUE
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

-- Version 5 added consent_override, version 7 close_planned and
-- closed_recorded_by.
CREATE TABLE applications (
    id               BIGINT PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind = 'rehire' OR kind = 'referral'),
    alumnus_id       BIGINT REFERENCES alumni (id),         -- the candidate, for a rehire
    referrer_id      BIGINT REFERENCES alumni (id),         -- the referring alumnus, for a referral
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
    cost             BIGINT NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    -- Version 5: why an opted-out alumnus was put in the pipeline or
    -- recorded as a referrer anyway (`--override-consent REASON`).
    consent_override TEXT,
    -- Version 7: a close dated ahead (`pipeline close --planned`): the
    -- outcome is stored but reports read the application as open until it
    -- is confirmed.
    close_planned    BIGINT NOT NULL DEFAULT 0 CHECK (close_planned IN (0, 1)),
    closed_recorded_by TEXT,
    CHECK (alumnus_id IS NOT NULL OR referrer_id IS NOT NULL)
);
CREATE FUNCTION applications_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := coalesce((SELECT max(id) FROM applications), 0) + 1;
    END IF;
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER applications_0_next_id BEFORE INSERT ON applications
FOR EACH ROW EXECUTE FUNCTION applications_give_id();
CREATE INDEX applications_alumnus ON applications (alumnus_id);
CREATE INDEX applications_referrer ON applications (referrer_id);
CREATE INDEX applications_opened ON applications (opened_on);

-- Rebuilt in version 6 with AUTOINCREMENT; version 7 added planned and
-- recorded_by.
CREATE TABLE stage_events (
    id              BIGINT PRIMARY KEY,
    application_id  BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    stage           TEXT NOT NULL REFERENCES stages (key) ON UPDATE CASCADE,
    entered_on      TEXT NOT NULL,
    note            TEXT,
    created_at      TEXT NOT NULL,
    -- Version 7: a planned entry is shown but not counted until it is
    -- confirmed.
    planned         BIGINT NOT NULL DEFAULT 0 CHECK (planned IN (0, 1)),
    -- The HR person who recorded the entry (the audit's actor), not the
    -- candidate.
    recorded_by     TEXT
);
CREATE FUNCTION stage_events_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.stage_events', true), '')::bigint;
BEGIN
    IF seq IS NULL THEN
        seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'stage_events'), 0);
    END IF;
    IF NEW.id IS NULL THEN
        NEW.id := greatest(coalesce((SELECT max(id) FROM stage_events), 0), seq) + 1;
    END IF;
    PERFORM set_config('alumni.seq.stage_events', greatest(seq, NEW.id)::text, true);
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER stage_events_0_next_id BEFORE INSERT ON stage_events
FOR EACH ROW EXECUTE FUNCTION stage_events_give_id();
CREATE FUNCTION stage_events_keep_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.stage_events', true), '')::bigint;
    top BIGINT := (SELECT max(id) FROM gone);
BEGIN
    IF top IS NOT NULL THEN
        IF seq IS NULL THEN
            seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'stage_events'), 0);
        END IF;
        PERFORM set_config('alumni.seq.stage_events', greatest(seq, top)::text, true);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER stage_events_kept_id AFTER DELETE ON stage_events
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION stage_events_keep_id();
CREATE INDEX stage_events_stage_date ON stage_events (stage, entered_on);

CREATE TABLE events (
    id          BIGINT PRIMARY KEY,
    name        TEXT NOT NULL,
    date        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind = 'reunion' OR kind = 'mixer' OR kind = 'seminar' OR kind = 'workshop' OR kind = 'webinar' OR kind = 'other'),
    location    TEXT,
    cost        BIGINT NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);
CREATE FUNCTION events_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := coalesce((SELECT max(id) FROM events), 0) + 1;
    END IF;
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER events_0_next_id BEFORE INSERT ON events
FOR EACH ROW EXECUTE FUNCTION events_give_id();

-- Version 5 added consent_override.
CREATE TABLE attendance (
    event_id    BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    alumnus_id  BIGINT NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status = 'invited' OR status = 'registered' OR status = 'attended'),
    updated_at  TEXT NOT NULL,
    consent_override TEXT,
    PRIMARY KEY (event_id, alumnus_id)
);
CREATE INDEX attendance_alumnus ON attendance (alumnus_id);

CREATE TABLE partners (
    id          BIGINT PRIMARY KEY,
    alumnus_id  BIGINT NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    company     TEXT,
    kind        TEXT NOT NULL CHECK (kind = 'client' OR kind = 'partner' OR kind = 'speaker' OR kind = 'ambassador'),
    status      TEXT,
    notes       TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE FUNCTION partners_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := coalesce((SELECT max(id) FROM partners), 0) + 1;
    END IF;
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER partners_0_next_id BEFORE INSERT ON partners
FOR EACH ROW EXECUTE FUNCTION partners_give_id();
CREATE INDEX partners_alumnus ON partners (alumnus_id);

-- KPI goals per month and stage, optionally per department and kind.
CREATE TABLE targets (
    id          BIGINT PRIMARY KEY,
    month       TEXT NOT NULL,               -- YYYY-MM
    stage       TEXT NOT NULL REFERENCES stages (key) ON UPDATE CASCADE,
    department  TEXT NOT NULL DEFAULT '',    -- '' means all departments
    kind        TEXT NOT NULL DEFAULT '',    -- '' means both kinds
    count       BIGINT NOT NULL CHECK (count >= 0),
    UNIQUE (month, stage, department, kind)
);
CREATE FUNCTION targets_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := coalesce((SELECT max(id) FROM targets), 0) + 1;
    END IF;
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER targets_0_next_id BEFORE INSERT ON targets
FOR EACH ROW EXECUTE FUNCTION targets_give_id();

-- Budget and spend per month and channel, for cost per hire.
CREATE TABLE spend (
    id       BIGINT PRIMARY KEY,
    month    TEXT NOT NULL,                  -- YYYY-MM
    channel  TEXT NOT NULL,
    budget   BIGINT,
    amount   BIGINT NOT NULL DEFAULT 0,
    UNIQUE (month, channel)
);
CREATE FUNCTION spend_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := coalesce((SELECT max(id) FROM spend), 0) + 1;
    END IF;
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER spend_0_next_id BEFORE INSERT ON spend
FOR EACH ROW EXECUTE FUNCTION spend_give_id();

-- Departure reason -> default rehire eligibility.
CREATE TABLE rehire_rules (
    leave_reason     TEXT PRIMARY KEY,
    rehire_eligible  TEXT NOT NULL CHECK (rehire_eligible = 'yes' OR rehire_eligible = 'review' OR rehire_eligible = 'no')
);

CREATE TABLE imports (
    id            BIGINT PRIMARY KEY,
    file_name     TEXT NOT NULL,
    content_hash  TEXT NOT NULL,             -- SHA-256 of the file's bytes
    format        TEXT NOT NULL,
    sheet         TEXT,
    encoding      TEXT,
    rows_read     BIGINT NOT NULL,
    inserted      BIGINT NOT NULL,
    updated       BIGINT NOT NULL,
    unchanged     BIGINT NOT NULL,
    rejected      BIGINT NOT NULL,
    imported_by   TEXT,
    started_at    TEXT NOT NULL,
    finished_at   TEXT NOT NULL
);
CREATE FUNCTION imports_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := coalesce((SELECT max(id) FROM imports), 0) + 1;
    END IF;
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER imports_0_next_id BEFORE INSERT ON imports
FOR EACH ROW EXECUTE FUNCTION imports_give_id();

-- Every change made by a command: who, what, when. Field names, never values,
-- so that erasing a person leaves nothing of them here.
CREATE TABLE audit (
    id          BIGINT PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT,
    command     TEXT NOT NULL,
    alumnus_id  BIGINT,
    detail      TEXT
);
CREATE FUNCTION audit_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := coalesce((SELECT max(id) FROM audit), 0) + 1;
    END IF;
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER audit_0_next_id BEFORE INSERT ON audit
FOR EACH ROW EXECUTE FUNCTION audit_give_id();
CREATE INDEX audit_alumnus ON audit (alumnus_id);

-- Settings kept with the data (fiscal-year start, default language, owner).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- Version 2 -------------------------------------------------------------------
-- The KPI inputs HR enters besides targets (docs/DATA-MODEL.md, "KPI
-- definitions", and the back-calculation sheet of the KPI workbook).

-- The pass rate assumed from a stage to the next (想定歩留まり率), which
-- the back-calculation (逆算) uses instead of the observed one. The last
-- stage has no next stage; the commands refuse a rate for it.
CREATE TABLE assumed_rates (
    stage  TEXT PRIMARY KEY REFERENCES stages (key) ON UPDATE CASCADE ON DELETE CASCADE,
    rate   DOUBLE PRECISION NOT NULL CHECK (rate > 0 AND rate <= 1)
);

-- The company's hires of a month through every channel (全採用数): the
-- tool sees only alumni hires, and the rehire share divides by these.
CREATE TABLE all_hires (
    month  TEXT PRIMARY KEY,                 -- YYYY-MM
    count  BIGINT NOT NULL CHECK (count >= 0)
);

-- Versions 3 and 8 ------------------------------------------------------------
-- Indexes the KPI report reads by: the applications with a stage entered in
-- a period, and the alumni contacted in one, found by their day instead of
-- by visiting every application or alumnus; and each application's stage
-- entries in order (id breaks ties within a day) with the stage itself, so
-- that reading a history never visits the table. Since version 7 a contact
-- or stage entry may be planned, and the report leaves those out, so they
-- hold `planned` too (version 8). The roster counts (on the roster, opted
-- in, who may be contacted) are read from a small index on erasure and
-- consent instead of every alumnus's row.
CREATE INDEX events_date ON events (date);
CREATE INDEX contacts_date ON contacts (date, alumnus_id, planned);
CREATE INDEX stage_events_entered ON stage_events (entered_on, application_id, planned);
CREATE INDEX stage_events_application ON stage_events (application_id, entered_on, id, stage, planned);
CREATE INDEX alumni_roster ON alumni (erased_at, consent);

-- Version 4 -------------------------------------------------------------------

-- Remembered column mappings: a file whose header row has this signature
-- (a hash of the header names, computed by the import) is read with the
-- mappings given for it before. `headers` is the header row joined by TABs,
-- for showing to people.
CREATE TABLE import_layouts (
    id          BIGINT PRIMARY KEY,
    signature   TEXT UNIQUE NOT NULL,
    headers     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    used_at     TEXT NOT NULL
);
CREATE FUNCTION import_layouts_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := coalesce((SELECT max(id) FROM import_layouts), 0) + 1;
    END IF;
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER import_layouts_0_next_id BEFORE INSERT ON import_layouts
FOR EACH ROW EXECUTE FUNCTION import_layouts_give_id();

-- One column of a remembered layout: the field it is read into, or NULL
-- for a column left out on purpose.
CREATE TABLE import_mappings (
    layout_id  BIGINT NOT NULL REFERENCES import_layouts (id) ON DELETE CASCADE,
    header     TEXT NOT NULL,
    field      TEXT,
    PRIMARY KEY (layout_id, header)
);

-- Version 5 -------------------------------------------------------------------
-- Personal data under APPI (docs/PRIVACY.md): the history of consent, the
-- reasons recorded when an opted-out person was reached anyway, what is
-- left of an erased person to recognise them by, and the backups `alumni
-- backup` made (which still hold whoever is erased later).

-- Every change of an alumnus's consent: the state, the day it took effect
-- and the purpose of use it covers. `alumni forget` empties the purposes.
CREATE TABLE consent_changes (
    id           BIGINT PRIMARY KEY,
    alumnus_id   BIGINT NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    consent      TEXT NOT NULL
                 CHECK (consent = 'opted_in' OR consent = 'opted_out' OR consent = 'unknown'),
    date         TEXT,
    purpose      TEXT,
    source       TEXT NOT NULL CHECK (source = 'manual' OR source = 'import' OR source = 'erased'),
    recorded_at  TEXT NOT NULL
);
CREATE FUNCTION consent_changes_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := coalesce((SELECT max(id) FROM consent_changes), 0) + 1;
    END IF;
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER consent_changes_0_next_id BEFORE INSERT ON consent_changes
FOR EACH ROW EXECUTE FUNCTION consent_changes_give_id();
CREATE INDEX consent_changes_alumnus ON consent_changes (alumnus_id, id);

-- One row per key an erased person had (employee ID, email): a salted
-- SHA-256 of it, so that an import that lists them again is refused
-- without the key itself being kept. The salt is the setting
-- `erasure-salt`, made when the first person is erased.
CREATE TABLE erasures (
    fingerprint  TEXT PRIMARY KEY,
    alumnus_id   BIGINT REFERENCES alumni (id) ON DELETE SET NULL,
    erased_on    TEXT NOT NULL
);

-- The backups `alumni backup` wrote, so that `alumni forget` can name the
-- files that still hold a person it erases.
CREATE TABLE backups (
    id       BIGINT PRIMARY KEY,
    path     TEXT NOT NULL,
    made_at  TEXT NOT NULL
);
CREATE FUNCTION backups_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := coalesce((SELECT max(id) FROM backups), 0) + 1;
    END IF;
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER backups_0_next_id BEFORE INSERT ON backups
FOR EACH ROW EXECUTE FUNCTION backups_give_id();

-- Version 6 -------------------------------------------------------------------
-- Merging without loss (docs/DATA-MODEL.md, "Merging"). A person's further
-- emails and phones, the employee IDs of records merged into them, and what
-- `alumni merge --undo` needs.

-- A person's emails and phones other than the primary ones in `alumni`.
-- An email belongs to one person only, primary or not (the index and the
-- triggers below).
CREATE TABLE alumnus_contacts (
    id          BIGINT PRIMARY KEY,
    alumnus_id  BIGINT NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind = 'email' OR kind = 'phone'),
    value       TEXT NOT NULL,               -- an email stored normalized, as alumni.email
    created_at  TEXT NOT NULL,
    -- Version 9: the day a delivery report said the address bounced.
    bounced_on  TEXT,
    UNIQUE (alumnus_id, kind, value)
);
CREATE FUNCTION alumnus_contacts_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.alumnus_contacts', true), '')::bigint;
BEGIN
    IF seq IS NULL THEN
        seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'alumnus_contacts'), 0);
    END IF;
    IF NEW.id IS NULL THEN
        NEW.id := greatest(coalesce((SELECT max(id) FROM alumnus_contacts), 0), seq) + 1;
    END IF;
    PERFORM set_config('alumni.seq.alumnus_contacts', greatest(seq, NEW.id)::text, true);
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER alumnus_contacts_0_next_id BEFORE INSERT ON alumnus_contacts
FOR EACH ROW EXECUTE FUNCTION alumnus_contacts_give_id();
CREATE FUNCTION alumnus_contacts_keep_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.alumnus_contacts', true), '')::bigint;
    top BIGINT := (SELECT max(id) FROM gone);
BEGIN
    IF top IS NOT NULL THEN
        IF seq IS NULL THEN
            seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'alumnus_contacts'), 0);
        END IF;
        PERFORM set_config('alumni.seq.alumnus_contacts', greatest(seq, top)::text, true);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER alumnus_contacts_kept_id AFTER DELETE ON alumnus_contacts
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION alumnus_contacts_keep_id();
CREATE UNIQUE INDEX alumnus_contacts_email ON alumnus_contacts (value) WHERE kind = 'email';
CREATE INDEX alumnus_contacts_alumnus ON alumnus_contacts (alumnus_id);

-- SQLite: BEFORE INSERT ON alumnus_contacts WHEN NEW.kind = 'email' AND
-- EXISTS (an alumnus with that email): RAISE(ABORT, ...). A PostgreSQL
-- trigger's WHEN cannot hold a subquery, so the EXISTS is in the function.
CREATE FUNCTION alumnus_contacts_email_unique() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM alumni WHERE email = NEW.value) THEN
        RAISE EXCEPTION 'the email already belongs to an alumnus'
            USING ERRCODE = '23505';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER alumnus_contacts_email_unique
BEFORE INSERT ON alumnus_contacts
FOR EACH ROW
WHEN (NEW.kind = 'email')
EXECUTE FUNCTION alumnus_contacts_email_unique();

-- SQLite: BEFORE INSERT ON alumni, and BEFORE UPDATE OF email ON alumni,
-- WHEN NEW.email IS NOT NULL AND EXISTS (a further email of that value):
-- RAISE(ABORT, ...).
CREATE FUNCTION alumni_email_unique_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM alumnus_contacts WHERE kind = 'email' AND value = NEW.email) THEN
        RAISE EXCEPTION 'the email already belongs to an alumnus'
            USING ERRCODE = '23505';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER alumni_email_unique_insert
BEFORE INSERT ON alumni
FOR EACH ROW
WHEN (NEW.email IS NOT NULL)
EXECUTE FUNCTION alumni_email_unique_insert();

CREATE FUNCTION alumni_email_unique_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM alumnus_contacts WHERE kind = 'email' AND value = NEW.email) THEN
        RAISE EXCEPTION 'the email already belongs to an alumnus'
            USING ERRCODE = '23505';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER alumni_email_unique_update
BEFORE UPDATE OF email ON alumni
FOR EACH ROW
WHEN (NEW.email IS NOT NULL)
EXECUTE FUNCTION alumni_email_unique_update();

-- Every merge, with what its undo needs: both records as they were (JSON,
-- personal data: `alumni forget` of the kept person deletes the row) and
-- the ids of the rows that moved. `audit_id` is the merge's audit row: a
-- later audit row about the kept person means it changed since.
CREATE TABLE merges (
    id          BIGINT PRIMARY KEY,
    kept_id     BIGINT NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    other_id    BIGINT NOT NULL,             -- deleted by the merge; restored by its undo
    snapshot    TEXT NOT NULL,
    audit_id    BIGINT,
    kept_updated_at TEXT NOT NULL,           -- the kept record's updated_at after the merge
    merged_at   TEXT NOT NULL,
    undone_at   TEXT
);
CREATE FUNCTION merges_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.merges', true), '')::bigint;
BEGIN
    IF seq IS NULL THEN
        seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'merges'), 0);
    END IF;
    IF NEW.id IS NULL THEN
        NEW.id := greatest(coalesce((SELECT max(id) FROM merges), 0), seq) + 1;
    END IF;
    PERFORM set_config('alumni.seq.merges', greatest(seq, NEW.id)::text, true);
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER merges_0_next_id BEFORE INSERT ON merges
FOR EACH ROW EXECUTE FUNCTION merges_give_id();
CREATE FUNCTION merges_keep_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.merges', true), '')::bigint;
    top BIGINT := (SELECT max(id) FROM gone);
BEGIN
    IF top IS NOT NULL THEN
        IF seq IS NULL THEN
            seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'merges'), 0);
        END IF;
        PERFORM set_config('alumni.seq.merges', greatest(seq, top)::text, true);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER merges_kept_id AFTER DELETE ON merges
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION merges_keep_id();
CREATE INDEX merges_kept ON merges (kept_id);

-- The employee IDs of records merged into another: a roster that lists
-- one updates the person it was merged into.
CREATE TABLE aliases (
    employee_id  TEXT PRIMARY KEY,
    alumnus_id   BIGINT NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    merge_id     BIGINT REFERENCES merges (id) ON DELETE SET NULL
);
CREATE INDEX aliases_alumnus ON aliases (alumnus_id);

-- Version 7 -------------------------------------------------------------------
-- Corrections. Stage entries and contacts may be planned (dated ahead, not
-- yet counted as having happened), a close may be planned too, follow-ups
-- can be marked done, each stage entry and close names who recorded it, and
-- partners keep a dated history of their changes. (The new columns are in
-- the tables above.)
CREATE INDEX stage_events_planned ON stage_events (application_id) WHERE planned = 1;

-- Every change of a partner record: the day, the fields changed (names,
-- comma-separated) and the company, kind and status it had afterwards.
-- `alumni forget` empties the company, as it does on `partners`.
CREATE TABLE partner_changes (
    id           BIGINT PRIMARY KEY,
    partner_id   BIGINT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    alumnus_id   BIGINT NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    date         TEXT NOT NULL,
    fields       TEXT NOT NULL,
    company      TEXT,
    kind         TEXT NOT NULL,
    status       TEXT,
    recorded_at  TEXT NOT NULL
);
CREATE FUNCTION partner_changes_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.partner_changes', true), '')::bigint;
BEGIN
    IF seq IS NULL THEN
        seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'partner_changes'), 0);
    END IF;
    IF NEW.id IS NULL THEN
        NEW.id := greatest(coalesce((SELECT max(id) FROM partner_changes), 0), seq) + 1;
    END IF;
    PERFORM set_config('alumni.seq.partner_changes', greatest(seq, NEW.id)::text, true);
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER partner_changes_0_next_id BEFORE INSERT ON partner_changes
FOR EACH ROW EXECUTE FUNCTION partner_changes_give_id();
CREATE FUNCTION partner_changes_keep_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.partner_changes', true), '')::bigint;
    top BIGINT := (SELECT max(id) FROM gone);
BEGIN
    IF top IS NOT NULL THEN
        IF seq IS NULL THEN
            seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'partner_changes'), 0);
        END IF;
        PERFORM set_config('alumni.seq.partner_changes', greatest(seq, top)::text, true);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER partner_changes_kept_id AFTER DELETE ON partner_changes
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION partner_changes_keep_id();
CREATE INDEX partner_changes_alumnus ON partner_changes (alumnus_id, date);
CREATE INDEX partner_changes_partner ON partner_changes (partner_id, id);

-- Version 9 -------------------------------------------------------------------
-- Engagement at scale. Campaigns to a segment and what their delivery
-- reports say of each recipient, feedback surveys with their 0-10
-- recommendation scores, and the dated history of each alumnus's current
-- company and title. docs/DATA-MODEL.md describes each table.

-- Campaigns -----------------------------------------------------------------

-- One newsletter, mail-out or SNS post to a segment of the roster.
CREATE TABLE campaigns (
    id          BIGINT PRIMARY KEY,
    name        TEXT NOT NULL,
    channel     TEXT NOT NULL
                CHECK (channel = 'newsletter' OR channel = 'email' OR channel = 'sns'),
    date        TEXT NOT NULL,
    -- The purpose of use (APPI) it was sent for: an unsubscribe withdraws
    -- consent for this purpose.
    purpose     TEXT,
    -- The filters that chose the recipients, as a JSON object of the
    -- options given (`{"department": "営業部", "left_in": 2024}`).
    segment     TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL
);
CREATE FUNCTION campaigns_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.campaigns', true), '')::bigint;
BEGIN
    IF seq IS NULL THEN
        seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'campaigns'), 0);
    END IF;
    IF NEW.id IS NULL THEN
        NEW.id := greatest(coalesce((SELECT max(id) FROM campaigns), 0), seq) + 1;
    END IF;
    PERFORM set_config('alumni.seq.campaigns', greatest(seq, NEW.id)::text, true);
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER campaigns_0_next_id BEFORE INSERT ON campaigns
FOR EACH ROW EXECUTE FUNCTION campaigns_give_id();
CREATE FUNCTION campaigns_keep_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.campaigns', true), '')::bigint;
    top BIGINT := (SELECT max(id) FROM gone);
BEGIN
    IF top IS NOT NULL THEN
        IF seq IS NULL THEN
            seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'campaigns'), 0);
        END IF;
        PERFORM set_config('alumni.seq.campaigns', greatest(seq, top)::text, true);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER campaigns_kept_id AFTER DELETE ON campaigns
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION campaigns_keep_id();
CREATE INDEX campaigns_date ON campaigns (date);

-- One row per recipient, resolved once when the campaign is added. The
-- delivery report fills the days; an empty day means "not reported".
CREATE TABLE campaign_recipients (
    id               BIGINT PRIMARY KEY,
    campaign_id      BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    alumnus_id       BIGINT NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    -- Random, for the mail tool's unsubscribe links: it reveals nothing.
    token            TEXT NOT NULL UNIQUE,
    -- The address it was sent to, normalized as alumni.email; NULL for an
    -- SNS post. `alumni forget` empties it.
    email            TEXT,
    -- The outbound contact the campaign logged for this recipient.
    contact_id       BIGINT REFERENCES contacts (id) ON DELETE SET NULL,
    delivered_on     TEXT,
    opened_on        TEXT,
    clicked_on       TEXT,
    bounced_on       TEXT,
    unsubscribed_on  TEXT,
    UNIQUE (campaign_id, alumnus_id)
);
CREATE FUNCTION campaign_recipients_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.campaign_recipients', true), '')::bigint;
BEGIN
    IF seq IS NULL THEN
        seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'campaign_recipients'), 0);
    END IF;
    IF NEW.id IS NULL THEN
        NEW.id := greatest(coalesce((SELECT max(id) FROM campaign_recipients), 0), seq) + 1;
    END IF;
    PERFORM set_config('alumni.seq.campaign_recipients', greatest(seq, NEW.id)::text, true);
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER campaign_recipients_0_next_id BEFORE INSERT ON campaign_recipients
FOR EACH ROW EXECUTE FUNCTION campaign_recipients_give_id();
CREATE FUNCTION campaign_recipients_keep_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.campaign_recipients', true), '')::bigint;
    top BIGINT := (SELECT max(id) FROM gone);
BEGIN
    IF top IS NOT NULL THEN
        IF seq IS NULL THEN
            seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'campaign_recipients'), 0);
        END IF;
        PERFORM set_config('alumni.seq.campaign_recipients', greatest(seq, top)::text, true);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER campaign_recipients_kept_id AFTER DELETE ON campaign_recipients
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION campaign_recipients_keep_id();
CREATE INDEX campaign_recipients_alumnus ON campaign_recipients (alumnus_id);
CREATE INDEX campaign_recipients_email ON campaign_recipients (campaign_id, email);

-- The campaign a contact belongs to: its outbound send, and the inbound
-- responses (an open, a click) its delivery report recorded. Engagement
-- counts the outbound ones only with `--engagement sent`.
ALTER TABLE contacts ADD FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE SET NULL;
CREATE INDEX contacts_campaign ON contacts (campaign_id) WHERE campaign_id IS NOT NULL;

-- A changed email is not bouncing. SQLite: AFTER UPDATE OF email ON alumni
-- WHEN NEW.email IS NOT OLD.email AND NEW.email_bounced_on IS NOT NULL.
CREATE FUNCTION alumni_new_email_is_not_bouncing() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE alumni SET email_bounced_on = NULL WHERE id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER alumni_new_email_is_not_bouncing
AFTER UPDATE OF email ON alumni
FOR EACH ROW
WHEN (NEW.email IS DISTINCT FROM OLD.email AND NEW.email_bounced_on IS NOT NULL)
EXECUTE FUNCTION alumni_new_email_is_not_bouncing();

-- Surveys -------------------------------------------------------------------

-- One feedback survey (after an event, or yearly), imported from a Google
-- Forms or Microsoft Forms export.
CREATE TABLE surveys (
    id              BIGINT PRIMARY KEY,
    name            TEXT NOT NULL,
    event_id        BIGINT REFERENCES events (id) ON DELETE SET NULL,
    file_name       TEXT,
    content_hash    TEXT,                -- SHA-256 of the file's bytes
    -- The header of the 0-10 recommendation question, and of the comment
    -- question, as found in the file.
    score_question  TEXT,
    comment_question TEXT,
    created_at      TEXT NOT NULL
);
CREATE FUNCTION surveys_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.surveys', true), '')::bigint;
BEGIN
    IF seq IS NULL THEN
        seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'surveys'), 0);
    END IF;
    IF NEW.id IS NULL THEN
        NEW.id := greatest(coalesce((SELECT max(id) FROM surveys), 0), seq) + 1;
    END IF;
    PERFORM set_config('alumni.seq.surveys', greatest(seq, NEW.id)::text, true);
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER surveys_0_next_id BEFORE INSERT ON surveys
FOR EACH ROW EXECUTE FUNCTION surveys_give_id();
CREATE FUNCTION surveys_keep_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.surveys', true), '')::bigint;
    top BIGINT := (SELECT max(id) FROM gone);
BEGIN
    IF top IS NOT NULL THEN
        IF seq IS NULL THEN
            seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'surveys'), 0);
        END IF;
        PERFORM set_config('alumni.seq.surveys', greatest(seq, top)::text, true);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER surveys_kept_id AFTER DELETE ON surveys
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION surveys_keep_id();

-- One answer of one matched respondent.
CREATE TABLE survey_responses (
    id           BIGINT PRIMARY KEY,
    survey_id    BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    alumnus_id   BIGINT NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    answered_on  TEXT NOT NULL,
    score        BIGINT CHECK (score >= 0 AND score <= 10),
    -- Free text, and the other questions' answers as a JSON object of
    -- header → answer: personal data, emptied by `alumni forget`.
    comment      TEXT,
    answers      TEXT,
    -- The inbound contact logged for the response.
    contact_id   BIGINT REFERENCES contacts (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL
);
CREATE FUNCTION survey_responses_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.survey_responses', true), '')::bigint;
BEGIN
    IF seq IS NULL THEN
        seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'survey_responses'), 0);
    END IF;
    IF NEW.id IS NULL THEN
        NEW.id := greatest(coalesce((SELECT max(id) FROM survey_responses), 0), seq) + 1;
    END IF;
    PERFORM set_config('alumni.seq.survey_responses', greatest(seq, NEW.id)::text, true);
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER survey_responses_0_next_id BEFORE INSERT ON survey_responses
FOR EACH ROW EXECUTE FUNCTION survey_responses_give_id();
CREATE FUNCTION survey_responses_keep_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.survey_responses', true), '')::bigint;
    top BIGINT := (SELECT max(id) FROM gone);
BEGIN
    IF top IS NOT NULL THEN
        IF seq IS NULL THEN
            seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'survey_responses'), 0);
        END IF;
        PERFORM set_config('alumni.seq.survey_responses', greatest(seq, top)::text, true);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER survey_responses_kept_id AFTER DELETE ON survey_responses
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION survey_responses_keep_id();
CREATE INDEX survey_responses_survey ON survey_responses (survey_id);
CREATE INDEX survey_responses_alumnus ON survey_responses (alumnus_id);
CREATE INDEX survey_responses_answered ON survey_responses (answered_on);

-- Career ---------------------------------------------------------------------

-- Every change of an alumnus's current company or title: the values from
-- `since` on, the values before, and where the change came from.
CREATE TABLE career (
    id             BIGINT PRIMARY KEY,
    alumnus_id     BIGINT NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    since          TEXT NOT NULL,
    company        TEXT,
    title          TEXT,
    prior_company  TEXT,
    prior_title    TEXT,
    -- `import`, `edit`, `merge`, or `initial` for the values an alumnus had
    -- when their history began to be kept.
    source         TEXT NOT NULL
                   CHECK (source = 'import' OR source = 'edit' OR source = 'merge' OR source = 'initial'),
    import_id      BIGINT REFERENCES imports (id) ON DELETE SET NULL,
    recorded_at    TEXT NOT NULL
);
CREATE FUNCTION career_give_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.career', true), '')::bigint;
BEGIN
    IF seq IS NULL THEN
        seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'career'), 0);
    END IF;
    IF NEW.id IS NULL THEN
        NEW.id := greatest(coalesce((SELECT max(id) FROM career), 0), seq) + 1;
    END IF;
    PERFORM set_config('alumni.seq.career', greatest(seq, NEW.id)::text, true);
    PERFORM set_config('alumni.last_id', NEW.id::text, false);
    RETURN NEW;
END;
$$;
CREATE TRIGGER career_0_next_id BEFORE INSERT ON career
FOR EACH ROW EXECUTE FUNCTION career_give_id();
CREATE FUNCTION career_keep_id() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seq BIGINT := nullif(current_setting('alumni.seq.career', true), '')::bigint;
    top BIGINT := (SELECT max(id) FROM gone);
BEGIN
    IF top IS NOT NULL THEN
        IF seq IS NULL THEN
            seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = 'career'), 0);
        END IF;
        PERFORM set_config('alumni.seq.career', greatest(seq, top)::text, true);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER career_kept_id AFTER DELETE ON career
REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION career_keep_id();
CREATE INDEX career_alumnus ON career (alumnus_id, since, id);
CREATE INDEX career_company ON career (company);

-- An erased person's employers go with the rest of their personal data,
-- whichever command erases them (`forget`, `retention --erase`).
CREATE FUNCTION career_of_the_erased() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM career WHERE alumnus_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER career_of_the_erased
AFTER UPDATE OF erased_at ON alumni
FOR EACH ROW
WHEN (NEW.erased_at IS NOT NULL)
EXECUTE FUNCTION career_of_the_erased();
