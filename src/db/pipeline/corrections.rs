//! Correcting an application's history: planned entries and their
//! confirmation, undoing the last stage entry, reopening a closed
//! application, and the whole history of one application.
//!
//! The summary columns of `applications` describe actual entries only: a
//! planned entry (dated ahead, `--planned`) is stored beside them and
//! counts for nothing until it is confirmed.

use crate::db::sql::{Connection, params};
use anyhow::Result;

use crate::domain::{Outcome, Stage};

/// One stage entry of an application.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: i64,
    pub stage: String,
    pub label_ja: Option<String>,
    pub label_en: Option<String>,
    pub entered_on: String,
    pub note: Option<String>,
    pub planned: bool,
    /// Who recorded it (none for entries recorded before this was kept).
    pub recorded_by: Option<String>,
}

/// Every stage entry of application `id`, in date order (planned ones,
/// dated ahead, last).
pub fn entries(conn: &Connection, id: i64) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.stage, s.label_ja, s.label_en, e.entered_on, e.note, e.planned,
                e.recorded_by
         FROM stage_events e LEFT JOIN stages s ON s.key = e.stage
         WHERE e.application_id = ? ORDER BY e.planned, e.entered_on, e.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Entry {
            id: r.get(0)?,
            stage: r.get(1)?,
            label_ja: r.get(2)?,
            label_en: r.get(3)?,
            entered_on: r.get(4)?,
            note: r.get(5)?,
            planned: r.get(6)?,
            recorded_by: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// The application's planned entry, if it has one (there is at most one).
pub fn planned_entry(conn: &Connection, id: i64) -> Result<Option<Entry>> {
    Ok(entries(conn, id)?.into_iter().find(|e| e.planned))
}

/// Records that application `id` is planned to enter `stage` on `date`;
/// the summary columns stay as they are.
pub fn enter_planned(
    conn: &Connection,
    id: i64,
    stage: &Stage,
    date: &str,
    note: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO stage_events (application_id, stage, entered_on, note, created_at,
                                   planned, recorded_by)
         VALUES (?, ?, ?, ?, ?, 1, ?)",
    )?
    .execute(params![
        id,
        stage.key,
        date,
        note,
        super::super::now(),
        super::super::actor(conn)?
    ])?;
    Ok(())
}

/// Removes one stage entry.
pub fn delete_entry(conn: &Connection, entry_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM stage_events WHERE id = ?")?
        .execute([entry_id])?;
    Ok(())
}

/// Sets the summary columns of application `id` again from its actual
/// entries: the stage is the latest one's, the furthest the highest by the
/// stages' order. An application whose hire entry is gone is open again.
pub fn restore_summary(conn: &Connection, id: i64, stages: &[Stage]) -> Result<()> {
    let actual: Vec<Entry> = entries(conn, id)?
        .into_iter()
        .filter(|e| !e.planned)
        .collect();
    let last = actual.last();
    let position = |key: &str| stages.iter().find(|s| s.key == key).map(|s| s.position);
    let furthest = actual
        .iter()
        .max_by_key(|e| position(&e.stage))
        .map(|e| e.stage.clone());
    let hired = last.is_some_and(|e| {
        stages
            .iter()
            .find(|s| s.key == e.stage)
            .is_some_and(|s| super::stages::is_last(s, stages))
    });
    conn.prepare_cached(
        "UPDATE applications SET stage = ?, stage_entered_on = ?, furthest_stage = ?,
             outcome = CASE WHEN outcome = ?4 AND NOT ?5 THEN NULL ELSE outcome END,
             closed_on = CASE WHEN outcome = ?4 AND NOT ?5 THEN NULL ELSE closed_on END,
             closed_recorded_by = CASE WHEN outcome = ?4 AND NOT ?5 THEN NULL
                                       ELSE closed_recorded_by END,
             updated_at = ?6
         WHERE id = ?7",
    )?
    .execute(params![
        last.map(|e| &e.stage),
        last.map(|e| &e.entered_on),
        furthest,
        Outcome::Rejoined,
        hired,
        super::super::now(),
        id
    ])?;
    Ok(())
}

/// Opens a closed application again: its outcome, reason, who ended it
/// and when are cleared. The stage it was in stays.
pub fn reopen(conn: &Connection, id: i64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE applications SET outcome = NULL, outcome_reason = NULL, outcome_by = NULL,
             closed_on = NULL, close_planned = 0, closed_recorded_by = NULL, updated_at = ?
         WHERE id = ?",
    )?
    .execute(params![super::super::now(), id])?;
    Ok(())
}

/// Confirms a planned close: it happened on `date`, for `reason` when one
/// is given (else the planned reason stays).
pub fn confirm_close(conn: &Connection, id: i64, date: &str, reason: Option<&str>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE applications SET close_planned = 0, closed_on = ?,
             outcome_reason = coalesce(?, outcome_reason), closed_recorded_by = ?,
             updated_at = ?
         WHERE id = ? AND close_planned = 1",
    )?
    .execute(params![
        date,
        reason,
        super::super::actor(conn)?,
        super::super::now(),
        id
    ])?;
    Ok(())
}
