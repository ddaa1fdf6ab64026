-- Version 11 changes how PostgreSQL's triggers give ids and check a new
-- alumnus's email when many rows are inserted at once (src/db/pg/
-- 011_bulk_ids.sql). SQLite's schema is as it was: the version is taken so
-- that both backends' schemas keep one number.
SELECT 1;
