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
pub mod merge;
pub mod record;
mod rejects;
pub mod signup;
pub mod target_grid;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, SyncSender};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

pub use columns::{ColumnMap, Mapping};
pub use writer::Outcome;

use crate::db::{self, Db, Tx, import::ImportLog};
use crate::domain::Field;
use crate::error::Failure;
use crate::ingest::{self, HeaderOptions, RawRow, ReadOptions, SourceInfo};
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
    pub rejects: Option<PathBuf>,
    /// The database file, which the rejects file must never replace.
    pub database: Option<PathBuf>,
}

/// How the import talks to the person or script running it.
pub trait Hooks {
    /// A column nothing matched: which field is it? `None` leaves it out.
    fn ask_field(&mut self, file: &Path, header: &str, free: &[Field]) -> Option<Field>;
    /// A file is starting; `size` in bytes where progress is counted in
    /// bytes (text files), else rows.
    fn start_file(&mut self, file: &Path, size: Option<u64>);
    /// Rows done so far in the current file, and bytes read where known.
    fn progress(&mut self, rows: u64, bytes: Option<u64>);
    /// Something the user should know that does not stop the import.
    fn warn(&mut self, message: &str);
    /// A row that was refused.
    fn problem(&mut self, message: &str);
    /// A change a dry run would make.
    fn change(&mut self, message: &str);
}

/// What happened to one file.
#[derive(Clone, Debug)]
pub struct FileSummary {
    pub file: PathBuf,
    pub info: SourceInfo,
    pub header_row: u64,
    pub read: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: u64,
    /// Values a row would have changed but that were set by hand.
    pub kept: u64,
    pub elapsed: Duration,
    /// The SHA-256 of the file's bytes, as lower-case hex.
    pub content_hash: String,
}

/// Runs an import. Nothing is written unless every file was read and, without
/// `skip_invalid`, every row was valid; a dry run writes nothing at all.
pub fn run(
    database: &mut Db,
    options: &ImportOptions,
    hooks: &mut dyn Hooks,
) -> Result<Vec<FileSummary>> {
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
) -> Result<Vec<FileSummary>> {
    let tx = database.begin()?;
    let mut rejects = match &options.rejects {
        Some(path) => Some(Rejects::create(path, options)?),
        None => None,
    };
    let mut summaries = Vec::new();
    {
        let mut writer = Writer::new(&tx)?;
        for file in &options.files {
            let started_at = crate::db::now();
            let summary = import_file(file, options, &mut writer, rejects.as_mut(), hooks)?;
            log_import(&tx, &summary, &started_at)?;
            summaries.push(summary);
        }
    }
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
    Ok(summaries)
}

fn import_file(
    path: &Path,
    options: &ImportOptions,
    writer: &mut Writer<'_>,
    mut rejects: Option<&mut Rejects>,
    hooks: &mut dyn Hooks,
) -> Result<FileSummary> {
    let started = Instant::now();
    writer.start_file()?;
    ingest::with_rows(path, &options.read, |source, info| {
        hooks.start_file(path, source.bytes_read().map(|_| info.size));
        let header_options = HeaderOptions {
            row: options.header_row,
            mapped: options
                .mappings
                .iter()
                .map(|m| ingest::header::fold(&m.header))
                .collect(),
        };
        let rows = ingest::locate_header(path, source, &header_options)?;
        let columns = ColumnMap::new(&rows.names, &options.mappings, &mut |header, free| {
            hooks.ask_field(path, header, free)
        });
        warn_about_columns(path, &columns, hooks);
        if !columns.fields.iter().any(Option::is_some) {
            return Err(Failure::bad_file(path, "no column matches a roster field".into()).into());
        }
        let key = options.key.unwrap_or(if columns.has(Field::EmployeeId) {
            Field::EmployeeId
        } else {
            Field::Email
        });
        let mut summary = FileSummary {
            file: path.to_path_buf(),
            info,
            header_row: rows.row_number,
            read: 0,
            inserted: 0,
            updated: 0,
            unchanged: 0,
            rejected: 0,
            kept: 0,
            elapsed: Duration::ZERO,
            content_hash: String::new(),
        };
        let name = path.display().to_string();
        let header = rows.names.clone();
        let (sender, batches) = mpsc::sync_channel::<Batch>(BATCHES_IN_FLIGHT);
        let columns = &columns;
        let hash = std::thread::scope(|scope| -> Result<Option<String>> {
            // Reading and checking rows on one core, writing on this one.
            let reader = scope.spawn(move || read_rows(rows, columns, sender));
            let written = batches.iter().try_for_each(|batch| -> Result<()> {
                for (row, built) in batch.rows {
                    summary.read += 1;
                    let outcome = match built {
                        Ok(record) => writer.write(record, key, columns)?.map_err(|why| vec![why]),
                        Err(problems) => Err(problems),
                    };
                    match outcome {
                        Ok(outcome) => count(
                            &mut summary,
                            &name,
                            row.number,
                            columns,
                            outcome,
                            options.dry_run,
                            hooks,
                        ),
                        Err(problems) => {
                            summary.rejected += 1;
                            let reason = problems.join("; ");
                            hooks.problem(&format!("{name}:{}: {reason}", row.number));
                            if let Some(rejects) = rejects.as_deref_mut() {
                                rejects.write(
                                    &header,
                                    &row,
                                    &format!("row {}: {reason}", row.number),
                                )?;
                            }
                        }
                    }
                }
                hooks.progress(summary.read, batch.bytes_read);
                Ok(())
            });
            // On a write error the channel closes, and the reader stops at its next batch.
            drop(batches);
            let read = reader
                .join()
                .map_err(|_| anyhow::anyhow!("the reader thread failed"))?;
            written.and(read)
        })?;
        summary.content_hash = match hash {
            Some(hash) => hash,
            None => ingest::hash_file(path)?,
        };
        if summary.read == 0 {
            return Err(
                Failure::bad_file(path, "there is a header row but no data rows".into()).into(),
            );
        }
        summary.elapsed = started.elapsed();
        Ok(summary)
    })
}

/// Rows handed from the reading thread to the writing one at a time.
const BATCH_ROWS: usize = 1024;
/// Batches read ahead of the writer: this bounds the memory in flight.
const BATCHES_IN_FLIGHT: usize = 4;

/// Rows read and checked, with the record built from each (or its problems).
struct Batch {
    rows: Vec<(RawRow, Result<record::Record, Vec<String>>)>,
    bytes_read: Option<u64>,
}

/// Reads rows, builds their records, and sends them on in batches. Stops
/// early, without error, when the writer has stopped listening. Returns the
/// file's hash where reading it gave one.
fn read_rows(
    mut rows: ingest::Header<'_>,
    columns: &ColumnMap,
    sender: SyncSender<Batch>,
) -> Result<Option<String>> {
    let mut batch = Vec::with_capacity(BATCH_ROWS);
    while let Some(row) = rows.next_row()? {
        let built = record::build(&row, columns);
        batch.push((row, built));
        if batch.len() == BATCH_ROWS {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_ROWS));
            let sent = sender.send(Batch {
                rows: full,
                bytes_read: rows.bytes_read(),
            });
            if sent.is_err() {
                return Ok(None);
            }
        }
    }
    // The writer may have stopped already; then it has its own error to report.
    let _ = sender.send(Batch {
        rows: batch,
        bytes_read: rows.bytes_read(),
    });
    Ok(rows.content_hash())
}

fn count(
    summary: &mut FileSummary,
    name: &str,
    row: u64,
    columns: &ColumnMap,
    outcome: Outcome,
    dry_run: bool,
    hooks: &mut dyn Hooks,
) {
    match outcome {
        Outcome::Inserted { values } => {
            summary.inserted += 1;
            if dry_run {
                let who = [Field::EmployeeId, Field::Name, Field::Email]
                    .iter()
                    .filter_map(|f| values[f.index()].as_deref())
                    .collect::<Vec<_>>()
                    .join(" ");
                hooks.change(&format!("{name}:{row}: insert {who}"));
            }
        }
        Outcome::Updated {
            before,
            after,
            changed,
            kept,
        } => {
            summary.updated += 1;
            summary.kept += kept.len() as u64;
            if dry_run {
                let changes: Vec<String> = changed
                    .iter()
                    .map(|f| {
                        let show =
                            |v: Option<&str>| v.map_or("(empty)".to_string(), |v| format!("{v:?}"));
                        format!(
                            "{} {} → {}",
                            columns.header_of(*f),
                            show(before.get(*f)),
                            show(after[f.index()].as_deref())
                        )
                    })
                    .collect();
                hooks.change(&format!(
                    "{name}:{row}: update {}: {}",
                    before.display_name(),
                    changes.join("; ")
                ));
            }
        }
        Outcome::Unchanged { kept } => {
            summary.unchanged += 1;
            summary.kept += kept.len() as u64;
        }
    }
}

fn warn_about_columns(path: &Path, columns: &ColumnMap, hooks: &mut dyn Hooks) {
    for header in &columns.ignored {
        hooks.warn(&format!(
            "{}: column {header:?} matches no roster field and is not imported \
             (to import it: --map '{header}=FIELD')",
            path.display()
        ));
    }
    for (header, field) in &columns.repeated {
        hooks.warn(&format!(
            "{}: column {header:?} is also {field}, which an earlier column fills; it is not imported",
            path.display()
        ));
    }
}

fn log_import(tx: &Tx<'_>, s: &FileSummary, started_at: &str) -> Result<()> {
    let id = db::import::log_import(
        tx,
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
    db::audit::record(
        tx,
        "import",
        None,
        &format!(
            "import #{id}: {} inserted, {} updated, {} unchanged, {} rejected",
            s.inserted, s.updated, s.unchanged, s.rejected
        ),
    )
}
