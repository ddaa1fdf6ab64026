-- Version 9: engagement at scale. Campaigns to a segment and what their
-- delivery reports say of each recipient, feedback surveys with their
-- 0-10 recommendation scores, and the dated history of each alumnus's
-- current company and title. docs/DATA-MODEL.md describes each table.

-- Campaigns -----------------------------------------------------------------

-- One newsletter, mail-out or SNS post to a segment of the roster.
CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    channel     TEXT NOT NULL
                CHECK (channel = 'newsletter' OR channel = 'email' OR channel = 'sns'),
    date        TEXT NOT NULL,
    -- The purpose of use (APPI) it was sent for: an unsubscribe withdraws
    -- consent for this purpose.
    purpose     TEXT,
    -- The filters that chose the recipients, as a JSON object of the
    -- options given (`{"department": "営業部", "left_in": 2024}`).
    segment     TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL
);
CREATE INDEX campaigns_date ON campaigns (date);

-- One row per recipient, resolved once when the campaign is added. The
-- delivery report fills the days; an empty day means "not reported".
CREATE TABLE campaign_recipients (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id      INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    alumnus_id       INTEGER NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    -- Random, for the mail tool's unsubscribe links: it reveals nothing.
    token            TEXT NOT NULL UNIQUE,
    -- The address it was sent to, normalized as alumni.email; NULL for an
    -- SNS post. `alumni forget` empties it.
    email            TEXT,
    -- The outbound contact the campaign logged for this recipient.
    contact_id       INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    delivered_on     TEXT,
    opened_on        TEXT,
    clicked_on       TEXT,
    bounced_on       TEXT,
    unsubscribed_on  TEXT,
    UNIQUE (campaign_id, alumnus_id)
);
CREATE INDEX campaign_recipients_alumnus ON campaign_recipients (alumnus_id);
CREATE INDEX campaign_recipients_email ON campaign_recipients (campaign_id, email);

-- The campaign a contact belongs to: its outbound send, and the inbound
-- responses (an open, a click) its delivery report recorded. Engagement
-- counts the outbound ones only with `--engagement sent`.
ALTER TABLE contacts ADD COLUMN campaign_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL;
CREATE INDEX contacts_campaign ON contacts (campaign_id) WHERE campaign_id IS NOT NULL;

-- The day a delivery report said an address bounced; campaigns skip a
-- bouncing address until it is changed (by hand or by an import).
ALTER TABLE alumni ADD COLUMN email_bounced_on TEXT;
ALTER TABLE alumnus_contacts ADD COLUMN bounced_on TEXT;
CREATE TRIGGER alumni_new_email_is_not_bouncing
AFTER UPDATE OF email ON alumni
WHEN NEW.email IS NOT OLD.email AND NEW.email_bounced_on IS NOT NULL
BEGIN
    UPDATE alumni SET email_bounced_on = NULL WHERE id = NEW.id;
END;

-- Surveys -------------------------------------------------------------------

-- One feedback survey (after an event, or yearly), imported from a Google
-- Forms or Microsoft Forms export.
CREATE TABLE surveys (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL,
    event_id        INTEGER REFERENCES events (id) ON DELETE SET NULL,
    file_name       TEXT,
    content_hash    TEXT,                -- SHA-256 of the file's bytes
    -- The header of the 0-10 recommendation question, and of the comment
    -- question, as found in the file.
    score_question  TEXT,
    comment_question TEXT,
    created_at      TEXT NOT NULL
);

-- One answer of one matched respondent.
CREATE TABLE survey_responses (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id    INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    alumnus_id   INTEGER NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    answered_on  TEXT NOT NULL,
    score        INTEGER CHECK (score >= 0 AND score <= 10),
    -- Free text, and the other questions' answers as a JSON object of
    -- header → answer: personal data, emptied by `alumni forget`.
    comment      TEXT,
    answers      TEXT,
    -- The inbound contact logged for the response.
    contact_id   INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses (survey_id);
CREATE INDEX survey_responses_alumnus ON survey_responses (alumnus_id);
CREATE INDEX survey_responses_answered ON survey_responses (answered_on);

-- Career ---------------------------------------------------------------------

-- Every change of an alumnus's current company or title: the values from
-- `since` on, the values before, and where the change came from.
CREATE TABLE career (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    alumnus_id     INTEGER NOT NULL REFERENCES alumni (id) ON DELETE CASCADE,
    since          TEXT NOT NULL,
    company        TEXT,
    title          TEXT,
    prior_company  TEXT,
    prior_title    TEXT,
    -- `import`, `edit`, `merge`, or `initial` for the values an alumnus had
    -- when their history began to be kept.
    source         TEXT NOT NULL
                   CHECK (source = 'import' OR source = 'edit' OR source = 'merge' OR source = 'initial'),
    import_id      INTEGER REFERENCES imports (id) ON DELETE SET NULL,
    recorded_at    TEXT NOT NULL
);
CREATE INDEX career_alumnus ON career (alumnus_id, since, id);
CREATE INDEX career_company ON career (company);
-- An erased person's employers go with the rest of their personal data,
-- whichever command erases them (`forget`, `retention --erase`).
CREATE TRIGGER career_of_the_erased AFTER UPDATE OF erased_at ON alumni
    WHEN NEW.erased_at IS NOT NULL
BEGIN
    DELETE FROM career WHERE alumnus_id = NEW.id;
END;
-- The company and title each alumnus has now are the first entry.
INSERT INTO career (alumnus_id, since, company, title, source, recorded_at)
    SELECT id, substr(updated_at, 1, 10), current_company, current_title, 'initial', updated_at
    FROM alumni
    WHERE erased_at IS NULL
      AND (current_company IS NOT NULL OR current_title IS NOT NULL);
