//! `alumni pipeline add|move|close|list|board`: rehire applications and
//! their way through the stages. Every change writes the stage history and
//! the application's summary columns in one transaction, with an audit row.

mod board;
mod correct;

use anyhow::Result;
use serde_json::{Value, json};

use super::consent::{self, Outbound};
use super::{Context, hand, listing};
use crate::cli::pipeline::{
    PipelineAddArgs, PipelineCommand, PipelineFilterArgs, PipelineListArgs,
};
use crate::db::pipeline::{self, Application, NewApplication, corrections, stages};
use crate::db::{Audit, Change, Reader, Tx, alumni, contacts};
use crate::domain::{Alumnus, EndedBy, Field, Kind, Outcome, Stage};
use crate::error::Failure;
use crate::export::{Column, Listed, Listing};

pub fn run(context: &Context, command: PipelineCommand) -> Result<()> {
    match command {
        PipelineCommand::Add(args) => add(context, args),
        PipelineCommand::Move {
            app,
            stage,
            date,
            note,
            planned,
        } => move_to(context, &app, stage, date.as_deref(), note, planned),
        PipelineCommand::Close {
            app,
            outcome,
            reason,
            by,
            date,
            planned,
        } => close(
            context,
            &app,
            Closing {
                outcome,
                reason,
                by,
                planned,
            },
            date.as_deref(),
        ),
        PipelineCommand::List(args) => list(context, &args),
        PipelineCommand::Board { kind, output } => board::run(context, kind, &output),
        PipelineCommand::Reopen { app } => correct::reopen(context, app_id(&app)?),
        PipelineCommand::Undo { app } => correct::undo(context, app_id(&app)?),
        PipelineCommand::Show { app, output } => correct::show(context, app_id(&app)?, &output),
    }
}

fn add(context: &Context, args: PipelineAddArgs) -> Result<()> {
    let position = optional_text("--position", args.position)?;
    let department = optional_text("--department", args.department)?;
    // A source is a category that reports group by: `Event` and `event` are one.
    let source = optional_text("--source", args.source)?.map(|s| s.to_lowercase());
    let opened_on = hand::date_or_today("--date", args.date.as_deref())?;
    hand::check_planned("--date", &opened_on, args.planned)?;
    check_cost(args.cost)?;
    let reason = optional_text("--override-consent", args.override_consent)?;

    let (id, alumnus, new, first, stages, already) = context.write("pipeline add", |tx| {
        let alumnus = alumni::find(tx, &args.alumnus)?;
        refuse_erased(tx, alumnus.id, &alumnus.display_name())?;
        let consent_override =
            consent::check_outbound(&alumnus, Outbound::Application, reason.as_deref())?;
        let stages = stages::all(tx)?;
        let first = starting_stage(&stages, args.stage.as_deref())?.clone();
        let already = pipeline::open_for_alumnus(tx, alumnus.id)?;
        let new = NewApplication {
            kind: Kind::Rehire,
            alumnus_id: Some(alumnus.id),
            referrer_id: None,
            candidate_name: None,
            candidate_email: None,
            candidate_phone: None,
            position,
            department,
            source,
            opened_on,
            cost: args.cost,
            consent_override: consent_override.map(String::from),
        };
        let id = pipeline::open(tx, &new, &first, &stages, args.planned)?;
        let audit = Audit::new(
            Some(alumnus.id),
            format!(
                "opened rehire application {id} in {}{}{}",
                first.key,
                if args.planned { ", planned" } else { "" },
                overridden_note(&new)
            ),
        );
        Ok(Change::audited(
            (id, alumnus, new, first, stages, already),
            audit,
        ))
    })?;

    println!("{id}");
    let who = alumnus.display_name();
    context.term.say(&if args.planned {
        format!(
            "planned rehire application {id} for {who} in {} on {}; it counts once `alumni pipeline move {id} {}` confirms it",
            stage_name(&first),
            new.opened_on,
            first.key
        )
    } else {
        format!(
            "opened rehire application {id} for {who} in {} on {}{}",
            stage_name(&first),
            new.opened_on,
            closing_note(&first, &stages)
        )
    });
    warn_override(context, &alumnus, &new, reason.is_some(), "opening it");
    if alumnus.get(Field::RehireEligible) == Some("no") {
        context
            .term
            .warn(&format!("{who} is marked as not eligible for rehire"));
    }
    for other in already {
        context.term.warn(&format!(
            "{who} already has open application {} ({})",
            other.id,
            other.stage.as_deref().unwrap_or("no stage")
        ));
    }
    Ok(())
}

fn move_to(
    context: &Context,
    reference: &str,
    stage: Option<String>,
    date: Option<&str>,
    note: Option<String>,
    planned: bool,
) -> Result<()> {
    let id = app_id(reference)?;
    let date = hand::date_or_today("--date", date)?;
    hand::check_planned("--date", &date, planned)?;
    let note = optional_text("--note", note)?;
    let mut db = context.db()?;
    // A missing stage is asked for before the write transaction begins: a
    // person choosing from a list must not hold the database's write lock.
    let stage = match stage {
        Some(stage) => stage,
        None => {
            let app = pipeline::get(&db, id)?;
            refuse_closed(&app)?;
            let stages = stages::all(&db)?;
            let items: Vec<String> = stages
                .iter()
                .map(|s| format!("{:<12} {} ({})", s.key, s.label_ja, s.label_en))
                .collect();
            let no_stage = crate::i18n::tr!("prompt-no-stage");
            let prompt = crate::i18n::tr!(
                "prompt-move-application",
                id = id.to_string(),
                name = app.name.as_deref().unwrap_or("?"),
                stage = app.stage.as_deref().unwrap_or(&no_stage)
            );
            // The list starts on the stage after the current one, where
            // an application usually goes next.
            let next = app
                .stage
                .as_deref()
                .and_then(|key| stages.iter().position(|s| s.key == key))
                .map_or(0, |current| current + 1);
            let chosen = context.term.choose_from("STAGE", &prompt, &items, next)?;
            stages[chosen].key.clone()
        }
    };

    let (app, stages, target, current, confirmed) = db.write("pipeline move", |tx| {
        let app = pipeline::get(tx, id)?;
        refuse_closed(&app)?;
        refuse_erased_candidate(tx, &app)?;
        let stages = stages::all(tx)?;
        let target = stages::find(&stages, &stage)?.clone();
        let current = app
            .stage
            .as_deref()
            .and_then(|key| stages.iter().find(|s| s.key == key))
            .cloned();
        if let Some(current) = &current
            && current.key == target.key
        {
            return Err(Failure::BadData(format!(
                "application {id} is in {} already (since {})",
                stage_name(current),
                app.stage_entered_on.as_deref().unwrap_or("?")
            ))
            .into());
        }
        refuse_out_of_order(tx, id, &date, "a move")?;
        let waiting = corrections::planned_entry(tx, id)?;
        let from = current.as_ref().map_or("no stage", |s| s.key.as_str());
        let (detail, confirmed) = if planned {
            if let Some(entry) = waiting {
                return Err(Failure::BadData(format!(
                    "application {id} is already planned to enter {} on {}; `alumni pipeline undo {id}` removes that plan",
                    entry.stage, entry.entered_on
                ))
                .into());
            }
            corrections::enter_planned(tx, id, &target, &date, note.as_deref())?;
            (format!("application {id}: {from} -> {} planned", target.key), false)
        } else {
            // The move the plan was for: the planned entry becomes this one.
            let confirming = waiting.filter(|entry| entry.stage == target.key);
            let note = match &confirming {
                Some(entry) => note.clone().or_else(|| entry.note.clone()),
                None => note.clone(),
            };
            if let Some(entry) = &confirming {
                corrections::delete_entry(tx, entry.id)?;
            }
            pipeline::enter(tx, &app, &target, &date, note.as_deref(), &stages)?;
            let confirmed = confirming.is_some();
            let what = if confirmed { ", planned entry confirmed" } else { "" };
            (format!("application {id}: {from} -> {}{what}", target.key), confirmed)
        };
        let audit = Audit::new(app.alumnus_id.or(app.referrer_id), detail);
        Ok(Change::audited(
            (app, stages, target, current, confirmed),
            audit,
        ))
    })?;
    let from = current.as_ref().map_or("no stage", |s| s.key.as_str());

    if planned {
        context.term.say(&format!(
            "application {id}: planned {from} -> {} on {date}; not counted until a move without --planned confirms it",
            stage_name(&target)
        ));
        return Ok(());
    }
    let back = match (&current, &app.furthest_stage) {
        (Some(current), Some(furthest)) if current.position > target.position => {
            format!(" (back from {}; furthest stays {furthest})", current.key)
        }
        _ => String::new(),
    };
    let confirmed = if confirmed {
        " (the planned entry, confirmed)"
    } else {
        ""
    };
    context.term.say(&format!(
        "application {id}: {from} -> {} on {date}{back}{confirmed}{}",
        stage_name(&target),
        closing_note(&target, &stages)
    ));
    Ok(())
}

/// What `pipeline close` was asked to record.
struct Closing {
    outcome: Outcome,
    reason: Option<String>,
    by: Option<EndedBy>,
    planned: bool,
}

fn close(context: &Context, reference: &str, closing: Closing, date: Option<&str>) -> Result<()> {
    let Closing {
        outcome,
        reason,
        by,
        planned,
    } = closing;
    let id = app_id(reference)?;
    let date = hand::date_or_today("--date", date)?;
    hand::check_planned("--date", &date, planned)?;
    // 辞退 is the candidate's decision and 不採用 the company's by
    // definition; a withdrawal can be either, so it is left open.
    let by = by.or(outcome.usual_ender());
    let mut db = context.db()?;
    let before = pipeline::get(&db, id)?;
    // Closing a planned close again without --planned confirms it.
    if before.close_planned && !planned {
        return confirm_close(context, &mut db, &before, outcome, reason, &date);
    }
    // Refuse a closed or unknown application before asking for a reason.
    refuse_closed(&before)?;
    let reason = context.term.require(reason, "--reason", "Reason (理由)")?;
    let reason = hand::text("--reason", &reason)?;

    let app = db.write("pipeline close", |tx| {
        let app = pipeline::get(tx, id)?;
        refuse_closed(&app)?;
        refuse_erased_candidate(tx, &app)?;
        refuse_out_of_order(tx, id, &date, "closing")?;
        pipeline::close(tx, id, outcome, &reason, by, &date, planned)?;
        let planned = if planned { " planned" } else { "" };
        let audit = Audit::new(
            app.alumnus_id.or(app.referrer_id),
            format!("application {id}: {outcome}{planned}"),
        );
        Ok(Change::audited(app, audit))
    })?;
    context.term.say(&if planned {
        format!(
            "application {id} planned to close as {outcome} on {date} (in {}); not counted until `alumni pipeline close {id} {outcome}` confirms it",
            app.stage.as_deref().unwrap_or("no stage")
        )
    } else {
        format!(
            "application {id} closed as {outcome} on {date} (in {})",
            app.stage.as_deref().unwrap_or("no stage")
        )
    });
    Ok(())
}

/// `pipeline close APP OUTCOME` on an application planned to close that
/// way: the close happened on `date`.
fn confirm_close(
    context: &Context,
    db: &mut crate::db::Db,
    before: &Application,
    outcome: Outcome,
    reason: Option<String>,
    date: &str,
) -> Result<()> {
    let id = before.id;
    if before.outcome != Some(outcome) {
        return Err(Failure::BadData(format!(
            "application {id} is planned to close as {} on {}, not {outcome}; `alumni pipeline reopen {id}` removes that plan",
            before.outcome.map_or("?", |o| o.as_str()),
            before.closed_on.as_deref().unwrap_or("?")
        ))
        .into());
    }
    let reason = optional_text("--reason", reason)?;
    db.write("pipeline close", |tx| {
        let app = pipeline::get(tx, id)?;
        refuse_erased_candidate(tx, &app)?;
        refuse_out_of_order(tx, id, date, "closing")?;
        corrections::confirm_close(tx, id, date, reason.as_deref())?;
        let audit = Audit::new(
            app.alumnus_id.or(app.referrer_id),
            format!("application {id}: {outcome}, planned close confirmed"),
        );
        Ok(Change::audited((), audit))
    })?;
    context.term.say(&format!(
        "application {id} closed as {outcome} on {date} (the planned close, confirmed)"
    ));
    Ok(())
}

fn list(context: &Context, args: &PipelineListArgs) -> Result<()> {
    let department = optional_text("--department", args.filter.department.clone())?;
    let conn = context.reader()?;
    let filter = pipeline_filter(&conn, &args.filter, department)?;
    let apps = pipeline::list(&conn, &filter)?;
    listing::print(&APPLICATIONS, &args.output, apps.iter().map(row))?;
    Ok(())
}

/// The filter the pipeline flags ask for, shared by `pipeline list` and
/// `export`; `department` is `--department` already normalized.
pub(super) fn pipeline_filter(
    db: &impl Reader,
    args: &PipelineFilterArgs,
    department: Option<String>,
) -> Result<pipeline::Filter> {
    let stages = stages::all(db.connection())?;
    Ok(pipeline::Filter {
        stage: match &args.stage {
            Some(raw) => Some(stages::find(&stages, raw)?.key.clone()),
            None => None,
        },
        open: args.open,
        kind: args.kind,
        department,
    })
}

/// Applications as a listing (`pipeline list`, `export pipeline`); the
/// column names are also its JSON keys. A table shows what fits a screen
/// (on a narrow one, the id, name, stage, outcome and position stay
/// longest); CSV and JSON carry every column.
pub(super) static APPLICATIONS: Listing = Listing::fixed(
    "Pipeline",
    "applications",
    &[
        Column::shown("id").keep(9),
        Column::shown("kind").keep(3),
        Column::shown("employee_id").keep(4),
        Column::shown("name").keep(8),
        Column::shown("referrer").keep(2),
        Column::shown("position").keep(6),
        Column::shown("department").keep(3),
        Column::shown("source").keep(2),
        Column::shown("opened_on").keep(4),
        Column::shown("stage").keep(8),
        Column::shown("stage_label").keep(1),
        Column::shown("stage_entered_on").keep(3),
        Column::shown("outcome").keep(7),
        Column::shown("closed_on").keep(2),
        Column::hidden("furthest_stage"),
        Column::hidden("outcome_reason"),
        Column::hidden("outcome_by"),
        Column::hidden("cost"),
        Column::hidden("alumnus_id"),
        Column::hidden("referrer_id"),
    ],
);

/// An application as a row of [`APPLICATIONS`].
pub(super) fn row(app: &Application) -> Listed {
    Listed::new(to_json(app))
}

/// An application under the data model's field names; `stage_label` is
/// the stage's Japanese label.
pub(super) fn to_json(app: &Application) -> Value {
    json!({
        "id": app.id,
        "kind": app.kind,
        "employee_id": app.employee_id,
        "name": app.name,
        "referrer": app.referrer,
        "position": app.position,
        "department": app.department,
        "source": app.source,
        "opened_on": app.opened_on,
        "stage": app.stage,
        "stage_label": app.stage_label_ja,
        "stage_entered_on": app.stage_entered_on,
        "outcome": app.outcome,
        "closed_on": app.closed_on,
        "furthest_stage": app.furthest_stage,
        "outcome_reason": app.outcome_reason,
        "outcome_by": app.outcome_by,
        "cost": app.cost,
        "alumnus_id": app.alumnus_id,
        "referrer_id": app.referrer_id,
    })
}

/// An application named on the command line: `12` or `#12`.
fn app_id(raw: &str) -> Result<i64> {
    let trimmed = raw.trim();
    let digits = trimmed.strip_prefix('#').unwrap_or(trimmed);
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            Failure::Usage(format!(
                "{raw:?} is not an application id (a number, e.g. 12 or #12)"
            ))
            .into()
        })
}

/// An optional free-text flag, normalized; given but empty is refused.
pub(super) fn optional_text(flag: &str, raw: Option<String>) -> Result<Option<String>> {
    raw.map(|raw| hand::text(flag, &raw)).transpose()
}

pub(super) fn check_cost(cost: i64) -> Result<()> {
    if cost < 0 {
        return Err(Failure::BadData(format!("--cost {cost} is negative")).into());
    }
    Ok(())
}

/// `--stage`, or the first stage.
pub(super) fn starting_stage<'a>(stages: &'a [Stage], raw: Option<&str>) -> Result<&'a Stage> {
    match raw {
        Some(raw) => stages::find(stages, raw),
        None => stages
            .first()
            .ok_or_else(|| anyhow::anyhow!("the database has no pipeline stages")),
    }
}

/// ", consent overridden" for the audit row of an application opened over
/// an opt-out: that an override was used, never its reason, which may
/// name people.
pub(super) fn overridden_note(new: &NewApplication) -> &'static str {
    if new.consent_override.is_some() {
        ", consent overridden"
    } else {
        ""
    }
}

/// After an application was opened with `--override-consent`: says that
/// the reason was recorded, or that it was not needed (and not stored).
pub(super) fn warn_override(
    context: &Context,
    alumnus: &Alumnus,
    new: &NewApplication,
    given: bool,
    doing: &str,
) {
    if new.consent_override.is_some() {
        context.term.warn(&format!(
            "{} opted out; the reason for {doing} anyway was recorded",
            alumnus.display_name()
        ));
    } else if given {
        context.term.warn(&consent::override_ignored(alumnus));
    }
}

/// An erased person (`alumni forget`) must not be given new records.
pub(super) fn refuse_erased(tx: &Tx<'_>, alumnus_id: i64, who: &str) -> Result<()> {
    match contacts::erased_at(tx, alumnus_id)? {
        Some(when) => Err(Failure::BadData(format!(
            "{who} was erased on request on {}; no application can be opened for them",
            when.get(..10).unwrap_or(&when)
        ))
        .into()),
        None => Ok(()),
    }
}

/// An application of a person erased on request gets no new entries:
/// nothing more is recorded about them.
fn refuse_erased_candidate(tx: &Tx<'_>, app: &Application) -> Result<()> {
    let Some(alumnus) = app.alumnus_id else {
        return Ok(());
    };
    match contacts::erased_at(tx, alumnus)? {
        Some(when) => Err(Failure::BadData(format!(
            "application {} is of #{alumnus}, erased on request on {}; nothing more is recorded about them",
            app.id,
            when.get(..10).unwrap_or(&when)
        ))
        .into()),
        None => Ok(()),
    }
}

fn refuse_closed(app: &Application) -> Result<()> {
    match &app.outcome {
        Some(outcome) => Err(Failure::BadData(format!(
            "application {} was closed ({outcome}) on {}",
            app.id,
            app.closed_on.as_deref().unwrap_or("?")
        ))
        .into()),
        None => Ok(()),
    }
}

/// History is kept in date order: nothing may be dated before the
/// application's latest stage entry.
fn refuse_out_of_order(tx: &Tx<'_>, id: i64, date: &str, what: &str) -> Result<()> {
    if let Some(last) = pipeline::last_entry(tx, id)?
        && date < last.as_str()
    {
        return Err(Failure::BadData(format!(
            "application {id} last changed stage on {last}; {what} dated {date} would put its history out of order"
        ))
        .into());
    }
    Ok(())
}

/// "interview (面接)".
pub(super) fn stage_name(stage: &Stage) -> String {
    format!("{} ({})", stage.key, stage.label_ja)
}

/// What entering `stage` did beyond the move: the last stage closes.
pub(super) fn closing_note(stage: &Stage, stages: &[Stage]) -> &'static str {
    if stages::is_last(stage, stages) {
        "; closed as rejoined"
    } else {
        ""
    }
}
