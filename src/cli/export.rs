//! The command line of exports: what to export, which rows, and where.

use clap::{Args, Subcommand};

use super::contact::ContactFilterArgs;
use super::pipeline::PipelineFilterArgs;
use super::report::KpiArgs;
use super::{CsvArgs, RosterFilterArgs, formats};
use crate::export::Format;

// On the enum, `command` attributes apply to `alumni export` itself.
#[derive(Debug, Subcommand)]
#[command(
    after_help = "For scripts and cron jobs: no prompts and no progress bars, messages on stderr\n\
    (none with --quiet), and a file that appears whole or not at all. CSV is for\n\
    Excel: UTF-8 with a BOM, and formula-like cells prefixed with ' (see --format).\n\n\
    Examples:\n  \
    alumni export roster --out 'exports/roster-{date}.xlsx'   # needs the folder exports/\n  \
    alumni export contacts --since 2026-04-01 --format json --out contacts.json\n  \
    alumni export mailing-list --department 営業部 --out mailing.csv\n  \
    alumni export kpi --fy 2026 --format json --out 'reports/kpi-FY{fy}.json'   # needs reports/"
)]
pub enum ExportCommand {
    /// The roster: every column of `alumni list --format csv`
    ///
    /// Erased alumni are never exported. JSON has the fields of `alumni list
    /// --format json` (tags as a list, consent date and purpose too).
    #[command(after_help = "Examples:\n  \
        alumni export roster --out roster.csv\n  \
        alumni export roster --department 営業部 --rehire yes --out 'roster-{date}.xlsx'")]
    Roster {
        #[command(flatten)]
        filter: RosterFilterArgs,
        #[command(flatten)]
        output: OutputArgs,
    },

    /// The contact history, newest first: the columns of `alumni contact list`
    #[command(after_help = "Examples:\n  \
        alumni export contacts --since 2026-04-01 --out 'contacts-{date}.csv'\n  \
        alumni export contacts --channel event --format json --out -")]
    Contacts {
        #[command(flatten)]
        filter: ContactFilterArgs,
        #[command(flatten)]
        output: OutputArgs,
    },

    /// Applications: the columns of `alumni pipeline list --format csv`
    #[command(after_help = "Examples:\n  \
        alumni export pipeline --open --out pipeline.xlsx\n  \
        alumni export pipeline --stage interview --kind referral --out - --format json")]
    Pipeline {
        #[command(flatten)]
        filter: PipelineFilterArgs,
        #[command(flatten)]
        output: OutputArgs,
    },

    /// Events with their invited, registered and attended counts
    ///
    /// The attendance rate is a ratio (0.75), as in `alumni event list
    /// --format csv`.
    #[command(
        after_help = "Example:\n  alumni export events --since 2026-04-01 --out 'events-FY{fy}.xlsx'"
    )]
    Events {
        /// Only events on or after this date
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },

    /// The KPI report of a period: the workbook (xlsx), its stage table (csv) or all of it (json)
    ///
    /// xlsx is the nine-sheet KPI workbook of `alumni kpi --format xlsx`;
    /// CSV holds the stage table of `alumni kpi` (target, actual,
    /// achievement, pass rate, required count, median days in stage); JSON
    /// holds the whole report, as `alumni kpi --format json`; with --by,
    /// CSV and JSON hold one report per group. {fy} in --out is the fiscal
    /// year the period starts in.
    #[command(after_help = "Examples:\n  \
        alumni export kpi --lang ja --out 'reports/kpi-{date}.xlsx'   # needs reports/\n  \
        alumni export kpi --fy 2026 --lang ja --format json --out 'reports/kpi-FY{fy}.json'   # needs reports/\n  \
        alumni export kpi --fy 2026 --by quarter --out 'reports/kpi-by-quarter-FY{fy}.csv'   # needs reports/")]
    Kpi {
        #[command(flatten)]
        report: KpiArgs,
        #[command(flatten)]
        output: OutputArgs,
    },

    /// Who may be mailed: never anyone opted out or erased
    ///
    /// Columns: employee_id, name, email, department. It holds the alumni
    /// with an email address who opted in; with `alumni config set
    /// mailing-consent not-opted-out`, also those whose consent is unknown.
    /// Erased alumni and those who opted out are never in it, whatever the
    /// setting, and --consent opted-out is refused. The rule used, and how
    /// many of the alumni the filters select are on the list, go to stderr.
    #[command(after_help = "Examples:\n  \
        alumni export mailing-list --out mailing.csv\n  \
        alumni export mailing-list --department 営業部 --out - --no-bom\n  \
        alumni config set mailing-consent not-opted-out")]
    MailingList {
        #[command(flatten)]
        filter: RosterFilterArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
}

/// Where an export goes and in what form.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// csv, xlsx or json [default: from the extension of --out, else csv]
    ///
    /// csv is for Excel: UTF-8 with a byte-order mark (see --no-bom), and a
    /// cell that starts with =, +, -, @, a tab or a carriage return gets a
    /// single quote (') in front, as OWASP recommends against formula
    /// injection, so that a spreadsheet shows it as text and never runs it.
    /// xlsx stores every text as text. json keeps every value as it is.
    #[arg(long, value_parser = formats(&[Format::Csv, Format::Xlsx, Format::Json]))]
    pub format: Option<Format>,

    /// The file to write, or - for standard output
    ///
    /// {date} becomes today (YYYY-MM-DD) and {fy} the current fiscal year
    /// (by the fiscal-year-start setting). The file is written under a
    /// temporary name in the same directory and renamed when complete, so
    /// a reader never sees half a file and a failed export leaves the
    /// previous file as it was.
    #[arg(long, short, value_name = "PATH", default_value = "-")]
    pub out: String,

    #[command(flatten)]
    pub csv: CsvArgs,
}
