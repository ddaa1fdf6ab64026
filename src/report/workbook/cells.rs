//! Writing cells of the workbook: the formats every sheet shares (inputs
//! have a fill colour), formulas written with their results, columns
//! sized by display width, where a Japanese character counts two, text too
//! long for its column wrapped in a row tall enough for it, and the page
//! setup every sheet prints with (`print`).

use std::collections::BTreeMap;

use anyhow::Result;
use jiff::civil::Date;
use rust_xlsxwriter::{
    Chart, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use super::print::{self, Fit};

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

    /// The columns the value takes as the sheets format it (a count, a
    /// percentage with one decimal, yen with separators), at least a few.
    fn width(&self) -> usize {
        match self {
            Value::Number(n) => number_width(*n),
            Value::Blank => NUMBER_WIDTH,
            Value::Text(text) => display_width(text),
        }
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

/// A worksheet being written, remembering how wide each column must be,
/// which texts must wrap once the widths are known, and how it prints.
pub struct Cells<'a> {
    pub sheet: &'a mut Worksheet,
    widths: BTreeMap<u16, usize>,
    /// Texts wider than a column may grow: wrapped in `finish`.
    wrapped: Vec<Placed>,
    /// Notes (`wide_text`) that run across the empty cells to their right.
    notes: Vec<Note>,
    /// The rows repeated at the top of every printed page.
    titles: Option<(u32, u32)>,
    /// A scale the sheet prints at, instead of one chosen by its width.
    scale: Option<u16>,
    /// The last column and row printed, where not the whole sheet.
    print_area: Option<(u16, u32)>,
    /// What is drawn over the cells (charts): its first column and width
    /// in pixels, which the printed width includes.
    drawings: Vec<(u16, f64)>,
}

struct Placed {
    row: usize,
    col: u16,
    text: String,
    format: Format,
}

struct Note {
    placed: Placed,
    /// The first column right of the note written to since.
    stop: Option<u16>,
}

/// No column is made wider than this, nor narrower.
const MAX_WIDTH: usize = 50;
const MIN_WIDTH: usize = 6;
/// The width of a column that nothing sized (Excel's default).
const DEFAULT_WIDTH: f64 = 8.43;

impl<'a> Cells<'a> {
    /// Names the sheet and sets it up to print on A4 with page numbers in
    /// the footer; `finish` chooses its orientation and scale.
    pub fn new(sheet: &'a mut Worksheet, name: &str) -> Result<Cells<'a>> {
        sheet.set_name(name)?;
        sheet.set_paper_size(print::A4);
        sheet.set_footer(print::FOOTER);
        // A formula's blank result ("" from IFERROR) is written as "", not
        // as the 0 rust_xlsxwriter puts in by default.
        sheet.set_formula_result_default("");
        Ok(Cells {
            sheet,
            widths: BTreeMap::new(),
            wrapped: Vec::new(),
            notes: Vec::new(),
            titles: None,
            scale: None,
            print_area: None,
            drawings: Vec::new(),
        })
    }

    /// Rows `first..=last` (0-based) print at the top of every page.
    pub fn print_titles(&mut self, first: usize, last: usize) {
        self.titles = Some((first as u32, last as u32));
    }

    /// The sheet prints at `percent` (landscape), whatever its width: for a
    /// sheet whose own layout decides its size.
    pub fn print_scale(&mut self, percent: u16) {
        self.scale = Some(percent);
    }

    /// Only columns up to `last_col` and rows up to `last_row` print.
    pub fn print_area(&mut self, last_col: u16, last_row: usize) {
        self.print_area = Some((last_col, last_row as u32));
    }

    /// A chart `width` pixels wide drawn from (`row`, `col`); the printed
    /// width of the sheet includes it.
    pub fn chart(&mut self, row: u32, col: u16, chart: &Chart, width: u32) -> Result<()> {
        self.sheet.insert_chart(row, col, chart)?;
        self.drawings.push((col, f64::from(width)));
        Ok(())
    }

    /// A note written to the right of another stops it running on.
    fn written(&mut self, row: usize, col: u16) {
        for note in &mut self.notes {
            if note.placed.row == row && col > note.placed.col {
                note.stop = Some(note.stop.map_or(col, |stop| stop.min(col)));
            }
        }
    }

    fn fit(&mut self, col: u16, width: usize) {
        let widest = self.widths.entry(col).or_default();
        *widest = (*widest).max(width);
    }

    pub fn text(&mut self, row: usize, col: u16, text: &str, format: &Format) -> Result<()> {
        self.sheet
            .write_string_with_format(row as u32, col, text, format)?;
        let width = display_width(text);
        self.fit(col, width);
        if width + 2 > MAX_WIDTH || text.contains('\n') {
            self.wrapped.push(Placed {
                row,
                col,
                text: text.to_string(),
                format: format.clone(),
            });
        }
        self.written(row, col);
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

    /// A text that does not size its column (titles, notes): it runs
    /// across the empty cells to its right, and wraps where those end
    /// before it does.
    pub fn wide_text(&mut self, row: usize, col: u16, text: &str, format: &Format) -> Result<()> {
        self.sheet
            .write_string_with_format(row as u32, col, text, format)?;
        self.written(row, col);
        if !text.is_empty() {
            self.notes.push(Note {
                placed: Placed {
                    row,
                    col,
                    text: text.to_string(),
                    format: format.clone(),
                },
                stop: None,
            });
        }
        Ok(())
    }

    pub fn number(&mut self, row: usize, col: u16, value: f64, format: &Format) -> Result<()> {
        self.sheet
            .write_number_with_format(row as u32, col, value, format)?;
        self.fit(col, number_width(value));
        if !self.notes.is_empty() {
            self.written(row, col);
        }
        Ok(())
    }

    pub fn blank(&mut self, row: usize, col: u16, format: &Format) -> Result<()> {
        self.sheet.write_blank(row as u32, col, format)?;
        if !self.notes.is_empty() {
            self.written(row, col);
        }
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

    /// A month's first day shown as its month (`yyyy/mm`, a header).
    pub fn month(&mut self, row: usize, col: u16, day: Date, format: &Format) -> Result<()> {
        self.sheet
            .write_datetime_with_format(row as u32, col, excel_date(day)?, format)?;
        self.fit(col, "yyyy/mm".len());
        Ok(())
    }

    pub fn date(&mut self, row: usize, col: u16, day: Date, format: &Format) -> Result<()> {
        self.sheet
            .write_datetime_with_format(row as u32, col, excel_date(day)?, format)?;
        self.fit(col, 10);
        if !self.notes.is_empty() {
            self.written(row, col);
        }
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
        self.fit(col, value.width());
        if !self.notes.is_empty() {
            self.written(row, col);
        }
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
        self.fit(col, value.width());
        if !self.notes.is_empty() {
            self.written(row, col);
        }
        Ok(())
    }

    /// Sets every column written to its widest value, within limits;
    /// wraps what does not fit its column, in rows tall enough for it; and
    /// sets how the sheet prints.
    pub fn finish(self) -> Result<()> {
        let widths: BTreeMap<u16, f64> = self
            .widths
            .iter()
            .map(|(&col, &width)| (col, (width + 2).clamp(MIN_WIDTH, MAX_WIDTH) as f64))
            .collect();
        for (&col, &width) in &widths {
            self.sheet.set_column_width(col, width)?;
        }
        let width_of = |col: u16| widths.get(&col).copied().unwrap_or(DEFAULT_WIDTH);
        let mut heights: BTreeMap<u32, f64> = BTreeMap::new();
        let mut taller = |row: usize, lines: usize| {
            let height = heights.entry(row as u32).or_insert(0.0);
            *height = height.max(print::row_height(lines));
        };
        for Placed {
            row,
            col,
            text,
            format,
        } in &self.wrapped
        {
            let wrap = wrapping(format);
            self.sheet
                .write_string_with_format(*row as u32, *col, text, &wrap)?;
            taller(*row, print::lines(text, width_of(*col)));
        }
        let last_col = self
            .print_area
            .map(|(col, _)| col)
            .or_else(|| widths.keys().last().copied());
        for Note { placed, stop } in &self.notes {
            let Placed {
                row,
                col,
                text,
                format,
            } = placed;
            let Some(last) = stop.map(|s| s - 1).or(last_col).filter(|&l| l >= *col) else {
                continue;
            };
            let room: f64 = (*col..=last).map(width_of).sum();
            if display_width(text) as f64 <= room {
                continue;
            }
            // Longer than the columns it may cross: wrapped within them,
            // so that it is not cut at the edge of the printed page.
            let wrap = wrapping(format);
            if last > *col {
                self.sheet
                    .merge_range(*row as u32, *col, *row as u32, last, text, &wrap)?;
            } else {
                self.sheet
                    .write_string_with_format(*row as u32, *col, text, &wrap)?;
            }
            taller(*row, print::lines(text, room));
        }
        for (row, height) in heights {
            self.sheet.set_row_height(row, height)?;
        }
        let columns_px: f64 = match last_col {
            Some(last) => (0..=last).map(|c| print::column_px(width_of(c))).sum(),
            None => 0.0,
        };
        let drawn_px = self
            .drawings
            .iter()
            .map(|&(col, px)| (0..col).map(|c| print::column_px(width_of(c))).sum::<f64>() + px)
            .fold(0.0, f64::max);
        if let Some((first, last)) = self.titles {
            self.sheet.set_repeat_rows(first, last)?;
        }
        if let Some((col, row)) = self.print_area {
            self.sheet.set_print_area(0, 0, row, col)?;
        }
        let fit = match (self.scale, self.print_area) {
            (Some(scale), _) => Fit::Scale(scale),
            // Only part of the sheet prints, narrow enough to fit.
            (None, Some(_)) => Fit::Landscape,
            (None, None) => Fit::of_width(columns_px.max(drawn_px)),
        };
        match fit {
            Fit::Portrait => {
                self.sheet.set_portrait().set_print_fit_to_pages(1, 0);
            }
            Fit::Landscape => {
                self.sheet.set_landscape().set_print_fit_to_pages(1, 0);
            }
            Fit::Scale(scale) => {
                self.sheet.set_landscape().set_print_scale(scale);
            }
        }
        Ok(())
    }
}

/// A cell's format with its text wrapped, from the top of the cell.
fn wrapping(format: &Format) -> Format {
    format.clone().set_text_wrap().set_align(FormatAlign::Top)
}

/// The narrowest a number's column is made: "100.0%" and "#,##0" of a
/// few digits fit.
const NUMBER_WIDTH: usize = 6;

/// The columns a number takes in the sheets' formats: its digits with
/// thousands separators, and room for a sign, "¥" or ".0%".
fn number_width(n: f64) -> usize {
    let digits = (n.abs().trunc() as u64).to_string().len();
    (digits + (digits - 1) / 3 + 4).max(NUMBER_WIDTH)
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
    fn numbers_are_as_wide_as_their_digits_and_separators() {
        assert_eq!(number_width(1.0), NUMBER_WIDTH);
        assert_eq!(number_width(0.333), NUMBER_WIDTH);
        // ¥39,590,000
        assert_eq!(number_width(39_590_000.0), 14);
        assert!(number_width(-1234.5) >= "-1,234".len());
    }

    #[test]
    fn japanese_counts_double_for_widths() {
        assert_eq!(display_width("採用計画"), 8);
    }
}
