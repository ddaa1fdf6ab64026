//! `alumni pipeline reopen|undo|show`: putting a slip right, and the
//! whole history of one application. Reopening clears the outcome and its
//! reason; the audit row says that it did, never what the reason was.

use std::io::Write;

use anyhow::Result;
use serde_json::{Value, json};

use super::{refuse_erased_candidate, stage_name, to_json};
use crate::cli::ListingArgs;
use crate::cmd::{Context, listing};
use crate::db::pipeline::corrections::{self, Entry};
use crate::db::pipeline::{self, Application, stages};
use crate::db::{Audit, Change, Tx};
use crate::domain::Outcome;
use crate::error::Failure;
use crate::export::{Column, Format, Listed, Listing};
use crate::output::visible;

/// What a reopen undid, for its message.
struct Reopened {
    outcome: Outcome,
    closed_on: String,
    stage: Option<String>,
}

pub(super) fn reopen(context: &Context, id: i64) -> Result<()> {
    let done = context.write("pipeline reopen", |tx| {
        let app = pipeline::get(tx, id)?;
        let Some(outcome) = app.outcome else {
            return Err(Failure::BadData(format!(
                "application {id} is open (in {}); there is nothing to reopen",
                app.stage.as_deref().unwrap_or("no stage")
            ))
            .into());
        };
        refuse_erased_candidate(tx, &app)?;
        let reopened = reopen_in(tx, &app, outcome)?;
        Ok(Change::audited(reopened, reopen_audit(&app, outcome)))
    })?;
    say_reopened(context, id, &done);
    Ok(())
}

pub(super) fn undo(context: &Context, id: i64) -> Result<()> {
    enum Undone {
        Reopened(Reopened),
        Planned(Entry),
        Entry(Entry, Option<Entry>),
    }
    let done = context.write("pipeline undo", |tx| {
        let app = pipeline::get(tx, id)?;
        refuse_erased_candidate(tx, &app)?;
        // A close that is not the hire entry is the last thing that
        // happened: undoing it is a reopen.
        if let Some(outcome) = app.outcome
            && (outcome != Outcome::Rejoined || app.close_planned)
        {
            let reopened = reopen_in(tx, &app, outcome)?;
            return Ok(Change::audited(
                Undone::Reopened(reopened),
                reopen_audit(&app, outcome),
            ));
        }
        let entries = corrections::entries(tx, id)?;
        let (Some(last), true) = (entries.last(), entries.len() > 1) else {
            let only = entries.first();
            return Err(Failure::BadData(format!(
                "application {id} has only its opening entry ({} on {}); there is nothing to undo",
                only.map_or("no stage", |e| e.stage.as_str()),
                only.map_or("?", |e| e.entered_on.as_str())
            ))
            .into());
        };
        corrections::delete_entry(tx, last.id)?;
        if last.planned {
            let audit = Audit::new(
                app.alumnus_id.or(app.referrer_id),
                format!("application {id}: undid planned {}", last.stage),
            );
            return Ok(Change::audited(Undone::Planned(last.clone()), audit));
        }
        let stages = stages::all(tx)?;
        corrections::restore_summary(tx, id, &stages)?;
        let before = entries[..entries.len() - 1]
            .iter()
            .rev()
            .find(|e| !e.planned)
            .cloned();
        let audit = Audit::new(
            app.alumnus_id.or(app.referrer_id),
            format!(
                "application {id}: undid {} -> back in {}",
                last.stage,
                before.as_ref().map_or("no stage", |e| e.stage.as_str())
            ),
        );
        Ok(Change::audited(Undone::Entry(last.clone(), before), audit))
    })?;
    match done {
        Undone::Reopened(reopened) => say_reopened(context, id, &reopened),
        Undone::Planned(entry) => context.term.say(&format!(
            "application {id}: removed the planned entry {} on {}",
            entry.stage, entry.entered_on
        )),
        Undone::Entry(entry, before) => context.term.say(&format!(
            "application {id}: removed {} on {}; back in {} (since {})",
            entry.stage,
            entry.entered_on,
            before.as_ref().map_or("no stage", |e| e.stage.as_str()),
            before.as_ref().map_or("?", |e| e.entered_on.as_str())
        )),
    }
    Ok(())
}

/// Opens `app` (closed as `outcome`) again. Closed by the hire, the hire
/// entry goes, and the stage before it is restored.
fn reopen_in(tx: &Tx<'_>, app: &Application, outcome: Outcome) -> Result<Reopened> {
    if outcome == Outcome::Rejoined && !app.close_planned {
        let entries = corrections::entries(tx, app.id)?;
        if let Some(hire) = entries.iter().rev().find(|e| !e.planned) {
            corrections::delete_entry(tx, hire.id)?;
        }
        corrections::restore_summary(tx, app.id, &stages::all(tx)?)?;
    }
    corrections::reopen(tx, app.id)?;
    Ok(Reopened {
        outcome,
        closed_on: app.closed_on.clone().unwrap_or_default(),
        stage: pipeline::get(tx, app.id)?.stage,
    })
}

/// The audit row of a reopen: the outcome it had and that its reason was
/// cleared, in words; the reason itself may name people.
fn reopen_audit(app: &Application, outcome: Outcome) -> Audit {
    let planned = if app.close_planned { " planned" } else { "" };
    let reason = if app.outcome_reason.is_some() {
        ", reason cleared"
    } else {
        ""
    };
    Audit::new(
        app.alumnus_id.or(app.referrer_id),
        format!(
            "application {}: reopened (was {outcome}{planned}{reason})",
            app.id
        ),
    )
}

fn say_reopened(context: &Context, id: i64, reopened: &Reopened) {
    context.term.say(&format!(
        "application {id} is open again in {} (was {} on {})",
        reopened.stage.as_deref().unwrap_or("no stage"),
        reopened.outcome,
        reopened.closed_on
    ));
}

// ---------------------------------------------------------------- show

/// One application's history as a listing; the column names are also the
/// keys of `entries` in its JSON.
static HISTORY: Listing = Listing::fixed(
    "History",
    "entries",
    &[
        Column::shown("date"),
        Column::shown("entry"),
        Column::shown("stage"),
        Column::shown("label"),
        Column::shown("planned"),
        Column::shown("recorded_by"),
        Column::shown("note"),
    ],
);

pub(super) fn show(context: &Context, id: i64, args: &ListingArgs) -> Result<()> {
    let conn = context.reader()?;
    let app = pipeline::get(&conn, id)?;
    let entries = corrections::entries(&conn, id)?;
    let stages = stages::all(&conn)?;
    let mut rows: Vec<Value> = entries.iter().map(entry_json).collect();
    let close = close_json(&app);
    if let Some(close) = &close {
        rows.push(json!({
            "date": close["date"],
            "entry": "close",
            "stage": close["outcome"],
            "label": app.outcome.map(|o| o.label_ja()),
            "planned": close["planned"],
            "recorded_by": close["recorded_by"],
            "note": close["reason"],
        }));
    }
    if args.format == Format::Json {
        let mut object = to_json(&app);
        object["entries"] = Value::Array(entries.iter().map(entry_json).collect());
        object["close"] = close.unwrap_or(Value::Null);
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &object)?;
        writeln!(out)?;
        return Ok(());
    }
    if args.format == Format::Table {
        let mut out = std::io::stdout().lock();
        let who = app.name.as_deref().unwrap_or("?");
        writeln!(
            out,
            "{}",
            visible(&format!(
                "application {id}: {} of {who}, opened {}",
                app.kind, app.opened_on
            ))
        )?;
        let now = match (&app.outcome, &app.stage) {
            (Some(outcome), _) if app.close_planned => format!(
                "planned to close as {outcome} on {}",
                app.closed_on.as_deref().unwrap_or("?")
            ),
            (Some(outcome), _) => format!(
                "closed as {outcome} on {}",
                app.closed_on.as_deref().unwrap_or("?")
            ),
            (None, Some(key)) => match stages.iter().find(|s| &s.key == key) {
                Some(stage) => format!(
                    "in {} since {}",
                    stage_name(stage),
                    app.stage_entered_on.as_deref().unwrap_or("?")
                ),
                None => format!("in {key}"),
            },
            (None, None) => "in no stage yet".to_string(),
        };
        writeln!(out, "{}", visible(&now))?;
    }
    listing::print(&HISTORY, args, rows.into_iter().map(Listed::new))?;
    Ok(())
}

fn entry_json(entry: &Entry) -> Value {
    json!({
        "date": entry.entered_on,
        "entry": "stage",
        "stage": entry.stage,
        "label": entry.label_ja,
        "planned": entry.planned,
        "recorded_by": entry.recorded_by,
        "note": entry.note,
    })
}

/// The close of `app`, if it is closed.
fn close_json(app: &Application) -> Option<Value> {
    let outcome = app.outcome?;
    Some(json!({
        "date": app.closed_on,
        "outcome": outcome,
        "reason": app.outcome_reason,
        "by": app.outcome_by,
        "planned": app.close_planned,
        "recorded_by": app.closed_recorded_by,
    }))
}
