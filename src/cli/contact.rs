//! The command line of contact history, consent and rehire rules.

use clap::{Args, Subcommand};

use super::ListingArgs;
use crate::domain::{Channel, Consent, Direction};

// On the enum, `command` attributes apply to `alumni contact` itself.
#[derive(Debug, Subcommand)]
#[command(after_help = "Examples:\n  \
    alumni contact add 00123 --channel email --summary '再入社の意向を確認'\n  \
    alumni contact list --due")]
pub enum ContactCommand {
    /// Log a contact with an alumnus
    #[command(after_help = "Examples:\n  \
        alumni contact add 00123 --channel email --date 2026-11-02 --summary '再入社の意向を確認'\n  \
        alumni contact add taro.yamada@example.co.jp --channel phone --summary '近況確認' --follow-up 2027-12-01")]
    Add(ContactAddArgs),

    /// List contacts, newest first
    #[command(after_help = "Examples:\n  \
        alumni contact list 00123\n  \
        alumni contact list --due                # follow-ups due today or overdue\n  \
        alumni contact list --since 2026-04-01 --channel event --format csv")]
    List(ContactListArgs),

    /// Correct a logged contact: only the values given change
    #[command(after_help = "Examples:\n  \
        alumni contact edit 1 --date 2026-11-03 --channel phone\n  \
        alumni contact edit 1 --summary '再入社の意向を確認（面談希望）' --clear-follow-up")]
    Edit(ContactEditArgs),

    /// Delete a contact logged by mistake (asks on a terminal; --yes otherwise)
    #[command(after_help = "Example:\n  alumni contact delete 1 --yes")]
    Delete {
        /// The contact id
        id: i64,
        /// Delete without asking
        #[arg(long)]
        yes: bool,
    },

    /// Mark a contact's follow-up as done; it is no longer due
    #[command(after_help = "Example:\n  alumni contact done 8")]
    Done {
        /// The contact id
        id: i64,
        /// When it was done [default: today]
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },

    /// Move a contact's follow-up to another day (today or later)
    #[command(after_help = "Example:\n  alumni contact snooze 8 --to 2027-01-15")]
    Snooze {
        /// The contact id
        id: i64,
        /// The new follow-up day
        #[arg(long, value_name = "DATE")]
        to: String,
    },
}

#[derive(Debug, Args)]
pub struct ContactEditArgs {
    /// The contact id
    pub id: i64,
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    #[arg(long, value_enum)]
    pub channel: Option<Channel>,
    #[arg(long, value_enum)]
    pub direction: Option<Direction>,
    #[arg(long)]
    pub summary: Option<String>,
    #[arg(long)]
    pub owner: Option<String>,
    /// A new day to follow up on (it is open again)
    #[arg(long, value_name = "DATE", conflicts_with = "clear_follow_up")]
    pub follow_up: Option<String>,
    /// Remove the follow-up
    #[arg(long)]
    pub clear_follow_up: bool,
    /// Keep or make the contact planned (dated after today)
    #[arg(long)]
    pub planned: bool,
}

#[derive(Debug, Args)]
pub struct ContactAddArgs {
    /// The alumnus: an employee ID, an email, or #id
    pub alumnus: String,

    /// How: email, phone, meeting, event, newsletter, sns or other [asked on a terminal]
    #[arg(long, value_enum)]
    pub channel: Option<Channel>,

    /// When [default: today]; 2026-11-02, 2026/11/2, 令和8年11月2日 …
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,

    /// What was said or done [asked on a terminal]
    #[arg(long)]
    pub summary: Option<String>,

    /// The HR person who made the contact [default: the default owner setting, else $USER]
    #[arg(long)]
    pub owner: Option<String>,

    /// A date to follow up on
    #[arg(long, value_name = "DATE")]
    pub follow_up: Option<String>,

    /// Who reached out
    #[arg(long, value_enum, default_value_t = Direction::Outbound)]
    pub direction: Direction,

    /// Log an outbound contact with an alumnus who opted out anyway, and record why
    #[arg(long, value_name = "REASON")]
    pub override_consent: Option<String>,

    /// Record a contact dated after today (a meeting booked) as planned; it
    /// counts once `contact edit` on or after its day confirms it
    #[arg(long)]
    pub planned: bool,
}

#[derive(Debug, Args)]
pub struct ContactListArgs {
    /// Only this alumnus: an employee ID, an email, or #id
    pub alumnus: Option<String>,

    #[command(flatten)]
    pub filter: ContactFilterArgs,

    /// Only follow-ups due today or overdue, oldest first; a follow-up is
    /// done once a later contact with the alumnus is logged
    #[arg(long)]
    pub due: bool,

    #[command(flatten)]
    pub output: ListingArgs,
}

/// Which contacts a listing or an export holds.
#[derive(Debug, Args)]
pub struct ContactFilterArgs {
    /// Only contacts on or after this date
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    #[arg(long, value_enum)]
    pub channel: Option<Channel>,

    #[arg(long)]
    pub owner: Option<String>,
}

#[derive(Debug, Args)]
pub struct ConsentArgs {
    /// The alumnus: an employee ID, an email, or #id
    pub alumnus: String,

    /// opted-in, opted-out or unknown
    #[arg(value_enum)]
    pub state: Consent,

    /// The purpose of use the consent covers (APPI), e.g. '再雇用・イベントのご案内'
    /// [default: the purpose stored before]
    #[arg(long)]
    pub purpose: Option<String>,

    /// When it was given or withdrawn [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Show the rules
    #[command(after_help = "Example:\n  alumni rules list")]
    List {
        #[command(flatten)]
        output: ListingArgs,
    },

    /// Set the eligibility for a departure reason or a leave type; applies
    /// to stored alumni whose eligibility nobody stated
    ///
    /// The reason is matched against each alumnus's departure reason
    /// (退職理由) first; a reason that names a leave type (voluntary,
    /// involuntary, retirement, contract_end, other, or 自己都合, 会社都合,
    /// 定年, 契約満了, その他) also decides the alumni of that leave type
    /// (退職区分) whose departure reason has no rule of its own.
    #[command(after_help = "Examples:\n  \
        alumni rules set 懲戒 no\n  \
        alumni rules set 契約満了 review\n  \
        alumni rules set involuntary review")]
    Set {
        /// The departure reason as the roster writes it (退職理由), or a leave type
        reason: String,
        /// yes, review or no (可, 要相談, 不可)
        eligibility: String,
    },

    /// Remove the rule for a departure reason
    #[command(after_help = "Example:\n  alumni rules remove 契約満了")]
    Remove {
        /// The departure reason
        reason: String,
    },
}
