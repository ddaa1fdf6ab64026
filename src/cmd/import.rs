//! `alumni import FILE...`: turn the command line into import options, run
//! the import, and print one summary line per file.

use std::time::{Duration, Instant};

use anyhow::Result;

use super::Context;
use crate::cli::ImportArgs;
use crate::db::{Db, Location};
use crate::domain::Field;
use crate::domain::Key;
use crate::error::Failure;
use crate::i18n::tr;
use crate::import::{self, FileSummary, ImportOptions};
use crate::ingest::{Format, ReadOptions, STDIN, encoding};
use crate::term::ImportTerminal;

pub fn run(context: &Context, args: ImportArgs) -> Result<()> {
    if let Some(done) = super::import_mappings::run(context, &args) {
        return done;
    }
    let encoding = encoding_named(args.encoding.as_deref())?;
    if args.files.iter().filter(|f| f.as_os_str() == STDIN).count() > 1 {
        return Err(Failure::Usage(tr!("stdin-twice", stdin = STDIN)).into());
    }
    let options = ImportOptions {
        files: args.files,
        read: ReadOptions {
            sheets: args.sheets,
            encoding,
        },
        header_row: args.header_row,
        mappings: args.mappings,
        key: args.key.map(|k| match k {
            Key::EmployeeId => Field::EmployeeId,
            Key::Email => Field::Email,
        }),
        dry_run: args.dry_run,
        skip_invalid: args.skip_invalid,
        readmit_erased: args.readmit_erased,
        rejects: args.rejects,
        database: Some(context.db_path.clone()),
    };
    let started = Instant::now();
    // The one command besides `init` that makes a database; a dry run
    // against none compares with an empty one in memory and makes nothing.
    let existed = context.db_exists()?;
    let made = match (&context.location, existed || options.dry_run) {
        (Location::Postgres(pg), false) => crate::db::postgres::before_first_import(pg)?,
        _ => None,
    };
    let mut db = match (existed, options.dry_run) {
        (true, _) => context.db()?,
        (false, true) => Db::open_in_memory()?,
        (false, false) => context.create()?,
    };
    refuse_damaged(context, &db)?;
    let mut hooks = ImportTerminal::new(context.term);
    let result = import::run(&mut db, &options, &mut hooks);
    hooks.finish();
    if !existed && !options.dry_run {
        drop(db);
        // Nothing was imported: the database file (or PostgreSQL schema,
        // or tables) made for it goes too.
        match (result.is_err(), &context.location, &made) {
            (true, Location::File(path), _) => crate::db::remove(path),
            (true, Location::Postgres(pg), Some(made)) => {
                // The import's own error is the one to tell.
                let _ = crate::db::postgres::undo_first_import(pg, made);
            }
            _ => {}
        }
    }
    let report = result?;
    let mut summaries = report.summaries;
    let asking: Duration = summaries.iter().map(|s| s.asking).sum();
    let total = started.elapsed().saturating_sub(asking);
    // One file's time is the whole run's, commit included.
    if let [only] = summaries.as_mut_slice() {
        only.elapsed = total;
    }
    for summary in &summaries {
        context.term.say(&summary_line(summary, options.dry_run));
    }
    for skipped in &report.skipped {
        context.term.say(&tr!(
            "import-sheet-skipped",
            file = skipped.file.display().to_string(),
            sheet = &skipped.sheet,
            why = skipped.why.to_string()
        ));
    }
    if summaries.len() > 1 {
        let sum = |count: fn(&FileSummary) -> u64| summaries.iter().map(count).sum::<u64>();
        let (files, read, inserted) = (summaries.len(), sum(|s| s.read), sum(|s| s.inserted));
        let (updated, unchanged) = (sum(|s| s.updated), sum(|s| s.unchanged));
        let (rejected, seconds) = (sum(|s| s.rejected), format!("{:.2}", total.as_secs_f64()));
        let key = if options.dry_run {
            "import-total-dry"
        } else {
            "import-total"
        };
        context.term.say(&crate::i18n::text(
            key,
            &[
                ("files", files.into()),
                ("read", read.into()),
                ("inserted", inserted.into()),
                ("updated", updated.into()),
                ("unchanged", unchanged.into()),
                ("rejected", rejected.into()),
                ("seconds", seconds.into()),
            ],
        ));
    }
    if let (Some(path), true) = (&options.rejects, summaries.iter().any(|s| s.rejected > 0)) {
        context.term.say(&tr!(
            "import-rejects-written",
            path = path.display().to_string()
        ));
    }
    if options.dry_run {
        context.term.say(&tr!("import-dry-run"));
    }
    match (existed, options.dry_run) {
        (true, _) => {}
        (false, true) => context.term.say(&tr!(
            "import-dry-no-database",
            path = context.location.to_string()
        )),
        (false, false) => context
            .term
            .say(&tr!("import-created", path = context.location.to_string())),
    }
    Ok(())
}

/// Refuses to import into a database that fails SQLite's quick check
/// (pages and b-trees; not each index against its table, which `alumni
/// check` does): rows written into a damaged file may be lost with it.
/// Checked before the import's transaction begins, so nothing is written.
fn refuse_damaged(context: &Context, db: &crate::db::Db) -> Result<()> {
    let problems = crate::db::check::quick(db)?;
    if problems.is_empty() {
        return Ok(());
    }
    let mut message = format!(
        "{}: the database fails SQLite's quick check; nothing was imported \
         (run `alumni check`, and restore a backup)",
        context.db_path.display()
    );
    for problem in problems.iter().take(10) {
        message.push_str("\n  ");
        message.push_str(problem);
    }
    Err(anyhow::anyhow!(message))
}

/// "roster.csv (csv, UTF-8, header row 1): 10 rows read: 10 inserted, …"
fn summary_line(s: &FileSummary, dry_run: bool) -> String {
    let mut about = vec![s.info.format.name().to_string()];
    about.extend(s.info.encoding.clone());
    about.extend(
        s.info
            .sheet
            .as_ref()
            .map(|sheet| tr!("import-about-sheet", sheet = sheet)),
    );
    match s.header_rows {
        // A JSON file has no header row: its keys name the columns.
        _ if s.info.format == Format::Json => {}
        1 => about.push(tr!("import-about-header-row", row = s.header_row)),
        n => about.push(tr!(
            "import-about-header-rows",
            first = s.header_row,
            last = s.header_row + n as u64 - 1
        )),
    }
    let (file, about) = (s.file.display().to_string(), about.join(", "));
    let seconds = format!("{:.2}", s.elapsed.as_secs_f64());
    let (read, inserted, updated) = (s.read, s.inserted, s.updated);
    let (unchanged, rejected) = (s.unchanged, s.rejected);
    let key = if dry_run {
        "import-file-dry"
    } else {
        "import-file"
    };
    let mut line = crate::i18n::text(
        key,
        &[
            ("file", file.into()),
            ("about", about.into()),
            ("read", read.into()),
            ("inserted", inserted.into()),
            ("updated", updated.into()),
            ("unchanged", unchanged.into()),
            ("rejected", rejected.into()),
            ("seconds", seconds.into()),
        ],
    );
    if s.kept > 0 {
        line.push_str(&tr!("import-kept", count = s.kept));
    }
    if s.erased > 0 {
        line.push_str(&tr!("import-erased", count = s.erased));
    }
    line
}

/// The encoding `--encoding NAME` names, if given; an unknown name is a
/// usage error.
pub(super) fn encoding_named(name: Option<&str>) -> Result<Option<&'static encoding_rs::Encoding>> {
    name.map(|name| {
        encoding::by_name(name).ok_or_else(|| {
            Failure::Usage(tr!("unknown-encoding", name = format!("{name:?}"))).into()
        })
    })
    .transpose()
}
