//! The command line: every command, option and its help text. Nothing here
//! does any work; `crate::cmd` gets plain values from these types. The
//! roster commands are in this file; each other area has a file of its own,
//! and `man` renders the manual pages from them.

pub mod campaign;
pub mod contact;
pub mod db;
pub mod events;
pub mod export;
pub mod man;
pub mod ops;
pub mod people;
pub mod pipeline;
pub mod report;
pub mod suggest;
pub mod survey;
pub mod targets;

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::{Consent, Field, Key};
use crate::export::Format;
use crate::import::Mapping;

/// Keep in touch with former employees, bring them back, and report on it.
///
/// alumni keeps an HR team's alumni roster, contact history and rehire
/// pipeline in one SQLite file, imports the spreadsheets HR already has
/// (CSV in Shift_JIS or UTF-8, .xlsx, .xls, .ods), and writes the reports
/// management reads.
#[derive(Debug, Parser)]
#[command(name = "alumni", version, max_term_width = 100)]
#[command(after_help = "Examples:\n  \
    alumni import 退職者名簿.xlsx   # needs your own roster file\n  \
    alumni --db hr.db list --department 営業部 --left-in 2024   # needs your own database hr.db")]
pub struct Cli {
    /// The database: a file, or a team's PostgreSQL database as
    /// postgres://USER@HOST:PORT/DBNAME[?schema=NAME&sslmode=MODE]
    /// [default: alumni.db in the user data directory]
    #[arg(long, global = true, env = "ALUMNI_DB", value_name = "PATH|URL")]
    pub db: Option<PathBuf>,

    /// Print nothing but errors
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Messages, table headings and report labels in English or Japanese
    /// [default: the default-language setting, else $LC_ALL, $LC_MESSAGES or $LANG]
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<crate::i18n::Lang>,

    /// Never send output through $PAGER (on a terminal, `less -FRX` by default)
    #[arg(long, global = true)]
    pub no_pager: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (the first `alumni import` also does; no other command will)
    #[command(after_help = "Example:\n  alumni --db hr/alumni.db init")]
    Init,

    /// Import rosters from .csv, .tsv, .xlsx, .xlsm, .xls or .ods files
    ///
    /// The header row is found below any title rows, and its columns are
    /// matched to roster fields by their usual English and Japanese names
    /// (社員番号, 氏名, メールアドレス, 退職日, Employee ID, E-mail …).
    /// Every file of one call is imported in one transaction: either all of
    /// it lands, or nothing does. Importing the same file again changes
    /// nothing, and an empty cell never erases a stored value.
    #[command(after_help = "Examples:\n  \
        alumni import 退職者名簿.xlsx 2023年度.csv   # needs your own roster files\n  \
        alumni import roster.csv --map '人事コード=employee_id' --dry-run   # needs your own roster file\n  \
        alumni import roster.csv --skip-invalid --rejects rejects.csv   # needs your own roster file\n\n\
        Fields: employee_id, name, name_kana, email, phone, department, job_title,\n\
        hire_date, leave_date, leave_reason, rehire_eligible, current_company,\n\
        current_title, location, linkedin_url, tags, notes, employment_type,\n\
        leave_type (or 'ignore').\n\n\
        alumni import --mappings lists the remembered mappings;\n\
        alumni import --forget-mapping ID forgets one.")]
    Import(ImportArgs),

    /// List alumni, with filters
    #[command(after_help = "Examples:\n  \
        alumni list --department 営業部 --left-in 2024\n  \
        alumni list --rehire yes --format csv > rehire-ok.csv")]
    List(ListArgs),

    /// Find alumni by name, reading (kana), email, ID, department, company or notes
    #[command(after_help = "Examples:\n  alumni search 山田\n  alumni search やまだ --format json")]
    Search {
        /// The text to look for
        text: String,
        #[command(flatten)]
        list: ListArgs,
    },

    /// Show one alumnus
    #[command(
        after_help = "Examples:\n  alumni show 00123\n  alumni show taro.yamada@example.co.jp --format json"
    )]
    Show {
        /// The alumnus: an employee ID, an email, or #id
        alumnus: String,
        #[command(flatten)]
        output: ListingArgs,
    },

    /// Add one alumnus by hand
    #[command(after_help = "Example:\n  \
        alumni add --name '山田 次郎' --employee-id 09123 --email jiro.yamada@example.jp --leave-date 2024/3/31")]
    Add(AddArgs),

    /// Change an alumnus's fields by hand (an import never overwrites them)
    #[command(after_help = "Examples:\n  \
        alumni edit 00123 --current-company 株式会社ミライ --rehire yes\n  \
        alumni edit taro.yamada@example.co.jp --clear phone")]
    Edit {
        /// The alumnus: an employee ID, an email, or #id
        alumnus: String,
        #[command(flatten)]
        fields: FieldArgs,
        /// Empty a field (repeatable)
        #[arg(long, value_name = "FIELD")]
        clear: Vec<Field>,
    },

    /// Log and read the contact history
    #[command(subcommand)]
    Contact(contact::ContactCommand),

    /// Record an alumnus's consent to be contacted (APPI): opted-in, opted-out or unknown
    #[command(after_help = "Examples:\n  \
        alumni consent 00123 opted-in --purpose '再雇用のご案内'\n  \
        alumni consent taro.yamada@example.co.jp opted-out")]
    Consent(contact::ConsentArgs),

    /// Show or set the departure reason (or leave type) → rehire eligibility rules
    #[command(
        after_help = "Examples:\n  alumni rules\n  alumni rules set 懲戒 no\n  alumni rules set 会社都合 review"
    )]
    Rules {
        /// [default: list]
        #[command(subcommand)]
        command: Option<contact::RulesCommand>,
    },

    /// The rehire pipeline: open, move, close and list applications
    #[command(subcommand)]
    Pipeline(pipeline::PipelineCommand),

    /// Show, rename or reorder the pipeline's stages
    #[command(
        after_help = "Examples:\n  alumni stages\n  alumni stages rename screening --ja '書類・適性検査'"
    )]
    Stages {
        /// [default: list]
        #[command(subcommand)]
        command: Option<pipeline::StagesCommand>,
    },

    /// Referred candidates: open a referral application
    #[command(subcommand)]
    Referral(pipeline::ReferralCommand),

    /// Alumni events (reunions, mixers, seminars …) and who came
    #[command(subcommand)]
    Event(events::EventCommand),

    /// Newsletters, mail-outs and SNS posts to a segment, and their delivery reports
    #[command(subcommand)]
    Campaign(campaign::CampaignCommand),

    /// Business opportunities through alumni: clients, partners, speakers, ambassadors
    #[command(subcommand)]
    Partner(events::PartnerCommand),

    /// Feedback surveys (Google Forms, Microsoft Forms exports) and their NPS
    #[command(subcommand)]
    Survey(survey::SurveyCommand),

    /// List likely duplicate people to review and merge
    ///
    /// Records that share a phone, a mailbox (an email but for dots or a
    /// +tag) or a name and reading with overlapping dates are listed in
    /// pairs as they are found. More than 50 records sharing one of these
    /// (a switchboard's phone, a very common name) are one row of kind
    /// group instead, with the ids of them all in its ids column.
    #[command(after_help = "Example:\n  alumni dupes --format csv > dupes.csv")]
    Dupes(people::DupesArgs),

    /// Join two records of one person, keeping all their history
    ///
    /// Every email, phone and employee ID of both records is kept: the
    /// other's become further ones of the kept person. Fields both hold
    /// with different values are shown side by side first. Records whose
    /// names and readings both differ are refused unless --force.
    #[command(
        after_help = "Examples:\n  alumni merge 00123 taro.old@example.jp --yes   # needs a second record of that person\n  alumni merge --undo 1 --yes                    # needs a merge to undo"
    )]
    Merge(people::MergeArgs),

    /// Erase one person's personal data on request (APPI 消去), keeping anonymous counts
    ///
    /// Empties the name, reading, employee ID, email, phone, LinkedIn,
    /// current company and title, location, job title, departure reason,
    /// notes and tags; the text of their contacts, stage notes, partner
    /// notes and consent purposes; and the candidate's name, email and
    /// phone of referrals they made or were the subject of. Keeps the
    /// record's id, department, hire and leave month, leave type and
    /// eligibility, and the dates, stages, channels and outcomes of their
    /// applications, contacts and attendance, so that KPI counts do not
    /// change. The file is then rewritten so that nothing erased stays
    /// readable in it. An import that lists them again is refused unless
    /// given --readmit-erased. Earlier backups still hold them.
    #[command(after_help = "Examples:\n  \
        alumni forget 00123 --reason '本人からの削除請求'   # needs a terminal: asks first\n  \
        alumni forget taro.yamada@example.co.jp --yes")]
    Forget(people::ForgetArgs),

    /// List (or erase) alumni past the retention period
    ///
    /// An alumnus is past it when the later of their leave date and their
    /// last contact (the day the record was made, when there is neither)
    /// is more than `retention-years` years ago (5 unless set with `alumni
    /// config set retention-years N`). Alumni with an open application,
    /// or who opted in within the period, are never listed.
    #[command(after_help = "Examples:\n  \
        alumni retention\n  \
        alumni config set retention-years 7\n  \
        alumni retention --erase --yes")]
    Retention(people::RetentionArgs),

    /// Rank alumni to approach about a comeback (who to call next)
    ///
    /// Each alumnus scores points for rehire eligibility (yes, then
    /// review; unknown scores none), their contacts, events attended,
    /// latest survey score and campaign clicks and opens in the last 12
    /// months, the years since they left (most between suggest-min-years
    /// and suggest-max-years), their tenure, and how their former job title
    /// and department match --position and --department. Each line gives
    /// the score and its reasons. Never suggested: anyone whose eligibility
    /// is no, who opted out or was erased, who has an open application
    /// (a rehire, or a referral naming them), or who has rejoined. The
    /// weights are settings (alumni config lists the suggest-… ones); the
    /// 20 highest are shown unless --limit says otherwise.
    #[command(after_help = "Examples:\n  \
        alumni suggest\n  \
        alumni suggest --position '営業 課長' --department 営業部 --limit 5\n  \
        alumni suggest --format json\n  \
        alumni config set suggest-weight-event 10")]
    Suggest(suggest::SuggestArgs),

    /// KPI targets per month and stage, assumed pass rates and all hires
    #[command(subcommand)]
    Target(targets::TargetCommand),

    /// Money spent per month and channel, and its budget, for cost per hire
    #[command(subcommand)]
    Spend(targets::SpendCommand),

    /// The recruiting KPI report of a period
    ///
    /// Per stage: target, actual, achievement, pass rate to the next stage
    /// (observed, and assumed with `target rate`), the counts required to
    /// meet the hire target (逆算, with the assumed rate where there is one)
    /// and the median days in the stage; below them offer acceptance, time
    /// to rejoin, referral hires, the rehire share of all hires (`target
    /// hires`), engagement, event attendance and cost per hire. With --by,
    /// the report once per month, fiscal quarter, department, kind or
    /// source (table, csv and json). With --format xlsx, the KPI workbook:
    /// plan, back-calculation, schedule, monthly KPI, by channel, by
    /// department, alumni metrics, data and definitions, with live formulas
    /// over the data sheet.
    #[command(after_help = "Examples:\n  \
        alumni kpi                          # the current fiscal year\n  \
        alumni kpi --fy 2026 --lang ja --format xlsx --out 'kpi-FY{fy}.xlsx'\n  \
        alumni kpi --from 2026-04 --to 2026-06 --count cohort --format json\n  \
        alumni kpi --fy 2026 --by month --format csv --out 'kpi-by-month-FY{fy}.csv'")]
    Kpi {
        #[command(flatten)]
        report: report::KpiArgs,
        #[command(flatten)]
        output: report::KpiOutputArgs,
    },

    /// Export the roster, contacts, pipeline, events, KPIs or a mailing list
    #[command(subcommand)]
    Export(export::ExportCommand),

    /// Settings kept in the database: fiscal-year start, default language, default owner
    #[command(subcommand)]
    Config(targets::ConfigCommand),

    /// Write a consistent copy of the database, even while it is in use
    ///
    /// The copy is the database as of one moment (SQLite's VACUUM INTO, in
    /// one read transaction), so other commands may read and write
    /// meanwhile. It is written beside FILE under a temporary name, checked,
    /// flushed to disk and renamed to FILE: FILE is never half a copy. An
    /// existing FILE is refused unless --force, which replaces it in that
    /// one step. FILE may not be the database itself. The copy is one
    /// self-contained file (no -wal beside it).
    Backup(ops::BackupArgs),

    /// Check the database for damage and broken links between records
    ///
    /// Runs SQLite's integrity_check and foreign_key_check. Each problem is
    /// one line on stdout that names the table and row; the exit status is
    /// 0 when all is well and 1 when a problem is found or the file is not
    /// a database. The file is only read (not created, migrated or
    /// changed), so a backup can be checked where it lies.
    Check(ops::CheckArgs),

    /// Print a shell completion script: bash, zsh, fish, powershell or elvish
    Completions(ops::CompletionsArgs),

    /// Show the audit log: who changed what, and when
    ///
    /// One row per change, oldest first as a log reads: when (UTC), who
    /// (the default-owner setting, else $ALUMNI_USER, else the user's login
    /// name; on PostgreSQL also the database role it connected as), the
    /// command, the alumnus it concerned (#id) and what changed.
    /// The log names fields and counts, never personal values, and keeps
    /// the id of an erased alumnus, so `--alumnus #id` still finds them.
    Audit(ops::AuditArgs),

    /// Copy a database between SQLite and PostgreSQL; give PostgreSQL roles access
    #[command(subcommand)]
    Db(db::DbCommand),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The roster files; '-' reads CSV from standard input
    #[arg(
        required_unless_present_any = ["list_mappings", "forget_mapping"],
        value_name = "FILE"
    )]
    pub files: Vec<PathBuf>,

    /// Read a column into a field: 'HEADER=field', or 'HEADER=ignore' (repeatable)
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub mappings: Vec<Mapping>,

    /// Read only this sheet of a workbook (repeatable) [default: every sheet that holds a roster]
    #[arg(long = "sheet", value_name = "NAME")]
    pub sheets: Vec<String>,

    /// The row (line) that holds the column names [default: found automatically]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub header_row: Option<u64>,

    /// What identifies a person across imports [default: employee_id if the file has it, else email]
    #[arg(long, value_enum)]
    pub key: Option<Key>,

    /// The text encoding of CSV files: utf-8, cp932 (Shift_JIS), euc-jp … [default: detected]
    #[arg(long, value_name = "NAME")]
    pub encoding: Option<String>,

    /// Report what would change, and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Import the valid rows and leave out the invalid ones
    #[arg(long)]
    pub skip_invalid: bool,

    /// Import people erased on request (alumni forget) as new records: they asked to be added again
    #[arg(long)]
    pub readmit_erased: bool,

    /// With --skip-invalid: write the invalid rows, with a reason column, to this CSV file
    #[arg(long, value_name = "FILE", requires = "skip_invalid")]
    pub rejects: Option<PathBuf>,

    /// List the column mappings remembered for header rows seen before, and import nothing
    #[arg(long = "mappings", conflicts_with_all = ["files", "forget_mapping"])]
    pub list_mappings: bool,

    /// Forget the remembered mapping with this id (see --mappings), and import nothing
    #[arg(long, value_name = "ID", conflicts_with = "files")]
    pub forget_mapping: Option<i64>,

    /// With --mappings: how the listing is written [default: table]
    // Checked in `cmd`: clap takes a flag's default (false) as present, so
    // `requires = "list_mappings"` would always be met.
    #[arg(long, value_parser = formats(&[Format::Table, Format::Csv, Format::Json]))]
    pub format: Option<Format>,

    #[command(flatten)]
    pub csv: CsvArgs,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    pub fields: FieldArgs,
    /// Add a person erased on request (alumni forget) again: they asked to be
    #[arg(long)]
    pub readmit_erased: bool,
}

/// How a listing is written: a table for people, or CSV or JSON.
#[derive(Debug, Args, Default)]
pub struct ListingArgs {
    #[arg(long, value_parser = formats(&[Format::Table, Format::Csv, Format::Json]), default_value = "table")]
    pub format: Format,

    /// Only these columns, in this order, by their CSV names (id,name,email)
    #[arg(long, value_name = "A,B,…", value_delimiter = ',')]
    pub columns: Option<Vec<String>>,

    /// At most this many rows
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,

    #[command(flatten)]
    pub csv: CsvArgs,
}

/// How CSV is written. By default it is for Excel: UTF-8 with a byte-order
/// mark, and a `'` before each cell that a spreadsheet would take for a
/// formula.
#[derive(Clone, Copy, Debug, Args, Default)]
pub struct CsvArgs {
    /// CSV without the byte-order mark, for programs rather than Excel
    #[arg(long)]
    pub no_bom: bool,

    /// CSV with formula-like cells as they are, with no ' in front
    #[arg(long)]
    pub raw: bool,
}

/// A `--format` that takes the formats `accepted`, listed in that order.
pub(crate) fn formats(accepted: &'static [Format]) -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(accepted.iter().filter_map(ValueEnum::to_possible_value))
        .map(|name| Format::from_str(&name, false).expect("one of the possible values"))
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: RosterFilterArgs,

    #[command(flatten)]
    pub output: ListingArgs,
}

/// Which alumni a listing or an export holds.
#[derive(Debug, Args)]
pub struct RosterFilterArgs {
    /// Only this department
    #[arg(long)]
    pub department: Option<String>,

    /// Only those who left in this calendar year
    #[arg(long, value_name = "YEAR")]
    pub left_in: Option<i32>,

    /// Only this rehire eligibility: yes, review, no or unknown (可, 要相談, 不可 work too)
    #[arg(long, value_name = "ELIGIBILITY")]
    pub rehire: Option<String>,

    /// Only alumni with this tag
    #[arg(long)]
    pub tag: Option<String>,

    /// Only this consent: opted-in, opted-out or unknown (opted_in and opted_out work too)
    #[arg(long, value_enum)]
    pub consent: Option<Consent>,

    /// Only this employment type: full_time, contract, part_time, temp or other (正社員, 契約社員 … work too)
    #[arg(long, value_name = "TYPE")]
    pub employment_type: Option<String>,

    /// Only this leave type: voluntary, involuntary, retirement, contract_end or other (自己都合, 会社都合 … work too)
    #[arg(long, value_name = "TYPE")]
    pub leave_type: Option<String>,

    /// Only those who work or worked at a company whose name holds this
    /// text: the current company or any earlier one in their career
    /// history. Width, case, spaces and legal forms (株式会社, (株), 有限会社,
    /// Inc., Co., Ltd. …) are ignored, so ミライ finds 株式会社ミライ and
    /// ミライ工業(株)
    #[arg(long)]
    pub company: Option<String>,

    /// With --company: only those whose current company it is
    #[arg(long, requires = "company")]
    pub current_only: bool,
}

/// The roster fields a person can set by hand.
#[derive(Debug, Args, Default)]
pub struct FieldArgs {
    #[arg(long)]
    pub employee_id: Option<String>,
    /// Full name, e.g. '山田 太郎'
    #[arg(long)]
    pub name: Option<String>,
    /// Reading of the name in katakana (フリガナ)
    #[arg(long)]
    pub kana: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub department: Option<String>,
    #[arg(long)]
    pub job_title: Option<String>,
    /// e.g. 2019-04-01, 2019/4/1, 平成31年4月1日
    #[arg(long, value_name = "DATE")]
    pub hire_date: Option<String>,
    /// e.g. 2024-03-31, 2024/3/31, 令和6年3月31日, R6.3.31
    #[arg(long, value_name = "DATE")]
    pub leave_date: Option<String>,
    #[arg(long)]
    pub leave_reason: Option<String>,
    /// yes, review or no (可, 要相談, 不可)
    #[arg(long, value_name = "ELIGIBILITY")]
    pub rehire: Option<String>,
    #[arg(long)]
    pub current_company: Option<String>,
    #[arg(long)]
    pub current_title: Option<String>,
    #[arg(long)]
    pub location: Option<String>,
    #[arg(long, value_name = "URL")]
    pub linkedin: Option<String>,
    /// Tags, comma-separated
    #[arg(long)]
    pub tags: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    /// 雇用形態: full_time, contract, part_time, temp or other (正社員, 契約社員, パート, 派遣 …)
    #[arg(long, value_name = "TYPE")]
    pub employment_type: Option<String>,
    /// 退職区分: voluntary, involuntary, retirement, contract_end or other (自己都合, 会社都合, 定年 …)
    #[arg(long, value_name = "TYPE")]
    pub leave_type: Option<String>,
}

impl FieldArgs {
    /// The values given, by field.
    pub fn given(&self) -> Vec<(Field, &str)> {
        [
            (Field::EmployeeId, &self.employee_id),
            (Field::Name, &self.name),
            (Field::NameKana, &self.kana),
            (Field::Email, &self.email),
            (Field::Phone, &self.phone),
            (Field::Department, &self.department),
            (Field::JobTitle, &self.job_title),
            (Field::HireDate, &self.hire_date),
            (Field::LeaveDate, &self.leave_date),
            (Field::LeaveReason, &self.leave_reason),
            (Field::RehireEligible, &self.rehire),
            (Field::CurrentCompany, &self.current_company),
            (Field::CurrentTitle, &self.current_title),
            (Field::Location, &self.location),
            (Field::LinkedinUrl, &self.linkedin),
            (Field::Tags, &self.tags),
            (Field::Notes, &self.notes),
            (Field::EmploymentType, &self.employment_type),
            (Field::LeaveType, &self.leave_type),
        ]
        .into_iter()
        .filter_map(|(field, value)| value.as_deref().map(|v| (field, v)))
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_field_has_a_flag() {
        let args = FieldArgs {
            employee_id: Some("1".into()),
            name: Some("1".into()),
            kana: Some("1".into()),
            email: Some("1".into()),
            phone: Some("1".into()),
            department: Some("1".into()),
            job_title: Some("1".into()),
            hire_date: Some("1".into()),
            leave_date: Some("1".into()),
            leave_reason: Some("1".into()),
            rehire: Some("1".into()),
            current_company: Some("1".into()),
            current_title: Some("1".into()),
            location: Some("1".into()),
            linkedin: Some("1".into()),
            tags: Some("1".into()),
            notes: Some("1".into()),
            employment_type: Some("1".into()),
            leave_type: Some("1".into()),
        };
        let fields: Vec<Field> = args.given().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, Field::ALL);
    }
}
