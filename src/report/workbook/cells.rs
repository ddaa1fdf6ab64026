//! Writing cells of the workbook: the formats every sheet shares (inputs
//! have a fill colour), formulas written with their results, and columns
//! sized by display width, where a Japanese character counts two.

use std::collections::BTreeMap;

use anyhow::Result;
use jiff::civil::Date;
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

/// The value a formula computes, written beside it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    /// IFERROR's "" (a blank, never an error).
    Blank,
    Text(String),
}

impl Value {
    pub fn of(value: Option<f64>) -> Value {
        value.map_or(Value::Blank, Value::Number)
    }

    pub fn count(n: u64) -> Value {
        Value::Number(n as f64)
    }

    fn result(&self) -> String {
        match self {
            Value::Number(n) => n.to_string(),
            Value::Blank => String::new(),
            Value::Text(text) => text.clone(),
        }
    }
}

pub struct Styles {
    pub title: Format,
    pub note: Format,
    pub header: Format,
    pub label: Format,
    pub text: Format,
    pub count: Format,
    pub percent: Format,
    pub points: Format,
    pub days: Format,
    pub yen: Format,
    pub date: Format,
    pub month: Format,
    pub input_text: Format,
    pub input_count: Format,
    pub input_percent: Format,
    pub input_yen: Format,
    pub input_date: Format,
    pub total_count: Format,
    pub total_percent: Format,
    pub total_yen: Format,
}

/// The fill of cells a user is meant to edit.
const INPUT_FILL: u32 = 0xFFF2CC;
const HEADER_FILL: u32 = 0xDDEBF7;
const TOTAL_FILL: u32 = 0xF2F2F2;

impl Styles {
    pub fn new() -> Styles {
        let cell = || Format::new().set_border(FormatBorder::Thin);
        let input = || cell().set_background_color(INPUT_FILL);
        let total = || cell().set_bold().set_background_color(TOTAL_FILL);
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            note: Format::new().set_font_color(0x595959),
            header: cell()
                .set_bold()
                .set_background_color(HEADER_FILL)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            label: cell().set_bold(),
            text: cell(),
            count: cell().set_num_format("#,##0"),
            percent: cell().set_num_format("0.0%"),
            points: cell().set_num_format("+0.0;-0.0;0.0"),
            days: cell().set_num_format("0.0"),
            yen: cell().set_num_format("¥#,##0"),
            date: cell().set_num_format("yyyy/mm/dd"),
            month: cell()
                .set_bold()
                .set_background_color(HEADER_FILL)
                .set_num_format("yyyy/mm")
                .set_align(FormatAlign::Center),
            input_text: input(),
            input_count: input().set_num_format("#,##0"),
            input_percent: input().set_num_format("0.0%"),
            input_yen: input().set_num_format("¥#,##0"),
            input_date: input().set_num_format("yyyy/mm/dd"),
            total_count: total().set_num_format("#,##0"),
            total_percent: total().set_num_format("0.0%"),
            total_yen: total().set_num_format("¥#,##0"),
        }
    }
}

/// A worksheet being written, remembering how wide each column must be.
pub struct Cells<'a> {
    pub sheet: &'a mut Worksheet,
    widths: BTreeMap<u16, usize>,
}

/// No column is made wider than this, nor narrower.
const MAX_WIDTH: usize = 50;
const MIN_WIDTH: usize = 6;

impl<'a> Cells<'a> {
    /// Names the sheet and sets it up to print on A4 landscape, one page wide.
    pub fn new(sheet: &'a mut Worksheet, name: &str) -> Result<Cells<'a>> {
        sheet.set_name(name)?;
        sheet.set_paper_size(9);
        sheet.set_landscape();
        sheet.set_print_fit_to_pages(1, 0);
        // A formula's blank result ("" from IFERROR) is written as "", not
        // as the 0 rust_xlsxwriter puts in by default.
        sheet.set_formula_result_default("");
        Ok(Cells {
            sheet,
            widths: BTreeMap::new(),
        })
    }

    fn fit(&mut self, col: u16, width: usize) {
        let widest = self.widths.entry(col).or_default();
        *widest = (*widest).max(width);
    }

    pub fn text(&mut self, row: usize, col: u16, text: &str, format: &Format) -> Result<()> {
        self.sheet
            .write_string_with_format(row as u32, col, text, format)?;
        self.fit(col, display_width(text));
        Ok(())
    }

    /// A text with no format of its own: the data sheet's many cells,
    /// which rust_xlsxwriter writes fastest this way.
    pub fn plain_text(&mut self, row: usize, col: u16, text: &str) -> Result<()> {
        self.sheet.write_string(row as u32, col, text)?;
        self.fit(col, display_width(text));
        Ok(())
    }

    pub fn plain_number(&mut self, row: usize, col: u16, value: f64) -> Result<()> {
        self.sheet.write_number(row as u32, col, value)?;
        self.fit(col, 8);
        Ok(())
    }

    /// A text that does not size its column (titles, notes).
    pub fn wide_text(&mut self, row: usize, col: u16, text: &str, format: &Format) -> Result<()> {
        self.sheet
            .write_string_with_format(row as u32, col, text, format)?;
        Ok(())
    }

    pub fn number(&mut self, row: usize, col: u16, value: f64, format: &Format) -> Result<()> {
        self.sheet
            .write_number_with_format(row as u32, col, value, format)?;
        self.fit(col, 10);
        Ok(())
    }

    pub fn blank(&mut self, row: usize, col: u16, format: &Format) -> Result<()> {
        self.sheet.write_blank(row as u32, col, format)?;
        Ok(())
    }

    pub fn optional(
        &mut self,
        row: usize,
        col: u16,
        value: Option<f64>,
        format: &Format,
    ) -> Result<()> {
        match value {
            Some(v) => self.number(row, col, v, format),
            None => self.blank(row, col, format),
        }
    }

    pub fn date(&mut self, row: usize, col: u16, day: Date, format: &Format) -> Result<()> {
        self.sheet
            .write_datetime_with_format(row as u32, col, excel_date(day)?, format)?;
        self.fit(col, 10);
        Ok(())
    }

    /// A formula, written with the value it computes.
    pub fn formula(
        &mut self,
        row: usize,
        col: u16,
        formula: &str,
        value: &Value,
        format: &Format,
    ) -> Result<()> {
        let formula = Formula::new(format!("={formula}")).set_result(value.result());
        self.sheet
            .write_formula_with_format(row as u32, col, formula, format)?;
        self.fit(col, 10);
        Ok(())
    }

    /// An array formula (MEDIAN(IF(...))) in one cell, with its value.
    pub fn array(
        &mut self,
        row: usize,
        col: u16,
        formula: &str,
        value: &Value,
        format: &Format,
    ) -> Result<()> {
        let formula = Formula::new(format!("={formula}")).set_result(value.result());
        let r = row as u32;
        self.sheet
            .write_array_formula_with_format(r, col, r, col, formula, format)?;
        self.fit(col, 10);
        Ok(())
    }

    /// Sets every column written to its widest value, within limits.
    pub fn finish(self) -> Result<()> {
        for (col, width) in self.widths {
            let width = (width + 2).clamp(MIN_WIDTH, MAX_WIDTH);
            self.sheet.set_column_width(col, width as f64)?;
        }
        Ok(())
    }
}

/// A day as Excel's date.
pub fn excel_date(day: Date) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(day.year() as u16, day.month() as u8, day.day() as u8)
}

/// The display width of a text's widest line.
pub fn display_width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// A column's letters: 0 is A, 26 is AA.
pub fn column_name(col: u16) -> String {
    let mut n = col as u32 + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// A cell's absolute address: `$C$4` for row 3, column 2 (both 0-based).
pub fn absolute(row: usize, col: u16) -> String {
    format!("${}${}", column_name(col), row + 1)
}

/// A cell's relative address: `C4`.
pub fn relative(row: usize, col: u16) -> String {
    format!("{}{}", column_name(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_run_past_z() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(52), "BA");
        assert_eq!(absolute(3, 2), "$C$4");
    }

    #[test]
    fn japanese_counts_double_for_widths() {
        assert_eq!(display_width("採用計画"), 8);
    }
}
