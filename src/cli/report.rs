//! The command line of the KPI report.

use clap::{Args, ValueEnum};

use super::Format;

#[derive(Debug, Args)]
pub struct KpiArgs {
    #[command(flatten)]
    pub period: PeriodArgs,

    /// activity: what reached each stage in the period (the monthly 実績);
    /// cohort: applications opened in the period, followed wherever they got
    #[arg(long, value_enum, default_value_t = CountingArg::Activity)]
    pub count: CountingArg,

    /// table and json hold everything; csv holds the stage table
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Labels in English or Japanese [default: the default-language setting, else $LANG]
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CountingArg {
    Activity,
    Cohort,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    En,
    Ja,
}
