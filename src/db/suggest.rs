//! The facts `alumni suggest` scores: every alumnus who may be suggested,
//! with their engagement in a window, read in a few set queries (one over
//! the roster, one each over contacts, attendance, survey answers and
//! campaign recipients) rather than one per person, so that a roster of
//! 100,000 with a million contacts is ranked in about a second.
//!
//! Who is never a candidate: an erased alumnus, one who opted out, one
//! whose rehire eligibility is `no`, one with an open application (a
//! rehire, or a referral naming them as the candidate by email), and one
//! who rejoined (a rehire that ended `rejoined` after they last left).

use std::collections::{HashMap, HashSet};

use crate::db::sql::{Connection, params};
use anyhow::Result;

use crate::domain::suggest::Facts;
use crate::domain::{Period, Rehire};

/// A candidate: who they are, and the facts of their score.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: i64,
    pub employee_id: Option<String>,
    pub name: Option<String>,
    pub facts: Facts,
}

/// Every candidate, with their engagement in `window` (both days included).
pub fn candidates(conn: &Connection, window: Period) -> Result<Vec<Candidate>> {
    let excluded = with_applications(conn)?;
    let mut candidates = roster(conn, &excluded)?;
    let index: HashMap<i64, usize> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let (from, to) = (window.from.to_string(), window.to.to_string());
    let at = |id: i64| index.get(&id).copied();
    let cs = &mut candidates;

    // Contacts of the person's own, or the company's: not the ones a
    // campaign, a survey answer or an event attended logged, which count
    // as those.
    let mut stmt = conn.prepare(
        "SELECT c.alumnus_id, coalesce(sum(CASE WHEN c.direction = 'inbound' THEN 1 ELSE 0 END), 0),
                coalesce(sum(CASE WHEN c.direction = 'outbound' THEN 1 ELSE 0 END), 0)
         FROM contacts c
         WHERE c.date >= ?1 AND c.date <= ?2 AND c.planned = 0 AND c.campaign_id IS NULL
           AND c.id NOT IN (SELECT contact_id FROM survey_responses WHERE contact_id IS NOT NULL)
           AND NOT (c.channel = 'event' AND c.direction = 'inbound' AND EXISTS (
               SELECT 1 FROM attendance t JOIN events e ON e.id = t.event_id
               WHERE t.alumnus_id = c.alumnus_id AND t.status = 'attended'
                 AND e.date = c.date AND e.name IS NOT DISTINCT FROM c.summary))
         GROUP BY c.alumnus_id",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(row) = rows.next()? {
        if let Some(f) = at(row.get(0)?).map(|i| &mut cs[i].facts) {
            f.inbound = row.get(1)?;
            f.outbound = row.get(2)?;
        }
    }

    let mut stmt = conn.prepare(
        "SELECT t.alumnus_id, count(*) FROM attendance t JOIN events e ON e.id = t.event_id
         WHERE t.status = 'attended' AND e.date >= ?1 AND e.date <= ?2
         GROUP BY t.alumnus_id",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(row) = rows.next()? {
        if let Some(f) = at(row.get(0)?).map(|i| &mut cs[i].facts) {
            f.events = row.get(1)?;
        }
    }

    // The latest answer with a score: by day, then by the order stored.
    let mut stmt = conn.prepare(
        "SELECT alumnus_id, score FROM survey_responses
         WHERE score IS NOT NULL AND answered_on >= ?1 AND answered_on <= ?2
         ORDER BY alumnus_id, answered_on DESC, id DESC",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    let mut last = None;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if last == Some(id) {
            continue;
        }
        last = Some(id);
        if let Some(f) = at(id).map(|i| &mut cs[i].facts) {
            f.survey_score = Some(row.get(1)?);
        }
    }

    let mut stmt = conn.prepare(
        "SELECT alumnus_id,
                coalesce(sum(CASE WHEN clicked_on >= ?1 AND clicked_on <= ?2 THEN 1 ELSE 0 END), 0),
                coalesce(sum(CASE WHEN clicked_on >= ?1 AND clicked_on <= ?2 THEN 0
                                  WHEN opened_on >= ?1 AND opened_on <= ?2 THEN 1
                                  ELSE 0 END), 0)
         FROM campaign_recipients
         WHERE (clicked_on >= ?1 AND clicked_on <= ?2) OR (opened_on >= ?1 AND opened_on <= ?2)
         GROUP BY alumnus_id",
    )?;
    let mut rows = stmt.query(params![from, to])?;
    while let Some(row) = rows.next()? {
        if let Some(f) = at(row.get(0)?).map(|i| &mut cs[i].facts) {
            f.clicked = row.get(1)?;
            f.opened = row.get(2)?;
        }
    }
    Ok(candidates)
}

/// Alumni an application keeps out: an open rehire, an open referral that
/// names them as the candidate (by their email or a further one), or a
/// rehire that ended `rejoined` on or after the day they last left.
fn with_applications(conn: &Connection) -> Result<HashSet<i64>> {
    let mut stmt = conn.prepare(
        "SELECT alumnus_id FROM applications WHERE outcome IS NULL AND alumnus_id IS NOT NULL
         UNION
         SELECT p.id FROM applications a JOIN alumni p ON p.email = a.candidate_email
         WHERE a.outcome IS NULL AND a.kind = 'referral'
         UNION
         SELECT c.alumnus_id FROM applications a
         JOIN alumnus_contacts c ON c.kind = 'email' AND c.value = a.candidate_email
         WHERE a.outcome IS NULL AND a.kind = 'referral'
         UNION
         SELECT a.alumnus_id FROM applications a JOIN alumni p ON p.id = a.alumnus_id
         WHERE a.outcome = 'rejoined' AND (p.leave_date IS NULL OR a.closed_on >= p.leave_date)",
    )?;
    let ids = stmt.query_map([], |r| r.get(0))?;
    Ok(ids.collect::<crate::db::sql::Result<_>>()?)
}

/// The alumni who may be suggested, but for `excluded`, in id order.
fn roster(conn: &Connection, excluded: &HashSet<i64>) -> Result<Vec<Candidate>> {
    let mut stmt = conn.prepare(
        "SELECT id, employee_id, name, rehire_eligible, department, job_title,
                hire_date, leave_date
         FROM alumni
         WHERE erased_at IS NULL AND consent <> 'opted_out' AND rehire_eligible <> 'no'
         ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        if excluded.contains(&id) {
            continue;
        }
        let eligibility: String = row.get(3)?;
        // A stored day that is not one (edited in by hand) scores as unknown.
        let day = |i: usize| -> crate::db::sql::Result<_> {
            let text: Option<String> = row.get(i)?;
            Ok(text.and_then(|t| t.parse().ok()))
        };
        out.push(Candidate {
            id,
            employee_id: row.get(1)?,
            name: row.get(2)?,
            facts: Facts {
                eligibility: Rehire::parse(&eligibility),
                department: row.get(4)?,
                job_title: row.get(5)?,
                hire_date: day(6)?,
                leave_date: day(7)?,
                ..Facts::default()
            },
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
