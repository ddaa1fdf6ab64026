//! `alumni contact edit|delete|done|snooze`: correcting the contact
//! history and keeping follow-ups. The audit rows name the contact and the
//! fields changed, never what was typed: a summary may hold personal data.

use anyhow::Result;

use crate::cli::contact::ContactEditArgs;
use crate::cmd::{Context, hand};
use crate::db::contacts::{self, Contact};
use crate::db::{Audit, Change};
use crate::error::Failure;
use crate::i18n::tr;

pub(super) fn edit(context: &Context, args: ContactEditArgs) -> Result<()> {
    // Everything typed is checked before the transaction.
    let date = args
        .date
        .as_deref()
        .map(|d| hand::date("--date", d))
        .transpose()?;
    let follow_up = args
        .follow_up
        .as_deref()
        .map(|d| hand::date("--follow-up", d))
        .transpose()?;
    let summary = args
        .summary
        .as_deref()
        .map(|s| hand::text("--summary", s))
        .transpose()?;
    let owner = args
        .owner
        .as_deref()
        .map(|s| hand::text("--owner", s))
        .transpose()?;
    let id = args.id;
    let (fields, contact) = context.write("contact edit", |tx| {
        let before = contacts::get(tx, id)?;
        refuse_erased(tx, &before)?;
        let mut after = before.clone();
        let mut fields = Vec::new();
        if let Some(date) = &date {
            after.date = date.clone();
            fields.push("date");
        }
        if let Some(channel) = args.channel {
            after.channel = channel;
            fields.push("channel");
        }
        if let Some(direction) = args.direction {
            after.direction = direction;
            fields.push("direction");
        }
        if let Some(summary) = &summary {
            after.summary = Some(summary.clone());
            fields.push("summary");
        }
        if let Some(owner) = &owner {
            after.owner = Some(owner.clone());
            fields.push("owner");
        }
        if let Some(follow_up) = &follow_up {
            after.follow_up = Some(follow_up.clone());
            // A new follow-up day is a new follow-up: open again.
            after.follow_up_done_on = None;
            fields.push("follow_up");
        }
        if args.clear_follow_up {
            after.follow_up = None;
            after.follow_up_done_on = None;
            fields.push("follow_up");
        }
        // Planned stays planned while its day is ahead; on or after that
        // day an edit without --planned confirms it.
        let today = hand::today();
        after.planned = args.planned || (before.planned && after.date > today);
        hand::check_planned("--date", &after.date, after.planned)?;
        if after.planned != before.planned {
            fields.push(if after.planned { "planned" } else { "confirmed" });
        }
        if let Some(follow_up) = &after.follow_up
            && *follow_up < after.date
        {
            return Err(Failure::BadData(format!(
                "--follow-up {follow_up} is before the contact's date {}",
                after.date
            ))
            .into());
        }
        if fields.is_empty() {
            return Err(Failure::Usage(format!(
                "nothing to change in contact #{id}: give --date, --channel, --direction, --summary, --owner, --follow-up or --clear-follow-up"
            ))
            .into());
        }
        contacts::update(tx, &after)?;
        let audit = Audit::new(
            Some(after.alumnus_id),
            format!("contact #{id} edited: {}", fields.join(", ")),
        );
        Ok(Change::audited((fields, after), audit))
    })?;
    context.term.say(&format!(
        "contact #{id} changed: {} ({}, {}, {}{})",
        fields.join(", "),
        contact.channel,
        contact.direction,
        contact.date,
        if contact.planned { ", planned" } else { "" }
    ));
    Ok(())
}

pub(super) fn delete(context: &Context, id: i64, yes: bool) -> Result<()> {
    let mut db = context.db()?;
    let contact = contacts::get(&db, id)?;
    // Asked before the write transaction begins: a person deciding must
    // not hold the database's write lock.
    let question = format!(
        "delete contact #{id} ({}, {}, {})?",
        contact.channel, contact.direction, contact.date
    );
    if !context.term.confirm(&question, yes)? {
        context.term.say("nothing deleted");
        return Ok(());
    }
    db.write("contact delete", |tx| {
        let contact = contacts::get(tx, id)?;
        contacts::delete(tx, id)?;
        let audit = Audit::new(
            Some(contact.alumnus_id),
            format!(
                "contact #{id} deleted: {}, {}",
                contact.channel, contact.direction
            ),
        );
        Ok(Change::audited((), audit))
    })?;
    context.term.say(&format!("deleted contact #{id}"));
    Ok(())
}

pub(super) fn done(context: &Context, id: i64, date: Option<&str>) -> Result<()> {
    let date = hand::date_or_today("--date", date)?;
    hand::check_planned("--date", &date, false)?;
    context.write("contact done", |tx| {
        let mut contact = contacts::get(tx, id)?;
        refuse_erased(tx, &contact)?;
        let due = follow_up_of(&contact)?;
        if let Some(done) = &contact.follow_up_done_on {
            return Err(Failure::BadData(format!(
                "the follow-up of contact #{id} (due {due}) was done on {done} already"
            ))
            .into());
        }
        contact.follow_up_done_on = Some(date.clone());
        contacts::update(tx, &contact)?;
        let audit = Audit::new(
            Some(contact.alumnus_id),
            format!("contact #{id}: follow-up done"),
        );
        Ok(Change::audited((), audit))
    })?;
    context
        .term
        .say(&format!("the follow-up of contact #{id} is done ({date})"));
    Ok(())
}

pub(super) fn snooze(context: &Context, id: i64, to: &str) -> Result<()> {
    let to = hand::date("--to", to)?;
    let today = hand::today();
    if to < today {
        return Err(Failure::BadData(tr!("date-in-past", date = &to, today = &today)).into());
    }
    let from = context.write("contact snooze", |tx| {
        let mut contact = contacts::get(tx, id)?;
        refuse_erased(tx, &contact)?;
        let due = follow_up_of(&contact)?;
        if let Some(done) = &contact.follow_up_done_on {
            return Err(Failure::BadData(format!(
                "the follow-up of contact #{id} was done on {done}; give a new one with `alumni contact edit {id} --follow-up DATE`"
            ))
            .into());
        }
        contact.follow_up = Some(to.clone());
        contacts::update(tx, &contact)?;
        let audit = Audit::new(
            Some(contact.alumnus_id),
            format!("contact #{id}: follow-up moved"),
        );
        Ok(Change::audited(due, audit))
    })?;
    context.term.say(&format!(
        "the follow-up of contact #{id} moved from {from} to {to}"
    ));
    Ok(())
}

/// The follow-up day of `contact`; refused when it has none.
fn follow_up_of(contact: &Contact) -> Result<String> {
    contact
        .follow_up
        .clone()
        .ok_or_else(|| Failure::BadData(format!("contact #{} has no follow-up", contact.id)).into())
}

/// Nothing more is recorded about a person erased on request.
fn refuse_erased(tx: &crate::db::Tx<'_>, contact: &Contact) -> Result<()> {
    match contacts::erased_at(tx, contact.alumnus_id)? {
        Some(when) => Err(Failure::BadData(format!(
            "contact #{} is of #{}, erased on request on {}; nothing more is recorded about them",
            contact.id,
            contact.alumnus_id,
            when.get(..10).unwrap_or(&when)
        ))
        .into()),
        None => Ok(()),
    }
}
