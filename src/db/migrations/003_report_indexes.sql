-- Indexes the KPI report reads by: the applications with a stage entered in
-- a period, and the alumni contacted in one, found by their day instead of
-- by visiting every application or alumnus; and each application's stage
-- entries in order (id breaks ties within a day) with the stage itself, so
-- that reading a history never visits the table.
CREATE INDEX stage_events_entered ON stage_events (entered_on, application_id);
DROP INDEX stage_events_application;
CREATE INDEX stage_events_application ON stage_events (application_id, entered_on, id, stage);
CREATE INDEX contacts_date ON contacts (date, alumnus_id);
CREATE INDEX events_date ON events (date);
