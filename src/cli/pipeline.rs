//! The command line of the rehire pipeline, its stages, and referrals.

use clap::{Args, Subcommand};

use super::ListingArgs;
use crate::domain::{EndedBy, Kind, Outcome};

#[derive(Debug, Subcommand)]
#[command(after_help = "Examples:\n  \
    alumni pipeline add 00123 --position 'セールスマネージャー' --source event\n  \
    alumni pipeline move 4 interview --date 2026-11-10\n  \
    alumni pipeline close 4 declined --reason '他社に入社'\n  \
    alumni pipeline board")]
pub enum PipelineCommand {
    /// Open a rehire application for an alumnus and print its id
    #[command(after_help = "Examples:\n  \
        alumni pipeline add 00123 --position 'セールスマネージャー' --department 営業部 --source event\n  \
        alumni pipeline add taro.yamada@example.co.jp --stage interested --date 2026-10-01")]
    Add(PipelineAddArgs),

    /// Move an application to a stage (stages may be skipped; moving back is recorded)
    #[command(after_help = "Examples:\n  \
        alumni pipeline move 4 interview --date 2026-11-10 --note '一次面接'\n  \
        alumni pipeline move 4 rejoined")]
    Move {
        /// The application id
        app: String,
        /// The stage key, e.g. interview, or its label, e.g. 面接 [asked on a terminal]
        stage: Option<String>,
        /// When [default: today]
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// Record a move dated after today as planned; it counts once a move
        /// to the same stage without --planned confirms it
        #[arg(long)]
        planned: bool,
    },

    /// Close an application: declined (辞退), rejected (不採用) or withdrawn (取り下げ)
    #[command(after_help = "Examples:\n  \
        alumni pipeline close 4 declined --reason '他社に入社' --by candidate\n  \
        alumni pipeline close 5 rejected --reason 'ポジション充足' --by company")]
    Close {
        /// The application id
        app: String,
        #[arg(value_enum)]
        outcome: Outcome,
        /// Why [asked on a terminal]
        #[arg(long)]
        reason: Option<String>,
        /// Who ended it [default: candidate for declined, company for rejected]
        #[arg(long, value_enum)]
        by: Option<EndedBy>,
        /// When [default: today]
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Record a close dated after today as planned; closing again
        /// without --planned confirms it
        #[arg(long)]
        planned: bool,
    },

    /// List applications
    #[command(
        after_help = "Examples:\n  alumni pipeline list --open\n  alumni pipeline list --stage interview --kind referral --format json"
    )]
    List(PipelineListArgs),

    /// Open applications grouped by stage
    #[command(after_help = "Example:\n  alumni pipeline board")]
    Board {
        #[arg(long, value_enum)]
        kind: Option<Kind>,
        #[command(flatten)]
        output: ListingArgs,
    },

    /// Open a closed application again, at the stage it was in before closing
    ///
    /// Its outcome, reason, who ended it and when are cleared. An
    /// application closed by the hire goes back to the stage before it.
    #[command(after_help = "Example:\n  alumni pipeline reopen 2")]
    Reopen {
        /// The application id
        app: String,
    },

    /// Remove an application's last stage entry and restore the stage before it
    ///
    /// On a closed application it reopens it instead. The opening entry
    /// cannot be undone.
    #[command(after_help = "Example:\n  alumni pipeline undo 1")]
    Undo {
        /// The application id
        app: String,
    },

    /// The whole history of one application: each stage entry, who recorded it, and the close
    #[command(
        after_help = "Examples:\n  alumni pipeline show 1\n  alumni pipeline show 1 --format json"
    )]
    Show {
        /// The application id
        app: String,
        #[command(flatten)]
        output: ListingArgs,
    },
}

#[derive(Debug, Args)]
pub struct PipelineAddArgs {
    /// The alumnus: an employee ID, an email, or #id
    pub alumnus: String,
    #[arg(long)]
    pub position: Option<String>,
    #[arg(long)]
    pub department: Option<String>,
    /// Where it came from, e.g. event, newsletter, direct
    #[arg(long)]
    pub source: Option<String>,
    /// When it was opened [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The stage it starts in [default: the first stage]
    #[arg(long)]
    pub stage: Option<String>,
    /// Cost attributed to it, in yen
    #[arg(long, default_value_t = 0)]
    pub cost: i64,
    /// Open it for an alumnus who opted out anyway, and record why
    #[arg(long, value_name = "REASON")]
    pub override_consent: Option<String>,
    /// Record an opening dated after today as planned; a move to its stage confirms it
    #[arg(long)]
    pub planned: bool,
}

#[derive(Debug, Args)]
pub struct PipelineListArgs {
    #[command(flatten)]
    pub filter: PipelineFilterArgs,
    #[command(flatten)]
    pub output: ListingArgs,
}

/// Which applications a listing or an export holds.
#[derive(Debug, Args)]
pub struct PipelineFilterArgs {
    /// Only applications in this stage (key or label); closed ones that ended there too, unless --open
    #[arg(long)]
    pub stage: Option<String>,
    /// Only applications not closed
    #[arg(long)]
    pub open: bool,
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
    /// Only applications for this department
    #[arg(long)]
    pub department: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum StagesCommand {
    /// Show the stages in order, with their labels
    #[command(after_help = "Example:\n  alumni stages list")]
    List {
        #[command(flatten)]
        output: ListingArgs,
    },

    /// Change a stage's key or labels
    #[command(
        after_help = "Example:\n  alumni stages rename screening --ja '書類・適性検査' --en 'Screening'"
    )]
    Rename {
        /// The stage's key now
        stage: String,
        /// A new key (a lower-case ASCII word); applications and their history follow it
        #[arg(long = "key", value_name = "KEY")]
        new_key: Option<String>,
        /// A new English label
        #[arg(long, value_name = "LABEL")]
        en: Option<String>,
        /// A new Japanese label
        #[arg(long, value_name = "LABEL")]
        ja: Option<String>,
    },

    /// Move a stage to another place in the order (1 is first; the last stage, the hire, stays last)
    #[command(after_help = "Example:\n  alumni stages move screening 2")]
    Move { stage: String, position: u32 },

    /// Add a stage after another
    #[command(
        after_help = "Example:\n  alumni stages add casual --after interested --en 'Casual talk' --ja 'カジュアル面談'"
    )]
    Add {
        /// The new stage's key: a lower-case ASCII word (a-z, 0-9, _)
        stage: String,
        /// The stage it comes after
        #[arg(long, value_name = "STAGE")]
        after: String,
        #[arg(long, value_name = "LABEL")]
        en: String,
        #[arg(long, value_name = "LABEL")]
        ja: String,
    },
}

#[derive(Debug, Subcommand)]
#[command(after_help = "Example:\n  \
    alumni referral add --by 00123 --name '鈴木 次郎' --email jiro@example.jp")]
pub enum ReferralCommand {
    /// Open a referral application for a candidate an alumnus referred; prints its id
    #[command(after_help = "Example:\n  \
        alumni referral add --by 00123 --name '鈴木 次郎' --email jiro@example.jp --position エンジニア")]
    Add(ReferralAddArgs),
}

#[derive(Debug, Args)]
pub struct ReferralAddArgs {
    /// The referring alumnus: an employee ID, an email, or #id
    #[arg(long)]
    pub by: String,
    /// The candidate's name [asked on a terminal]
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub position: Option<String>,
    #[arg(long)]
    pub department: Option<String>,
    /// When it was opened [default: today]
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// The stage it starts in [default: the first stage]
    #[arg(long)]
    pub stage: Option<String>,
    /// Cost attributed to it (a referral bonus, say), in yen
    #[arg(long, default_value_t = 0)]
    pub cost: i64,
    /// Take the referral from an alumnus who opted out anyway, and record why
    #[arg(long, value_name = "REASON")]
    pub override_consent: Option<String>,
}
