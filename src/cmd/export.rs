//! `alumni export roster|contacts|pipeline|events|kpi|mailing-list`: the
//! listings and the KPI report as files for scripts and cron jobs.
//!
//! Each export reads in one transaction, so it sees one snapshot of the
//! database: a change committed while it runs (an import, an edit) is in
//! it entirely or not at all, and neither side waits for the other (WAL).
//! The rows are the listings' own (`list`, `contact list`, `pipeline list`,
//! `event list`); `crate::export` writes them and puts the file in place.
//! `export kpi` is the report of `alumni kpi`, written by `cmd::kpi`.

use std::cell::Cell;

use anyhow::Result;
use serde_json::json;

use super::listing::{csv_options, done, open};
use super::{Context, contact, event, hand, kpi, list, pipeline};
use crate::cli::RosterFilterArgs;
use crate::cli::contact::ContactFilterArgs;
use crate::cli::export::{ExportCommand, OutputArgs};
use crate::cli::pipeline::PipelineFilterArgs;
use crate::db::settings::MailingRule;
use crate::db::{self, Tx, alumni, contacts, settings};
use crate::domain::fiscal::{self, Month};
use crate::domain::{Alumnus, Consent, Field};
use crate::error::Failure;
use crate::export::{Column, Destination, Format, Listed, Listing, Writer};

pub fn run(context: &Context, command: ExportCommand) -> Result<()> {
    match command {
        ExportCommand::Roster { filter, output } => roster(context, &filter, &output),
        ExportCommand::Contacts { filter, output } => contact_history(context, &filter, &output),
        ExportCommand::Pipeline { filter, output } => applications(context, &filter, &output),
        ExportCommand::Events { since, output } => event_summaries(context, since, &output),
        ExportCommand::Kpi { report, output } => kpi::export(context, &report, &output),
        ExportCommand::MailingList { filter, output } => mailing_list(context, &filter, &output),
    }
}

/// Runs an export of `listing`: reads in one transaction; `check` turns
/// what the command line asked for into what `rows` needs (anything
/// refused is refused before the destination is opened, so nothing
/// reaches stdout); then the destination is opened with its placeholders
/// filled in, `rows` writes every row, and the file is put in place. An
/// error anywhere leaves the previous file as it was.
fn export_listing<T>(
    context: &Context,
    output: &OutputArgs,
    listing: &Listing,
    check: impl FnOnce(&Tx<'_>) -> Result<T>,
    rows: impl FnOnce(&Tx<'_>, T, &mut Writer<'_, Destination>) -> Result<()>,
) -> Result<()> {
    let format = format_of(output)?;
    // One snapshot, taken at the first read and kept to the end.
    context.read(|tx| {
        let start = settings::fiscal_year_start(tx)?;
        let checked = check(tx)?;
        let fy = fiscal::fiscal_year_of(Month::of_date(jiff::Zoned::now().date()), start);
        let (destination, shown) = open(context, &output.out, format, fy)?;
        let mut writer = Writer::new(format, listing, csv_options(&output.csv), destination)?;
        rows(tx, checked, &mut writer)?;
        let (destination, count) = writer.finish()?;
        destination.commit()?;
        done(context, &format!("{count} {}", listing.noun), shown);
        Ok(())
    })
}

/// For exports whose filters need nothing from the database.
fn no_check(_: &Tx<'_>) -> Result<()> {
    Ok(())
}

fn format_of(output: &OutputArgs) -> Result<Format> {
    Format::choose(output.format, &output.out)
}

fn roster(context: &Context, filter: &RosterFilterArgs, output: &OutputArgs) -> Result<()> {
    let filter = list::roster_filter(filter)?;
    export_listing(
        context,
        output,
        &list::roster(),
        no_check,
        |conn, (), writer| {
            alumni::for_each(conn, &filter, |alumnus| {
                writer.write(list::AlumnusRow(alumnus))
            })
        },
    )
}

fn contact_history(
    context: &Context,
    filter: &ContactFilterArgs,
    output: &OutputArgs,
) -> Result<()> {
    let filter = contact::contact_filter(filter)?;
    export_listing(
        context,
        output,
        &contact::CONTACTS,
        no_check,
        |conn, (), writer| {
            contacts::for_each(conn, &filter, |row| writer.write(contact::row(&row)))
        },
    )
}

fn applications(context: &Context, filter: &PipelineFilterArgs, output: &OutputArgs) -> Result<()> {
    let department = pipeline::optional_text("--department", filter.department.clone())?;
    // A stage is named by key or label, which only the database knows.
    let check = |conn: &Tx<'_>| pipeline::pipeline_filter(conn, filter, department);
    export_listing(
        context,
        output,
        &pipeline::APPLICATIONS,
        check,
        |conn, filter, writer| {
            for app in db::pipeline::list(conn, &filter)? {
                writer.write(pipeline::row(&app))?;
            }
            Ok(())
        },
    )
}

fn event_summaries(context: &Context, since: Option<String>, output: &OutputArgs) -> Result<()> {
    let since = since.map(|raw| hand::date("--since", &raw)).transpose()?;
    export_listing(
        context,
        output,
        &event::EVENTS,
        no_check,
        |conn, (), writer| {
            for summary in db::events::event_summaries(conn)? {
                if since
                    .as_ref()
                    .is_some_and(|since| summary.event.date < *since)
                {
                    continue;
                }
                writer.write(event::row(&summary))?;
            }
            Ok(())
        },
    )
}

/// A mailing list; the column names are also its JSON keys.
static MAILING_LIST: Listing = Listing::fixed(
    "Mailing list",
    "addresses",
    &[
        Column::shown("employee_id"),
        Column::shown("name"),
        Column::shown("email"),
        Column::shown("department"),
    ],
);

fn mailing_list(context: &Context, filter: &RosterFilterArgs, output: &OutputArgs) -> Result<()> {
    let wanted = filter.consent;
    if wanted == Some(Consent::OptedOut) {
        return Err(Failure::Usage(
            "a mailing list never includes anyone who opted out (--consent opted-out)".into(),
        )
        .into());
    }
    let filter = list::roster_filter(filter)?;
    // Who the list holds is the database's setting; a --consent the rule
    // excludes is refused rather than answered with an empty file.
    let check = |tx: &Tx<'_>| {
        let rule = settings::mailing_consent(tx)?;
        if rule == MailingRule::OptedIn && wanted == Some(Consent::Unknown) {
            return Err(Failure::Usage(format!(
                "--consent unknown: {}; to include unknown consent, \
                 run `alumni config set mailing-consent not-opted-out`",
                describe_rule(rule)
            ))
            .into());
        }
        Ok(rule)
    };
    // (alumni the filters selected, alumni on the list), for the summary.
    let counted = Cell::new((0u64, 0u64));
    let rule = Cell::new(MailingRule::OptedIn);
    export_listing(
        context,
        output,
        &MAILING_LIST,
        check,
        |conn, chosen, writer| {
            rule.set(chosen);
            // `for_each` never yields an erased alumnus.
            alumni::for_each(conn, &filter, |alumnus| {
                let (selected, listed) = counted.get();
                let mailed = may_be_mailed(&alumnus, chosen);
                counted.set((selected + 1, listed + u64::from(mailed)));
                if !mailed {
                    return Ok(());
                }
                writer.write(Listed::new(json!({
                    "employee_id": alumnus.get(Field::EmployeeId),
                    "name": alumnus.get(Field::Name),
                    "email": alumnus.get(Field::Email),
                    "department": alumnus.get(Field::Department),
                })))
            })
        },
    )?;
    // On stderr, so that the data (CSV, JSON) holds nothing but the list.
    let (selected, listed) = counted.get();
    context.term.say(&format!(
        "mailing list: {}; {listed} of {selected} alumni",
        describe_rule(rule.get())
    ));
    Ok(())
}

/// "opted-in alumni only (mailing-consent = opted-in)".
fn describe_rule(rule: MailingRule) -> String {
    let who = match rule {
        MailingRule::OptedIn => "opted-in alumni only",
        MailingRule::NotOptedOut => "alumni who have not opted out, unknown consent included",
    };
    format!("{who} (mailing-consent = {})", rule.as_str())
}

/// Has an address and may be mailed under `rule`: never anyone opted out;
/// unknown consent only when the rule is `not-opted-out`.
fn may_be_mailed(alumnus: &Alumnus, rule: MailingRule) -> bool {
    consents(alumnus.consent, rule) && alumnus.get(Field::Email).is_some()
}

/// Whether `consent` lets an alumnus be sent to under `rule` (the mailing
/// list's, and a campaign's): never anyone opted out; unknown consent only
/// when the rule is `not-opted-out`.
pub(super) fn consents(consent: Consent, rule: MailingRule) -> bool {
    match rule {
        MailingRule::OptedIn => consent == Consent::OptedIn,
        MailingRule::NotOptedOut => consent != Consent::OptedOut,
    }
}
