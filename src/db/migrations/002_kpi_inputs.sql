-- Version 2: the KPI inputs HR enters besides targets (docs/DATA-MODEL.md,
-- "KPI definitions", and the back-calculation sheet of the KPI workbook).
-- Checks are written with comparisons, as in 001_init.sql.

-- The pass rate assumed from a stage to the next (想定歩留まり率), which
-- the back-calculation (逆算) uses instead of the observed one. The last
-- stage has no next stage; the commands refuse a rate for it.
CREATE TABLE assumed_rates (
    stage  TEXT PRIMARY KEY REFERENCES stages (key) ON UPDATE CASCADE ON DELETE CASCADE,
    rate   REAL NOT NULL CHECK (rate > 0 AND rate <= 1)
);

-- The company's hires of a month through every channel (全採用数): the
-- tool sees only alumni hires, and the rehire share divides by these.
CREATE TABLE all_hires (
    month  TEXT PRIMARY KEY,                 -- YYYY-MM
    count  INTEGER NOT NULL CHECK (count >= 0)
);
