//! The command line of KPI targets, spend and budget, and the settings kept
//! in the database.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::ListingArgs;
use crate::domain::Kind;

// On the enum, `command` attributes apply to `alumni target` itself.
#[derive(Debug, Subcommand)]
#[command(after_help = "Examples:\n  \
    alumni target set 2026-04 --stage rejoined 3\n  \
    alumni target import 採用目標.xlsx   # needs your own targets file\n  \
    alumni target rate interview 40%\n  \
    alumni target hires 2026-04 120\n  \
    alumni target list --fy 2026")]
pub enum TargetCommand {
    /// Set the target of one month and stage, replacing the one stored
    ///
    /// A target without --department is for all departments, and one
    /// without --kind for rehires and referrals together.
    #[command(after_help = "Examples:\n  \
        alumni target set 2026-04 --stage rejoined 3\n  \
        alumni target set 2026年5月 --stage 面接 12 --department 営業部 --kind rehire\n  \
        alumni target set 令和8年6月 --stage offer 0")]
    Set(TargetSetArgs),

    /// Read targets from a month × stage grid, as HR types it in Excel
    ///
    /// The header row names the months (2026年4月, 2026/4, 2026-04, a date
    /// cell, or 4月 with --fy), with anything in its first cell (項目, 段階,
    /// Stage …); below it, one row per stage (by key or by label: 入社, 内定,
    /// 面接, 応募, Rejoined …), and a count in each cell. An empty cell (or
    /// "-") sets no target and leaves a stored one as it is. Title rows
    /// above the header are skipped, and so are total rows and columns
    /// (合計, 計, Total) and a notes column (備考, Notes). A row labelled
    /// 全採用数, 採用数(全体) or All hires holds the company's hires of each
    /// month, as `target hires` sets them. The whole grid is checked first:
    /// one bad cell and nothing is written.
    #[command(after_help = "Examples:\n  \
        alumni target import 採用目標.xlsx --sheet 2026年度   # needs your own targets file\n  \
        alumni target import targets.csv --fy 2026 --department 営業部 --dry-run   # needs your file")]
    Import(TargetImportArgs),

    /// Set the pass rate assumed from a stage to the next (想定歩留まり率)
    ///
    /// The KPI report works the required counts (逆算) back from the hire
    /// target with this rate instead of the one observed. A rate is more
    /// than 0 and at most 1, and the last stage, which has no next stage,
    /// has none. --clear removes it, and the observed rate is used again.
    #[command(after_help = "Examples:\n  \
        alumni target rate interview 40%\n  \
        alumni target rate 内定 0.8\n  \
        alumni target rate interview --clear")]
    Rate(TargetRateArgs),

    /// Set the company's hires of a month through every channel (全採用数)
    ///
    /// The tool sees only alumni hires; the KPI report divides them by the
    /// hires of the period's months to give the rehire share. --clear
    /// removes a month's number.
    #[command(after_help = "Examples:\n  \
        alumni target hires 2026-04 120\n  \
        alumni target hires 令和8年5月 95\n  \
        alumni target hires 2026-04 --clear")]
    Hires(TargetHiresArgs),

    /// List targets by month and stage, and the all hires of each month
    ///
    /// A month's all hires (`target hires`) are a row of their own with no
    /// stage, labelled All hires (全採用数).
    #[command(after_help = "Examples:\n  \
        alumni target list\n  \
        alumni target list --fy 2026 --format csv > targets.csv")]
    List(MonthListArgs),

    /// List the assumed pass rates, by stage
    #[command(after_help = "Examples:\n  \
        alumni target rates\n  \
        alumni target rates --format json")]
    Rates {
        #[command(flatten)]
        output: ListingArgs,
    },
}

#[derive(Debug, Args)]
pub struct TargetSetArgs {
    /// The month: 2026-04, 2026/4, 2026年4月, 令和8年4月 …
    pub month: String,

    /// The stage, by key or label: rejoined, 入社, interview, 面接 …
    #[arg(long)]
    pub stage: String,

    /// The target: a whole number, 0 or more
    #[arg(allow_hyphen_values = true)]
    pub count: String,

    /// Only this department [default: all departments]
    #[arg(long)]
    pub department: Option<String>,

    /// Only rehires or only referrals [default: both]
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
}

#[derive(Debug, Args)]
pub struct TargetRateArgs {
    /// The stage the rate leads from, by key or label: interview, 面接 …
    pub stage: String,

    /// The share of the stage that reaches the next: 0.6, 60%, ６０％
    #[arg(
        allow_hyphen_values = true,
        required_unless_present = "clear",
        conflicts_with = "clear"
    )]
    pub rate: Option<String>,

    /// Remove the assumed rate: the observed one is used again
    #[arg(long)]
    pub clear: bool,
}

#[derive(Debug, Args)]
pub struct TargetHiresArgs {
    /// The month: 2026-04, 2026/4, 2026年4月, 令和8年4月 …
    pub month: String,

    /// Every hire of the month, alumni or not: a whole number, 0 or more
    #[arg(
        allow_hyphen_values = true,
        required_unless_present = "clear",
        conflicts_with = "clear"
    )]
    pub count: Option<String>,

    /// Remove the month's number
    #[arg(long)]
    pub clear: bool,
}

#[derive(Debug, Args)]
pub struct TargetImportArgs {
    /// The grid: .xlsx, .xlsm, .xls, .ods, .csv or .tsv
    pub file: PathBuf,

    /// The sheet of a workbook to read [default: the first visible sheet]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// The fiscal year of months written without a year (4月, 5月 … 3月);
    /// months with a year must then fall in it
    #[arg(long, value_name = "YEAR")]
    pub fy: Option<i32>,

    /// The department the targets are for [default: all departments]
    #[arg(long)]
    pub department: Option<String>,

    /// Rehires or referrals only [default: both]
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,

    /// The text encoding of a CSV file: utf-8, cp932 (Shift_JIS) … [default: detected]
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,

    /// Report what would change, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// A listing of months: all of them, or one fiscal year's.
#[derive(Debug, Args)]
pub struct MonthListArgs {
    /// Only this fiscal year: 2026 is 2026-04..2027-03 when the fiscal
    /// year starts in April (see `alumni config set fiscal-year-start`)
    #[arg(long, value_name = "YEAR")]
    pub fy: Option<i32>,

    #[command(flatten)]
    pub output: ListingArgs,
}

#[derive(Debug, Subcommand)]
#[command(after_help = "Examples:\n  \
    alumni spend add 2026-04 --channel event 120,000\n  \
    alumni spend list --fy 2026")]
pub enum SpendCommand {
    /// Record money spent in a month on a channel, and its budget
    ///
    /// The amount is added to what the month and channel already have: two
    /// `spend add` for 2026-04 event, of 50,000 and 70,000, make 120,000
    /// (--replace sets it instead, to correct a mistake). Amounts are whole
    /// yen, 0 or more: 120000, 120,000, ¥120,000, 120,000円 or 12万.
    #[command(after_help = "Examples:\n  \
        alumni spend add 2026-04 --channel event 120,000\n  \
        alumni spend add 2026年4月 --channel referral 30万 --budget 100万\n  \
        alumni spend add 2026-04 --channel newsletter --budget 50000\n  \
        alumni spend add 2026-04 --channel event 100000 --replace")]
    Add(SpendAddArgs),

    /// List spend and budget by month and channel
    #[command(after_help = "Examples:\n  \
        alumni spend list\n  \
        alumni spend list --fy 2026 --format json")]
    List(MonthListArgs),
}

#[derive(Debug, Args)]
pub struct SpendAddArgs {
    /// The month: 2026-04, 2026/4, 2026年4月, 令和8年4月 …
    pub month: String,

    /// Where the money went: rehire, referral, event, newsletter, other, or
    /// any name of your own (stored in lower case)
    #[arg(long)]
    pub channel: String,

    /// Yen spent, added to the month's amount for the channel
    #[arg(allow_hyphen_values = true, required_unless_present = "budget")]
    pub amount: Option<String>,

    /// The month's budget for the channel, in yen (replaces the one stored)
    #[arg(long, value_name = "YEN", allow_hyphen_values = true)]
    pub budget: Option<String>,

    /// Set the amount to AMOUNT instead of adding to it
    #[arg(long, requires = "amount")]
    pub replace: bool,
}

#[derive(Debug, Subcommand)]
#[command(after_help = "Examples:\n  \
    alumni config list\n  \
    alumni config set fiscal-year-start 1\n  \
    alumni config get default-owner")]
pub enum ConfigCommand {
    /// Print a setting's value (its default when it is not set)
    #[command(after_help = "Example:\n  alumni config get fiscal-year-start")]
    Get {
        /// fiscal-year-start, default-language or default-owner
        key: String,
    },

    /// Change a setting
    ///
    /// fiscal-year-start: the first month of a fiscal year, 1-12 [default: 4].
    /// default-language: en or ja, for labels and reports [default: en].
    /// default-owner: the HR person contacts are logged for when
    /// `contact add` has no --owner [default: the user running the command].
    #[command(after_help = "Examples:\n  \
        alumni config set fiscal-year-start 1\n  \
        alumni config set default-language ja\n  \
        alumni config set default-owner '人事部 佐藤'")]
    Set {
        /// fiscal-year-start, default-language or default-owner
        key: String,
        /// The new value
        value: String,
    },

    /// Show every setting, with its value or default
    #[command(after_help = "Example:\n  alumni config list --format json")]
    List {
        #[command(flatten)]
        output: ListingArgs,
    },
}
