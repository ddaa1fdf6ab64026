//! `alumni kpi` and `alumni export kpi`: the recruiting KPI report of a
//! period, as a table for people (in English or Japanese), its stage table
//! as CSV, the whole report as JSON, or the KPI workbook; on standard
//! output or into the file `--out` names.
//!
//! Both commands take the same report options (`cli::report::KpiArgs`);
//! they differ only in their output options and defaults (`kpi` prints a
//! table, `export kpi` writes CSV to `--out -`). Each turns its options
//! into one [`KpiRequest`], and [`write`] writes it.

use std::io::{IsTerminal, Write};

use anyhow::Result;

use super::Context;
use super::listing::{csv_options, done, open};
use crate::cli::export::OutputArgs;
use crate::cli::report::{KpiArgs, KpiOutputArgs, PeriodArgs};
use crate::db::Tx;
use crate::db::settings;
use crate::domain::fiscal::{self, Month};
use crate::domain::{By, Counting, Engagement, Lang};
use crate::domain::{Period, period};
use crate::error::Failure;
use crate::export::{Column, CsvOptions, Destination, Format, Listing, Texts, Writer};
use crate::report::{self, render, workbook};

/// `alumni kpi`: a table on the terminal unless `--format` or `--out`
/// say otherwise.
pub fn run(context: &Context, args: &KpiArgs, output: &KpiOutputArgs) -> Result<()> {
    let output = Output::choose(
        output.format,
        output.out.clone(),
        csv_options(&output.csv),
        args.by.by,
    )?;
    report(context, args, output)
}

/// `alumni export kpi`: CSV on standard output unless `--format` or
/// `--out` say otherwise.
pub(super) fn export(context: &Context, args: &KpiArgs, output: &OutputArgs) -> Result<()> {
    let output = Output::choose(
        output.format,
        Some(output.out.clone()),
        csv_options(&output.csv),
        args.by.by,
    )?;
    report(context, args, output)
}

/// Where a report goes and in what form, checked before the database is
/// opened.
pub(super) struct Output {
    pub format: Format,
    /// `--out` (`-` for standard output); none for standard output when
    /// `--out` was not given (`alumni kpi`).
    pub out: Option<String>,
    pub csv: CsvOptions,
}

impl Output {
    /// `--format` if given, else what `--out` names (else CSV), else a
    /// table. A table is for the terminal only, the workbook needs `--out`
    /// and refuses `--by`.
    fn choose(
        given: Option<Format>,
        out: Option<String>,
        csv: CsvOptions,
        by: Option<By>,
    ) -> Result<Output> {
        let format = match (&out, given) {
            (Some(_), Some(Format::Table)) => {
                return Err(Failure::Usage(
                    "--format table is for the terminal; give --format csv, json or xlsx with --out"
                        .into(),
                )
                .into());
            }
            (Some(out), given) => Format::choose(given, out)?,
            (None, given) => given.unwrap_or(Format::Table),
        };
        if format == Format::Xlsx && by.is_some() {
            return Err(Failure::Usage(
                "the workbook has its own monthly, channel and department sheets; \
                 --by is for table, csv and json"
                    .into(),
            )
            .into());
        }
        if format == Format::Xlsx && out.is_none() {
            return Err(Failure::Usage(
                "the KPI workbook needs --out FILE (or --out - to write it to standard output)"
                    .into(),
            )
            .into());
        }
        Ok(Output { format, out, csv })
    }
}

/// The settings a report depends on, read from the database once.
pub(super) struct ReportSettings {
    pub fiscal_year_start: u8,
}

impl ReportSettings {
    fn read(conn: &Tx<'_>) -> Result<ReportSettings> {
        Ok(ReportSettings {
            fiscal_year_start: settings::fiscal_year_start(conn)?,
        })
    }
}

/// A KPI report as asked for, with every default filled in.
pub(super) struct KpiRequest {
    pub period: Period,
    pub fiscal_year_start: u8,
    pub lang: Lang,
    pub counting: Counting,
    /// `--engagement`.
    pub engagement: Engagement,
    pub by: Option<By>,
    pub pseudonymize: bool,
    /// `--as-of`, else today.
    pub today: jiff::civil::Date,
    pub output: Output,
}

impl KpiRequest {
    /// The period (`--fy`, `--from`/`--to`, else the current fiscal year)
    /// and the language of the run (`--lang`, else the default-language
    /// setting, else the locale) of `args`, with `output`.
    pub(super) fn resolve(
        args: &KpiArgs,
        output: Output,
        settings: &ReportSettings,
    ) -> Result<KpiRequest> {
        let start = settings.fiscal_year_start;
        Ok(KpiRequest {
            period: choose_period(&args.period, start)?,
            fiscal_year_start: start,
            // The database is open by now, so this is `--lang`, else its
            // default-language setting, else the locale's.
            lang: crate::i18n::current(),
            counting: args.count,
            engagement: args.engagement,
            by: args.by.by,
            pseudonymize: args.pseudonymize,
            today: super::hand::date_or_today("--as-of", args.as_of.as_deref())?.parse()?,
            output,
        })
    }

    /// The fiscal year the period starts in, for `{fy}` in `--out`.
    fn fiscal_year(&self) -> i32 {
        fiscal::fiscal_year_of(Month::of_date(self.period.from), self.fiscal_year_start)
    }
}

/// Reads the database in one transaction, so that the several queries of
/// a report see one snapshot, and writes the report.
fn report(context: &Context, args: &KpiArgs, output: Output) -> Result<()> {
    context.read(|tx| {
        let settings = ReportSettings::read(tx)?;
        let request = KpiRequest::resolve(args, output, &settings)?;
        write(context, tx, &request)
    })
}

/// Writes the report `request` asks for, and says where it went when that
/// is a file. With `by`, a table, CSV and JSON hold one report per group;
/// the workbook is split its own way.
pub(super) fn write(context: &Context, conn: &Tx<'_>, request: &KpiRequest) -> Result<()> {
    let KpiRequest {
        period,
        lang,
        counting,
        engagement,
        ..
    } = *request;
    let output = &request.output;
    let (mut out, shown) = match &output.out {
        Some(target) => open(context, target, output.format, request.fiscal_year())?,
        None => (Destination::stdout(), None),
    };
    let grouped = |by| {
        report::kpi_by(
            conn,
            period,
            counting,
            by,
            request.fiscal_year_start,
            engagement,
        )
    };
    let what = match (output.format, request.by) {
        (Format::Table, None) => {
            let report = report::kpi_report(conn, period, counting, engagement)?;
            render::write_table(&mut out, &report, lang)?;
            // The funnel is for a person at a terminal; a file or a pipe
            // gets the tables alone.
            if output.out.is_none() && std::io::stdout().is_terminal() {
                let width = crate::output::screen_width().unwrap_or(80);
                writeln!(out)?;
                write!(out, "{}", report::bars::funnel(&report, lang, width))?;
            }
            "the KPI report".to_string()
        }
        (Format::Table, Some(by)) => {
            let groups = grouped(by)?;
            render::write_group_tables(&mut out, (period, counting, by), &groups, lang)?;
            format!("the KPI report by {}", by.name())
        }
        (Format::Json, None) => {
            let report = report::kpi_report(conn, period, counting, engagement)?;
            serde_json::to_writer_pretty(&mut out, &report.to_json())?;
            writeln!(out)?;
            "the KPI report".to_string()
        }
        (Format::Json, Some(by)) => {
            let groups = grouped(by)?;
            serde_json::to_writer_pretty(&mut out, &report::by::to_json(by, &groups))?;
            writeln!(out)?;
            format!("the KPI report by {}", by.name())
        }
        (Format::Csv, None) => {
            let report = report::kpi_report(conn, period, counting, engagement)?;
            let (header, records) = render::stage_records(&report, lang);
            let rows;
            (out, rows) = write_records(header, records, output.csv, out)?;
            format!("{rows} stages of the KPI report")
        }
        (Format::Csv, Some(by)) => {
            let groups = grouped(by)?;
            let (header, records) = render::group_records(&groups, lang);
            let rows;
            (out, rows) = write_records(header, records, output.csv, out)?;
            format!("{rows} rows of the KPI report by {}", by.name())
        }
        (Format::Xlsx, _) => {
            let options = workbook::Options {
                lang,
                pseudonymize: request.pseudonymize,
                today: request.today,
                engagement,
            };
            let written = workbook::write(conn, period, counting, &options, &mut out)?;
            format!(
                "the KPI workbook ({} applications on its data sheet)",
                written.applications
            )
        }
    };
    out.commit()?;
    done(context, &what, shown);
    Ok(())
}

/// The stage table, as a header and records of text, as CSV; gives the
/// destination back with the number of rows.
fn write_records(
    header: Vec<&'static str>,
    records: Vec<Vec<String>>,
    csv: CsvOptions,
    out: Destination,
) -> Result<(Destination, u64)> {
    let listing = Listing::of(
        "KPI",
        "rows",
        header.into_iter().map(Column::shown).collect(),
    );
    let mut writer = Writer::new(Format::Csv, &listing, csv, out)?;
    for record in records {
        writer.write(Texts(record))?;
    }
    writer.finish()
}

/// `--fy`, or `--from`/`--to`, or else the fiscal year of today.
fn choose_period(args: &PeriodArgs, start: u8) -> Result<Period> {
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
