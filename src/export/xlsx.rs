//! One worksheet of rows, written in rust_xlsxwriter's constant-memory mode
//! (rows in order; each row goes to a temporary file once the next begins).
//!
//! Every text is written with `write_string`, never `write`, so nothing is
//! ever taken for a formula, a number or a date: `=HYPERLINK(…)` stays text
//! and employee ID `00123` keeps its zeros. The header row is bold, frozen
//! and carries an autofilter; columns are as wide as their widest value in
//! display width, where a Japanese character counts two (Excel's autofit
//! undersizes them).

use std::io::Write;

use anyhow::Result;
use rust_xlsxwriter::{Format as CellFormat, Workbook};
use unicode_width::UnicodeWidthStr;

use super::writer::Cell;
use crate::error::Failure;

/// The most characters an Excel cell holds.
const MAX_CHARS: usize = 32_767;
/// The most rows of a worksheet, header included.
const MAX_ROWS: u32 = 1_048_576;
/// No column is made wider than this (Excel units, about one digit each).
const MAX_WIDTH: usize = 60;
/// What the autofilter's drop-down button covers of a header cell.
const FILTER_BUTTON: usize = 3;

pub struct Sheet {
    workbook: Workbook,
    columns: Vec<String>,
    /// The widest value of each column so far, in display width.
    widths: Vec<usize>,
    /// The header's width, plus room for the autofilter's button.
    minimum: Vec<usize>,
    /// The next row to write (0 is the header).
    row: u32,
}

impl Sheet {
    pub fn new(title: &str, columns: &[&str]) -> Result<Sheet> {
        let mut workbook = Workbook::new();
        let bold = CellFormat::new().set_bold();
        let sheet = workbook.add_worksheet_with_constant_memory()?;
        sheet.set_name(title)?;
        sheet.set_freeze_panes(1, 0)?;
        for (i, column) in columns.iter().enumerate() {
            sheet.write_string_with_format(0, col(i)?, *column, &bold)?;
        }
        Ok(Sheet {
            workbook,
            columns: columns.iter().map(|c| c.to_string()).collect(),
            widths: vec![0; columns.len()],
            minimum: columns.iter().map(|c| width(c) + FILTER_BUTTON).collect(),
            row: 1,
        })
    }

    pub fn write(&mut self, cells: &[Cell]) -> Result<()> {
        if self.row >= MAX_ROWS {
            return Err(Failure::BadData(format!(
                "more than {} rows do not fit in an xlsx worksheet; export as csv or json",
                MAX_ROWS - 1
            ))
            .into());
        }
        let sheet = self.workbook.worksheet_from_index(0)?;
        for (i, cell) in cells.iter().enumerate() {
            let c = col(i)?;
            match cell {
                Cell::Empty => continue,
                Cell::Text(text) => {
                    if text.chars().count() > MAX_CHARS {
                        let column = self.columns.get(i).map_or("?", String::as_str);
                        return Err(Failure::BadData(format!(
                            "row {}, column {column}: {} characters do not fit in an Excel cell \
                             (at most {MAX_CHARS}); export as csv or json",
                            self.row + 1,
                            text.chars().count()
                        ))
                        .into());
                    }
                    sheet.write_string(self.row, c, text)?;
                }
                Cell::Int(n) => {
                    sheet.write_number(self.row, c, *n as f64)?;
                }
                Cell::Float(f) => {
                    sheet.write_number(self.row, c, *f)?;
                }
            }
            if let Some(widest) = self.widths.get_mut(i) {
                *widest = (*widest).max(cell_width(cell));
            }
        }
        self.row += 1;
        Ok(())
    }

    /// Sizes the columns, sets the autofilter and writes the workbook.
    pub fn save(mut self, out: impl Write + Send) -> Result<()> {
        let last_row = self.row - 1;
        let sheet = self.workbook.worksheet_from_index(0)?;
        for (i, (widest, minimum)) in self.widths.iter().zip(&self.minimum).enumerate() {
            let width = (widest + 2).max(*minimum).min(MAX_WIDTH);
            sheet.set_column_width(col(i)?, width as f64)?;
        }
        if !self.columns.is_empty() {
            sheet.autofilter(0, 0, last_row, col(self.columns.len() - 1)?)?;
        }
        self.workbook.save_to_writer(out)?;
        Ok(())
    }
}

fn col(i: usize) -> Result<u16> {
    Ok(u16::try_from(i)?)
}

/// The display width of the widest line of a text.
fn width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

fn cell_width(cell: &Cell) -> usize {
    match cell {
        Cell::Empty => 0,
        Cell::Text(text) => width(text),
        Cell::Int(n) => n.to_string().len(),
        Cell::Float(f) => f.to_string().len().min(12),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_text_counts_double() {
        assert_eq!(width("山田 太郎"), 9);
        assert_eq!(width("abc"), 3);
        assert_eq!(width("送別会済み\nPC"), 10);
    }

    #[test]
    fn a_text_too_long_for_excel_is_refused_with_its_place() {
        let mut sheet = Sheet::new("t", &["id", "notes"]).unwrap();
        sheet
            .write(&[Cell::Int(1), Cell::Text("ok".into())])
            .unwrap();
        let err = sheet
            .write(&[Cell::Int(2), Cell::Text("x".repeat(MAX_CHARS + 1))])
            .unwrap_err();
        assert!(err.to_string().contains("row 3, column notes"), "{err}");
    }
}
