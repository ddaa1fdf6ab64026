//! `alumni retention`: the alumni past the retention period, with why each
//! is listed; `--erase` erases them all in one transaction, as `alumni
//! forget` does, after asking (`--yes` in a script).

use anyhow::Result;
use jiff::civil::Date;
use serde_json::json;

use super::{Context, forget, hand, listing};
use crate::cli::people::RetentionArgs;
use crate::db::privacy::{self, RetentionCandidate};
use crate::db::{Audit, Change, Tx, audit, settings};
use crate::domain::retention::{self, Dates, Expired};
use crate::domain::{Alumnus, Field};
use crate::export::{Column, Listed, Listing};

/// The alumni past the period as a listing; the column names are also its
/// JSON keys.
static PAST: Listing = Listing::fixed(
    "Past retention",
    "alumni",
    &[
        Column::shown("id"),
        Column::shown("employee_id"),
        Column::shown("name"),
        Column::shown("department"),
        Column::shown("leave_date"),
        Column::shown("last_contact"),
        Column::shown("kept_until"),
    ],
);

pub fn run(context: &Context, args: &RetentionArgs) -> Result<()> {
    if args.erase && !args.yes && !context.term.interactive {
        // Refused before anything is listed: a script gets no half answer.
        return Err(crate::error::Failure::Usage(
            "retention --erase: give --yes to confirm (no terminal to ask on)".into(),
        )
        .into());
    }
    // Listing only reads; erasing needs the database as it is, never a new one.
    let mut db = if args.erase {
        context.db()?
    } else {
        context.reader()?
    };
    let today: Date = hand::today().parse()?;
    let mut writer = listing::start(&PAST, &args.output)?;
    let mut shown: Vec<i64> = Vec::new();
    let (years, listed) = db.read(|tx| {
        let years = settings::retention_years(tx)?;
        let listed = each_past(tx, years, today, |candidate, expired| {
            if args.erase {
                shown.push(candidate.alumnus.id);
            }
            writer.write(row(&candidate, &expired))
        })?;
        Ok((years, listed))
    })?;
    shown.sort_unstable();
    listing::end(writer)?;
    context.term.say(&format!(
        "{listed} alumni past the retention period of {years} years (after the later of leaving \
         and the last contact; alumni config set retention-years N changes it)"
    ));
    if !args.erase || listed == 0 {
        return Ok(());
    }
    let question = crate::i18n::tr!("prompt-retention-erase", count = listed);
    if !context.term.confirm(&question, args.yes)? {
        context.term.say("nothing erased");
        return Ok(());
    }
    let today_text = today.to_string();
    let erased = db.write("retention", |tx| {
        // Decided again inside the transaction: a contact logged since
        // the listing keeps its alumnus, and one who was not listed (the
        // period shortened, a leaving date moved back, since) is never
        // erased unseen: the whole erasure is refused. Each gets an audit
        // row of its own, written as it is found rather than held until
        // the commit.
        let years = settings::retention_years(tx)?;
        let actor = audit::actor(tx)?;
        privacy::begin_marking(tx)?;
        let mut unlisted = 0;
        each_past(tx, years, today, |candidate, _| {
            let id = candidate.alumnus.id;
            if shown.binary_search(&id).is_err() {
                unlisted += 1;
                return Ok(());
            }
            privacy::mark(tx, id)?;
            audit::record_as(
                tx,
                &actor,
                "retention",
                Some(id),
                &format!("erased #{id} past the retention period of {years} years"),
            )
        })?;
        if unlisted > 0 {
            anyhow::bail!(crate::i18n::tr!("retention-changed", count = unlisted));
        }
        let erased = privacy::erase_marked(tx, &today_text)?;
        if erased.people == 0 {
            return Ok(Change::discarded(0));
        }
        let summary = format!(
            "erased {} alumni past the retention period of {years} years",
            erased.people
        );
        Ok(Change::audited(erased.people, Audit::new(None, summary)))
    })?;
    context.term.say(&format!(
        "erased the personal data of {erased} alumni on {today_text}"
    ));
    forget::after_erasure(context, &db, erased)
}

/// Calls `each` for every alumnus whose period has run out by `today`,
/// with when it did; returns how many there were.
fn each_past(
    tx: &Tx<'_>,
    years: u32,
    today: Date,
    mut each: impl FnMut(RetentionCandidate, Expired) -> Result<()>,
) -> Result<u64> {
    let mut count = 0;
    privacy::retention_candidates(tx, |candidate| {
        let a = &candidate.alumnus;
        let dates = Dates {
            left_on: a.get(Field::LeaveDate),
            last_contact: candidate.last_contact.as_deref(),
            created_at: &a.created_at,
            consent: a.consent,
            consent_date: a.consent_date.as_deref(),
        };
        match retention::expired(&dates, years, today) {
            Some(expired) => {
                count += 1;
                each(candidate, expired)
            }
            None => Ok(()),
        }
    })?;
    Ok(count)
}

fn row(candidate: &RetentionCandidate, expired: &Expired) -> Listed {
    let a: &Alumnus = &candidate.alumnus;
    Listed::new(json!({
        "id": a.id,
        "employee_id": a.get(Field::EmployeeId),
        "name": a.get(Field::Name),
        "department": a.get(Field::Department),
        "leave_date": a.get(Field::LeaveDate),
        "last_contact": candidate.last_contact,
        "kept_until": expired.ended_on.to_string(),
    }))
}
