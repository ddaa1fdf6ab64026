//! `alumni event`: add events, record who was invited, registered and
//! attended (by name on the command line or from a sign-up sheet), and list
//! events with their attendance.
//!
//! A sign-up sheet is matched row by row: by email, else by employee ID.
//! Rows that match nobody are listed on stderr with their file and row and
//! do not stop the rest; a sheet none of whose rows matches is refused
//! (exit 65) with nothing recorded, as that is the wrong file or the wrong
//! sheet far more often than a room full of strangers.
//!
//! A sheet's status column (出欠, 参加/不参加, Attended …) decides each
//! row's status; an empty cell means what the command says. An absentee is
//! never recorded as attended: on an attendance sheet (`attend`) they are
//! recorded as registered, since a check-in list names those who signed
//! up; on a registration or invitation sheet as invited, since 不参加 there
//! is an invitation declined. Statuses only move forward, so someone
//! recorded further along before keeps that.

use std::collections::HashSet;
use std::path::Path;

use anyhow::Result;

use serde_json::{Value, json};

use super::consent::{self, Outbound};
use super::{Context, hand, listing};
use crate::cli::ListingArgs;
use crate::cli::events::{AttendanceArgs, EventCommand};
use crate::db::events::{self as store, Event, NewEvent, Recorded};
use crate::db::{Audit, Change, Tx, alumni, targets};
use crate::domain::fiscal::Month;
use crate::domain::{Alumnus, Attendance, Consent, EventKind, Field};
use crate::error::Failure;
use crate::export::{Column, Listed, Listing};
use crate::i18n::tr;
use crate::import::signup::{self, Reply, SignUp};

pub fn run(context: &Context, command: EventCommand) -> Result<()> {
    match command {
        EventCommand::Add {
            name,
            date,
            kind,
            location,
            cost,
        } => add(context, &name, date, kind, location.as_deref(), cost),
        EventCommand::Invite {
            people,
            override_consent,
        } => {
            let reason = override_consent
                .map(|raw| hand::text("--override-consent", &raw))
                .transpose()?;
            attendance(context, &people, Attendance::Invited, reason.as_deref())
        }
        EventCommand::Register(args) => attendance(context, &args, Attendance::Registered, None),
        EventCommand::Attend(args) => attendance(context, &args, Attendance::Attended, None),
        EventCommand::List { output } => list(context, &output),
    }
}

fn add(
    context: &Context,
    name: &str,
    date: Option<String>,
    kind: Option<EventKind>,
    location: Option<&str>,
    cost: i64,
) -> Result<()> {
    // Everything is checked, and asked for, before the database is opened:
    // a refused command leaves no trace, not even a new database file.
    let name = hand::text("NAME", name)?;
    let date = context.term.require(date, "--date", "Date (開催日)")?;
    let date = hand::date("--date", &date)?;
    let kind = hand::choice(&context.term, kind, "--kind", "Kind (種類)")?;
    let location = location.map(|l| hand::text("--location", l)).transpose()?;
    if cost < 0 {
        return Err(Failure::BadData(format!("--cost {cost} is negative")).into());
    }

    let (id, namesakes, entered) = context.write("event add", |tx| {
        let namesakes = store::events_named(tx, &name)?;
        // Attendance contacts are told apart by event name and date, and a
        // second event of both is a typing slip far more often than a plan.
        if let Some(same) = namesakes.iter().find(|e| e.date == date) {
            return Err(Failure::BadData(format!(
                "there is already an event {name:?} on {date} (#{})",
                same.id
            ))
            .into());
        }
        let id = store::insert_event(
            tx,
            &NewEvent {
                name: &name,
                date: &date,
                kind,
                location: location.as_deref(),
                cost,
            },
        )?;
        let audit = Audit::new(None, format!("added event #{id} ({kind}, {date})"));
        let entered = entered_event_spend(tx, &date, cost)?;
        Ok(Change::audited((id, namesakes, entered), audit))
    })?;
    println!("{id}");
    context
        .term
        .say(&format!("added event #{id}: {name} ({kind}, {date})"));
    if !namesakes.is_empty() {
        context.term.warn(&format!(
            "another event is named {name:?}; name this one by its id, {id}"
        ));
    }
    if let Some((month, amount)) = entered {
        context.term.warn(&tr!(
            "event-also-spend",
            month = month.to_string(),
            amount = super::spend::yen_text(amount)
        ));
    }
    Ok(())
}

/// The spend entered for channel `event` in the month of an event with a
/// cost, when there is some: that money may be this event's cost again.
fn entered_event_spend(tx: &Tx<'_>, date: &str, cost: i64) -> Result<Option<(Month, i64)>> {
    let Some(month) = date.get(..7).and_then(|m| m.parse::<Month>().ok()) else {
        return Ok(None);
    };
    if cost == 0 {
        return Ok(None);
    }
    Ok(targets::spend_of(tx, month, "event")?
        .filter(|row| row.amount > 0)
        .map(|row| (month, row.amount)))
}

/// The alumnus a sign-up row names, or what was tried in vain.
fn match_sign_up(conn: &Tx<'_>, sign_up: &SignUp) -> Result<Result<Alumnus, String>> {
    let mut tried = Vec::new();
    match &sign_up.email {
        Ok(Some(email)) => match alumni::by_field(conn, Field::Email, email)? {
            Some(alumnus) => return Ok(Ok(alumnus)),
            None => tried.push(format!("email {email:?}")),
        },
        Ok(None) => {}
        Err(why) => tried.push(format!("email {why}")),
    }
    if let Some(id) = &sign_up.employee_id {
        match alumni::by_field(conn, Field::EmployeeId, id)? {
            Some(alumnus) => return Ok(Ok(alumnus)),
            None => tried.push(format!("employee ID {id:?}")),
        }
    }
    Ok(Err(if tried.is_empty() {
        "no email or employee ID to match".to_string()
    } else {
        format!("no alumnus with {}", tried.join(" or "))
    }))
}

/// What one `invite`, `register` or `attend` did.
#[derive(Debug, Default)]
struct Tally {
    moved: u64,
    already: u64,
    unmatched: u64,
    contacts: u64,
    /// Invited although they opted out, with the reason recorded.
    overridden: u64,
}

/// `invite`, `register` or `attend`; `reason` is `--override-consent`,
/// which only an invitation takes (registering and attending are the
/// alumnus's own doing).
fn attendance(
    context: &Context,
    args: &AttendanceArgs,
    status: Attendance,
    reason: Option<&str>,
) -> Result<()> {
    if args.alumni.is_empty() && args.from.is_none() {
        return Err(Failure::Usage(format!(
            "whom? name alumni (employee ID, email or #id), or give --from FILE: \
             alumni event {} EVENT 00123 taro@example.jp",
            command_of(status)
        ))
        .into());
    }
    if args.sheet.is_some() && args.from.is_none() {
        return Err(Failure::Usage("--sheet needs --from FILE".into()).into());
    }
    // The file is read before the write lock is taken.
    let sign_ups = match &args.from {
        Some(path) => signup::read(path, args.sheet.as_deref())?,
        None => Vec::new(),
    };

    let action = format!("event {}", command_of(status));
    let (event, summary, overridden, unmatched) = context.write(&action, |tx| {
        record_attendance(context, args, status, reason, &sign_ups, tx)
    })?;
    if let Some(path) = &args.from {
        context
            .term
            .say(&sheet_summary(path, status, &sign_ups, unmatched));
    }
    context
        .term
        .say(&format!("{}: {summary}", describe(&event)));
    if reason.is_some() && !overridden {
        context
            .term
            .warn("--override-consent ignored: nobody invited has opted out");
    }
    Ok(())
}

/// The work of `invite`, `register` and `attend`, in their write
/// transaction: the event and the people, then their status; returns the
/// event and what was done.
fn record_attendance(
    context: &Context,
    args: &AttendanceArgs,
    status: Attendance,
    reason: Option<&str>,
    sign_ups: &[SignUp],
    tx: &Tx<'_>,
) -> Result<Change<(Event, String, bool, u64)>> {
    let verb = status.as_str();
    let event = store::find_event(tx, &args.event)?;
    // Everyone named on the command line must exist before anything is
    // written; each comes with where it was named: the sheet's file:row, if
    // from a sheet.
    let mut people: Vec<(Alumnus, Option<String>, Attendance)> = args
        .alumni
        .iter()
        .map(|reference| Ok((alumni::living(tx, reference)?, None, status)))
        .collect::<Result<_>>()?;
    let mut tally = Tally::default();
    if let Some(path) = &args.from {
        let mut from_file = 0;
        for sign_up in sign_ups {
            match match_sign_up(tx, sign_up)? {
                Ok(alumnus) => {
                    warn_if_keys_disagree(context, path, sign_up, &alumnus);
                    let origin = format!("{}:{}", path.display(), sign_up.row);
                    people.push((alumnus, Some(origin), row_status(status, sign_up.reply)));
                    from_file += 1;
                }
                Err(why) => {
                    // Listed even with --quiet: these rows were not recorded.
                    let why = crate::output::visible(&why);
                    eprintln!("{}:{}: {why}", path.display(), sign_up.row);
                    tally.unmatched += 1;
                }
            }
        }
        if from_file == 0 {
            return Err(Failure::BadData(format!(
                "{}: no row matches an alumnus; nothing was recorded",
                path.display()
            ))
            .into());
        }
    }
    // Only an invitation this command makes is outbound: a row the sheet
    // records as registered or attended was the alumnus's own doing.
    let invited_here =
        |row_status: Attendance| status == Attendance::Invited && row_status == Attendance::Invited;
    if reason.is_none() {
        let to_invite: Vec<_> = people
            .iter()
            .filter(|(_, _, s)| invited_here(*s))
            .map(|(a, origin, _)| (a.clone(), origin.clone()))
            .collect();
        refuse_opted_out(&to_invite)?;
    }
    for (alumnus, _, row_status) in &people {
        let consent_override = if invited_here(*row_status) {
            consent::check_outbound(alumnus, Outbound::Invitation, reason)?
        } else {
            None
        };
        tally.overridden += u64::from(consent_override.is_some());
        let recorded =
            store::record_status(tx, event.id, alumnus.id, *row_status, consent_override)?;
        // The command's own tally counts the rows of its own status; the
        // others a status column decided are in the sheet's summary line.
        if *row_status == status {
            match recorded {
                Recorded::Moved => tally.moved += 1,
                Recorded::Already => tally.already += 1,
            }
        }
        // Attendance counts as contact; once per event and alumnus, which
        // the contact check makes hold even for someone already attended.
        if *row_status == Attendance::Attended
            && store::log_attendance_contact(tx, &event, alumnus.id)?
        {
            tally.contacts += 1;
        }
    }
    let summary = summary(&tally, verb);
    let audit = Audit::new(None, format!("event #{}: {summary}", event.id));
    let overridden = tally.overridden > 0;
    Ok(Change::audited(
        (event, summary, overridden, tally.unmatched),
        audit,
    ))
}

/// Refuses an invitation that reaches anyone who opted out, naming every
/// one of them (a sheet's with their file and row), so that one run shows
/// all there is to fix; nothing is recorded.
fn refuse_opted_out(people: &[(Alumnus, Option<String>)]) -> Result<()> {
    let mut seen = HashSet::new();
    let opted_out: Vec<&(Alumnus, Option<String>)> = people
        .iter()
        .filter(|(a, _)| a.consent == Consent::OptedOut && seen.insert(a.id))
        .collect();
    let at = |origin: &Option<String>| {
        origin
            .as_ref()
            .map(|o| format!("{o}: "))
            .unwrap_or_default()
    };
    match opted_out.as_slice() {
        [] => Ok(()),
        [(alumnus, origin)] => Err(Failure::BadData(format!(
            "{}{}",
            at(origin),
            consent::opted_out_refusal(alumnus, Outbound::Invitation)
        ))
        .into()),
        many => {
            let lines: Vec<String> = many
                .iter()
                .map(|(alumnus, origin)| {
                    format!("  {}{}", at(origin), consent::opted_out_line(alumnus))
                })
                .collect();
            Err(Failure::BadData(format!(
                "{} of the alumni to invite opted out of being contacted (連絡拒否), \
                 so inviting them is refused and nothing was recorded:\n{}\n{}",
                many.len(),
                lines.join("\n"),
                consent::how_to_override(Outbound::Invitation)
            ))
            .into())
        }
    }
}

/// The status a sheet's row records under a command of `status`: what its
/// status cell says, the command's own meaning for an empty cell, and for
/// an absentee one short of attending what the sheet is for (see the
/// module doc).
fn row_status(status: Attendance, reply: Option<Reply>) -> Attendance {
    match reply {
        None => status,
        Some(Reply::Attended) => Attendance::Attended,
        Some(Reply::Registered) => Attendance::Registered,
        Some(Reply::Absent) if status == Attendance::Attended => Attendance::Registered,
        Some(Reply::Absent) => Attendance::Invited,
    }
}

/// "受付名簿.xlsx: 12 rows: 9 attended, 2 absent, 1 registered; 1 row
/// matched nobody": what the sheet says, row by row, matched or not.
fn sheet_summary(path: &Path, status: Attendance, sign_ups: &[SignUp], unmatched: u64) -> String {
    let mut counts = [0u64; 4]; // attended, absent, registered, invited
    for sign_up in sign_ups {
        let slot = match (sign_up.reply, status) {
            (Some(Reply::Attended), _) | (None, Attendance::Attended) => 0,
            (Some(Reply::Absent), _) => 1,
            (Some(Reply::Registered), _) | (None, Attendance::Registered) => 2,
            (None, Attendance::Invited) => 3,
        };
        counts[slot] += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .zip([
            "signup-count-attended",
            "signup-count-absent",
            "signup-count-registered",
            "signup-count-invited",
        ])
        .filter(|(count, _)| **count > 0)
        .map(|(count, key)| crate::i18n::text(key, &[("count", (*count).into())]))
        .collect();
    let counts = parts.join(&tr!("signup-separator"));
    let file = path.display().to_string();
    let rows = sign_ups.len();
    if unmatched == 0 {
        tr!("signup-read", file = file, rows = rows, counts = counts)
    } else {
        tr!(
            "signup-read-unmatched",
            file = file,
            rows = rows,
            counts = counts,
            unmatched = unmatched
        )
    }
}

fn command_of(status: Attendance) -> &'static str {
    match status {
        Attendance::Invited => "invite",
        Attendance::Registered => "register",
        Attendance::Attended => "attend",
    }
}

fn describe(event: &Event) -> String {
    format!("#{} {} ({})", event.id, event.name, event.date)
}

/// "2 attended, 1 already attended, 1 unmatched, 2 contacts logged".
fn summary(tally: &Tally, verb: &str) -> String {
    let further = if verb == "attended" {
        ""
    } else {
        " or further"
    };
    let mut parts = vec![
        format!("{} {verb}", tally.moved),
        format!("{} already {verb}{further}", tally.already),
        format!("{} unmatched", tally.unmatched),
    ];
    if verb == "attended" {
        parts.push(format!("{} contacts logged", tally.contacts));
    }
    if tally.overridden > 0 {
        parts.push(format!("{} with consent overridden", tally.overridden));
    }
    parts.join(", ")
}

/// A row matched by email whose employee ID belongs to someone else is
/// still taken by email (the form's own field), but worth a look.
fn warn_if_keys_disagree(context: &Context, path: &Path, sign_up: &SignUp, alumnus: &Alumnus) {
    let matched_by_email =
        matches!(&sign_up.email, Ok(Some(e)) if alumnus.get(Field::Email) == Some(e));
    if let Some(id) = &sign_up.employee_id
        && matched_by_email
        && alumnus.get(Field::EmployeeId) != Some(id.as_str())
    {
        context.term.warn(&format!(
            "{}:{}: matched {} by email; the employee ID {id:?} in the row is not theirs",
            path.display(),
            sign_up.row,
            alumnus.display_name()
        ));
    }
}

fn list(context: &Context, args: &ListingArgs) -> Result<()> {
    let conn = context.reader()?;
    let summaries = store::event_summaries(&conn)?;
    listing::print(&EVENTS, args, summaries.iter().map(row))?;
    Ok(())
}

/// An event as a row of [`EVENTS`]. People read the attendance rate as a
/// percentage; programs get the ratio.
pub(super) fn row(s: &store::EventSummary) -> Listed {
    Listed::shown_as(to_json(s, false), to_json(s, true))
}

fn to_json(s: &store::EventSummary, as_percent: bool) -> Value {
    let rate = (s.invited > 0).then(|| s.attended as f64 / s.invited as f64);
    let rate = match (as_percent, rate) {
        (_, None) => Value::Null,
        (true, Some(r)) => json!(format!("{:.1}%", r * 100.0)),
        (false, Some(r)) => json!((r * 10_000.0).round() / 10_000.0),
    };
    json!({
        "id": s.event.id,
        "name": s.event.name,
        "date": s.event.date,
        "kind": s.event.kind,
        "location": s.event.location,
        "invited": s.invited,
        "registered": s.registered,
        "attended": s.attended,
        "attendance_rate": rate,
    })
}

/// Events as a listing (`event list`, `export events`); the column names
/// are also its JSON keys.
pub(super) static EVENTS: Listing = Listing::fixed(
    "Events",
    "events",
    &[
        Column::shown("id"),
        Column::shown("name"),
        Column::shown("date"),
        Column::shown("kind"),
        Column::shown("location"),
        Column::shown("invited"),
        Column::shown("registered"),
        Column::shown("attended"),
        Column::shown("attendance_rate"),
    ],
);
