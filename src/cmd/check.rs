//! `alumni check`: SQLite's own checks of the database file. Each problem
//! found is one line on stdout (the report); "ok" or the count of problems
//! is the message on stderr. Any problem, and a file that is not a
//! database, is exit status 1.
//!
//! The database is opened as it is (`db::open_read_only`): not created,
//! not migrated, not written, so that a backup can be checked where it lies.

use std::io::Write;

use anyhow::{Result, anyhow};

use super::Context;
use crate::db::Db;

pub fn run(context: &Context) -> Result<()> {
    let path = context.file_only("check", &crate::i18n::tr!("file-only-check"))?;
    let db = Db::open_read_only(path)?;
    let problems = crate::db::check::problems(&db)?;
    if problems.is_empty() {
        context.term.say(&format!(
            "{}: ok (integrity and foreign keys)",
            path.display()
        ));
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    for problem in &problems {
        writeln!(out, "{problem}")?;
    }
    out.flush()?;
    let n = problems.len();
    Err(anyhow!(
        "{}: {n} problem{} found",
        path.display(),
        if n == 1 { "" } else { "s" }
    ))
}
