-- Indexes the KPI report reads by: the applications with a stage entered in
-- a period, and the alumni contacted in one, found by their day instead of
-- by visiting every application or alumnus.
CREATE INDEX stage_events_entered ON stage_events (entered_on, application_id);
CREATE INDEX contacts_date ON contacts (date, alumnus_id);
CREATE INDEX events_date ON events (date);
