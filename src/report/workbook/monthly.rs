//! KPI管理 / Monthly KPI: per stage a 目標 / 実績 / 達成率 triple, the
//! months of the period as columns and the whole period last, with a chart
//! of hires against target. Targets are inputs; actuals count the data
//! sheet; achievement divides the two.

use anyhow::Result;
use rust_xlsxwriter::{Chart, ChartType, Worksheet};

use super::cells::{Cells, Styles, Value, absolute, column_name, relative};
use super::criteria::Span;
use super::{Book, MONTHLY, charts, ratio, totals};
use crate::domain::fiscal::Month;

/// The header row (0-based): the months' first days.
const HEADER: usize = 3;
const FIRST_MONTH: u16 = 2;

fn block(stage: usize) -> usize {
    HEADER + 1 + 3 * stage
}

fn total_column(book: &Book) -> u16 {
    FIRST_MONTH + book.model.months.len() as u16
}

/// The cell holding a stage's target over the whole period.
pub fn target_total(book: &Book, stage: usize) -> String {
    format!(
        "{}{}",
        book.sheet(MONTHLY),
        absolute(block(stage), total_column(book))
    )
}

/// A stage's target over the period, as the total cell computes it.
pub fn target_total_value(book: &Book, stage: usize) -> Option<u64> {
    book.model.target_sum(stage, |_| true)
}

pub fn write(book: &Book, sheet: &mut Worksheet, styles: &Styles) -> Result<()> {
    let m = book.model;
    let mut cells = Cells::new(sheet, book.names[MONTHLY])?;
    cells.print_titles(HEADER, HEADER);
    heading(
        book,
        &mut cells,
        styles,
        m.label("Monthly KPI", "KPI管理"),
        None,
    )?;
    cells.text(HEADER, 0, m.label("Stage", "段階"), &styles.header)?;
    cells.text(HEADER, 1, "", &styles.header)?;
    for (j, month) in m.months.iter().enumerate() {
        cells.month(HEADER, FIRST_MONTH + j as u16, *month, &styles.month)?;
    }
    let total = total_column(book);
    cells.text(HEADER, total, m.label("Total", "合計"), &styles.header)?;
    let last_month = total - 1;
    // The largest number the chart of hires shows, for its axis.
    let mut largest = 0;
    for stage in 0..m.stages.len() {
        let (target_row, actual_row, rate_row) = (block(stage), block(stage) + 1, block(stage) + 2);
        cells.text(target_row, 0, m.stage_label(stage), &styles.label)?;
        cells.text(actual_row, 0, "", &styles.label)?;
        cells.text(rate_row, 0, "", &styles.label)?;
        cells.text(target_row, 1, m.label("Target", "目標"), &styles.text)?;
        cells.text(actual_row, 1, m.label("Actual", "実績"), &styles.text)?;
        cells.text(rate_row, 1, m.label("Achievement", "達成率"), &styles.text)?;
        let mut actuals = Vec::new();
        for (j, month) in m.months.iter().enumerate() {
            let col = FIRST_MONTH + j as u16;
            let key = Month::of_date(*month);
            let target = m.target_sum(stage, |t| t.month == key);
            cells.optional(
                target_row,
                col,
                target.map(|t| t as f64),
                &styles.input_count,
            )?;
            let header = format!("{}${}", column_name(col), HEADER + 1);
            let span = Span {
                from: *month,
                to: month.last_of_month(),
                from_ref: header.clone(),
                to_ref: format!("EOMONTH({header},0)"),
            };
            let (formula, actual) = book.count(&book.counts_for(stage, &span));
            let actual = (!totals::future(book, *month)).then_some(actual);
            cells.formula(
                actual_row,
                col,
                &totals::shown(book, &header, &formula),
                &actual.map_or(Value::Blank, Value::count),
                &styles.count,
            )?;
            achievement(&mut cells, styles, rate_row, col, actual, target)?;
            if Some(stage) == m.hire_stage() {
                largest = largest.max(target.unwrap_or(0)).max(actual.unwrap_or(0));
            }
            actuals.push(actual);
        }
        let target = target_total_value(book, stage);
        let months = format!(
            "{}:{}",
            relative(target_row, FIRST_MONTH),
            relative(target_row, last_month)
        );
        cells.formula(
            target_row,
            total,
            &format!("IF(COUNT({months})=0,\"\",SUM({months}))"),
            &target.map_or(Value::Blank, Value::count),
            &styles.total_count,
        )?;
        // The months shown, added: the months after the report's day are
        // blank, so the total is the year to date.
        let shown = totals::sum_value(actuals.iter().copied());
        cells.formula(
            actual_row,
            total,
            &totals::sum((actual_row, FIRST_MONTH), (actual_row, last_month)),
            &shown,
            &styles.total_count,
        )?;
        let shown = match shown {
            Value::Number(n) => Some(n as u64),
            _ => None,
        };
        achievement(&mut cells, styles, rate_row, total, shown, target)?;
    }
    if let Some(hire) = m.hire_stage() {
        chart(book, &mut cells, hire, largest)?;
    }
    cells
        .sheet
        .set_freeze_panes(HEADER as u32 + 1, FIRST_MONTH)?;
    cells.finish()
}

fn achievement(
    cells: &mut Cells,
    styles: &Styles,
    row: usize,
    col: u16,
    actual: Option<u64>,
    target: Option<u64>,
) -> Result<()> {
    let value = actual
        .zip(target)
        .and_then(|(a, t)| ratio(a as f64, t as f64));
    cells.formula(
        row,
        col,
        &format!(
            "IFERROR({}/{},\"\")",
            relative(row - 1, col),
            relative(row - 2, col)
        ),
        &Value::of(value),
        &styles.percent,
    )
}

/// Hires against target by month, below the stages: the target over the
/// whole period, the actual up to the report's month (the blank months
/// after it are gaps). `largest` is the largest monthly target or actual
/// shown.
fn chart(book: &Book, cells: &mut Cells, hire: usize, largest: u64) -> Result<()> {
    let m = book.model;
    let name = book.names[MONTHLY];
    let first = FIRST_MONTH;
    let last = total_column(book) - 1;
    let shown = m
        .months
        .iter()
        .filter(|month| !totals::future(book, **month))
        .count()
        .max(1) as u16;
    let row = block(hire) as u32;
    let categories = (name, HEADER as u32, first, HEADER as u32, last);
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name(m.label("Target", "目標"))
        .set_categories(categories)
        .set_values((name, row, first, row, last));
    chart
        .add_series()
        .set_name(m.label("Actual", "実績"))
        .set_categories(categories)
        .set_values((name, row + 1, first, row + 1, first + shown - 1));
    chart
        .x_axis()
        .set_name(m.label("Month", "月"))
        .set_num_format("yyyy/mm");
    charts::count_axis(chart.y_axis(), m.label("Hires", "入社数"), largest as f64);
    charts::finish(
        &mut chart,
        m.label("Hires against target", "入社 目標と実績"),
    );
    chart.set_width(720).set_height(300);
    let below = block(m.stages.len()) + 1;
    cells.chart(below as u32, 1, &chart, 720)?;
    Ok(())
}

/// A sheet's title (its name for the period) in the first row, and below
/// it a note: what "actual" counts, unless the sheet gives its own.
pub fn heading(
    book: &Book,
    cells: &mut Cells,
    styles: &Styles,
    title: &str,
    note: Option<&str>,
) -> Result<()> {
    cells.wide_text(0, 0, &format!("{title} {}", fy_title(book)), &styles.title)?;
    cells.wide_text(1, 0, note.unwrap_or(counting_note(book)), &styles.note)
}

/// "FY2026" / "2026年度", or the months of a period that is not a fiscal year.
pub fn fy_title(book: &Book) -> String {
    let m = book.model;
    let p = m.period;
    let whole_fy = m.months.len() == 12;
    match (whole_fy, m.lang) {
        (true, crate::domain::Lang::Ja) => format!("{}年度", m.fy),
        (true, crate::domain::Lang::En) => format!("FY{}", m.fy),
        (false, _) => format!("{} – {}", p.from, p.to),
    }
}

/// What "actual" counts, in the sheet's language.
pub fn counting_note(book: &Book) -> &'static str {
    match book.model.counting {
        crate::domain::Counting::Activity => book.model.label(
            "Actual: applications that reached the stage (or passed it) in the month.",
            "実績: その月に段階へ到達した(または飛び越えた)応募の数。",
        ),
        crate::domain::Counting::Cohort => book.model.label(
            "Actual: applications opened in the month, followed to wherever they got.",
            "実績: その月に開始した応募が、到達した段階までの数(コホート)。",
        ),
    }
}
