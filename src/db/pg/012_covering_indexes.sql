-- Version 12: the indexes the reports read whole rows of ids from hold the
-- row's id too, as SQLite's indexes always do (they end in the rowid): so
-- PostgreSQL reads the year's contacts and the roster's excluded alumni
-- from the index alone, rather than the table's million rows.
DROP INDEX contacts_date;
CREATE INDEX contacts_date ON contacts (date, alumnus_id, planned) INCLUDE (id);
DROP INDEX alumni_roster;
CREATE INDEX alumni_roster ON alumni (erased_at, consent) INCLUDE (id);
DROP INDEX applications_opened;
CREATE INDEX applications_opened ON applications (opened_on) INCLUDE (id);
