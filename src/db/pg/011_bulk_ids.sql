-- Version 11: rows inserted many at a time (an import's COPY of new people
-- and their career entries) cost one trigger call per statement, not one
-- per row, where the ids and the checks allow it.
--
-- A row given its id needs no id: `<table>_0_next_id` now fires only for
-- a row without one. The highest id such rows took is kept instead by a
-- statement-level trigger on each AUTOINCREMENT table, `<table>_took_ids`,
-- in the same transaction-local setting `alumni.seq.<table>` that
-- alumni_keep_sequences() writes at commit: so an id given is never given
-- again, as in SQLite, whichever way the row got it.
CREATE FUNCTION alumni_took_ids() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    top BIGINT := (SELECT max(id) FROM added);
    setting TEXT := 'alumni.seq.' || TG_TABLE_NAME;
    seq BIGINT;
BEGIN
    IF top IS NOT NULL THEN
        seq := nullif(current_setting(setting, true), '')::bigint;
        IF seq IS NULL THEN
            seq := coalesce((SELECT s.seq FROM alumni_sequence s WHERE s.name = TG_TABLE_NAME), 0);
        END IF;
        PERFORM set_config(setting, greatest(seq, top)::text, true);
    END IF;
    RETURN NULL;
END;
$$;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOR t IN
        SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
        WHERE g.tgname = c.relname || '_0_next_id'
          AND c.relnamespace = current_schema()::regnamespace
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_0_next_id', t);
        EXECUTE format(
            'CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW WHEN (NEW.id IS NULL) '
            'EXECUTE FUNCTION %I()',
            t || '_0_next_id', t, t || '_give_id');
    END LOOP;
    FOREACH t IN ARRAY ARRAY['alumni', 'contacts', 'stage_events', 'alumnus_contacts', 'merges', 'partner_changes', 'campaigns', 'campaign_recipients', 'surveys', 'survey_responses', 'career'] LOOP
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS added '
            'FOR EACH STATEMENT EXECUTE FUNCTION alumni_took_ids()',
            t || '_took_ids', t);
    END LOOP;
END;
$$;

-- A new alumnus's email may not be someone's further email: checked once
-- for all the rows of a statement rather than row by row. The statement
-- fails as it did, with the same message.
DROP TRIGGER alumni_email_unique_insert ON alumni;
DROP FUNCTION alumni_email_unique_insert();
CREATE FUNCTION alumni_email_unique_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM added a JOIN alumnus_contacts c ON c.kind = 'email' AND c.value = a.email
    ) THEN
        RAISE EXCEPTION 'the email already belongs to an alumnus'
            USING ERRCODE = '23505';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER alumni_email_unique_insert
AFTER INSERT ON alumni
REFERENCING NEW TABLE AS added
FOR EACH STATEMENT
EXECUTE FUNCTION alumni_email_unique_insert();
