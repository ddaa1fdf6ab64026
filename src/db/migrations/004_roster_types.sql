-- Two roster fields with fixed sets of values: how someone was employed
-- (雇用形態) and how they left (退職区分). An import stores any text it does
-- not know as 'other', so the CHECKs only ever see these values. They are
-- written with OR, not IN: see 001_init.sql (an IN list here made every
-- insert of an import build two temporary tables, 1.8 times the work).
ALTER TABLE alumni ADD COLUMN employment_type TEXT
    CHECK (employment_type = 'full_time' OR employment_type = 'contract' OR employment_type = 'part_time' OR employment_type = 'temp' OR employment_type = 'other');
ALTER TABLE alumni ADD COLUMN leave_type TEXT
    CHECK (leave_type = 'voluntary' OR leave_type = 'involuntary' OR leave_type = 'retirement' OR leave_type = 'contract_end' OR leave_type = 'other');

-- Remembered column mappings: a file whose header row has this signature
-- (a hash of the header names, computed by the import) is read with the
-- mappings given for it before. `headers` is the header row joined by TABs,
-- for showing to people.
CREATE TABLE import_layouts (
    id          INTEGER PRIMARY KEY,
    signature   TEXT UNIQUE NOT NULL,
    headers     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    used_at     TEXT NOT NULL
);

-- One column of a remembered layout: the field it is read into, or NULL
-- for a column left out on purpose.
CREATE TABLE import_mappings (
    layout_id  INTEGER NOT NULL REFERENCES import_layouts (id) ON DELETE CASCADE,
    header     TEXT NOT NULL,
    field      TEXT,
    PRIMARY KEY (layout_id, header)
);
