-- Version 8: the KPI report's reads, answered from indexes alone. Since
-- version 7 a contact or stage entry may be planned, and the report leaves
-- those out; the indexes it reads by did not hold `planned`, so each of the
-- hundreds of thousands of entries of a year was looked up in its table to
-- learn it. They are made again with it. The roster counts (on the roster,
-- opted in, who may be contacted) are read from a small index on erasure
-- and consent instead of every alumnus's row.
DROP INDEX contacts_date;
CREATE INDEX contacts_date ON contacts (date, alumnus_id, planned);
DROP INDEX stage_events_entered;
CREATE INDEX stage_events_entered ON stage_events (entered_on, application_id, planned);
DROP INDEX stage_events_application;
CREATE INDEX stage_events_application ON stage_events (application_id, entered_on, id, stage, planned);
CREATE INDEX alumni_roster ON alumni (erased_at, consent);
