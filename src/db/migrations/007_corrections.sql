-- Version 7: corrections. Stage entries and contacts may be planned (dated
-- ahead, not yet counted as having happened), a close may be planned too,
-- follow-ups can be marked done, each stage entry and close names who
-- recorded it, and partners keep a dated history of their changes.

-- A planned entry is shown but not counted until it is confirmed.
ALTER TABLE stage_events ADD COLUMN planned INTEGER NOT NULL DEFAULT 0 CHECK (planned IN (0, 1));
-- The HR person who recorded the entry (the audit's actor), not the candidate.
ALTER TABLE stage_events ADD COLUMN recorded_by TEXT;
CREATE INDEX stage_events_planned ON stage_events (application_id) WHERE planned = 1;

-- A close dated ahead (`pipeline close --planned`): the outcome is stored
-- but reports read the application as open until it is confirmed.
ALTER TABLE applications ADD COLUMN close_planned INTEGER NOT NULL DEFAULT 0 CHECK (close_planned IN (0, 1));
ALTER TABLE applications ADD COLUMN closed_recorded_by TEXT;

-- A contact planned ahead (a meeting booked), and the day its follow-up
-- was done (`contact done`); a done follow-up is no longer due.
ALTER TABLE contacts ADD COLUMN planned INTEGER NOT NULL DEFAULT 0 CHECK (planned IN (0, 1));
ALTER TABLE contacts ADD COLUMN follow_up_done_on TEXT;

-- Every change of a partner record: the day, the fields changed (names,
-- comma-separated) and the company, kind and status it had afterwards.
-- `alumni forget` empties the company, as it does on `partners`.
CREATE TABLE partner_changes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    partner_id   INTEGER NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    alumnus_id   INTEGER NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    date         TEXT NOT NULL,
    fields       TEXT NOT NULL,
    company      TEXT,
    kind         TEXT NOT NULL,
    status       TEXT,
    recorded_at  TEXT NOT NULL
);
CREATE INDEX partner_changes_alumnus ON partner_changes (alumnus_id, date);
CREATE INDEX partner_changes_partner ON partner_changes (partner_id, id);
-- The partners recorded before: their creation is the first change.
INSERT INTO partner_changes (partner_id, alumnus_id, date, fields, company, kind, status, recorded_at)
    SELECT id, alumnus_id, substr(created_at, 1, 10), 'added', company, kind, status, created_at
    FROM partners;
