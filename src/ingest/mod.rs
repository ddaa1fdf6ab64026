//! Reading spreadsheets: CSV/TSV in any of the encodings Japanese HR files
//! come in, and Excel/LibreOffice workbooks, as a stream of raw rows.
//!
//! The import (in `crate::import`) turns those rows into roster records; this
//! module only knows about files, cells and header rows.

pub mod encoding;
pub mod header;

mod csv_source;
mod header_row;
mod range_source;
mod text_stream;
mod xlsx_source;

use std::fs::File;
use std::io::Read;
use std::path::Path;

use anyhow::Result;
use jiff::civil::Date;
use sha2::{Digest, Sha256};

pub use header_row::{Header, HeaderOptions, locate_header};

use crate::error::Failure;

/// One cell as the file holds it, before any field's rules apply.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A native date cell of a workbook.
    Date(Date),
    Bool(bool),
    /// An error value such as `#N/A`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a person reads it in the spreadsheet.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// Writes a number without a spurious ".0": Excel keeps `123` as 123.0.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// One row of a file, with the number a person sees for it: the line in a
/// CSV file, the row in a sheet (both 1-based).
#[derive(Clone, Debug, PartialEq)]
pub struct RawRow {
    pub number: u64,
    pub cells: Vec<Cell>,
}

impl RawRow {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }

    pub fn cell(&self, column: usize) -> &Cell {
        self.cells.get(column).unwrap_or(&Cell::Empty)
    }
}

/// A stream of rows from one file. `Send`, so that reading and checking
/// rows can run on one core while the database is written on the other.
pub trait RowSource: Send {
    fn next_row(&mut self) -> Result<Option<RawRow>>;

    /// Bytes read so far, for a progress bar, where the format tells.
    fn bytes_read(&self) -> Option<u64> {
        None
    }

    /// The SHA-256 of the file, when reading it went through every byte.
    fn content_hash(&mut self) -> Option<String> {
        None
    }
}

/// The SHA-256 of a file's bytes, as lower-case hex.
pub fn hash_file(path: &Path) -> Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    Ok(hex(hasher))
}

fn hex(hasher: Sha256) -> String {
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The kinds of file the importer reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Tsv,
    Xlsx,
    Xls,
    Ods,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

/// What the user said about how to read a file.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    pub sheet: Option<String>,
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// What was learned while opening a file, for the summary and the log.
#[derive(Clone, Debug)]
pub struct SourceInfo {
    pub format: Format,
    pub sheet: Option<String>,
    pub encoding: Option<String>,
    pub size: u64,
}

/// The file name that stands for standard input, which is read as CSV.
pub const STDIN: &str = "-";

/// Opens `path`, works out its format, and hands a row stream to `work`.
/// [`STDIN`] reads CSV from standard input, as it streams in.
///
/// Workbook readers borrow from the open workbook, hence the callback.
/// A file that cannot be read as a spreadsheet is a [`Failure::BadFile`].
pub fn with_rows<T>(
    path: &Path,
    options: &ReadOptions,
    work: impl FnOnce(&mut dyn RowSource, SourceInfo) -> Result<T>,
) -> Result<T> {
    if path == Path::new(STDIN) {
        let info = SourceInfo {
            format: Format::Csv,
            sheet: None,
            encoding: None,
            size: 0,
        };
        return csv_source::with_reader(path, Box::new(std::io::stdin()), options, info, work);
    }
    let bad = |reason: String| Failure::bad_file(path, reason);
    let mut file = File::open(path).map_err(|e| bad(format!("cannot open: {e}")))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size == 0 {
        return Err(bad("the file is empty".into()).into());
    }
    let mut magic = [0u8; 8];
    let n = file.read(&mut magic).map_err(|e| bad(e.to_string()))?;
    let magic = &magic[..n];
    let zip = magic.starts_with(b"PK\x03\x04");
    let ole = magic.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    drop(file);

    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let format = match ext.as_str() {
        "xlsx" | "xlsm" if ole => {
            return Err(bad(
                "the workbook is encrypted (password-protected); save a copy without a password and import that"
                    .into(),
            )
            .into());
        }
        "xlsx" | "xlsm" if zip => Format::Xlsx,
        "xlsx" | "xlsm" => return Err(bad("not an Excel workbook (.xlsx)".into()).into()),
        "xls" if ole => Format::Xls,
        "xls" if zip => Format::Xlsx,
        "xls" => return Err(bad("not an Excel 97-2003 workbook (.xls)".into()).into()),
        "ods" if zip => Format::Ods,
        "ods" => return Err(bad("not an OpenDocument spreadsheet (.ods)".into()).into()),
        "tsv" | "tab" => Format::Tsv,
        _ if zip || ole => {
            return Err(bad(format!(
                "looks like a workbook, not a text file; give it its real extension (.xlsx, .xls or .ods) instead of .{ext}"
            ))
            .into());
        }
        _ => Format::Csv,
    };
    let info = SourceInfo {
        format,
        sheet: None,
        encoding: None,
        size,
    };
    match format {
        Format::Csv | Format::Tsv => csv_source::with_rows(path, options, info, work),
        Format::Xlsx => xlsx_source::with_rows(path, options, info, work),
        Format::Xls | Format::Ods => range_source::with_rows(path, options, info, work),
    }
}

/// Explains a calamine error in a user's words.
fn workbook_error(error: impl std::fmt::Display) -> String {
    let text = error.to_string();
    let lower = text.to_lowercase();
    if lower.contains("zip") || lower.contains("eof") || lower.contains("end of") {
        format!("the file is damaged or truncated ({text})")
    } else if lower.contains("password") || lower.contains("encrypt") {
        "the workbook is encrypted (password-protected); save a copy without a password and import that".into()
    } else {
        format!("cannot read the workbook: {text}")
    }
}

/// Picks the sheet to read: the one named, or the first visible worksheet.
fn choose_sheet(path: &Path, wanted: Option<&str>, sheets: &[calamine::Sheet]) -> Result<String> {
    let worksheets: Vec<&calamine::Sheet> = sheets
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .collect();
    match wanted {
        Some(name) => worksheets
            .iter()
            .find(|s| s.name == name)
            .or_else(|| {
                worksheets
                    .iter()
                    .find(|s| s.name.eq_ignore_ascii_case(name))
            })
            .map(|s| s.name.clone())
            .ok_or_else(|| {
                let names: Vec<&str> = worksheets.iter().map(|s| s.name.as_str()).collect();
                Failure::bad_file(
                    path,
                    format!(
                        "no sheet named {name:?}; the sheets are: {}",
                        names.join(", ")
                    ),
                )
                .into()
            }),
        None => worksheets
            .iter()
            .find(|s| s.visible == calamine::SheetVisible::Visible)
            .or(worksheets.first())
            .map(|s| s.name.clone())
            .ok_or_else(|| Failure::bad_file(path, "the workbook has no worksheet".into()).into()),
    }
}
