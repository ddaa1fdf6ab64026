//! `alumni contact add` and `alumni contact list`: the contact history.
//! An outbound contact with an alumnus who opted out is refused unless the
//! reason for contacting them anyway is recorded (APPI).

mod correct;

use anyhow::Result;

use serde_json::json;

use super::consent::{self, Outbound};
use super::{Context, hand, listing};
use crate::cli::contact::{ContactAddArgs, ContactCommand, ContactFilterArgs, ContactListArgs};
use crate::db::contacts::{self, ContactFilter, ContactRow, NewContact};
use crate::db::{Audit, Change, Reader, alumni};
use crate::domain::{Alumnus, Consent, Direction};
use crate::error::Failure;
use crate::export::{Column, Listed, Listing};

/// The contact history as a listing (`contact list`, `export contacts`);
/// the column names are also its JSON keys.
pub(super) static CONTACTS: Listing = Listing::fixed(
    "Contacts",
    "contacts",
    &[
        Column::shown("id"),
        Column::shown("date"),
        Column::shown("employee_id"),
        Column::shown("name"),
        Column::shown("channel"),
        Column::shown("direction"),
        Column::shown("summary"),
        Column::shown("owner"),
        Column::shown("follow_up"),
    ],
);

pub fn run(context: &Context, command: ContactCommand) -> Result<()> {
    match command {
        ContactCommand::Add(args) => add(context, args),
        ContactCommand::List(args) => list(context, &args),
        ContactCommand::Edit(args) => correct::edit(context, args),
        ContactCommand::Delete { id, yes } => correct::delete(context, id, yes),
        ContactCommand::Done { id, date } => correct::done(context, id, date.as_deref()),
        ContactCommand::Snooze { id, to } => correct::snooze(context, id, &to),
    }
}

fn add(context: &Context, args: ContactAddArgs) -> Result<()> {
    // Everything typed is checked before anyone is asked anything.
    let date = hand::date_or_today("--date", args.date.as_deref())?;
    hand::check_planned("--date", &date, args.planned)?;
    let follow_up = match &args.follow_up {
        Some(raw) => Some(hand::date("--follow-up", raw)?),
        None => None,
    };
    if let Some(follow_up) = &follow_up
        && *follow_up < date
    {
        return Err(Failure::BadData(format!(
            "--follow-up {follow_up} is before the contact's date {date}"
        ))
        .into());
    }
    let owner = match &args.owner {
        Some(raw) => Some(hand::text("--owner", raw)?),
        None => None,
    };
    let reason = match &args.override_consent {
        Some(raw) => Some(hand::text("--override-consent", raw)?),
        None => None,
    };

    let mut db = context.db()?;
    // The alumnus is looked up before the prompts, so that nobody types a
    // summary for a person who is not there.
    let alumnus = living(&db, &args.alumnus)?;
    check_consent(&alumnus, args.direction, reason.as_deref())?;
    let channel = hand::choice(
        &context.term,
        args.channel,
        "--channel",
        "Channel (連絡手段)",
    )?;
    let summary = context
        .term
        .require(args.summary, "--summary", "Summary (内容)")?;
    let summary = hand::text("--summary", &summary)?;

    let direction = args.direction;
    // Immediate: the transaction reads, then writes; taking the write lock
    // first means no other writer can slip in between.
    let (id, alumnus, overridden) = db.write("contact add", |tx| {
        // Read again inside the transaction: consent may have changed meanwhile.
        let alumnus = alumni::by_id(tx, alumnus.id)?.unwrap_or(alumnus);
        let consent_override = check_consent(&alumnus, direction, reason.as_deref())?;
        if reason.is_some() && consent_override.is_none() {
            context.term.warn(&if alumnus.consent == Consent::OptedOut {
                "--override-consent ignored: an inbound contact needs no override".to_string()
            } else {
                consent::override_ignored(&alumnus)
            });
        }
        let owner = match owner {
            Some(owner) => owner,
            None => crate::db::actor(tx)?,
        };
        let id = contacts::insert(
            tx,
            &NewContact {
                alumnus_id: alumnus.id,
                date: &date,
                channel,
                direction,
                summary: &summary,
                owner: &owner,
                follow_up: follow_up.as_deref(),
                consent_override,
                planned: args.planned,
            },
        )?;
        // Channel and direction only: the summary may hold personal data.
        let planned = if args.planned { ", planned" } else { "" };
        let mut detail = format!("contact #{id}: {channel}, {direction}{planned}");
        // That an override was used, never its reason: it may name people.
        if consent_override.is_some() {
            detail.push_str(", consent overridden");
        }
        let audit = Audit::new(Some(alumnus.id), detail);
        Ok(Change::audited(
            (id, alumnus, consent_override.is_some()),
            audit,
        ))
    })?;

    println!("{id}");
    let follow = follow_up
        .map(|d| format!(", follow up on {d}"))
        .unwrap_or_default();
    context.term.say(&format!(
        "logged contact #{id} with {} ({channel}, {direction}, {date}{follow})",
        alumnus.display_name()
    ));
    if overridden {
        context
            .term
            .warn("the alumnus opted out; the reason for contacting them was recorded");
    }
    Ok(())
}

fn list(context: &Context, args: &ContactListArgs) -> Result<()> {
    let filter = contact_filter(&args.filter)?;
    let conn = context.reader()?;
    let alumnus_id = match &args.alumnus {
        Some(reference) => Some(alumni::find(&conn, reference)?.id),
        None => None,
    };
    let filter = ContactFilter {
        alumnus_id,
        due_by: args.due.then(hand::today),
        ..filter
    };
    let rows = contacts::list(&conn, &filter)?;
    let count = listing::print(&CONTACTS, &args.output, rows.iter().map(row))?;
    if count == 0 {
        context.term.say(if args.due {
            "no follow-ups due"
        } else {
            "no contacts"
        });
    }
    Ok(())
}

/// The filter the contact flags ask for, shared by `contact list` and `export`.
pub(super) fn contact_filter(args: &ContactFilterArgs) -> Result<ContactFilter> {
    Ok(ContactFilter {
        since: match &args.since {
            Some(raw) => Some(hand::date("--since", raw)?),
            None => None,
        },
        channel: args.channel,
        owner: match &args.owner {
            Some(raw) => Some(hand::text("--owner", raw)?),
            None => None,
        },
        ..ContactFilter::default()
    })
}

/// A contact as a row of [`CONTACTS`].
pub(super) fn row(c: &ContactRow) -> Listed {
    Listed::new(json!({
        "id": c.id,
        "date": c.date,
        "employee_id": c.employee_id,
        "name": c.name,
        "channel": c.channel,
        "direction": c.direction,
        "summary": c.summary,
        "owner": c.owner,
        "follow_up": c.follow_up,
    }))
}

/// The alumnus named, unless their personal data was erased: nobody logs
/// anything about an erased person.
pub(super) fn living(db: &impl Reader, reference: &str) -> Result<Alumnus> {
    alumni::living(db.connection(), reference)
}

/// Refuses an outbound contact with an alumnus who opted out, unless a
/// reason to contact them anyway was given. Returns the reason to record:
/// only one that overrode an opt-out. An inbound contact (the alumnus
/// reached out) is always logged.
fn check_consent<'r>(
    alumnus: &Alumnus,
    direction: Direction,
    reason: Option<&'r str>,
) -> Result<Option<&'r str>> {
    match direction {
        Direction::Outbound => consent::check_outbound(alumnus, Outbound::Contact, reason),
        Direction::Inbound => Ok(None),
    }
}
