//! Feedback surveys and their responses (`surveys`, `survey_responses`):
//! finding the alumnus who answered, storing an imported survey with the
//! inbound contact of each response, and reading surveys back with their
//! NPS counts for `survey list` and `survey show`.

use crate::db::sql::{Connection, OptionalExtension, params};
use anyhow::Result;

use super::alumni::{self, SELECT};
use super::contacts::{self, NewContact};
use crate::domain::nps::Nps;
use crate::domain::{Alumnus, Channel, Direction};

/// The living alumnus whose email (or further email) is `email`.
pub fn by_email(conn: &Connection, email: &str) -> Result<Option<Alumnus>> {
    let sql = format!(
        "{} WHERE erased_at IS NULL AND (email = ?1 OR id = (SELECT alumnus_id FROM alumnus_contacts \
                                     WHERE kind = 'email' AND value = ?1))",
        *SELECT
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([email], alumni::from_row)
        .optional()?)
}

/// The living alumnus whose employee ID (or an ID merged into theirs) is
/// `employee_id`.
pub fn by_employee_id(conn: &Connection, employee_id: &str) -> Result<Option<Alumnus>> {
    let sql = format!(
        "{} WHERE erased_at IS NULL AND (employee_id = ?1 OR id = (SELECT alumnus_id FROM aliases \
                                     WHERE employee_id = ?1))",
        *SELECT
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([employee_id], alumni::from_row)
        .optional()?)
}

/// The survey imported from a file of these bytes, if one was.
pub fn by_hash(conn: &Connection, content_hash: &str) -> Result<Option<Survey>> {
    let sql = format!("{SURVEY_SELECT} WHERE s.content_hash = ? ORDER BY s.id LIMIT 1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([content_hash], survey_from_row)
        .optional()?)
}

/// The latest survey of this name about this event (or about none): an
/// updated export of the same form goes on into it.
pub fn by_name(conn: &Connection, name: &str, event_id: Option<i64>) -> Result<Option<Survey>> {
    let sql = format!(
        "{SURVEY_SELECT} WHERE s.name = ?1 AND s.event_id IS NOT DISTINCT FROM ?2 ORDER BY s.id DESC LIMIT 1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![name, event_id], survey_from_row)
        .optional()?)
}

/// The alumni who have a response in survey `id`.
pub fn respondents(conn: &Connection, id: i64) -> Result<std::collections::HashSet<i64>> {
    let mut stmt = conn.prepare("SELECT alumnus_id FROM survey_responses WHERE survey_id = ?")?;
    let ids = stmt.query_map([id], |r| r.get(0))?;
    Ok(ids.collect::<crate::db::sql::Result<_>>()?)
}

/// Records that survey `id` was last read from `file_name`, of these bytes.
pub fn set_source(conn: &Connection, id: i64, file_name: &str, content_hash: &str) -> Result<()> {
    conn.execute(
        "UPDATE surveys SET file_name = ?1, content_hash = ?2 WHERE id = ?3",
        params![file_name, content_hash, id],
    )?;
    Ok(())
}

/// A survey about to be stored.
#[derive(Debug)]
pub struct NewSurvey<'a> {
    pub name: &'a str,
    pub event_id: Option<i64>,
    pub file_name: &'a str,
    pub content_hash: &'a str,
    pub score_question: Option<&'a str>,
    pub comment_question: Option<&'a str>,
}

/// Stores a survey and returns its id.
pub fn insert_survey(conn: &Connection, survey: &NewSurvey<'_>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO surveys (name, event_id, file_name, content_hash, score_question,
                              comment_question, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        survey.name,
        survey.event_id,
        survey.file_name,
        survey.content_hash,
        survey.score_question,
        survey.comment_question,
        super::now(),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// One matched response about to be stored.
#[derive(Debug)]
pub struct NewResponse<'a> {
    pub alumnus_id: i64,
    pub answered_on: &'a str,
    pub score: Option<u8>,
    pub comment: Option<&'a str>,
    /// The other answers, a JSON object; `None` when there are none.
    pub answers: Option<&'a str>,
}

/// Stores a response of survey `survey_id` with its inbound contact
/// (channel `other`: a web form is neither an email nor a meeting; the
/// summary is the survey's name, the owner the actor). Returns the
/// response's id.
pub fn insert_response(
    conn: &Connection,
    survey_id: i64,
    survey_name: &str,
    response: &NewResponse<'_>,
) -> Result<i64> {
    let owner = super::actor(conn)?;
    let contact_id = contacts::insert(
        conn,
        &NewContact {
            alumnus_id: response.alumnus_id,
            date: response.answered_on,
            channel: Channel::Other,
            direction: Direction::Inbound,
            summary: survey_name,
            owner: &owner,
            follow_up: None,
            consent_override: None,
            planned: false,
        },
    )?;
    conn.prepare_cached(
        "INSERT INTO survey_responses (survey_id, alumnus_id, answered_on, score, comment,
                                       answers, contact_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        survey_id,
        response.alumnus_id,
        response.answered_on,
        response.score,
        response.comment,
        response.answers,
        contact_id,
        super::now(),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// A stored survey with what its responses add up to.
#[derive(Clone, Debug)]
pub struct Survey {
    pub id: i64,
    pub name: String,
    pub event_id: Option<i64>,
    /// The event's name, when it still exists.
    pub event: Option<String>,
    pub file_name: Option<String>,
    pub score_question: Option<String>,
    pub comment_question: Option<String>,
    pub created_at: String,
    pub responses: u64,
    pub first_answered_on: Option<String>,
    pub last_answered_on: Option<String>,
    /// The scores of its responses counted.
    pub nps: Nps,
}

const SURVEY_SELECT: &str = "SELECT s.id, s.name, s.event_id, e.name, s.file_name,
        s.score_question, s.comment_question, s.created_at,
        (SELECT count(*) FROM survey_responses r WHERE r.survey_id = s.id),
        (SELECT min(answered_on) FROM survey_responses r WHERE r.survey_id = s.id),
        (SELECT max(answered_on) FROM survey_responses r WHERE r.survey_id = s.id),
        (SELECT string_agg(CAST(score AS TEXT), ',') FROM survey_responses r
          WHERE r.survey_id = s.id AND score IS NOT NULL)
    FROM surveys s LEFT JOIN events e ON e.id = s.event_id";

fn survey_from_row(row: &crate::db::sql::Row<'_>) -> crate::db::sql::Result<Survey> {
    let scores: Option<String> = row.get(11)?;
    let nps = Nps::from_scores(
        scores
            .iter()
            .flat_map(|s| s.split(','))
            .filter_map(|s| s.parse::<u8>().ok()),
    );
    Ok(Survey {
        id: row.get(0)?,
        name: row.get(1)?,
        event_id: row.get(2)?,
        event: row.get(3)?,
        file_name: row.get(4)?,
        score_question: row.get(5)?,
        comment_question: row.get(6)?,
        created_at: row.get(7)?,
        responses: row.get::<_, i64>(8)? as u64,
        first_answered_on: row.get(9)?,
        last_answered_on: row.get(10)?,
        nps,
    })
}

/// Every survey, in the order they were imported.
pub fn all(conn: &Connection) -> Result<Vec<Survey>> {
    let sql = format!("{SURVEY_SELECT} ORDER BY s.id");
    let mut stmt = conn.prepare(&sql)?;
    let surveys = stmt
        .query_map([], survey_from_row)?
        .collect::<crate::db::sql::Result<_>>()?;
    Ok(surveys)
}

/// Survey `id`, if there is one.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Survey>> {
    let sql = format!("{SURVEY_SELECT} WHERE s.id = ?");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], survey_from_row)
        .optional()?)
}

/// One stored response, with its respondent's name.
#[derive(Clone, Debug)]
pub struct StoredResponse {
    pub alumnus_id: i64,
    /// The respondent's name; `None` once they were erased.
    pub name: Option<String>,
    pub employee_id: Option<String>,
    pub answered_on: String,
    pub score: Option<u8>,
    pub comment: Option<String>,
    /// The other answers as stored: a JSON object, or `None`.
    pub answers: Option<String>,
}

/// The responses of survey `id`, by day of answer.
pub fn responses(conn: &Connection, id: i64) -> Result<Vec<StoredResponse>> {
    let mut stmt = conn.prepare(
        "SELECT r.alumnus_id, a.name, a.employee_id, r.answered_on, r.score, r.comment, r.answers
         FROM survey_responses r JOIN alumni a ON a.id = r.alumnus_id
         WHERE r.survey_id = ?
         ORDER BY r.answered_on, r.id",
    )?;
    let rows = stmt
        .query_map([id], |row| {
            Ok(StoredResponse {
                alumnus_id: row.get(0)?,
                name: row.get(1)?,
                employee_id: row.get(2)?,
                answered_on: row.get(3)?,
                score: row.get(4)?,
                comment: row.get(5)?,
                answers: row.get(6)?,
            })
        })?
        .collect::<crate::db::sql::Result<_>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_stored_are_counted_as_nps() {
        let conn = crate::db::open_in_memory().unwrap();
        conn.execute(
            "INSERT INTO alumni (name, email, created_at, updated_at)
             VALUES ('A', 'a@example.jp', 'x', 'x'), ('B', 'b@example.jp', 'x', 'x')",
            [],
        )
        .unwrap();
        let id = insert_survey(
            &conn,
            &NewSurvey {
                name: "s",
                event_id: None,
                file_name: "s.csv",
                content_hash: "h",
                score_question: Some("q"),
                comment_question: None,
            },
        )
        .unwrap();
        for (alumnus_id, day, score) in [(1, "2026-11-20", Some(10)), (2, "2026-11-21", Some(3))] {
            insert_response(
                &conn,
                id,
                "s",
                &NewResponse {
                    alumnus_id,
                    answered_on: day,
                    score,
                    comment: None,
                    answers: None,
                },
            )
            .unwrap();
        }
        let survey = get(&conn, id).unwrap().unwrap();
        // 10 is a promoter, 3 a detractor: (1 − 1) / 2 = 0.
        assert_eq!(survey.responses, 2);
        assert_eq!((survey.nps.promoters, survey.nps.detractors), (1, 1));
        assert_eq!(survey.nps.rounded(), Some(0));
        assert_eq!(survey.first_answered_on.as_deref(), Some("2026-11-20"));
        assert_eq!(survey.last_answered_on.as_deref(), Some("2026-11-21"));
        assert_eq!(by_hash(&conn, "h").unwrap().unwrap().id, id);
        assert!(by_email(&conn, "a@example.jp").unwrap().is_some());
        conn.execute("UPDATE alumni SET erased_at = 'x' WHERE id = 1", [])
            .unwrap();
        assert!(by_email(&conn, "a@example.jp").unwrap().is_none());
    }
}
