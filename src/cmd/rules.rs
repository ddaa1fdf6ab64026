//! `alumni rules`: the departure reason → rehire eligibility rules. A rule
//! decides the eligibility of alumni whose eligibility nobody stated (no
//! value in the file, none typed by a person). Its key is matched against
//! the departure reason first, and then, when it names a leave type
//! (`involuntary`, 会社都合), against the leave type. Imports apply the rules to
//! the rows they write (`crate::domain::rules::apply_rule`); setting or
//! removing a rule here applies it to the alumni already stored.

use anyhow::Result;
use serde_json::json;

use super::{Context, listing};
use crate::cli::ListingArgs;
use crate::cli::contact::RulesCommand;
use crate::db::{Audit, Change, contacts};
use crate::domain::Rehire;
use crate::domain::normalize;
use crate::domain::rules::{for_leave_type, key_leave_type};
use crate::error::Failure;
use crate::export::{Column, Listed, Listing};

/// The rules as a listing; the column names are also its JSON keys.
/// `leave_type` is the leave type the key also matches, if any;
/// `applied_to` counts the stored alumni whose eligibility the rule decided.
static RULES: Listing = Listing::fixed(
    "Rules",
    "rules",
    &[
        Column::shown("leave_reason"),
        Column::shown("leave_type"),
        Column::shown("rehire_eligible"),
        Column::shown("applied_to"),
    ],
);

pub fn run(context: &Context, command: Option<RulesCommand>) -> Result<()> {
    match command.unwrap_or(RulesCommand::List {
        output: ListingArgs::default(),
    }) {
        RulesCommand::List { output } => list(context, &output),
        RulesCommand::Set {
            reason,
            eligibility,
        } => set(context, &reason, &eligibility),
        RulesCommand::Remove { reason } => remove(context, &reason),
    }
}

fn list(context: &Context, args: &ListingArgs) -> Result<()> {
    let conn = context.reader()?;
    let rows = contacts::rules(&conn)?.into_iter().map(|r| {
        Listed::new(json!({
            "leave_reason": r.leave_reason,
            "leave_type": r.leave_type,
            "rehire_eligible": r.rehire_eligible,
            "applied_to": r.applied_to,
        }))
    });
    if listing::print(&RULES, args, rows)? == 0 {
        context
            .term
            .say("no rules yet; add one with e.g. `alumni rules set 懲戒 no`");
    }
    Ok(())
}

fn set(context: &Context, reason: &str, eligibility: &str) -> Result<()> {
    let reason = leave_reason(reason)?;
    let eligibility = match normalize::text(eligibility).and_then(|e| Rehire::parse(&e)) {
        Some(Rehire::Unknown) => {
            return Err(Failure::Usage(format!(
                "a rule cannot make eligibility unknown; to drop the rule: alumni rules remove {reason}"
            ))
            .into());
        }
        Some(value) => value.as_str(),
        None => {
            return Err(Failure::Usage(format!(
                "{eligibility:?} is not an eligibility: use yes, review or no (可, 要相談, 不可)"
            ))
            .into());
        }
    };
    let (before, changed) = context.write("rules set", |tx| {
        refuse_a_second_key_for_one_leave_type(tx, &reason)?;
        let before = contacts::rule(tx, &reason)?;
        let changed = contacts::set_rule(tx, &reason, eligibility)?;
        let was = before.as_deref().unwrap_or("no rule");
        let audit = Audit::new(
            None,
            format!("rule {reason} → {eligibility} (was {was}); {changed} alumni updated"),
        );
        Ok(Change::audited((before, changed), audit))
    })?;
    let verb = if before.is_some() { "changed" } else { "added" };
    let also = key_leave_type(&reason)
        .map(|t| format!(" (and for leave type {t})"))
        .unwrap_or_default();
    context.term.say(&format!(
        "{verb} rule {reason} → {eligibility}{also}; {changed} alumni updated \
         (values from a file or set by hand are kept)"
    ));
    Ok(())
}

fn remove(context: &Context, reason: &str) -> Result<()> {
    let reason = leave_reason(reason)?;
    let changed = context.write("rules remove", |tx| {
        let Some(changed) = contacts::remove_rule(tx, &reason)? else {
            return Err(Failure::NotFound(format!(
                "no rule for {reason:?} (see `alumni rules list`)"
            ))
            .into());
        };
        let audit = Audit::new(
            None,
            format!("rule {reason} removed; {changed} alumni changed"),
        );
        Ok(Change::audited(changed, audit))
    })?;
    context.term.say(&format!(
        "removed rule {reason}; {changed} alumni it had decided are unknown again, \
         or decided by the rule for their leave type"
    ));
    Ok(())
}

/// Refuses a rule whose key names a leave type another rule's key already
/// names (`involuntary` beside 会社都合): one of them would decide that type
/// and the other silently not.
fn refuse_a_second_key_for_one_leave_type(tx: &crate::db::Tx<'_>, key: &str) -> Result<()> {
    let Some(leave_type) = key_leave_type(key) else {
        return Ok(());
    };
    let rules = contacts::rule_map(tx)?;
    if let Some((other, _)) = for_leave_type(&rules, leave_type)
        && other != key
    {
        return Err(Failure::Usage(format!(
            "the rule {other:?} already decides leave type {leave_type} ({}); \
             change it with `alumni rules set {other} …`, or remove it first",
            leave_type.label_ja()
        ))
        .into());
    }
    Ok(())
}

/// A departure reason, normalized as stored `leave_reason` values are, so
/// that a rule typed in full-width characters matches them.
fn leave_reason(raw: &str) -> Result<String> {
    normalize::text(raw)
        .ok_or_else(|| Failure::Usage("the departure reason is empty".into()).into())
}
