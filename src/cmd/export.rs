//! `alumni export roster|contacts|pipeline|events|kpi|mailing-list`: the
//! listings and the KPI report as files for scripts and cron jobs.
//!
//! Each export reads in one transaction, so it sees one snapshot of the
//! database: a change committed while it runs (an import, an edit) is in
//! it entirely or not at all, and neither side waits for the other (WAL).
//! The rows are the listings' own (`list`, `contact list`, `pipeline list`,
//! `event list`, `kpi`); `crate::export` writes them and puts the file in
//! place.

use std::io::Write;

use anyhow::Result;
use rusqlite::Connection;
use serde_json::json;

use super::listing::{csv_options, done, open};
use super::{Context, contact, event, hand, kpi, list, pipeline};
use crate::cli::RosterFilterArgs;
use crate::cli::contact::ContactFilterArgs;
use crate::cli::export::{ExportCommand, OutputArgs};
use crate::cli::pipeline::PipelineFilterArgs;
use crate::cli::report::PeriodArgs;
use crate::db::{self, alumni, contacts, settings};
use crate::domain::fiscal::{self, Month};
use crate::domain::{Alumnus, By, Consent, Counting, Field, Lang};
use crate::error::Failure;
use crate::export::{Column, Destination, Format, Listed, Listing, Texts, Writer};
use crate::report::workbook;

pub fn run(context: &Context, command: ExportCommand) -> Result<()> {
    match command {
        ExportCommand::Roster { filter, output } => roster(context, &filter, &output),
        ExportCommand::Contacts { filter, output } => contact_history(context, &filter, &output),
        ExportCommand::Pipeline { filter, output } => applications(context, &filter, &output),
        ExportCommand::Events { since, output } => event_summaries(context, since, &output),
        ExportCommand::Kpi {
            period,
            count,
            by,
            lang,
            output,
            pseudonymize,
        } => kpi_report(context, &period, count, by.by, lang, pseudonymize, &output),
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
    check: impl FnOnce(&Connection) -> Result<T>,
    rows: impl FnOnce(&Connection, T, &mut Writer<'_, Destination>) -> Result<()>,
) -> Result<()> {
    let format = format_of(output)?;
    let mut conn = context.open_db()?;
    // Deferred: the snapshot is taken at the first read and kept to the end.
    let tx = conn.transaction()?;
    let start = settings::fiscal_year_start(&tx)?;
    let checked = check(&tx)?;
    let fy = fiscal::fiscal_year_of(Month::of_date(jiff::Zoned::now().date()), start);
    let (destination, shown) = open(context, &output.out, format, fy)?;
    let mut writer = Writer::new(format, listing, csv_options(&output.csv), destination)?;
    rows(&tx, checked, &mut writer)?;
    let (destination, count) = writer.finish()?;
    destination.commit()?;
    done(context, &format!("{count} {}", listing.noun), shown);
    Ok(())
}

/// For exports whose filters need nothing from the database.
fn no_check(_: &Connection) -> Result<()> {
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
    let check = |conn: &Connection| pipeline::pipeline_filter(conn, filter, department);
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

/// The KPI report: the workbook, its stage table as CSV, or the whole
/// report as JSON; with `by`, CSV and JSON hold one report per group (the
/// workbook is split its own way and refuses it).
pub(super) fn kpi_report(
    context: &Context,
    period: &PeriodArgs,
    counting: Counting,
    by: Option<By>,
    lang: Option<Lang>,
    pseudonymize: bool,
    output: &OutputArgs,
) -> Result<()> {
    let format = format_of(output)?;
    if format == Format::Xlsx && by.is_some() {
        return Err(kpi::workbook_refuses_by());
    }
    let mut conn = context.open_db()?;
    // One snapshot for the several queries of the report.
    let tx = conn.transaction()?;
    let start = settings::fiscal_year_start(&tx)?;
    let period = kpi::choose_period(period, start)?;
    let lang = kpi::language(&tx, lang)?;
    let fy = fiscal::fiscal_year_of(Month::of_date(period.from), start);
    if let Some(by) = by {
        let groups = crate::report::kpi_by(&tx, period, counting, by, start)?;
        let (mut destination, shown) = open(context, &output.out, format, fy)?;
        let what = if format == Format::Json {
            let json = crate::report::by::to_json(by, &groups);
            serde_json::to_writer_pretty(&mut destination, &json)?;
            writeln!(destination)?;
            format!("the KPI report by {}", by.name())
        } else {
            let (header, records) = crate::report::render::group_records(&groups, lang);
            let (written, rows) = write_texts(format, &header, records, destination, output)?;
            destination = written;
            format!("{rows} rows of the KPI report by {}", by.name())
        };
        destination.commit()?;
        done(context, &what, shown);
        return Ok(());
    }
    let (mut destination, shown) = open(context, &output.out, format, fy)?;
    let what = if format == Format::Xlsx {
        let options = workbook::Options { lang, pseudonymize };
        let written = workbook::write(&tx, period, counting, &options, &mut destination)?;
        format!(
            "the KPI workbook ({} applications on its data sheet)",
            written.applications
        )
    } else if format == Format::Json {
        let report = crate::report::kpi_report(&tx, period, counting)?;
        serde_json::to_writer_pretty(&mut destination, &report.to_json())?;
        writeln!(destination)?;
        "the KPI report".to_string()
    } else {
        let report = crate::report::kpi_report(&tx, period, counting)?;
        let (header, records) = crate::report::render::stage_records(&report, lang);
        let (written, rows) = write_texts(format, &header, records, destination, output)?;
        destination = written;
        format!("{rows} stages of the KPI report")
    };
    destination.commit()?;
    done(context, &what, shown);
    Ok(())
}

/// Rows of text under their columns (the KPI stage table) through the
/// writer; gives the destination back with the number of rows.
fn write_texts(
    format: Format,
    header: &[&'static str],
    records: Vec<Vec<String>>,
    destination: Destination,
    output: &OutputArgs,
) -> Result<(Destination, u64)> {
    let listing = Listing::of(
        "KPI",
        "rows",
        header.iter().map(|h| Column::shown(h)).collect(),
    );
    let mut writer = Writer::new(format, &listing, csv_options(&output.csv), destination)?;
    for values in records {
        writer.write(Texts(values))?;
    }
    writer.finish()
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
    if filter.consent == Some(Consent::OptedOut) {
        return Err(Failure::Usage(
            "a mailing list never includes anyone who opted out (--consent opted_out)".into(),
        )
        .into());
    }
    let filter = list::roster_filter(filter)?;
    export_listing(
        context,
        output,
        &MAILING_LIST,
        no_check,
        |conn, (), writer| {
            // `for_each` never yields an erased alumnus.
            alumni::for_each(conn, &filter, |alumnus| {
                if !may_be_mailed(&alumnus) {
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
    )
}

/// Has an address and has not opted out: opted in, or consent unknown.
fn may_be_mailed(alumnus: &Alumnus) -> bool {
    alumnus.consent != Consent::OptedOut && alumnus.get(Field::Email).is_some()
}
