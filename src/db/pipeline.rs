//! Reading and writing applications and their stage history.
//!
//! An application's summary columns (`stage`, `stage_entered_on`,
//! `furthest_stage`, `outcome`, `closed_on`) are kept current here, in the
//! same transaction as the `stage_events` row that changes them, so that a
//! report can read either and get the same answer. The KPI funnel counts an
//! application as having reached every stage up to `furthest_stage`, which
//! is why it never goes back when an application does.

pub mod corrections;
pub mod stages;

use crate::db::sql::{Connection, OptionalExtension, Row, ToSql, params};
use anyhow::Result;

use crate::domain::{EndedBy, Kind, Outcome, Stage};
use crate::error::Failure;

/// One application, with what a listing needs from the tables around it.
#[derive(Clone, Debug)]
pub struct Application {
    pub id: i64,
    pub kind: Kind,
    pub alumnus_id: Option<i64>,
    pub referrer_id: Option<i64>,
    pub candidate_email: Option<String>,
    pub candidate_phone: Option<String>,
    pub position: Option<String>,
    pub department: Option<String>,
    pub source: Option<String>,
    pub opened_on: String,
    pub stage: Option<String>,
    pub stage_entered_on: Option<String>,
    pub furthest_stage: Option<String>,
    /// `None` while open.
    pub outcome: Option<Outcome>,
    pub outcome_reason: Option<String>,
    pub outcome_by: Option<EndedBy>,
    pub closed_on: Option<String>,
    pub cost: i64,
    /// The alumnus's employee ID (a rehire only).
    pub employee_id: Option<String>,
    /// The candidate: the alumnus for a rehire, the referred person for a referral.
    pub name: Option<String>,
    /// The referring alumnus's name (a referral only).
    pub referrer: Option<String>,
    pub stage_label_ja: Option<String>,
    pub stage_label_en: Option<String>,
    /// The close is dated ahead (`--planned`) and not yet confirmed.
    pub close_planned: bool,
    /// Who recorded the close.
    pub closed_recorded_by: Option<String>,
}

impl Application {
    pub fn is_closed(&self) -> bool {
        self.outcome.is_some()
    }
}

/// What a new application starts with; its first stage is entered separately.
#[derive(Clone, Debug)]
pub struct NewApplication {
    pub kind: Kind,
    pub alumnus_id: Option<i64>,
    pub referrer_id: Option<i64>,
    pub candidate_name: Option<String>,
    pub candidate_email: Option<String>,
    pub candidate_phone: Option<String>,
    pub position: Option<String>,
    pub department: Option<String>,
    pub source: Option<String>,
    pub opened_on: String,
    pub cost: i64,
    /// Why it was opened although the alumnus (for a referral, the
    /// referrer) opted out of being contacted.
    pub consent_override: Option<String>,
}

/// Which applications a listing shows.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only those whose current stage has this key.
    pub stage: Option<String>,
    /// Only those not closed.
    pub open: bool,
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only applications for this department.
    pub department: Option<String>,
}

const SELECT: &str = "SELECT a.id, a.kind, a.alumnus_id, a.referrer_id, a.candidate_email, \
     a.candidate_phone, a.position, a.department, a.source, a.opened_on, a.stage, \
     a.stage_entered_on, a.furthest_stage, a.outcome, a.outcome_reason, a.outcome_by, \
     a.closed_on, a.cost, p.employee_id, \
     CASE WHEN a.kind = 'referral' THEN a.candidate_name ELSE p.name END, \
     r.name, s.label_ja, s.label_en, a.close_planned, a.closed_recorded_by \
     FROM applications a \
     LEFT JOIN alumni p ON p.id = a.alumnus_id \
     LEFT JOIN alumni r ON r.id = a.referrer_id \
     LEFT JOIN stages s ON s.key = a.stage";

fn from_row(row: &Row<'_>) -> crate::db::sql::Result<Application> {
    Ok(Application {
        id: row.get(0)?,
        kind: row.get(1)?,
        alumnus_id: row.get(2)?,
        referrer_id: row.get(3)?,
        candidate_email: row.get(4)?,
        candidate_phone: row.get(5)?,
        position: row.get(6)?,
        department: row.get(7)?,
        source: row.get(8)?,
        opened_on: row.get(9)?,
        stage: row.get(10)?,
        stage_entered_on: row.get(11)?,
        furthest_stage: row.get(12)?,
        outcome: row.get(13)?,
        outcome_reason: row.get(14)?,
        outcome_by: row.get(15)?,
        closed_on: row.get(16)?,
        cost: row.get(17)?,
        employee_id: row.get(18)?,
        name: row.get(19)?,
        referrer: row.get(20)?,
        stage_label_ja: row.get(21)?,
        stage_label_en: row.get(22)?,
        close_planned: row.get(23)?,
        closed_recorded_by: row.get(24)?,
    })
}

/// The application numbered `id`; NotFound (exit 1) if there is none.
pub fn get(conn: &Connection, id: i64) -> Result<Application> {
    conn.prepare_cached(&format!("{SELECT} WHERE a.id = ?"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| {
            Failure::NotFound(crate::i18n::tr!("no-application", id = id.to_string())).into()
        })
}

/// Applications matching `filter`, oldest first.
pub fn list(conn: &Connection, filter: &Filter) -> Result<Vec<Application>> {
    let mut conditions = Vec::new();
    let mut values: Vec<&dyn ToSql> = Vec::new();
    if let Some(stage) = &filter.stage {
        conditions.push("a.stage = ?");
        values.push(stage);
    }
    if filter.open {
        conditions.push("a.outcome IS NULL");
    }
    if let Some(kind) = &filter.kind {
        conditions.push("a.kind = ?");
        values.push(kind);
    }
    if let Some(department) = &filter.department {
        conditions.push("a.department = ?");
        values.push(department);
    }
    let mut sql = SELECT.to_string();
    if !conditions.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&conditions.join(" AND "));
    }
    sql.push_str(" ORDER BY a.id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(values.as_slice(), from_row)?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// Open applications of `alumnus_id` (as the candidate), for a warning
/// before a second one is opened.
pub fn open_for_alumnus(conn: &Connection, alumnus_id: i64) -> Result<Vec<Application>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.alumnus_id = ? AND a.outcome IS NULL ORDER BY a.id"
    ))?;
    let rows = stmt.query_map([alumnus_id], from_row)?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// Inserts a new application and enters its first stage on its opening
/// date (as a planned entry when `planned`); returns its id.
pub fn open(
    conn: &Connection,
    new: &NewApplication,
    first: &Stage,
    stages: &[Stage],
    planned: bool,
) -> Result<i64> {
    let now = super::now();
    conn.prepare_cached(
        "INSERT INTO applications (kind, alumnus_id, referrer_id, candidate_name, \
         candidate_email, candidate_phone, position, department, source, opened_on, cost, \
         consent_override, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        new.kind,
        new.alumnus_id,
        new.referrer_id,
        new.candidate_name,
        new.candidate_email,
        new.candidate_phone,
        new.position,
        new.department,
        new.source,
        new.opened_on,
        new.cost,
        new.consent_override,
        now,
        now,
    ])?;
    let id = conn.last_insert_rowid();
    if planned {
        // A planned opening leaves the summary columns empty: until it is
        // confirmed the application is in no stage.
        corrections::enter_planned(conn, id, first, &new.opened_on, None)?;
    } else {
        enter(conn, &get(conn, id)?, first, &new.opened_on, None, stages)?;
    }
    Ok(id)
}

/// The date of the application's latest actual (not planned) stage
/// entry, if it has one.
pub fn last_entry(conn: &Connection, id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT max(entered_on) FROM stage_events WHERE application_id = ? AND planned = 0",
        )?
        .query_row([id], |r| r.get(0))?)
}

/// Records that `app` entered `stage` on `date` and brings the summary
/// columns up to date. Entering the last stage (the hire) closes the
/// application as `rejoined`. The caller has checked that the move is
/// allowed (open, another stage, not dated before the last entry).
pub fn enter(
    conn: &Connection,
    app: &Application,
    stage: &Stage,
    date: &str,
    note: Option<&str>,
    stages: &[Stage],
) -> Result<()> {
    let now = super::now();
    conn.prepare_cached(
        "INSERT INTO stage_events (application_id, stage, entered_on, note, created_at, \
         recorded_by) VALUES (?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        app.id,
        stage.key,
        date,
        note,
        now,
        super::actor(conn)?
    ])?;
    let position_of = |key: &Option<String>| {
        key.as_ref()
            .and_then(|k| stages.iter().find(|s| &s.key == k))
            .map(|s| s.position)
    };
    let furthest = match position_of(&app.furthest_stage) {
        Some(p) if p >= stage.position => app.furthest_stage.clone(),
        _ => Some(stage.key.clone()),
    };
    let hired = stages::is_last(stage, stages);
    conn.prepare_cached(
        "UPDATE applications SET stage = ?, stage_entered_on = ?, furthest_stage = ?, \
         outcome = CASE WHEN ? THEN ? ELSE outcome END, \
         closed_on = CASE WHEN ? THEN ? ELSE closed_on END, updated_at = ? WHERE id = ?",
    )?
    .execute(params![
        stage.key,
        date,
        furthest,
        hired,
        Outcome::Rejoined,
        hired,
        date,
        now,
        app.id
    ])?;
    Ok(())
}

/// Closes an open application with `outcome` (declined, rejected or
/// withdrawn). The stage it was in stays, so a report can tell where it
/// ended. A planned close is stored but read by reports as still open.
pub fn close(
    conn: &Connection,
    id: i64,
    outcome: Outcome,
    reason: &str,
    by: Option<EndedBy>,
    date: &str,
    planned: bool,
) -> Result<()> {
    let changed = conn
        .prepare_cached(
            "UPDATE applications SET outcome = ?, outcome_reason = ?, outcome_by = ?, \
             closed_on = ?, close_planned = ?, closed_recorded_by = ?, updated_at = ? \
             WHERE id = ? AND outcome IS NULL",
        )?
        .execute(params![
            outcome,
            reason,
            by,
            date,
            planned,
            super::actor(conn)?,
            super::now(),
            id
        ])?;
    if changed != 1 {
        // The caller checked; this is a guard against a race, not a message.
        anyhow::bail!("application {id} was not open");
    }
    Ok(())
}

/// Sets every application's `furthest_stage` again from its history, by
/// the stages' current order: after a reorder, "furthest" means something
/// else than when it was stored.
pub fn recompute_furthest(conn: &Connection) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE applications SET furthest_stage = ( \
             SELECT e.stage FROM stage_events e JOIN stages s ON s.key = e.stage \
             WHERE e.application_id = applications.id AND e.planned = 0 \
             ORDER BY s.position DESC LIMIT 1) \
         WHERE EXISTS (SELECT 1 FROM stage_events e \
                       WHERE e.application_id = applications.id AND e.planned = 0)",
        [],
    )?)
}
