//! How a sheet prints: on A4, with page numbers in the footer, its header
//! rows on every page, and at a scale where its body text (11 pt) stays at
//! 8 pt or larger. A sheet narrow enough for that is fitted to the page's
//! width, portrait where it fits whole, landscape otherwise; a wider one
//! prints at the smallest allowed scale over more pages across, since
//! fitting it would shrink its text below what anyone can read.
//!
//! Widths are in Excel's column units (the digit width of the default
//! font, 7 px at 96 dpi), which is what column widths are written in.

/// A4 in the paper sizes of the xlsx page setup.
pub const A4: u8 = 9;

/// The footer: "page / pages", centred.
pub const FOOTER: &str = "&C&P / &N";

/// The smallest scale, in percent, at which 11 pt prints at 8 pt or more
/// (11 × 0.75 = 8.25; 73 % would leave no margin for rounding).
pub const MIN_SCALE: u16 = 75;

/// The width a page holds, in pixels at 96 dpi: A4 (210 × 297 mm) less
/// the default left and right margins (0.7 in each).
const PORTRAIT_PX: f64 = (210.0 / 25.4 - 1.4) * 96.0;
const LANDSCAPE_PX: f64 = (297.0 / 25.4 - 1.4) * 96.0;

/// How much wider a sheet is drawn where Calibri is not installed and a
/// wider font stands in (LibreOffice on Linux draws it in DejaVu Sans,
/// measured at 1.15 times Excel's width): fitting to the page must keep
/// the scale above the floor there too.
const WIDER_FONT: f64 = 1.15;

/// How a sheet of a given printed width is laid on the paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// Portrait, one page wide: the sheet fits at full size.
    Portrait,
    /// Landscape, one page wide, fitted: for a sheet that asks for it
    /// (the data sheet's key columns).
    Landscape,
    /// Landscape at a fixed scale, as many pages across as it takes: the
    /// scale that fits the sheet's width by the estimate, never below
    /// `MIN_SCALE`. A fixed scale keeps the text at its size where the
    /// estimate is short (fonts drawn wider than measured): the sheet then
    /// runs onto a page more rather than printing smaller.
    Scale(u16),
}

impl Fit {
    /// The fit of a sheet `px` pixels wide.
    pub fn of_width(px: f64) -> Fit {
        let px = px * WIDER_FONT;
        if px <= PORTRAIT_PX {
            Fit::Portrait
        } else {
            let fits = (LANDSCAPE_PX / px * 100.0).floor();
            Fit::Scale(fits.clamp(f64::from(MIN_SCALE), 100.0) as u16)
        }
    }
}

/// A column's width in pixels, as Excel draws a width in characters.
pub fn column_px(width: f64) -> f64 {
    (width * 7.0).round() + 5.0
}

/// The height of one line of wrapped 11 pt text, in points. Excel's row
/// is 15 pt for Calibri; the Japanese fonts LibreOffice uses set lines
/// further apart, so one line is given a little more.
pub const LINE_PT: f64 = 16.0;

/// The lines `text` takes in a column `width` characters wide, wrapped
/// at spaces and between Japanese characters, a Japanese character
/// counting two.
pub fn lines(text: &str, width: f64) -> usize {
    // A cell's text starts a little inside its border on either side.
    let room = (width - 1.0).max(1.0) as usize;
    text.lines()
        .map(|line| textwrap::wrap(line, room).len().max(1))
        .sum::<usize>()
        .max(1)
}

/// The height of a row holding `lines` lines of wrapped text.
pub fn row_height(lines: usize) -> f64 {
    lines as f64 * LINE_PT + 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_sheet_is_portrait_and_a_wide_one_never_shrinks_below_the_floor() {
        assert_eq!(Fit::of_width(560.0), Fit::Portrait);
        assert_eq!(Fit::of_width(900.0), Fit::Scale(95));
        assert_eq!(Fit::of_width(1100.0), Fit::Scale(78));
        assert_eq!(Fit::of_width(3000.0), Fit::Scale(MIN_SCALE));
    }

    #[test]
    fn japanese_wraps_at_two_columns_a_character() {
        // 20 characters, 40 columns wide, in a column of 21: two lines.
        assert_eq!(lines(&"採".repeat(20), 21.0), 2);
        assert_eq!(lines("short", 21.0), 1);
        assert_eq!(lines("one\ntwo", 21.0), 2);
        // Words are not broken: four words of 9 in 21 columns are two lines.
        assert_eq!(lines("aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd", 21.0), 2);
    }
}
