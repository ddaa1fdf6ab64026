//! The command line of events and attendance, and of partners.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::ListingArgs;
use crate::domain::{EventKind, PartnerKind};

#[derive(Debug, Subcommand)]
#[command(after_help = "Examples:\n  \
    alumni event add '2026 冬の交流会' --date 2026-12-18 --kind mixer\n  \
    alumni event attend 1 --from 受付名簿.xlsx   # needs your own sign-up sheet\n  \
    alumni event list")]
pub enum EventCommand {
    /// Add an event and print its id
    #[command(
        after_help = "Example:\n  alumni event add '2026 冬の交流会' --date 2026-12-18 --kind mixer --location 東京"
    )]
    Add {
        /// The event's name
        name: String,
        /// When [asked on a terminal]
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// reunion (同窓会), mixer (交流会), seminar, workshop, webinar or other [asked on a terminal]
        #[arg(long, value_enum)]
        kind: Option<EventKind>,
        #[arg(long)]
        location: Option<String>,
        /// What it cost, in yen
        #[arg(long, default_value_t = 0)]
        cost: i64,
    },

    /// Invite alumni to an event
    ///
    /// A status only moves forward (invited, registered, attended): inviting
    /// someone who already registered or attended leaves them there. An
    /// alumnus who opted out of being contacted is not invited: the command
    /// is refused, with nothing recorded, unless --override-consent gives
    /// the reason to invite them anyway.
    #[command(after_help = "Examples:\n  \
        alumni event invite 1 00123 00124 taro.yamada@example.co.jp\n  \
        alumni event invite '2026 夏の同窓会' --from invitees.xlsx   # needs your own list\n  \
        alumni event invite 1 00124 --override-consent '本人から参加希望の連絡あり'")]
    Invite {
        #[command(flatten)]
        people: AttendanceArgs,
        /// Invite alumni who opted out anyway, and record why
        #[arg(long, value_name = "REASON")]
        override_consent: Option<String>,
    },

    /// Record who registered for an event
    ///
    /// Someone not yet invited is recorded as registered; someone who
    /// already attended stays attended.
    #[command(
        after_help = "Example:\n  alumni event register 1 --from signup.csv   # needs your own sign-up sheet"
    )]
    Register(AttendanceArgs),

    /// Record who attended an event (attendance counts as a contact)
    ///
    /// Each alumnus who attended gets one contact in their history (channel
    /// event, inbound, on the event's date), however often this is run.
    /// That contact does not close an open follow-up.
    ///
    /// A sheet's status column (出欠, 出席/欠席, 参加/不参加, 参加可否,
    /// Attended, Attendance, Status, ステータス, 状態) decides each row:
    /// 出席, 参加, 来場, 済, ○, yes, attended → attended; 申込, 登録, 予約,
    /// registered → registered; 欠席, 不参加, キャンセル, ×, no, absent →
    /// registered, never attended. An empty cell means attended. Any other
    /// value refuses the sheet (file, row and column named; exit 65) and
    /// nothing is recorded.
    #[command(after_help = "Examples:\n  \
        alumni event attend 1 00123 00124\n  \
        alumni event attend '2026 夏の同窓会' --from 受付名簿.xlsx   # needs your own sheet with a 出欠 column")]
    Attend(AttendanceArgs),

    /// List events with their invited, registered and attended counts
    #[command(after_help = "Example:\n  alumni event list --format csv")]
    List {
        #[command(flatten)]
        output: ListingArgs,
    },
}

#[derive(Debug, Args)]
pub struct AttendanceArgs {
    /// The event: its id or its exact name
    pub event: String,
    /// Alumni: employee IDs, emails, or #ids
    pub alumni: Vec<String>,
    /// A sign-up sheet (CSV or Excel) with an email and/or employee ID column
    ///
    /// Each row is matched by email, else by employee ID. Rows that match
    /// nobody are listed (file:row) and skipped, and the rest are recorded;
    /// if no row matches, nothing is recorded and the exit status is 65.
    /// A status column (出欠, ステータス, Attended …) decides each row's
    /// status; an empty cell means what the command says, and an absentee
    /// (欠席, 不参加, キャンセル) is recorded as registered by `attend` and
    /// as invited by `register` and `invite`.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// With --from: the sheet of a workbook to read [default: the first visible sheet]
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

#[derive(Debug, Subcommand)]
#[command(after_help = "Examples:\n  \
    alumni partner add 00123 --kind client --status 商談中\n  \
    alumni partner list --kind client")]
pub enum PartnerCommand {
    /// Record a business opportunity through an alumnus
    #[command(after_help = "Examples:\n  \
        alumni partner add 00123 --company 株式会社ミライ --kind client --status 商談中\n  \
        alumni partner add 0000003 --kind speaker --status 登壇予定")]
    Add {
        /// The alumnus: an employee ID, an email, or #id
        alumnus: String,
        /// The company [default: the alumnus's current company]
        #[arg(long)]
        company: Option<String>,
        /// client, partner, speaker or ambassador [asked on a terminal]
        #[arg(long, value_enum)]
        kind: Option<PartnerKind>,
        /// Where it stands, in the team's own words
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        notes: Option<String>,
        /// Record a second partner of the same alumnus and company
        #[arg(long)]
        new: bool,
    },

    /// List partners
    #[command(after_help = "Example:\n  alumni partner list --kind client")]
    List {
        #[arg(long, value_enum)]
        kind: Option<PartnerKind>,
        #[command(flatten)]
        output: ListingArgs,
    },

    /// Alumni now at a client's or partner's company, or at one of the companies named: candidates for the partners sheet
    ///
    /// An alumnus is suggested when their current company is the company
    /// of a client or partner record (of any alumnus), or one of COMPANY,
    /// compared whole, ignoring width, case, spaces and legal forms
    /// (株式会社, (株), Inc., Co., Ltd. …). Those who already have a partner
    /// record at that company, and people erased on request, are left out.
    /// Nothing is written: record a candidate with `alumni partner add`.
    #[command(after_help = "Examples:\n  \
        alumni partner suggest\n  \
        alumni partner suggest 株式会社ミライ --format csv")]
    Suggest {
        /// Company names to look for, besides those of the partner records
        #[arg(value_name = "COMPANY")]
        companies: Vec<String>,
        #[command(flatten)]
        output: ListingArgs,
    },

    /// Update a partner record; each change is kept, dated, for the timeline
    #[command(after_help = "Example:\n  alumni partner set 1 --status 契約済み")]
    Set {
        /// The partner id
        id: i64,
        /// Where it stands, in the team's own words
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        company: Option<String>,
        #[arg(long, value_enum)]
        kind: Option<PartnerKind>,
        #[arg(long)]
        notes: Option<String>,
        /// When it changed [default: today]
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
}
