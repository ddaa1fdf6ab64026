//! 採用スケジュール / Schedule: a Gantt chart of the fiscal year that prints
//! on one A4 landscape page. Columns are the weeks of the quarter that holds
//! the day the workbook is made on and the months of the rest of the year,
//! each with its first and last day in the two header rows. Rows, in
//! sections, are the period's events (a mark on their day), a recruiting phase per stage with
//! targets (a bar over the months it has targets in), campaigns, and empty
//! input rows whose bars conditional formatting draws from the start and end
//! a user types. The week holding that day is outlined.

mod columns;
mod layout;
mod rows;

use anyhow::Result;
use rust_xlsxwriter::{ConditionalFormatFormula, Formula, Worksheet};

use super::cells::{Cells, Styles, column_name, excel_date};
use super::{Book, SCHEDULE};
use columns::Column;
use layout::{Look, Shade};
use rows::{Kind, Line};

/// The row marking the current week, and the two header rows: each time
/// column's first day, then its last.
const MARK: usize = 2;
const FIRST_DAY: usize = 3;
const LAST_DAY: usize = 4;
const BODY: usize = 5;
const NAME: u16 = 0;
const START: u16 = 1;
const END: u16 = 2;
const FIRST_TIME: u16 = 3;
/// Rows left empty for the user's own phases.
const OWN_ROWS: usize = 5;

pub fn write(book: &Book, sheet: &mut Worksheet, styles: &Styles) -> Result<()> {
    let m = book.model;
    let look = Look::new(styles, m.lang);
    let columns = columns::columns(m.period, m.today);
    let now = columns::current_week(&columns, m.today);
    let lines = rows::lines(m);
    let mut cells = Cells::new(&mut *sheet, book.names[SCHEDULE])?;
    let title = m.label("Hiring schedule", "採用スケジュール");
    let fy = super::monthly::fy_title(book);
    cells.wide_text(0, 0, &format!("{title} {fy}"), &styles.title)?;
    let mut note = m
        .label(
            "Events on their day, phases in the months with targets. Type a start and end in a yellow row to draw its bar.",
            "イベントは開催日、採用フェーズは目標のある月に表示。黄色の行に開始・終了を入力するとバーが引かれます。",
        )
        .to_string();
    if let Some(i) = now {
        let day = m.today.strftime("%Y/%m/%d");
        note.push_str(&match m.lang {
            crate::domain::Lang::En => format!(" The outlined week holds {day}."),
            crate::domain::Lang::Ja => format!("太枠は {day} の週です。"),
        });
        cells.wide_text(
            MARK,
            FIRST_TIME + i as u16,
            m.label("Now", "今週"),
            &look.mark,
        )?;
    }
    cells.wide_text(1, 0, &note, &look.note)?;
    header(&mut cells, book, &look, &columns, now)?;

    let mut r = BODY;
    for kind in [Kind::Event, Kind::Phase, Kind::Campaign] {
        let of_kind: Vec<&Line> = lines.iter().filter(|l| l.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        section(&mut cells, &look, r, kind.label(m), columns.len(), now)?;
        r += 1;
        for line in of_kind {
            let row = r as u32;
            let sheet = &mut *cells.sheet;
            sheet.write_string_with_format(row, NAME, &line.name, &look.name)?;
            sheet.write_datetime_with_format(row, START, excel_date(line.start)?, &look.date)?;
            sheet.write_datetime_with_format(row, END, excel_date(line.end)?, &look.date)?;
            for (c, column) in columns.iter().enumerate() {
                let format = look.body(bar_of(line, column), now == Some(c));
                sheet.write_blank(row, FIRST_TIME + c as u16, format)?;
            }
            r += 1;
        }
    }
    section(&mut cells, &look, r, Kind::Own.label(m), columns.len(), now)?;
    let own = r + 1;
    for r in own..own + OWN_ROWS {
        let r = r as u32;
        let sheet = &mut *cells.sheet;
        sheet.write_blank(r, NAME, &look.input_name)?;
        sheet.write_blank(r, START, &look.input_date)?;
        sheet.write_blank(r, END, &look.input_date)?;
        for c in 0..columns.len() {
            let format = look.body(Shade::None, now == Some(c));
            sheet.write_blank(r, FIRST_TIME + c as u16, format)?;
        }
    }
    let last_row = own + OWN_ROWS - 1;
    let last_col = FIRST_TIME + columns.len().saturating_sub(1) as u16;
    if !columns.is_empty() {
        own_bars(cells.sheet, &look, own, last_row, last_col)?;
    }
    // Its own layout fits one page at this scale (layout::print).
    cells.print_scale(layout::PRINT_SCALE);
    cells.finish()?;
    layout::widths(sheet, m, &lines, &columns)?;
    layout::print(sheet, last_row, last_col)?;
    sheet.set_freeze_panes(BODY as u32, FIRST_TIME)?;
    Ok(())
}

/// A section's title over the label columns, and its row of time cells.
fn section(
    cells: &mut Cells,
    look: &Look,
    row: usize,
    title: &str,
    columns: usize,
    now: Option<usize>,
) -> Result<()> {
    let r = row as u32;
    cells
        .sheet
        .merge_range(r, NAME, r, END, title, &look.section)?;
    for c in 0..columns {
        let format = look.body(Shade::None, now == Some(c));
        cells.sheet.write_blank(r, FIRST_TIME + c as u16, format)?;
    }
    Ok(())
}

/// The header: the labels' names over both header rows, and each time
/// column's first and last day.
fn header(
    cells: &mut Cells,
    book: &Book,
    look: &Look,
    columns: &[Column],
    now: Option<usize>,
) -> Result<()> {
    let m = book.model;
    let (first, last) = (FIRST_DAY as u32, LAST_DAY as u32);
    for (col, en, ja) in [
        (NAME, "Item", "項目"),
        (START, "Start", "開始"),
        (END, "End", "終了"),
    ] {
        cells
            .sheet
            .merge_range(first, col, last, col, m.label(en, ja), &look.head)?;
    }
    for (c, column) in columns.iter().enumerate() {
        let col = FIRST_TIME + c as u16;
        let this = now == Some(c);
        let (top, bottom) = look.days(column.week, this);
        cells
            .sheet
            .write_datetime_with_format(first, col, excel_date(column.first)?, top)?;
        cells
            .sheet
            .write_datetime_with_format(last, col, excel_date(column.last)?, bottom)?;
    }
    Ok(())
}

/// How a row alumni writes fills a column.
fn bar_of(line: &Line, column: &Column) -> Shade {
    let covered = line
        .spans
        .iter()
        .any(|&(from, to)| column.overlaps(from, to));
    match (covered, line.kind) {
        (false, _) => Shade::None,
        (true, Kind::Event) => Shade::Event,
        (true, _) => Shade::Phase,
    }
}

/// The bars of the user's rows: a column is filled when the row has a start
/// and an end and the column's days (its two header cells) meet them.
fn own_bars(
    sheet: &mut Worksheet,
    look: &Look,
    first_row: usize,
    last_row: usize,
    last_col: u16,
) -> Result<()> {
    let row = first_row + 1;
    let start = format!("${}{row}", column_name(START));
    let end = format!("${}{row}", column_name(END));
    let col = column_name(FIRST_TIME);
    let first_day = format!("{col}${}", FIRST_DAY + 1);
    let last_day = format!("{col}${}", LAST_DAY + 1);
    let rule = format!(
        "=AND(ISNUMBER({start}),ISNUMBER({end}),{start}<={end},{first_day}<={end},{last_day}>={start})"
    );
    let bar = ConditionalFormatFormula::new()
        .set_rule(Formula::new(rule))
        .set_format(look.own_bar.clone());
    sheet.add_conditional_format(
        first_row as u32,
        FIRST_TIME,
        last_row as u32,
        last_col,
        &bar,
    )?;
    Ok(())
}
