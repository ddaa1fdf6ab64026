//! Listings and exports: rows written as a table for people, as CSV (for
//! Excel: with a byte-order mark and with formulas neutralized), as xlsx,
//! or as JSON, on standard output or into a file that appears whole or not
//! at all.
//!
//! `listing` defines a listing's columns once for every format, `writer`
//! writes its rows in each, `xlsx` is the worksheet writer behind it, and
//! `path` fills in `{date}` and `{fy}` in a target path. The file that is
//! renamed into place once complete is `crate::fsutil::AtomicFile`. Nothing here reads
//! the database; `Format` is what `--format` takes.

pub mod listing;
pub mod path;
pub mod writer;
mod xlsx;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

pub use crate::fsutil::AtomicFile;
pub use listing::{Column, Kind, Listed, Listing, Texts};
pub use writer::{Cell, CsvOptions, Finished, Row, Selection, Writer};

use crate::error::Failure;
use crate::output::pager::Stdout;

/// What a listing, an export or a report is written as: a table for
/// people, CSV, JSON, or an xlsx workbook. Each command takes the ones it
/// can write (`--format`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
    Xlsx,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }

    /// The format a file name's extension names, if it names one.
    pub fn of_path(path: &str) -> Option<Format> {
        let extension = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// `--format` if given, else what the target's extension says, else
    /// CSV. A format that contradicts the extension (`--format csv --out
    /// report.xlsx`) is refused: Excel would not open the file.
    pub fn choose(given: Option<Format>, out: &str) -> Result<Format> {
        let by_name = if out == "-" {
            None
        } else {
            Format::of_path(out)
        };
        match (given, by_name) {
            (Some(given), Some(named)) if given != named => Err(Failure::Usage(format!(
                "--format {} but --out {out:?} names a .{} file",
                given.name(),
                named.name()
            ))
            .into()),
            (Some(format), _) | (None, Some(format)) => Ok(format),
            (None, None) => Ok(Format::Csv),
        }
    }
}

/// Where a listing or an export goes: a file that replaces the target once
/// complete, or standard output (through the pager on a terminal, see
/// [`crate::output::pager`]).
pub enum Destination {
    File(AtomicFile),
    Stdout(Stdout),
}

impl Destination {
    /// Standard output, buffered; through `$PAGER` when a person reads it.
    pub fn stdout() -> Destination {
        Destination::Stdout(Stdout::open())
    }

    /// Opens `target` (`-` for standard output) for an export in `format`.
    /// `database` is the database file, which an export must not replace.
    pub fn open(target: &str, format: Format, database: &Path) -> Result<Destination> {
        if target == "-" {
            if format == Format::Xlsx && io::stdout().is_terminal() {
                return Err(Failure::Usage(
                    "an xlsx workbook is not for a terminal; give --out FILE or redirect stdout"
                        .into(),
                )
                .into());
            }
            return Ok(Destination::stdout());
        }
        let path = PathBuf::from(target);
        if same_file(&path, database) {
            return Err(Failure::Usage(format!("--out {target:?} is the database itself")).into());
        }
        Ok(Destination::File(AtomicFile::create(&path)?))
    }

    /// Makes the export visible: the file is renamed into place, or
    /// standard output is flushed (and the pager waited for).
    pub fn commit(self) -> Result<()> {
        match self {
            Destination::File(file) => file.commit(),
            Destination::Stdout(out) => Ok(out.close()?),
        }
    }
}

impl Write for Destination {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Destination::File(file) => file.write(buf),
            Destination::Stdout(out) => out.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Destination::File(file) => file.flush(),
            Destination::Stdout(out) => out.flush(),
        }
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_comes_from_the_flag_or_the_extension() {
        assert_eq!(Format::choose(None, "-").unwrap(), Format::Csv);
        assert_eq!(Format::choose(None, "a/b.XLSX").unwrap(), Format::Xlsx);
        assert_eq!(Format::choose(None, "kpi-{fy}.json").unwrap(), Format::Json);
        assert_eq!(Format::choose(None, "list.txt").unwrap(), Format::Csv);
        assert_eq!(
            Format::choose(Some(Format::Json), "list.txt").unwrap(),
            Format::Json
        );
        assert_eq!(
            Format::choose(Some(Format::Xlsx), "-").unwrap(),
            Format::Xlsx
        );
        let err = Format::choose(Some(Format::Csv), "r.xlsx").unwrap_err();
        assert_eq!(crate::error::exit_for(&err), crate::error::Exit::Usage);
    }
}
