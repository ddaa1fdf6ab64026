//! `alumni kpi`: the recruiting KPI report of a period, as a table for
//! people (in English or Japanese) or as JSON and CSV for programs.

use std::io::Write;

use anyhow::Result;

use super::{Context, listing};
use crate::cli::CsvArgs;
use crate::cli::report::{self as report_cli, KpiArgs, PeriodArgs};
use crate::db::settings::{self, Setting};
use crate::domain::Lang;
use crate::domain::fiscal::Month;
use crate::error::Failure;
use crate::export::{Column, Destination, Format, Listing, Texts, Writer};
use crate::report::render::{group_records, stage_records, write_group_tables, write_table};
use crate::report::{self, Period, by as groups, period};

pub fn run(context: &Context, args: KpiArgs) -> Result<()> {
    // A file, or the workbook, is written as `alumni export kpi` writes it.
    match (args.format, args.out.clone()) {
        (Some(Format::Table), Some(_)) => Err(Failure::Usage(
            "--format table is for the terminal; give --format csv, json or xlsx with --out".into(),
        )
        .into()),
        (format, Some(out)) => {
            let output = report_cli::output_args(format, out, args.csv);
            super::export::kpi_report(
                context,
                &args.period,
                args.count,
                args.by.by,
                args.lang,
                args.pseudonymize,
                &output,
            )
        }
        (format, None) => print(context, &args, format.unwrap_or(Format::Table)),
    }
}

fn print(context: &Context, args: &KpiArgs, format: Format) -> Result<()> {
    if format == Format::Xlsx && args.by.by.is_some() {
        return Err(workbook_refuses_by());
    }
    if format == Format::Xlsx {
        return Err(Failure::Usage(
            "the KPI workbook needs --out FILE (or --out - to write it to standard output)".into(),
        )
        .into());
    }
    let conn = context.open_db()?;
    let start = settings::fiscal_year_start(&conn)?;
    let period = choose_period(&args.period, start)?;
    let lang = language(&conn, args.lang)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let counting = args.count;
    if let Some(by) = args.by.by {
        let groups = report::kpi_by(&conn, period, counting, by, start)?;
        match format {
            Format::Json => {
                serde_json::to_writer_pretty(&mut out, &groups::to_json(by, &groups))?;
                writeln!(out)?;
            }
            Format::Csv => {
                let (header, records) = group_records(&groups, lang);
                write_csv(header, records, &args.csv)?;
            }
            Format::Table | Format::Xlsx => {
                write_group_tables(&mut out, (period, counting, by), &groups, lang)?;
            }
        }
        out.flush()?;
        return Ok(());
    }
    let report = report::kpi_report(&conn, period, counting)?;
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report.to_json())?;
            writeln!(out)?;
        }
        Format::Csv => {
            let (header, records) = stage_records(&report, lang);
            write_csv(header, records, &args.csv)?;
        }
        Format::Table | Format::Xlsx => write_table(&mut out, &report, lang)?,
    }
    out.flush()?;
    Ok(())
}

/// The refusal of `--by` with the workbook, which is split already.
pub(super) fn workbook_refuses_by() -> anyhow::Error {
    Failure::Usage(
        "the workbook has its own monthly, channel and department sheets; \
         --by is for table, csv and json"
            .into(),
    )
    .into()
}

/// `--lang`, else the default-language setting, else `$LANG`.
pub(super) fn language(conn: &rusqlite::Connection, given: Option<Lang>) -> Result<Lang> {
    Ok(match given {
        Some(lang) => lang,
        None => default_lang(settings::get(conn, Setting::DefaultLanguage)?),
    })
}

/// `--fy`, or `--from`/`--to`, or else the fiscal year of today.
pub(super) fn choose_period(args: &PeriodArgs, start: u8) -> Result<Period> {
    let month = |flag: &str, raw: &str| {
        Month::parse(raw).ok_or_else(|| {
            Failure::BadData(format!("{flag} {raw:?} is not a month (e.g. 2026-04)"))
        })
    };
    let fy = match args.fy {
        Some(year) => period::fiscal_year(year.into(), start),
        None => period::fiscal_year_around(jiff::Zoned::now().date(), start),
    }
    .ok_or_else(|| Failure::BadData("that fiscal year is outside the calendar".into()))?;
    let from = match &args.from {
        Some(raw) => period::first_day(month("--from", raw)?),
        None => Some(fy.from),
    };
    let to = match &args.to {
        Some(raw) => period::last_day(month("--to", raw)?),
        None if args.from.is_some() => from
            .and_then(|f| period::fiscal_year_around(f, start))
            .map(|fy| fy.to),
        None => Some(fy.to),
    };
    match (from, to) {
        (Some(from), Some(to)) if from <= to => Ok(Period { from, to }),
        (Some(from), Some(to)) => {
            Err(Failure::Usage(format!("--from {from} is after --to {to}")).into())
        }
        _ => Err(Failure::BadData("the period is outside the calendar".into()).into()),
    }
}

fn default_lang(setting: Option<String>) -> Lang {
    let wanted = setting
        .or_else(|| std::env::var("LANG").ok())
        .unwrap_or_default();
    if wanted.starts_with("ja") {
        Lang::Ja
    } else {
        Lang::En
    }
}

/// The stage table as CSV on standard output.
fn write_csv(header: Vec<&'static str>, records: Vec<Vec<String>>, csv: &CsvArgs) -> Result<()> {
    let columns = header.into_iter().map(Column::shown).collect();
    let listing = Listing::of("KPI", "rows", columns);
    let options = listing::csv_options(csv);
    let mut writer = Writer::new(Format::Csv, &listing, options, Destination::stdout())?;
    for record in records {
        writer.write(Texts(record))?;
    }
    writer.finish()?.0.commit()
}
