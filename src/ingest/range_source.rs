//! .xls and .ods, which calamine reads only whole: the sheet is loaded as a
//! range and its rows replayed. These formats come from small, older files.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use anyhow::Result;
use calamine::{Data, Ods, Reader, Xls};

use super::{
    Cell, Merge, RawRow, ReadOptions, RowSource, Sheets, SourceInfo, Work, choose_sheets, guard,
    ods_merges, workbook_error,
};
use crate::domain::dates;
use crate::error::Failure;

pub(super) fn with_sheets<T>(
    path: &Path,
    options: &ReadOptions,
    which: Sheets,
    info: SourceInfo,
    work: &mut Work<'_, T>,
) -> Result<Vec<T>> {
    match info.format {
        super::Format::Xls => {
            let merges = |workbook: &mut Xls<_>, sheet: &str| {
                workbook
                    .merge_cells_by_sheet_name(sheet)
                    .map(|merges| merges.iter().map(Merge::from_dimensions).collect())
                    .map_err(|e| Failure::bad_file(path, workbook_error(e)).into())
            };
            read_sheets(path, options, which, info, work, merges)
        }
        _ => {
            guard::check_ods(path)?;
            let merges = |_: &mut Ods<_>, sheet: &str| ods_merges::read(path, sheet);
            read_sheets(path, options, which, info, work, merges)
        }
    }
}

/// Loads each sheet chosen of a workbook calamine reads whole, and replays
/// its rows to `work`, with the merges `merges` finds.
fn read_sheets<T, R>(
    path: &Path,
    options: &ReadOptions,
    which: Sheets,
    info: SourceInfo,
    work: &mut Work<'_, T>,
    mut merges: impl FnMut(&mut R, &str) -> Result<Vec<Merge>>,
) -> Result<Vec<T>>
where
    R: Reader<BufReader<File>>,
    R::Error: std::fmt::Display,
{
    let bad = |e: R::Error| anyhow::Error::from(Failure::bad_file(path, workbook_error(e)));
    let mut workbook: R = guard::contained(path, || calamine::open_workbook(path).map_err(bad))?;
    let sheets = choose_sheets(path, &options.sheets, which, workbook.sheets_metadata())?;
    let mut results = Vec::with_capacity(sheets.len());
    for (sheet, hidden) in sheets.clone() {
        let merged = guard::contained(path, || merges(&mut workbook, &sheet))?;
        let range = guard::contained(path, || workbook.worksheet_range(&sheet).map_err(bad))?;
        let info = info.for_sheet(options, sheet, hidden, &sheets);
        results.push(replay(range, merged, info, work)?);
    }
    Ok(results)
}

/// Hands the rows of a loaded sheet to `work`, one at a time.
fn replay<T>(
    range: calamine::Range<Data>,
    merges: Vec<Merge>,
    info: SourceInfo,
    work: &mut Work<'_, T>,
) -> Result<T> {
    let first_row = range.start().map_or(0, |(row, _)| row);
    let first_column = range.start().map_or(0, |(_, column)| column) as usize;
    let mut rows = range.rows().enumerate();
    let mut source = RangeSource {
        next: Box::new(move || {
            rows.next().map(|(i, row)| RawRow {
                number: u64::from(first_row) + i as u64 + 1,
                cells: std::iter::repeat_n(Cell::Empty, first_column)
                    .chain(row.iter().map(|d| cell_from(d.clone())))
                    .collect(),
            })
        }),
        merges,
    };
    work(&mut source, info)
}

struct RangeSource<'a> {
    next: Box<dyn FnMut() -> Option<RawRow> + Send + 'a>,
    merges: Vec<Merge>,
}

impl RowSource for RangeSource<'_> {
    fn next_row(&mut self) -> Result<Option<RawRow>> {
        Ok((self.next)())
    }

    fn merges(&self) -> &[Merge] {
        &self.merges
    }
}

/// A workbook cell as a [`Cell`]. Native date cells are matched here rather
/// than through calamine's `as_datetime`, which also turns plain numbers into
/// dates; the workbook's own epoch (1900 or 1904) is honoured.
pub(super) fn cell_from(data: Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s),
        Data::Int(i) => Cell::Number(i as f64),
        Data::Float(f) => Cell::Number(f),
        Data::Bool(b) => Cell::Bool(b),
        Data::DateTime(dt) if dt.is_datetime() => {
            // calamine turns 0, negative and NaN serials into its epoch and
            // clamps huge ones to 9999-12-31: those are no dates, so they
            // stay numbers, which the field refuses naming the value.
            let serial = dt.as_f64();
            if !serial.is_finite() || serial < 1.0 {
                return Cell::Number(serial);
            }
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match jiff::civil::Date::new(y as i16, m as i8, d as i8) {
                Ok(date) if dates::plausible(date) => Cell::Date(date),
                // A serial outside the calendar: keep the number for the error message.
                _ => Cell::Number(serial),
            }
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => match dates::parse(&s) {
            Some(date) => Cell::Date(date),
            None => Cell::Text(s),
        },
        Data::DurationIso(s) => Cell::Text(s),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}
