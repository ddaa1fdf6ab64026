//! The command line of feedback surveys: importing a Google Forms or
//! Microsoft Forms export, and listing and showing surveys with their NPS.

use std::path::PathBuf;

use clap::Subcommand;

use super::ListingArgs;

#[derive(Debug, Subcommand)]
#[command(after_help = "Examples:\n  \
    alumni survey import 交流会アンケート.csv --event 1   # needs your own form export\n  \
    alumni survey list\n  \
    alumni survey show 1")]
pub enum SurveyCommand {
    /// Import a feedback survey: a Google Forms or Microsoft Forms export
    ///
    /// Reads the responses as Google Forms exports them (.csv: Timestamp,
    /// Email Address, then one column per question; タイムスタンプ,
    /// メールアドレス in Japanese) or Microsoft Forms does (.xlsx or .csv: ID,
    /// Start time, Completion time, Email, Name; 開始時刻, 完了時刻, メール,
    /// 名前), in UTF-8 (with or without a BOM) or Shift_JIS, with title rows
    /// above the header and the columns in any order.
    ///
    /// The 0-10 recommendation question is found by its header (おすすめ度,
    /// 推奨度, 薦め, "How likely", recommend, NPS; among several, the one
    /// answered only with 0 to 10), the comment by コメント, ご意見, 感想,
    /// Comments, Feedback, "Anything else" (else the column of the longest
    /// answers); the other answers are kept as they are. Respondents are
    /// matched by email (their further emails too), then by an employee ID
    /// column (社員番号, Employee ID); people erased on request never match.
    ///
    /// Each matched response is stored with an inbound contact (channel
    /// other, the survey's name as summary, on the day of the answer), all
    /// in one transaction. Rows that match nobody are listed on stderr and
    /// written, with a reason column, to the rejects file; the rest are
    /// imported and the exit status is 0. A score that is not a whole
    /// number from 0 to 10, or a timestamp that is not a date, refuses the
    /// file (exit 65, nothing imported) unless --skip-invalid, which rejects
    /// those rows too. A file without an email or employee ID column, or
    /// none of whose rows matches, is refused. The same file imported again
    /// changes nothing.
    #[command(after_help = "Examples:\n  \
        alumni survey import 'Alumni Mixer Feedback.csv' --event 1   # needs your own Google Forms export\n  \
        alumni survey import 交流会アンケート.xlsx --name '2026 冬の交流会 アンケート' --dry-run   # needs your own Microsoft Forms export")]
    Import {
        /// The form's export (.csv or .xlsx)
        file: PathBuf,
        /// The event the survey followed: its id or name
        #[arg(long, value_name = "EVENT")]
        event: Option<String>,
        /// The survey's name [default: the file's name without its extension]
        #[arg(long)]
        name: Option<String>,
        /// Show what would be imported, and import nothing
        #[arg(long)]
        dry_run: bool,
        /// Reject rows with a bad score or timestamp instead of refusing the file
        #[arg(long)]
        skip_invalid: bool,
        /// Where to write the rows not imported, with a reason column [default: FILE's name with .rejects.csv, beside it]
        #[arg(long, value_name = "FILE")]
        rejects: Option<PathBuf>,
    },

    /// List surveys with their responses and NPS
    #[command(after_help = "Example:\n  alumni survey list --format csv")]
    List {
        #[command(flatten)]
        output: ListingArgs,
    },

    /// Show one survey: promoters, passives, detractors, NPS, the scores and the comments
    ///
    /// NPS is (promoters - detractors) / respondents with a score × 100,
    /// rounded: a promoter scored 9 or 10, a passive 7 or 8, a detractor 0
    /// to 6. --format json gives every response with all its answers;
    /// --format csv the responses.
    #[command(after_help = "Example:\n  alumni survey show 1 --format json")]
    Show {
        /// The survey id
        id: i64,
        #[command(flatten)]
        output: ListingArgs,
    },
}
