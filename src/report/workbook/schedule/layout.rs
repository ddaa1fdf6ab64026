//! How the schedule looks and prints: its formats (9 pt text, 8 pt day
//! headers, printed at 100% so that what is set is what is read), the
//! widths that put the labels, up to fourteen weeks and nine months on the
//! width of a landscape A4 page, and the page setup.

use anyhow::Result;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet};

use super::super::cells::{Styles, display_width};
use super::super::model::Model;
use super::columns::Column;
use super::rows::Line;
use super::{BODY, END, FIRST_TIME, LAST_DAY, MARK, NAME, START};
use crate::domain::Lang;

/// What fills a time cell alumni writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shade {
    None,
    Event,
    Phase,
}

const EVENT_FILL: u32 = 0xF4B084;
const PHASE_FILL: u32 = 0x9BC2E6;
const OWN_FILL: u32 = 0xA9D08E;
const MONTH_FILL: u32 = 0xBDD7EE;
const GRID: u32 = 0xBFBFBF;
const SECTION_FILL: u32 = 0xF2F2F2;
/// The current week: an orange outline, a light fill where no bar is.
const NOW: u32 = 0xC65911;
const NOW_FILL: u32 = 0xFCE4D6;
const NOW_HEADER_FILL: u32 = 0xF8CBAD;

/// The sheet's formats.
pub struct Look {
    pub note: Format,
    pub mark: Format,
    pub head: Format,
    pub section: Format,
    pub name: Format,
    pub date: Format,
    pub input_name: Format,
    pub input_date: Format,
    pub own_bar: Format,
    /// Time cells by shade, then outlined as the current week.
    body: [[Format; 2]; 3],
    /// First-day and last-day header cells: [week, month] × [other, now].
    first: [[Format; 2]; 2],
    last: [[Format; 2]; 2],
}

/// The text size of the sheet; the day headers are 8 pt.
const TEXT: f64 = 9.0;
const SMALL: f64 = 8.0;

impl Look {
    pub fn new(styles: &Styles, lang: Lang) -> Look {
        let cell = || {
            Format::new()
                .set_font_size(TEXT)
                .set_border(FormatBorder::Thin)
                .set_border_color(GRID)
        };
        let outlined = |f: Format| {
            f.set_border_left(FormatBorder::Medium)
                .set_border_left_color(NOW)
                .set_border_right(FormatBorder::Medium)
                .set_border_right_color(NOW)
        };
        let time = |fill: Option<u32>, now: bool| {
            let f = cell();
            match (fill, now) {
                (Some(color), true) => outlined(f.set_background_color(color)),
                (Some(color), false) => f.set_background_color(color),
                (None, true) => outlined(f.set_background_color(NOW_FILL)),
                (None, false) => f,
            }
        };
        let pair = |fill: Option<u32>| [time(fill, false), time(fill, true)];
        let month = lang.pick("mmm", "m\"月\"");
        let day = |size: f64, format: &str, fill: u32, now: bool| {
            // Not bold: a bold "12/28" does not fit a week column at 8 pt.
            let f = styles
                .header
                .clone()
                .unset_bold()
                .set_font_size(size)
                .set_num_format(format)
                .set_background_color(if now { NOW_HEADER_FILL } else { fill });
            if now {
                outlined(
                    f.set_border_top(FormatBorder::Medium)
                        .set_border_top_color(NOW),
                )
            } else {
                f
            }
        };
        let header_fill = 0xDDEBF7;
        let last = |now: bool| {
            let f = Format::new()
                .set_font_size(SMALL)
                .set_font_color(0x595959)
                .set_num_format("m/d")
                .set_align(FormatAlign::Center)
                .set_border(FormatBorder::Thin)
                .set_border_color(GRID);
            if now {
                outlined(f.set_background_color(NOW_HEADER_FILL))
            } else {
                f
            }
        };
        Look {
            note: styles.note.clone().set_font_size(TEXT),
            mark: Format::new()
                .set_bold()
                .set_font_size(SMALL)
                .set_font_color(NOW)
                .set_align(FormatAlign::Center),
            head: styles.header.clone().set_font_size(TEXT),
            section: cell().set_bold().set_background_color(SECTION_FILL),
            name: cell().set_text_wrap(),
            date: cell().set_font_size(SMALL).set_num_format("yyyy/mm/dd"),
            input_name: styles
                .input_text
                .clone()
                .set_font_size(TEXT)
                .set_text_wrap(),
            input_date: styles.input_date.clone().set_font_size(SMALL),
            own_bar: Format::new().set_background_color(OWN_FILL),
            body: [pair(None), pair(Some(EVENT_FILL)), pair(Some(PHASE_FILL))],
            first: [
                [
                    day(SMALL, "m/d", header_fill, false),
                    day(SMALL, "m/d", header_fill, true),
                ],
                [
                    day(TEXT, month, MONTH_FILL, false),
                    day(TEXT, month, MONTH_FILL, true),
                ],
            ],
            last: [[last(false), last(true)], [last(false), last(true)]],
        }
    }

    pub fn body(&self, shade: Shade, now: bool) -> &Format {
        let row = match shade {
            Shade::None => 0,
            Shade::Event => 1,
            Shade::Phase => 2,
        };
        &self.body[row][usize::from(now)]
    }

    /// The first-day and last-day formats of a column.
    pub fn days(&self, week: bool, now: bool) -> (&Format, &Format) {
        let kind = usize::from(!week);
        let now = usize::from(now);
        (&self.first[kind][now], &self.last[kind][now])
    }
}

/// Column widths, in Excel's units: the width of a digit of the default
/// font. LibreOffice without Calibri measures them with DejaVu Sans, whose
/// digits are wider (about 9.7 pixels at 96 dpi against Calibri's 7), so
/// the page is planned by the wider measure and Excel has room to spare.
const DATE_WIDTH: f64 = 7.0;
const TIME_WIDTH: f64 = 3.0;
const NAME_MIN: f64 = 10.0;
const NAME_MAX: f64 = 12.0;

/// Sizes the name column by what it holds (9 pt text is 9/11 of the
/// default font's width) and every time column alike; a longer name wraps.
pub fn widths(sheet: &mut Worksheet, m: &Model, lines: &[Line], columns: &[Column]) -> Result<()> {
    let widest = lines
        .iter()
        .map(|l| display_width(&l.name))
        .chain([display_width(m.label("Item", "項目"))])
        .max()
        .unwrap_or(0);
    let name = (widest as f64 * TEXT / 11.0 + 1.0).clamp(NAME_MIN, NAME_MAX);
    sheet.set_column_width(NAME, name)?;
    sheet.set_column_width(START, DATE_WIDTH)?;
    sheet.set_column_width(END, DATE_WIDTH)?;
    for c in 0..columns.len() {
        sheet.set_column_width(FIRST_TIME + c as u16, TIME_WIDTH)?;
    }
    Ok(())
}

/// A4 landscape at 100%: fonts print at the size they are set to, and the
/// widths above keep the page one wide. The marker and header rows repeat
/// should the rows ever run onto a second page.
pub fn print(sheet: &mut Worksheet, last_row: usize, last_col: u16) -> Result<()> {
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_scale(PRINT_SCALE);
    sheet.set_margins(MARGIN, MARGIN, 0.5, 0.5, 0.3, 0.3);
    sheet.set_print_center_horizontally(true);
    sheet.set_repeat_rows(MARK as u32, LAST_DAY as u32)?;
    sheet.set_print_area(0, 0, last_row.max(BODY) as u32, last_col)?;
    Ok(())
}

pub const PRINT_SCALE: u16 = 100;
/// The left and right margins, in inches.
const MARGIN: f64 = 0.25;

/// The printed width of a layout in centimetres by the wider measure: a
/// column of width w is 9.7w + 5 pixels at 96 dpi.
#[cfg(test)]
fn printed_cm(widths: &[f64]) -> f64 {
    let pixels: f64 = widths.iter().map(|w| 9.7 * w + 5.0).sum();
    pixels / 96.0 * 2.54 * f64::from(PRINT_SCALE) / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widest_schedule_fits_a_landscape_a4_page() {
        let printable = 29.7 - 2.0 * MARGIN * 2.54;
        let mut widths = vec![NAME_MAX, DATE_WIDTH, DATE_WIDTH];
        // A quarter has at most fourteen weeks, the other nine months remain.
        widths.extend(std::iter::repeat_n(TIME_WIDTH, 14 + 9));
        let cm = printed_cm(&widths);
        assert!(cm < printable, "{cm:.1} cm on {printable:.1} cm");
    }
}
