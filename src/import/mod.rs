//! Importing roster files: every file of one call in one transaction, each
//! row checked, matched and merged, and a log row per file.
//!
//! The terminal side (prompts, progress, messages) is reached through
//! [`Hooks`], so that this module never depends on how it is shown.
//!
//! The other sheets HR brings are read here too, into what their commands
//! write: [`target_grid`] (a month × stage grid of KPI targets) and
//! [`signup`] (an event's sign-up sheet).

pub mod columns;
pub mod delivery;
pub mod merge;
mod preview;
pub mod record;
mod rejects;
mod remembered;
mod sheet;
pub mod signup;
pub mod survey;
pub mod target_grid;
mod writer;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};

pub use columns::{Answer, ColumnMap, Mapping};
pub use writer::Outcome;

use crate::db::{self, Db, Tx, import::ImportLog};
use crate::domain::Field;
use crate::error::Failure;
use crate::ingest::{ReadOptions, SourceInfo};
use rejects::Rejects;
use writer::Writer;

/// SQLite's page cache during an import, in KiB: enough to keep both unique
/// indexes of a million-row roster in memory, and a fixed ceiling.
const IMPORT_CACHE_KIB: i64 = 64 * 1024;

/// Everything `alumni import` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    pub files: Vec<PathBuf>,
    pub read: ReadOptions,
    pub header_row: Option<u64>,
    pub mappings: Vec<Mapping>,
    pub key: Option<Field>,
    pub dry_run: bool,
    pub skip_invalid: bool,
    /// Import people erased on request again, as new records.
    pub readmit_erased: bool,
    pub rejects: Option<PathBuf>,
    /// The database file, which the rejects file must never replace.
    pub database: Option<PathBuf>,
}

/// How the import talks to the person or script running it.
pub trait Hooks {
    /// Whether someone is there to answer [`Hooks::ask_field`].
    fn can_ask(&self) -> bool;
    /// A column nothing matched: which field is it?
    fn ask_field(&mut self, file: &Path, header: &str, free: &[Field]) -> Answer;
    /// A file is starting; `size` in bytes where progress is counted in
    /// bytes (text files), else rows.
    fn start_file(&mut self, file: &Path, size: Option<u64>);
    /// Rows done so far in the current file, and bytes read where known.
    fn progress(&mut self, rows: u64, bytes: Option<u64>);
    /// Something the user should know that does not stop the import.
    fn warn(&mut self, message: &str);
    /// A row that was refused.
    fn problem(&mut self, message: &str);
    /// A change a dry run would make, or its preview of the columns.
    fn change(&mut self, message: &str);
    /// Something said in passing, not a warning.
    fn note(&mut self, message: &str);
}

/// What happened to one file, or one sheet of a workbook.
#[derive(Clone, Debug)]
pub struct FileSummary {
    pub file: PathBuf,
    /// The format, encoding and sheet.
    pub info: SourceInfo,
    pub header_row: u64,
    /// How many rows the header spans.
    pub header_rows: usize,
    pub read: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    /// Rows of people erased on request, left out.
    pub erased: u64,
    /// Values a row would have changed but that were set by hand.
    pub kept: u64,
    /// The time the import of this file or sheet took, without the time
    /// spent waiting for answers at a prompt.
    pub elapsed: Duration,
    /// The time spent waiting for answers at a prompt.
    pub asking: Duration,
    /// The SHA-256 of the file's bytes, as lower-case hex.
    pub content_hash: String,
    /// Its row in the import log, begun as its first rows were written.
    pub log_id: i64,
}

/// A sheet of a workbook that was not imported, and why.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub file: PathBuf,
    pub sheet: String,
    pub why: String,
}

/// What an import did: a summary per file or sheet read, and the sheets
/// left out.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub summaries: Vec<FileSummary>,
    pub skipped: Vec<Skipped>,
}

/// Runs an import. Nothing is written unless every file was read and, without
/// `skip_invalid`, every row was valid; a dry run writes nothing at all.
pub fn run(database: &mut Db, options: &ImportOptions, hooks: &mut dyn Hooks) -> Result<Report> {
    let old_cache = db::import::cache_size(database)?;
    db::import::set_cache_size(database, -IMPORT_CACHE_KIB)?;
    let result = run_in_transaction(database, options, hooks);
    db::import::set_cache_size(database, old_cache)?;
    result
}

fn run_in_transaction(
    database: &mut Db,
    options: &ImportOptions,
    hooks: &mut dyn Hooks,
) -> Result<Report> {
    let tx = database.begin()?;
    let mut rejects = match &options.rejects {
        Some(path) => Some(Rejects::create(path, options)?),
        None => None,
    };
    let mut report = Report::default();
    {
        let mut writer = Writer::new(&tx, options.readmit_erased)?;
        for file in &options.files {
            let read =
                sheet::import_file(&tx, file, options, &mut writer, rejects.as_mut(), hooks)?;
            for summary in &read.summaries {
                log_import(&tx, summary, writer.started_at())?;
            }
            report.summaries.extend(read.summaries);
            report.skipped.extend(read.skipped);
        }
        writer.finish()?;
    }
    let summaries = &report.summaries;
    if let Some(rejects) = rejects {
        rejects.finish()?;
    }
    let rejected: u64 = summaries.iter().map(|s| s.rejected).sum();
    if rejected > 0 && !options.skip_invalid {
        let files: Vec<String> = summaries
            .iter()
            .filter(|s| s.rejected > 0)
            .map(|s| format!("{} in {}", s.rejected, s.file.display()))
            .collect();
        return Err(Failure::BadData(format!(
            "invalid rows ({}); nothing was imported. Fix them, or import the rest with \
             --skip-invalid --rejects rejects.csv",
            files.join(", ")
        ))
        .into());
    }
    if !options.dry_run {
        tx.commit().context("cannot commit the import")?;
    }
    Ok(report)
}

fn log_import(tx: &Tx<'_>, s: &FileSummary, started_at: &str) -> Result<()> {
    let id = s.log_id;
    db::import::finish_log(
        tx,
        id,
        &ImportLog {
            file_name: s.file.display().to_string(),
            content_hash: &s.content_hash,
            format: s.info.format.name(),
            sheet: s.info.sheet.as_deref(),
            encoding: s.info.encoding.as_deref(),
            rows_read: s.read,
            inserted: s.inserted,
            updated: s.updated,
            unchanged: s.unchanged,
            rejected: s.rejected,
            started_at,
        },
    )?;
    let mut detail = format!(
        "import #{id}: {} inserted, {} updated, {} unchanged, {} rejected",
        s.inserted, s.updated, s.unchanged, s.rejected
    );
    if s.erased > 0 {
        detail.push_str(&format!(", {} erased on request left out", s.erased));
    }
    db::audit::record(tx, "import", None, &detail)
}

/// The spreadsheet letter of a 0-based column: 0 → A, 26 → AA; how a
/// message names a column of a file read.
fn letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        out.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII letters")
}
