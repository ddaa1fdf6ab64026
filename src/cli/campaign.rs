//! The command line of campaigns: newsletters, mail-outs and SNS posts to a
//! segment of the roster, their recipients, and the mail tool's delivery
//! report.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::{CsvArgs, ListingArgs, RosterFilterArgs, formats};
use crate::export::Format;

/// How a campaign went out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CampaignChannel {
    /// メールマガジン
    Newsletter,
    /// メール
    Email,
    /// SNS: a post, with no addresses
    Sns,
}

#[derive(Debug, Subcommand)]
#[command(after_help = "Examples:\n  \
    alumni campaign add '11月ニュースレター' --channel newsletter --date 2026-11-20 --department 営業部\n  \
    alumni campaign list\n  \
    alumni campaign import 1 配信レポート.csv   # needs your mail tool's delivery report")]
pub enum CampaignCommand {
    /// Add a campaign to a segment of the roster, and print its id
    ///
    /// The recipients are resolved once, now: the alumni the filters
    /// select that the mailing list would hold (the mailing-consent
    /// setting: opted-in only, or everyone not opted out). Nobody who
    /// opted out or was erased is ever a recipient; for newsletter and
    /// email, neither is anyone without an email or whose email bounced.
    /// Each recipient gets one outbound contact on the campaign's date, in
    /// its channel, all in one transaction. A date after today is a
    /// scheduled send and needs --planned, as `contact add` does: its
    /// contacts are planned until that day.
    #[command(after_help = "Examples:\n  \
        alumni campaign add '11月ニュースレター' --channel newsletter --date 2026-11-20\n  \
        alumni campaign add '営業部OB会のご案内' --channel email --date 2026-11-20 --department 営業部 --purpose 'イベントのご案内'\n  \
        alumni campaign add '求人のお知らせ' --channel sns --date 2026-11-20 --rehire yes --dry-run")]
    Add(CampaignAddArgs),

    /// List campaigns with their recipients and what the delivery reports said
    #[command(after_help = "Example:\n  alumni campaign list --format csv")]
    List {
        #[command(flatten)]
        output: ListingArgs,
    },

    /// Show one campaign: its counts, rates and recipients
    ///
    /// The open and click rates are over the reach: those the mail reached
    /// (a recipient who opened, clicked or unsubscribed did), or every
    /// recipient when no delivery was reported. Each recipient's status is the furthest the reports went:
    /// sent, delivered, opened, clicked, bounced or unsubscribed.
    #[command(after_help = "Example:\n  \
            alumni campaign show \"$(alumni campaign add 'テスト配信' --channel email --date 2026-11-20)\" --format json")]
    Show {
        /// The campaign: its id (3 or #3)
        campaign: String,
        #[command(flatten)]
        output: ListingArgs,
    },

    /// Write the recipients in the mail tool's import format: email, name, id
    ///
    /// id is the recipient's random token, for unsubscribe links: it says
    /// nothing of the person. CSV has a byte-order mark unless --no-bom; a
    /// file is written whole, readable by its owner only. Recipients who
    /// opted out or were erased since the campaign was added are left out.
    /// An SNS campaign has no addresses and is refused.
    #[command(after_help = "Example:\n  \
            alumni campaign export \"$(alumni campaign add 'テスト配信' --channel email --date 2026-11-20)\" --out recipients.csv")]
    Export {
        /// The campaign: its id (3 or #3)
        campaign: String,
        /// csv or json [default: from the extension of --out, else csv]
        #[arg(long, value_parser = formats(&[Format::Csv, Format::Json]))]
        format: Option<Format>,
        /// The file to write, or - for standard output
        #[arg(long, short, value_name = "PATH", default_value = "-")]
        out: String,
        #[command(flatten)]
        csv: CsvArgs,
    },

    /// Read the mail tool's delivery report into a campaign
    ///
    /// A CSV (UTF-8, with or without BOM, or Shift_JIS) or a workbook, its
    /// header row found below any titles, its columns in any order. Each
    /// row names a recipient by email (email, メールアドレス, 宛先 …) or by
    /// the token of `campaign export` (id, token), and says what happened
    /// in a status column (status, 配信結果, ステータス: delivered, 配信済み,
    /// bounced, エラー, 不達, opened, 開封, clicked, クリック, unsubscribed,
    /// 配信停止 …), in day or time columns (delivered_at, opened_at,
    /// clicked_at, bounced_at, unsubscribed_at, 開封日時, クリック日時 …) or
    /// in yes/no columns (開封, クリック, 配信停止, opened …: 1, yes, TRUE,
    /// ○ or ✓). A yes without a time takes the campaign's date.
    ///
    /// An open or a click is logged once as an inbound contact; an
    /// unsubscribe sets the alumnus's consent to opted-out, on its day, for
    /// the campaign's purpose; a bounce marks the address as bouncing, and
    /// later campaigns skip it. Importing the same report again changes
    /// nothing. A row naming nobody among the recipients, or a cell that
    /// cannot be read, refuses the whole report (exit 65) unless
    /// --skip-invalid.
    #[command(after_help = "Examples:\n  \
        alumni campaign import 1 配信レポート.csv   # needs your mail tool's delivery report\n  \
        alumni campaign import 1 report.csv --skip-invalid --rejects rejects.csv   # needs your own report")]
    Import(CampaignImportArgs),
}

#[derive(Debug, Args)]
pub struct CampaignAddArgs {
    /// The campaign's name
    pub name: String,
    /// newsletter, email or sns
    #[arg(long, value_enum)]
    pub channel: CampaignChannel,
    /// The day it goes out
    #[arg(long, value_name = "DATE")]
    pub date: String,
    /// The purpose of use it is sent for; an unsubscribe withdraws consent for it
    #[arg(long, value_name = "TEXT")]
    pub purpose: Option<String>,
    /// The date is after today: a scheduled send
    #[arg(long)]
    pub planned: bool,
    /// Count the recipients, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub filter: RosterFilterArgs,
}

#[derive(Debug, Args)]
pub struct CampaignImportArgs {
    /// The campaign: its id (3 or #3)
    pub campaign: String,
    /// The delivery report (CSV or Excel)
    pub file: PathBuf,
    /// With a workbook: the sheet to read [default: the first visible sheet]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The text encoding of a CSV file: utf-8, cp932 (Shift_JIS) … [default: detected]
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,
    /// Report what would change, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import the rows that can be read and matched, and leave out the others
    #[arg(long)]
    pub skip_invalid: bool,
    /// With --skip-invalid: write the rows left out, with a reason column, to this CSV file
    #[arg(long, value_name = "FILE", requires = "skip_invalid")]
    pub rejects: Option<PathBuf>,
}
