-- Version 5: personal data under APPI (docs/PRIVACY.md): the history of
-- consent, the reasons recorded when an opted-out person was reached
-- anyway, what is left of an erased person to recognise them by, and the
-- backups `alumni backup` made (which still hold whoever is erased later).

-- Every change of an alumnus's consent: the state, the day it took effect
-- and the purpose of use it covers. `alumni forget` empties the purposes.
CREATE TABLE consent_changes (
    id           INTEGER PRIMARY KEY,
    alumnus_id   INTEGER NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    consent      TEXT NOT NULL
                 CHECK (consent = 'opted_in' OR consent = 'opted_out' OR consent = 'unknown'),
    date         TEXT,
    purpose      TEXT,
    source       TEXT NOT NULL CHECK (source = 'manual' OR source = 'import' OR source = 'erased'),
    recorded_at  TEXT NOT NULL
);
CREATE INDEX consent_changes_alumnus ON consent_changes (alumnus_id, id);
-- The consent each alumnus has now is the first entry of their history.
INSERT INTO consent_changes (alumnus_id, consent, date, purpose, source, recorded_at)
    SELECT id, consent, consent_date, consent_purpose, 'manual', updated_at
    FROM alumni
    WHERE erased_at IS NULL
      AND (consent <> 'unknown' OR consent_date IS NOT NULL OR consent_purpose IS NOT NULL);

-- Why an opted-out alumnus was invited, put in the pipeline or recorded
-- as a referrer anyway (`--override-consent REASON`); contacts have theirs.
ALTER TABLE applications ADD COLUMN consent_override TEXT;
ALTER TABLE attendance ADD COLUMN consent_override TEXT;

-- One row per key an erased person had (employee ID, email): a salted
-- SHA-256 of it, so that an import that lists them again is refused
-- without the key itself being kept. The salt is the setting
-- `erasure-salt`, made when the first person is erased.
CREATE TABLE erasures (
    fingerprint  TEXT PRIMARY KEY,
    alumnus_id   INTEGER REFERENCES alumni (id) ON DELETE SET NULL,
    erased_on    TEXT NOT NULL
);

-- The backups `alumni backup` wrote, so that `alumni forget` can name the
-- files that still hold a person it erases.
CREATE TABLE backups (
    id       INTEGER PRIMARY KEY,
    path     TEXT NOT NULL,
    made_at  TEXT NOT NULL
);
