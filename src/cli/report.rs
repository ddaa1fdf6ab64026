//! The command line of the KPI report.

use clap::Args;

use super::{CsvArgs, formats};
use crate::domain::{By, Counting, Engagement};
use crate::export::Format;

/// What a KPI report holds: its period, how it counts, its groups, its
/// language. `alumni kpi` and `alumni export kpi` both take these, each
/// with its own output options ([`KpiOutputArgs`], `export::OutputArgs`).
#[derive(Debug, Args)]
pub struct KpiArgs {
    #[command(flatten)]
    pub period: PeriodArgs,

    /// activity: what reached each stage in the period (the monthly 実績);
    /// cohort: applications opened in the period, followed wherever they got
    #[arg(long, value_enum, default_value_t = Counting::Activity)]
    pub count: Counting,

    /// opened: a campaign makes engaged only the recipients who opened or
    /// clicked; sent: every recipient it was sent to
    #[arg(long, value_enum, default_value_t = Engagement::Opened)]
    pub engagement: Engagement,

    #[command(flatten)]
    pub by: ByArgs,

    /// On the workbook's data sheet, pseudonyms instead of names
    #[arg(long)]
    pub pseudonymize: bool,

    /// The day the report is made on: the workbook leaves the months after
    /// it blank and marks its week on the schedule [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// Where `alumni kpi` writes: a table on the terminal, unless `--format`
/// or `--out` say otherwise.
#[derive(Debug, Args)]
pub struct KpiOutputArgs {
    /// table and json hold everything; csv holds the stage table; xlsx is
    /// the nine-sheet KPI workbook (needs --out) [default: table, or what
    /// the extension of --out names]
    #[arg(long, value_parser = formats(&[Format::Table, Format::Csv, Format::Json, Format::Xlsx]))]
    pub format: Option<Format>,

    /// Write to this file instead of standard output (- for standard
    /// output); {date} and {fy} are filled in, and the file appears whole or
    /// not at all, as with `alumni export`
    #[arg(long, short, value_name = "PATH")]
    pub out: Option<String>,

    #[command(flatten)]
    pub csv: CsvArgs,
}

/// The period of a KPI report: a fiscal year, or a range of months.
#[derive(Debug, Args)]
pub struct PeriodArgs {
    /// The first month, e.g. 2026-04 [default: the start of the fiscal year]
    #[arg(long, value_name = "MONTH")]
    pub from: Option<String>,

    /// The last month, e.g. 2027-03 [default: the end of the fiscal year]
    #[arg(long, value_name = "MONTH")]
    pub to: Option<String>,

    /// A fiscal year: 2026 is April 2026 to March 2027 unless the
    /// fiscal-year-start setting says otherwise [default: the current one]
    #[arg(long, value_name = "YEAR", conflicts_with_all = ["from", "to"])]
    pub fy: Option<i16>,
}

/// `--by`: the report once per group (table, csv and json only).
#[derive(Debug, Args)]
pub struct ByArgs {
    /// One report per month or fiscal quarter of the period, or per
    /// department, kind or source of its applications (table, csv and json)
    ///
    /// month and quarter: each month, or each quarter of the fiscal year
    /// (Q1 is its first three months), as a period of its own, with its
    /// targets, spend and events. department: the targets set for that
    /// department; applications without one are "(none)". kind: rehire and
    /// referral, with the targets set for that kind. source: the channel
    /// (the source, else the kind), with that channel's spend; targets are
    /// not set per channel. Spend is kept per channel, so department and
    /// kind groups have spend 0 and no cost per hire. Engagement, event
    /// attendance and all hires are the whole period's in every group. The
    /// workbook (xlsx) has its own monthly, channel and department sheets
    /// and refuses --by.
    #[arg(long, value_enum, value_name = "GROUP")]
    pub by: Option<By>,
}
