-- Version 12 adds the row's id to three of PostgreSQL's indexes (src/db/pg/
-- 012_covering_indexes.sql). SQLite's indexes hold the rowid already: the
-- version is taken so that both backends' schemas keep one number.
SELECT 1;
