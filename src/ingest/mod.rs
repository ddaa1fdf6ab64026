//! Reading spreadsheets: CSV/TSV in any of the encodings Japanese HR files
//! come in, and Excel/LibreOffice workbooks, as a stream of raw rows.
//!
//! The import (in `crate::import`) turns those rows into roster records; this
//! module only knows about files, cells and header rows.

pub mod encoding;
pub mod header;

mod csv_source;
mod guard;
mod header_row;
mod json_source;
mod ods_merges;
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

    /// The cell as text, borrowed where it is text already.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Text(t) => std::borrow::Cow::Borrowed(t),
            other => std::borrow::Cow::Owned(other.to_text()),
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

    /// The merged cells of the sheet, where the format keeps them.
    fn merges(&self) -> &[Merge] {
        &[]
    }

    /// Cells right of the first `width` columns are not wanted (they are
    /// past the header): a reader that can need not lay them out.
    fn limit_width(&mut self, _width: usize) {}
}

/// A block of merged cells: the value of its top-left cell stands for all
/// of it. Rows are numbered as [`RawRow::number`], columns from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u64,
    pub last_row: u64,
    pub first_column: usize,
    pub last_column: usize,
}

impl Merge {
    /// A merge from calamine's 0-based dimensions.
    fn from_dimensions(d: &calamine::Dimensions) -> Merge {
        Merge {
            first_row: u64::from(d.start.0) + 1,
            last_row: u64::from(d.end.0) + 1,
            first_column: d.start.1 as usize,
            last_column: d.end.1 as usize,
        }
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
    Json,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Json => "json",
        }
    }
}

/// What the user said about how to read a file.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// The sheets of a workbook to read; none means every worksheet (for
    /// [`with_sheets`]) or the first visible one (for [`with_rows`]).
    pub sheets: Vec<String>,
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// What was learned while opening a file, for the summary and the log.
#[derive(Clone, Debug)]
pub struct SourceInfo {
    pub format: Format,
    pub sheet: Option<String>,
    /// The sheet is hidden in the workbook.
    pub hidden: bool,
    /// The sheet was named with `--sheet`.
    pub named: bool,
    /// How many sheets of the file are read: the visible ones, or the
    /// ones named (1 for a text file).
    pub candidates: usize,
    /// The hidden sheets of the workbook, passed over unless named.
    pub hidden_sheets: Vec<String>,
    pub encoding: Option<String>,
    pub size: u64,
}

impl SourceInfo {
    /// What is known of one sheet of the workbook this describes.
    fn for_sheet(
        &self,
        options: &ReadOptions,
        sheet: String,
        hidden: bool,
        sheets: &[(String, bool)],
    ) -> SourceInfo {
        let named = !options.sheets.is_empty();
        let passed_over =
            |(name, hidden): &(String, bool)| (*hidden && !named).then(|| name.clone());
        SourceInfo {
            named,
            candidates: if named {
                sheets.len()
            } else {
                sheets.iter().filter(|(_, hidden)| !hidden).count()
            },
            hidden_sheets: sheets.iter().filter_map(passed_over).collect(),
            sheet: Some(sheet),
            hidden,
            ..self.clone()
        }
    }
}

/// The file name that stands for standard input, which is read as CSV.
pub const STDIN: &str = "-";

/// Opens `path`, works out its format, and hands a row stream of its one
/// sheet (the one named, else the first visible) to `work`. [`STDIN`]
/// reads CSV from standard input, as it streams in.
///
/// Workbook readers borrow from the open workbook, hence the callback.
/// A file that cannot be read as a spreadsheet is a [`Failure::BadFile`].
pub fn with_rows<T>(
    path: &Path,
    options: &ReadOptions,
    work: impl FnOnce(&mut dyn RowSource, SourceInfo) -> Result<T>,
) -> Result<T> {
    let mut work = Some(work);
    let mut results = read(path, options, Sheets::One, &mut |source, info| {
        let work = work.take().expect("one sheet is read");
        work(source, info)
    })?;
    Ok(results.pop().expect("one sheet was read"))
}

/// Opens `path` and hands a row stream of each of its sheets to `work`, in
/// the workbook's order: the sheets named in `options`, else every
/// worksheet (hidden ones too; [`SourceInfo::hidden`] tells). A text file
/// is one sheet.
pub fn with_sheets<T>(
    path: &Path,
    options: &ReadOptions,
    mut work: impl FnMut(&mut dyn RowSource, SourceInfo) -> Result<T>,
) -> Result<Vec<T>> {
    read(path, options, Sheets::All, &mut work)
}

/// Which sheets of a workbook a reader visits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sheets {
    One,
    All,
}

type Work<'w, T> = dyn FnMut(&mut dyn RowSource, SourceInfo) -> Result<T> + 'w;

fn read<T>(
    path: &Path,
    options: &ReadOptions,
    sheets: Sheets,
    work: &mut Work<'_, T>,
) -> Result<Vec<T>> {
    if path == Path::new(STDIN) {
        let info = SourceInfo {
            format: Format::Csv,
            sheet: None,
            hidden: false,
            named: false,
            candidates: 1,
            hidden_sheets: Vec::new(),
            encoding: None,
            size: 0,
        };
        let work = |source: &mut dyn RowSource, info| work(source, info);
        return Ok(vec![csv_source::with_reader(
            path,
            Box::new(std::io::stdin()),
            options,
            info,
            work,
        )?]);
    }
    let bad = |reason: String| Failure::bad_file(path, reason);
    let size = guard::regular_file(path)?;
    let mut file = File::open(path).map_err(|e| bad(format!("cannot open: {e}")))?;
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
        "json" => Format::Json,
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
        hidden: false,
        named: false,
        candidates: 1,
        hidden_sheets: Vec::new(),
        encoding: None,
        size,
    };
    match format {
        Format::Csv | Format::Tsv => Ok(vec![csv_source::with_rows(path, options, info, work)?]),
        Format::Json => Ok(vec![json_source::with_rows(path, info, work)?]),
        Format::Xlsx => xlsx_source::with_sheets(path, options, sheets, info, work),
        Format::Xls | Format::Ods => range_source::with_sheets(path, options, sheets, info, work),
    }
}

/// Explains a calamine error in a user's words.
fn workbook_error(error: impl std::fmt::Display) -> String {
    let text = error.to_string();
    let lower = text.to_lowercase();
    if lower.contains("zip") || lower.contains("eof") || lower.contains("end of") {
        format!("the file is damaged or truncated ({text})")
    } else if lower.contains("cells in the range of a sheet") {
        // The bound of the patched calamine (vendor/calamine/PATCHED.md).
        "a sheet's cells span more of the grid than the importer lays out from an .xls file \
         (4,000,000 cells); delete the cells far from the table, or save it as .xlsx or CSV"
            .into()
    } else if lower.contains("password") || lower.contains("encrypt") {
        "the workbook is encrypted (password-protected); save a copy without a password and import that".into()
    } else {
        format!("cannot read the workbook: {text}")
    }
}

/// The worksheets to read, in the workbook's order, each with whether it
/// is hidden: the ones named (each must exist), else the first visible one
/// or every one.
fn choose_sheets(
    path: &Path,
    wanted: &[String],
    which: Sheets,
    sheets: &[calamine::Sheet],
) -> Result<Vec<(String, bool)>> {
    let worksheets: Vec<&calamine::Sheet> = sheets
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .collect();
    if worksheets.is_empty() {
        return Err(Failure::bad_file(path, "the workbook has no worksheet".into()).into());
    }
    let hidden = |s: &calamine::Sheet| s.visible != calamine::SheetVisible::Visible;
    if wanted.is_empty() {
        let chosen: Vec<&&calamine::Sheet> = match which {
            Sheets::All => worksheets.iter().collect(),
            Sheets::One => vec![
                worksheets
                    .iter()
                    .find(|s| !hidden(s))
                    .unwrap_or(&worksheets[0]),
            ],
        };
        return Ok(chosen.iter().map(|s| (s.name.clone(), hidden(s))).collect());
    }
    let mut chosen = Vec::new();
    for name in wanted {
        let found = worksheets.iter().find(|s| s.name == *name).or_else(|| {
            worksheets
                .iter()
                .find(|s| s.name.eq_ignore_ascii_case(name))
        });
        match found {
            Some(sheet) => chosen.push(sheet.name.clone()),
            None => {
                let names: Vec<&str> = worksheets.iter().map(|s| s.name.as_str()).collect();
                return Err(Failure::bad_file(
                    path,
                    format!(
                        "no sheet named {name:?}; the sheets are: {}",
                        names.join(", ")
                    ),
                )
                .into());
            }
        }
    }
    Ok(worksheets
        .iter()
        .filter(|s| chosen.contains(&s.name))
        .map(|s| (s.name.clone(), hidden(s)))
        .collect())
}
