//! Reading what the KPI report is computed from: the stages in order, each
//! application's history, targets, assumed pass rates, all hires, spend,
//! events and the alumni counts.

use std::collections::HashMap;

use anyhow::{Context, Result};
use jiff::civil::Date;
use rusqlite::{Connection, params};

use super::funnel::History;

/// A stage of the pipeline, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageInfo {
    pub key: String,
    pub label_en: String,
    pub label_ja: String,
}

pub fn stages(conn: &Connection) -> Result<Vec<StageInfo>> {
    let mut stmt = conn.prepare("SELECT key, label_en, label_ja FROM stages ORDER BY position")?;
    let stages = stmt
        .query_map([], |r| {
            Ok(StageInfo {
                key: r.get(0)?,
                label_en: r.get(1)?,
                label_ja: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(stages)
}

/// One application with its history and what the metrics group it by.
#[derive(Clone, Debug)]
pub struct Application {
    pub kind: String,
    pub source: Option<String>,
    pub department: Option<String>,
    pub outcome: Option<String>,
    pub closed_on: Option<Date>,
    pub cost: i64,
    /// When the alumnus (a rehire's candidate) left the company.
    pub left_on: Option<Date>,
    pub history: History,
}

fn date(text: &str) -> Result<Date> {
    text.parse::<Date>()
        .with_context(|| format!("the database holds {text:?} where a date belongs"))
}

/// Every application, with the stages it entered as indexes into `stages`.
pub fn applications(conn: &Connection, stages: &[StageInfo]) -> Result<Vec<Application>> {
    let index: HashMap<&str, usize> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i))
        .collect();
    let mut entries: HashMap<i64, Vec<(usize, Date)>> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT application_id, stage, entered_on FROM stage_events ORDER BY application_id, entered_on, id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let stage: String = row.get(1)?;
        if let Some(&i) = index.get(stage.as_str()) {
            let day: String = row.get(2)?;
            entries
                .entry(row.get(0)?)
                .or_default()
                .push((i, date(&day)?));
        }
    }
    let mut stmt = conn.prepare(
        "SELECT a.id, a.kind, a.source, a.department, a.opened_on, a.outcome, a.closed_on, a.cost, p.leave_date
         FROM applications a LEFT JOIN alumni p ON p.id = a.alumnus_id ORDER BY a.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut applications = Vec::new();
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let opened: String = row.get(4)?;
        let closed: Option<String> = row.get(6)?;
        let left: Option<String> = row.get(8)?;
        applications.push(Application {
            kind: row.get(1)?,
            source: row.get(2)?,
            department: row.get(3)?,
            outcome: row.get(5)?,
            closed_on: closed.as_deref().map(date).transpose()?,
            cost: row.get(7)?,
            left_on: left.as_deref().map(date).transpose()?,
            history: History {
                opened_on: date(&opened)?,
                entries: entries.remove(&id).unwrap_or_default(),
            },
        });
    }
    Ok(applications)
}

/// The targets per stage key for the months `from..=to` (`YYYY-MM`), all
/// departments and kinds together.
pub fn targets(conn: &Connection, from: &str, to: &str) -> Result<HashMap<String, u64>> {
    let mut stmt = conn.prepare(
        "SELECT stage, sum(count) FROM targets WHERE month >= ?1 AND month <= ?2 GROUP BY stage",
    )?;
    let targets = stmt
        .query_map(params![from, to], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(targets)
}

/// The pass rates the user assumed, per stage key (from it to the next).
pub fn assumed_rates(conn: &Connection) -> Result<HashMap<String, f64>> {
    let mut stmt = conn.prepare("SELECT stage, rate FROM assumed_rates")?;
    let rates = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rates)
}

/// The company's hires through every channel in the months `from..=to`
/// (`YYYY-MM`); none when no month of them has a number.
pub fn all_hires(conn: &Connection, from: &str, to: &str) -> Result<Option<u64>> {
    let sum: Option<i64> = conn.query_row(
        "SELECT sum(count) FROM all_hires WHERE month >= ?1 AND month <= ?2",
        params![from, to],
        |r| r.get(0),
    )?;
    Ok(sum.map(|n| n.max(0) as u64))
}

/// Spend per channel in the months `from..=to`: the spend table, plus the
/// cost of events held and of applications opened in the period (an
/// application's cost counts for its source).
pub fn spend(
    conn: &Connection,
    from: &str,
    to: &str,
    first_day: &str,
    last_day: &str,
) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare(
        "SELECT channel, sum(amount) FROM (
             SELECT channel, amount FROM spend WHERE month >= ?1 AND month <= ?2
             UNION ALL
             SELECT 'event', cost FROM events WHERE date >= ?3 AND date <= ?4 AND cost > 0
             UNION ALL
             SELECT coalesce(source, kind), cost FROM applications
                 WHERE opened_on >= ?3 AND opened_on <= ?4 AND cost > 0)
         GROUP BY channel ORDER BY channel",
    )?;
    let spend = stmt
        .query_map(params![from, to, first_day, last_day], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(spend)
}

/// Invitations and attendance of the events held between two days.
pub fn attendance(conn: &Connection, first_day: &str, last_day: &str) -> Result<(u64, u64)> {
    Ok(conn.query_row(
        "SELECT count(*), coalesce(sum(a.status = 'attended'), 0) FROM attendance a
         JOIN events e ON e.id = a.event_id WHERE e.date >= ?1 AND e.date <= ?2",
        params![first_day, last_day],
        |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
    )?)
}

/// Alumni who may be contacted (not opted out, not erased), and how many of
/// them had a contact or attended an event between two days.
pub fn engagement(conn: &Connection, first_day: &str, last_day: &str) -> Result<(u64, u64)> {
    Ok(conn.query_row(
        "SELECT count(*), coalesce(sum(
             EXISTS (SELECT 1 FROM contacts c WHERE c.alumnus_id = p.id AND c.date >= ?1 AND c.date <= ?2)
             OR EXISTS (SELECT 1 FROM attendance a JOIN events e ON e.id = a.event_id
                        WHERE a.alumnus_id = p.id AND a.status = 'attended' AND e.date >= ?1 AND e.date <= ?2)), 0)
         FROM alumni p WHERE p.erased_at IS NULL AND p.consent <> 'opted_out'",
        params![first_day, last_day],
        |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
    )?)
}
