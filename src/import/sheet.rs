//! Importing one file: each of its sheets whose header is a roster's (a
//! text file is one sheet), its columns mapped to fields, its rows read and
//! checked on one thread and written on this one.

use std::path::Path;
use std::sync::mpsc::{self, SyncSender};
use std::time::{Duration, Instant};

use anyhow::Result;

use super::columns::{Ask, ColumnMap, Mapping};
use super::rejects::Rejects;
use super::writer::{Outcome, Writer};
use super::{FileSummary, Hooks, ImportOptions, Report, Skipped, preview, record, remembered};
use crate::db::Tx;
use crate::db::import::ImportLog;
use crate::domain::Field;
use crate::error::Failure;
use crate::ingest::{self, HeaderOptions, RawRow, SourceInfo};

/// What reading one sheet came to.
enum Sheet {
    Read(FileSummary),
    Skipped(Skipped),
}

/// Imports every roster sheet of `path`, in the workbook's order.
pub(super) fn import_file(
    tx: &Tx<'_>,
    path: &Path,
    options: &ImportOptions,
    writer: &mut Writer<'_>,
    mut rejects: Option<&mut Rejects>,
    hooks: &mut dyn Hooks,
) -> Result<Report> {
    writer.start_file()?;
    let mut index = 0;
    let sheets = ingest::with_sheets(path, &options.read, |source, info| {
        index += 1;
        writer.start_sheet(index, info.sheet.as_deref());
        import_sheet(
            tx,
            path,
            source,
            info,
            options,
            writer,
            rejects.as_deref_mut(),
            hooks,
        )
    })?;
    let mut report = Report::default();
    for sheet in sheets {
        match sheet {
            Sheet::Read(mut summary) => {
                if summary.content_hash.is_empty() {
                    let hash = match report.summaries.last() {
                        Some(other) => other.content_hash.clone(),
                        None => ingest::hash_file(path)?,
                    };
                    summary.content_hash = hash;
                }
                report.summaries.push(summary);
            }
            Sheet::Skipped(skipped) => report.skipped.push(skipped),
        }
    }
    if report.summaries.is_empty() {
        let why: Vec<String> = report
            .skipped
            .iter()
            .map(|s| format!("{}: {}", s.sheet, s.why))
            .collect();
        return Err(Failure::bad_file(
            path,
            format!("no sheet holds a roster ({})", why.join("; ")),
        )
        .into());
    }
    Ok(report)
}

/// Imports one sheet, or says why it is left out. In a workbook of several
/// sheets, one whose header names fewer than two roster fields is not a
/// roster (a summary, a list of codes); a lone sheet is read if it can be.
#[allow(clippy::too_many_arguments)]
fn import_sheet(
    tx: &Tx<'_>,
    path: &Path,
    source: &mut dyn ingest::RowSource,
    info: SourceInfo,
    options: &ImportOptions,
    writer: &mut Writer<'_>,
    mut rejects: Option<&mut Rejects>,
    hooks: &mut dyn Hooks,
) -> Result<Sheet> {
    let started = Instant::now();
    let several = info.candidates > 1;
    let sheet_name = info.sheet.clone().unwrap_or_default();
    let skip = |why: &str| {
        Ok(Sheet::Skipped(Skipped {
            file: path.to_path_buf(),
            sheet: sheet_name.clone(),
            why: why.to_string(),
        }))
    };
    if info.hidden && !info.named {
        return skip("hidden sheet");
    }
    hooks.start_file(path, source.bytes_read().map(|_| info.size));
    let mut mapped: Vec<String> = options
        .mappings
        .iter()
        .map(|m| ingest::header::fold(&m.header))
        .collect();
    mapped.extend(remembered::known_headers(tx)?);
    let header_options = HeaderOptions {
        row: options.header_row,
        mapped,
    };
    let rows = match ingest::locate_header(path, source, &header_options)? {
        Ok(rows) if several && rows.score < 2 && options.header_row.is_none() => {
            return skip("no roster header");
        }
        Ok(rows) => rows,
        Err(_) if several => return skip("no roster header"),
        Err(why) if !info.hidden_sheets.is_empty() => {
            return Err(Failure::bad_file(
                path,
                format!(
                    "{why}; the workbook's hidden sheets ({}) are passed over: \
                     to read one, name it with --sheet",
                    info.hidden_sheets.join(", ")
                ),
            )
            .into());
        }
        Err(why) => return Err(Failure::bad_file(path, why).into()),
    };
    let name = match (&info.sheet, several) {
        (Some(sheet), true) => format!("{} [{sheet}]", path.display()),
        _ => path.display().to_string(),
    };
    // "row 3 of 本社" in the rejects of a workbook read sheet by sheet.
    let of_sheet = match (&info.sheet, several) {
        (Some(sheet), true) => format!(" of {sheet}"),
        _ => String::new(),
    };
    let mut asking = Duration::ZERO;
    // What was said with --map comes first, then what was remembered.
    let mut mappings = options.mappings.clone();
    if let Some((id, remembered)) = remembered::load(tx, &rows.names)? {
        hooks.note(&format!(
            "{name}: columns read as remembered for this header row \
             (alumni import --mappings lists it as #{id})"
        ));
        mappings.extend(remembered);
    }
    let can_ask = hooks.can_ask();
    let mut ask = |header: &str, free: &[Field]| {
        let asked = Instant::now();
        let answer = hooks.ask_field(path, header, free);
        asking += asked.elapsed();
        answer
    };
    let columns = ColumnMap::new(
        &rows.names,
        &mappings,
        can_ask.then_some(&mut ask as &mut Ask<'_>),
    );
    warn_about_columns(&name, &columns, hooks);
    remember(tx, &name, &rows.names, options, &columns, hooks)?;
    if columns.is_empty() {
        if several {
            return skip("no column matches a roster field");
        }
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
        header_rows: rows.rows,
        read: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        erased: 0,
        kept: 0,
        elapsed: Duration::ZERO,
        asking,
        content_hash: String::new(),
        log_id: 0,
    };
    let header = rows.names.clone();
    let (sender, batches) = mpsc::sync_channel::<Batch>(BATCHES_IN_FLIGHT);
    let columns = &columns;
    let mut previewed = !options.dry_run;
    let hash = std::thread::scope(|scope| -> Result<Option<String>> {
        // Reading and checking rows on one core, writing on this one.
        let reader = scope.spawn(move || read_rows(rows, columns, sender));
        let written = batches.iter().try_for_each(|batch| -> Result<()> {
            if !previewed {
                previewed = true;
                let samples: Vec<&RawRow> = batch.rows.iter().map(|(row, _)| row).collect();
                for line in preview::lines(columns, &samples) {
                    hooks.change(&line);
                }
            }
            if summary.log_id == 0 {
                // The log row, for the career entries of the rows to name.
                summary.log_id = crate::db::import::start_log(
                    tx,
                    &ImportLog {
                        file_name: summary.file.display().to_string(),
                        content_hash: "",
                        format: summary.info.format.name(),
                        sheet: summary.info.sheet.as_deref(),
                        encoding: summary.info.encoding.as_deref(),
                        rows_read: 0,
                        inserted: 0,
                        updated: 0,
                        unchanged: 0,
                        rejected: 0,
                        started_at: writer.started_at(),
                    },
                )?;
                writer.set_import(summary.log_id);
            }
            writer.prefetch(
                batch
                    .rows
                    .iter()
                    .filter_map(|(_, built)| built.as_ref().ok()),
            )?;
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
                                &format!("row {}{of_sheet}: {reason}", row.number),
                            )?;
                        }
                    }
                }
            }
            writer.flush()?;
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
    // A workbook's hash is taken once for all its sheets, in import_file.
    summary.content_hash = hash.unwrap_or_default();
    if summary.read == 0 {
        if several {
            return skip("a header row but no data rows");
        }
        return Err(
            Failure::bad_file(path, "there is a header row but no data rows".into()).into(),
        );
    }
    writer.flush()?;
    summary.elapsed = started.elapsed().saturating_sub(asking);
    Ok(Sheet::Read(summary))
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
        Outcome::Erased { on } => {
            summary.erased += 1;
            hooks.warn(&format!(
                "{name}:{row}: erased on request on {on}; not imported \
                 (--readmit-erased adds them again, if they asked to be)"
            ));
        }
    }
}

/// Remembers what was told about this header row, with `--map` (for the
/// columns it has) or at the prompt, so that the next file like it is
/// read the same way without asking.
fn remember(
    tx: &Tx<'_>,
    name: &str,
    headers: &[String],
    options: &ImportOptions,
    columns: &ColumnMap,
    hooks: &mut dyn Hooks,
) -> Result<()> {
    let folded: Vec<String> = headers.iter().map(|h| ingest::header::fold(h)).collect();
    let mut chosen: Vec<Mapping> = options
        .mappings
        .iter()
        .filter(|m| folded.contains(&ingest::header::fold(&m.header)))
        .cloned()
        .collect();
    chosen.extend(columns.answered.iter().cloned());
    if chosen.is_empty() {
        return Ok(());
    }
    let id = remembered::save(tx, headers, &chosen)?;
    if !options.dry_run {
        hooks.note(&format!(
            "{name}: the columns named are remembered for files with this header row \
             (#{id}; alumni import --forget-mapping {id} forgets them)"
        ));
    }
    Ok(())
}

/// How many columns that match nothing are named one by one.
const IGNORED_SHOWN: usize = 10;

fn warn_about_columns(name: &str, columns: &ColumnMap, hooks: &mut dyn Hooks) {
    for header in columns.ignored.iter().take(IGNORED_SHOWN) {
        hooks.warn(&format!(
            "{name}: column {header:?} matches no roster field and is not imported \
             (to import it: --map '{header}=FIELD')"
        ));
    }
    if columns.ignored.len() > IGNORED_SHOWN {
        hooks.warn(&format!(
            "{name}: … and {} more columns that match no roster field",
            columns.ignored.len() - IGNORED_SHOWN
        ));
    }
    for (header, field) in &columns.repeated {
        hooks.warn(&format!(
            "{name}: column {header:?} is also {field}, which an earlier column fills; it is not imported"
        ));
    }
    for header in &columns.my_number {
        hooks.warn(&format!(
            "{name}: column {header:?} holds My Number (マイナンバー), which is never imported"
        ));
    }
    if !columns.sensitive.is_empty() {
        hooks.warn(&format!(
            "{name}: sensitive, not imported: {} (personal data the roster does not keep; \
             to import one anyway: --map 'HEADER=FIELD')",
            columns.sensitive.join(", ")
        ));
    }
    if !columns.answered.is_empty() {
        let flags: Vec<String> = columns.answered.iter().map(|m| m.to_flag()).collect();
        hooks.note(&format!(
            "the same answers in a script: {}",
            flags.join(" ")
        ));
    }
}
