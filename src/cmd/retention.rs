//! `alumni retention`: the alumni past the retention period, with why each
//! is listed; `--erase` erases them all in one transaction, as `alumni
//! forget` does, after asking (`--yes` in a script).

use anyhow::Result;
use jiff::civil::Date;
use serde_json::json;

use super::{Context, forget, hand, listing};
use crate::cli::people::RetentionArgs;
use crate::db::privacy::{self, RetentionCandidate};
use crate::db::{Audit, Change, Tx, settings};
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
        context.existing()?
    } else {
        context.reader()?
    };
    let today: Date = hand::today().parse()?;
    let (years, listed) = db.read(|tx| {
        let years = settings::retention_years(tx)?;
        Ok((
            years,
            past(privacy::retention_candidates(tx)?, years, today),
        ))
    })?;
    let rows = listed
        .iter()
        .map(|(candidate, expired)| row(candidate, expired));
    listing::print(&PAST, &args.output, rows)?;
    let summary = format!(
        "{} alumni past the retention period of {years} years (after the later of leaving \
         and the last contact; alumni config set retention-years N changes it)",
        listed.len()
    );
    context.term.say(&summary);
    if !args.erase || listed.is_empty() {
        return Ok(());
    }
    let question = format!(
        "erase the personal data of these {} alumni? This cannot be undone",
        listed.len()
    );
    if !context.term.confirm(&question, args.yes)? {
        context.term.say("nothing erased");
        return Ok(());
    }
    let today_text = today.to_string();
    let erased = db.write("retention", |tx| {
        // Decided again inside the transaction: a contact logged since
        // the listing keeps its alumnus.
        let years = settings::retention_years(tx)?;
        let now_past = past_now(tx, years, today)?;
        let mut audits = Vec::with_capacity(now_past.len());
        for (candidate, _) in &now_past {
            privacy::erase(tx, &candidate.alumnus, &today_text)?;
            audits.push(Audit::new(
                Some(candidate.alumnus.id),
                format!(
                    "erased #{} past the retention period of {years} years",
                    candidate.alumnus.id
                ),
            ));
        }
        let count = audits.len();
        let mut audits = audits.into_iter();
        let Some(first) = audits.next() else {
            return Ok(Change::discarded(0));
        };
        Ok(audits.fold(Change::audited(count, first), Change::and))
    })?;
    context.term.say(&format!(
        "erased the personal data of {erased} alumni on {today_text}"
    ));
    forget::after_erasure(context, &db, erased)
}

fn past_now(conn: &Tx<'_>, years: u32, today: Date) -> Result<Vec<(RetentionCandidate, Expired)>> {
    Ok(past(privacy::retention_candidates(conn)?, years, today))
}

/// The candidates whose period has run out, with when it did.
fn past(
    candidates: Vec<RetentionCandidate>,
    years: u32,
    today: Date,
) -> Vec<(RetentionCandidate, Expired)> {
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let a = &candidate.alumnus;
            let dates = Dates {
                left_on: a.get(Field::LeaveDate),
                last_contact: candidate.last_contact.as_deref(),
                created_at: &a.created_at,
                consent: a.consent,
                consent_date: a.consent_date.as_deref(),
            };
            let expired = retention::expired(&dates, years, today)?;
            Some((candidate, expired))
        })
        .collect()
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
