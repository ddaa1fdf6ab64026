//! .xlsx and .xlsm as a stream of cells, read in file order with calamine's
//! cell reader: memory does not grow with the rows, and a stray cell at row
//! 1,048,576 costs nothing (a dense range would allocate gigabytes).

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::Result;
use calamine::{Reader, Xlsx, XlsxError};

use super::{
    Cell, Merge, RawRow, ReadOptions, RowSource, Sheets, SourceInfo, Work, choose_sheets, guard,
    workbook_error,
};
use crate::error::Failure;

pub(super) fn with_sheets<T>(
    path: &Path,
    options: &ReadOptions,
    which: Sheets,
    info: SourceInfo,
    work: &mut Work<'_, T>,
) -> Result<Vec<T>> {
    let facts = guard::check_xlsx(path)?;
    let bad = |e: XlsxError| anyhow::Error::from(Failure::bad_file(path, workbook_error(e)));
    let mut workbook: Xlsx<BufReader<File>> =
        guard::contained(path, || calamine::open_workbook(path).map_err(bad))?;
    let sheets = choose_sheets(path, &options.sheets, which, workbook.sheets_metadata())?;
    let mut results = Vec::with_capacity(sheets.len());
    for (sheet, hidden) in sheets.clone() {
        // calamine finds merges by parsing the sheet's XML a second time;
        // most rosters have none, and the guard has seen that already.
        let merges = if facts.merges {
            guard::contained(path, || {
                workbook.merge_cells_by_sheet_name(&sheet).map_err(bad)
            })?
            .iter()
            .map(Merge::from_dimensions)
            .collect()
        } else {
            Vec::new()
        };
        let cells = guard::contained(path, || {
            workbook.worksheet_cells_reader(&sheet).map_err(bad)
        })?;
        let info = info.for_sheet(options, sheet, hidden, &sheets);
        let mut source = XlsxSource {
            path: path.to_path_buf(),
            cells,
            merges,
            width: usize::MAX,
            lookahead: None,
            done: false,
        };
        results.push(work(&mut source, info)?);
    }
    Ok(results)
}

struct XlsxSource<'a> {
    path: PathBuf,
    cells: calamine::XlsxCellReader<'a, BufReader<File>>,
    merges: Vec<Merge>,
    /// Cells from this column on are dropped.
    width: usize,
    /// The first cell of the next row, read while finishing the current one.
    lookahead: Option<(u32, u32, Cell)>,
    /// The reader has returned its last cell.
    done: bool,
}

impl XlsxSource<'_> {
    fn next_cell(&mut self) -> Result<Option<(u32, u32, Cell)>> {
        if let Some(cell) = self.lookahead.take() {
            return Ok(Some(cell));
        }
        // calamine's reader must not be asked again once it has ended.
        if self.done {
            return Ok(None);
        }
        loop {
            let (path, cells) = (&self.path, &mut self.cells);
            let next = guard::contained(path, || {
                cells
                    .next_cell()
                    .map_err(|e: XlsxError| Failure::bad_file(path, workbook_error(e)).into())
            });
            // After an error or a panic the reader is in no state to go on.
            self.done = !matches!(next, Ok(Some(_)));
            let Some(cell) = next? else {
                return Ok(None);
            };
            let (row, column) = cell.get_position();
            guard::cell_position(&self.path, row.into(), column.into())?;
            let value =
                super::range_source::cell_from(calamine::Data::from(cell.get_value().clone()));
            if value != Cell::Empty {
                return Ok(Some((row, column, value)));
            }
        }
    }
}

impl RowSource for XlsxSource<'_> {
    fn next_row(&mut self) -> Result<Option<RawRow>> {
        let Some((row, column, value)) = self.next_cell()? else {
            return Ok(None);
        };
        let mut cells = Vec::new();
        put(&mut cells, column, value, self.width);
        while let Some((next_row, column, value)) = self.next_cell()? {
            if next_row != row {
                self.lookahead = Some((next_row, column, value));
                break;
            }
            put(&mut cells, column, value, self.width);
        }
        Ok(Some(RawRow {
            number: u64::from(row) + 1,
            cells,
        }))
    }

    fn merges(&self) -> &[Merge] {
        &self.merges
    }

    fn limit_width(&mut self, width: usize) {
        self.width = width;
    }
}

/// Places a cell at its column, padding the row with empty cells; a cell
/// at or past `width` is dropped.
fn put(cells: &mut Vec<Cell>, column: u32, value: Cell, width: usize) {
    let column = column as usize;
    if column >= width {
        return;
    }
    if cells.len() <= column {
        cells.resize(column + 1, Cell::Empty);
    }
    cells[column] = value;
}
