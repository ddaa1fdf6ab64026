//! 採用スケジュール / Schedule: the period's weeks as columns, and as rows
//! the events held, the months each stage has targets in (campaign
//! phases), and empty rows for phases of the user's own. Start and end are
//! inputs; conditional formatting draws the bars from them and marks the
//! current week, so both follow an edit and the day the file is opened.

use anyhow::Result;
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use rust_xlsxwriter::{ConditionalFormatFormula, Format, FormatBorder, Formula, Worksheet};

use super::cells::{Cells, Styles, column_name};
use super::{Book, SCHEDULE};
use crate::domain::fiscal::Month;
use crate::domain::period::first_day;

const HEADER: usize = 3;
const FIRST_WEEK: u16 = 3;
/// Rows left empty for the user's own phases.
const OWN_ROWS: usize = 5;

pub fn write(book: &Book, sheet: &mut Worksheet, styles: &Styles) -> Result<()> {
    let m = book.model;
    let mut cells = Cells::new(sheet, book.names[SCHEDULE])?;
    cells.print_titles(HEADER, HEADER);
    // Its week labels are 8 pt already: printed at full size.
    cells.print_scale(100);
    super::monthly::heading(
        book,
        &mut cells,
        styles,
        m.label("Hiring schedule", "採用スケジュール"),
        Some(m.label(
            "Start and end are inputs; the bars follow them. The current week is outlined.",
            "開始・終了は入力できます(バーが連動します)。今週は枠で示します。",
        )),
    )?;
    cells.text(HEADER, 0, m.label("Item", "項目"), &styles.header)?;
    cells.text(HEADER, 1, m.label("Start", "開始"), &styles.header)?;
    cells.text(HEADER, 2, m.label("End", "終了"), &styles.header)?;
    let weeks = weeks(m.period.from, m.period.to);
    for (i, monday) in weeks.iter().enumerate() {
        let col = FIRST_WEEK + i as u16;
        cells.sheet.set_column_width(col, 3.2)?;
        cells.sheet.write_datetime_with_format(
            HEADER as u32,
            col,
            super::cells::excel_date(*monday)?,
            &styles.week,
        )?;
    }
    cells.sheet.set_row_height(HEADER as u32, 42)?;
    let mut rows: Vec<(String, Date, Date)> = m
        .events
        .iter()
        .map(|(name, day)| (name.clone(), *day, *day))
        .collect();
    for stage in 0..m.stages.len() {
        let key = &m.stages[stage].key;
        let months: Vec<Month> = m
            .targets
            .iter()
            .filter(|t| &t.stage == key && t.count > 0)
            .map(|t| t.month)
            .collect();
        let (Some(first), Some(last)) = (months.iter().min(), months.iter().max()) else {
            continue;
        };
        let (Some(first), Some(last)) = (first_day(*first), first_day(*last)) else {
            continue;
        };
        let name = format!(
            "{}{}",
            m.stage_label(stage),
            m.label(" (targets)", " 目標期間")
        );
        rows.push((name, first, last.last_of_month()));
    }
    let first_row = HEADER + 1;
    for (i, (name, start, end)) in rows.iter().enumerate() {
        let r = first_row + i;
        cells.text(r, 0, name, &styles.input_text)?;
        cells.date(r, 1, *start, &styles.input_date)?;
        cells.date(r, 2, *end, &styles.input_date)?;
    }
    let own = first_row + rows.len();
    for r in own..own + OWN_ROWS {
        cells.text(r, 0, "", &styles.input_text)?;
        cells.blank(r, 1, &styles.input_date)?;
        cells.blank(r, 2, &styles.input_date)?;
    }
    let last_row = (own + OWN_ROWS - 1) as u32;
    if let Some(last_col) = (weeks.len() as u16).checked_sub(1).map(|n| FIRST_WEEK + n) {
        let first = column_name(FIRST_WEEK);
        let header = HEADER + 1;
        let body = first_row + 1;
        let bar = ConditionalFormatFormula::new()
            .set_rule(Formula::new(format!(
                "=AND(ISNUMBER($B{body}),ISNUMBER($C{body}),{first}${header}<=$C{body},{first}${header}+6>=$B{body})"
            )))
            .set_format(Format::new().set_background_color(0x5B9BD5));
        cells.sheet.add_conditional_format(
            first_row as u32,
            FIRST_WEEK,
            last_row,
            last_col,
            &bar,
        )?;
        let this_week = ConditionalFormatFormula::new()
            .set_rule(Formula::new(format!(
                "=AND(TODAY()>={first}${header},TODAY()<{first}${header}+7)"
            )))
            .set_format(
                Format::new()
                    .set_background_color(0xFCE4D6)
                    .set_border(FormatBorder::Medium)
                    .set_border_color(0xC65911),
            );
        cells.sheet.add_conditional_format(
            HEADER as u32,
            FIRST_WEEK,
            last_row,
            last_col,
            &this_week,
        )?;
    }
    cells
        .sheet
        .set_freeze_panes(HEADER as u32 + 1, FIRST_WEEK)?;
    cells.finish()
}

/// The Mondays of the weeks that touch a period.
fn weeks(from: Date, to: Date) -> Vec<Date> {
    let mut monday = from;
    while monday.weekday() != Weekday::Monday {
        monday = monday.yesterday().unwrap_or(monday);
        if monday == Date::MIN {
            break;
        }
    }
    let mut weeks = Vec::new();
    while monday <= to {
        weeks.push(monday);
        match monday.checked_add(1.week()) {
            Ok(next) => monday = next,
            Err(_) => break,
        }
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn weeks_start_on_the_monday_before_the_period() {
        let weeks = weeks(date(2026, 4, 1), date(2027, 3, 31));
        assert_eq!(weeks.first(), Some(&date(2026, 3, 30)));
        assert_eq!(weeks.last(), Some(&date(2027, 3, 29)));
        assert_eq!(weeks.len(), 53);
    }
}
