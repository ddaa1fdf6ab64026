//! The campaign reach and NPS tables of アルムナイ指標 / Alumni metrics,
//! below its month by month table: each campaign of the period with its
//! counts as values and its open and click rates as formulas over them;
//! per month the reach, opens and clicks summed over that table by the
//! campaigns' dates (SUMIFS) and their rates; then the NPS of each event
//! and of each month, the promoters, passives and detractors as values and
//! the NPS as a formula. Every formula is written with its result; months
//! after the report's day are blank, as the sheet's other monthly rows.

use anyhow::Result;

use super::cells::{Cells, Styles, Value, absolute, relative};
use super::model::channel_label;
use super::{Book, ratio, totals};
use crate::domain::nps::Nps;

/// The columns of the campaign table.
const DATE: u16 = 1;
const RECIPIENTS: u16 = 3;
const DELIVERED: u16 = 4;
const OPENED: u16 = 5;
const CLICKED: u16 = 6;

/// Writes the tables from row `top` on; gives the row after the last.
pub fn write(book: &Book, cells: &mut Cells, styles: &Styles, top: usize) -> Result<usize> {
    let (first, last) = campaigns(book, cells, styles, top)?;
    let row = months(book, cells, styles, last + 3, (first, last))?;
    let row = nps_events(book, cells, styles, row + 2)?;
    nps_months(book, cells, styles, row + 2)
}

/// The reach of a campaign's row: delivered, or recipients when none was
/// reported delivered.
fn reach_of(row: usize) -> String {
    let (recipients, delivered) = (relative(row, RECIPIENTS), relative(row, DELIVERED));
    format!("IF({delivered}>0,{delivered},{recipients})")
}

/// The campaign table; gives the first and last rows its SUMIFS read (one
/// empty row when there are no campaigns).
fn campaigns(
    book: &Book,
    cells: &mut Cells,
    styles: &Styles,
    top: usize,
) -> Result<(usize, usize)> {
    let m = book.model;
    cells.text(top, 0, m.label("Campaigns", "キャンペーン"), &styles.label)?;
    let headers = [
        m.label("Campaign", "キャンペーン名"),
        m.label("Date", "日付"),
        m.label("Channel", "チャネル"),
        m.label("Recipients", "送付数"),
        m.label("Delivered", "配信数"),
        m.label("Opened", "開封数"),
        m.label("Clicked", "クリック数"),
        m.label("Open rate", "開封率"),
        m.label("Click rate", "クリック率"),
    ];
    let head = top + 1;
    for (col, header) in headers.iter().enumerate() {
        cells.text(head, col as u16, header, &styles.header)?;
    }
    let first = head + 1;
    for (i, c) in m.reach.campaigns.iter().enumerate() {
        let r = first + i;
        let n = &c.counts;
        cells.text(r, 0, &n.name, &styles.text)?;
        cells.date(r, DATE, n.date, &styles.date)?;
        cells.text(r, 2, &channel_label(m.lang, &n.channel), &styles.text)?;
        for (col, value) in [
            (RECIPIENTS, n.recipients),
            (DELIVERED, n.delivered),
            (OPENED, n.opened),
            (CLICKED, n.clicked),
        ] {
            cells.number(r, col, value as f64, &styles.count)?;
        }
        for (col, of, value) in [(7, OPENED, c.open_rate), (8, CLICKED, c.click_rate)] {
            cells.formula(
                r,
                col,
                &format!("IFERROR({}/{},\"\")", relative(r, of), reach_of(r)),
                &Value::of(value),
                &styles.percent,
            )?;
        }
    }
    if m.reach.campaigns.is_empty() {
        cells.text(
            first,
            0,
            m.label(
                "No campaigns in the period",
                "期間内のキャンペーンはありません",
            ),
            &styles.note,
        )?;
    }
    Ok((first, first + m.reach.campaigns.len().max(1) - 1))
}

/// Per month: reach, opened and clicked summed over the campaign table
/// (rows `first..=last`) by date, with the rates, and their total.
fn months(
    book: &Book,
    cells: &mut Cells,
    styles: &Styles,
    top: usize,
    (first, last): (usize, usize),
) -> Result<usize> {
    let m = book.model;
    let headers = [
        m.label("Month", "月"),
        m.label("Campaign reach", "キャンペーン到達数"),
        m.label("Opened", "開封数"),
        m.label("Clicked", "クリック数"),
        m.label("Open rate", "開封率"),
        m.label("Click rate", "クリック率"),
    ];
    for (col, header) in headers.iter().enumerate() {
        cells.text(top, col as u16, header, &styles.header)?;
    }
    let range = |col: u16| format!("{}:{}", absolute(first, col), absolute(last, col));
    let mut columns: Vec<Vec<Option<u64>>> = vec![Vec::new(); 3];
    for (i, month) in m.months.iter().enumerate() {
        let r = top + 1 + i;
        cells.month(r, 0, *month, &styles.month)?;
        let month_ref = format!("$A{}", r + 1);
        let dated = format!(
            "{dates},\">=\"&{month_ref},{dates},\"<=\"&EOMONTH({month_ref},0)",
            dates = range(DATE)
        );
        let sum = |col: u16| format!("SUMIFS({},{dated})", range(col));
        let reach = format!(
            "{}+SUMIFS({},{dated},{},0)",
            sum(DELIVERED),
            range(RECIPIENTS),
            range(DELIVERED)
        );
        let key = format!("{:04}-{:02}", month.year(), month.month());
        let figures = m.reach.months.iter().find(|f| f.month == key);
        let future = totals::future(book, *month);
        let shown = |n: fn(&crate::report::reach::MonthReach) -> u64| {
            (!future).then(|| figures.map_or(0, n))
        };
        let values = [
            (reach, shown(|f| f.reach)),
            (sum(OPENED), shown(|f| f.opened)),
            (sum(CLICKED), shown(|f| f.clicked)),
        ];
        for (j, (formula, value)) in values.into_iter().enumerate() {
            cells.formula(
                r,
                1 + j as u16,
                &totals::shown(book, &month_ref, &formula),
                &value.map_or(Value::Blank, Value::count),
                &styles.count,
            )?;
            columns[j].push(value);
        }
        rates(cells, styles, r, &columns, i)?;
    }
    if m.months.is_empty() {
        return Ok(top + 1);
    }
    let (from, to) = (top + 1, top + m.months.len());
    let total = to + 1;
    cells.text(total, 0, m.label("Total", "合計"), &styles.label)?;
    let mut sums = Vec::new();
    for (j, values) in columns.iter().enumerate() {
        let col = 1 + j as u16;
        let value = totals::sum_value(values.iter().copied());
        cells.formula(
            total,
            col,
            &totals::sum((from, col), (to, col)),
            &value,
            &styles.total_count,
        )?;
        sums.push(values.iter().flatten().copied().reduce(|a, b| a + b));
    }
    let whole: Vec<Vec<Option<u64>>> = sums.into_iter().map(|s| vec![s]).collect();
    rates(cells, styles, total, &whole, 0)?;
    Ok(total + 1)
}

/// The open and click rates of row `r`, over its reach, opens and clicks
/// (columns B to D), whose values are `columns[..][i]`.
fn rates(
    cells: &mut Cells,
    styles: &Styles,
    r: usize,
    columns: &[Vec<Option<u64>>],
    i: usize,
) -> Result<()> {
    let reach = columns[0][i];
    for (col, of) in [(4u16, 2u16), (5, 3)] {
        let part = columns[usize::from(of) - 1][i];
        let value = match (part, reach) {
            (Some(part), Some(reach)) => Value::of(ratio(part as f64, reach as f64)),
            _ => Value::Blank,
        };
        cells.formula(
            r,
            col,
            &format!("IFERROR({}/{},\"\")", relative(r, of), relative(r, 1)),
            &value,
            &styles.percent,
        )?;
    }
    Ok(())
}

/// Promoters, passives and detractors as values from column `col`, then
/// the responses (their sum) and the NPS as formulas. A month's row (its
/// first day in `month.0`) is kept live by the as-of cell, as the sheet's
/// other monthly rows, and blank when it is after the report's day
/// (`month.1`).
fn tally(
    book: &Book,
    cells: &mut Cells,
    styles: &Styles,
    (r, col): (usize, u16),
    t: Nps,
    month: Option<(&str, bool)>,
) -> Result<()> {
    let blank = month.is_some_and(|(_, future)| future);
    let live = |formula: String| match month {
        Some((month_ref, _)) => totals::shown(book, month_ref, &formula),
        None => formula,
    };
    let value = |n: u64| if blank { Value::Blank } else { Value::count(n) };
    for (c, n) in [
        (col, t.promoters),
        (col + 1, t.passives),
        (col + 2, t.detractors),
    ] {
        match month {
            Some(_) => cells.formula(r, c, &live(n.to_string()), &value(n), &styles.count)?,
            None => cells.number(r, c, n as f64, &styles.count)?,
        }
    }
    let (p, d) = (relative(r, col), relative(r, col + 2));
    let n = relative(r, col + 3);
    cells.formula(
        r,
        col + 3,
        &live(format!("SUM({p}:{d})")),
        &value(t.respondents()),
        &styles.count,
    )?;
    cells.formula(
        r,
        col + 4,
        &format!("IFERROR(({p}-{d})*100/{n},\"\")"),
        &if blank {
            Value::Blank
        } else {
            Value::of(t.score())
        },
        &styles.points,
    )?;
    Ok(())
}

fn tally_headers<'a>(book: &Book, first: [&'a str; 2]) -> Vec<&'a str> {
    let m = book.model;
    let mut headers = first.to_vec();
    headers.extend([
        m.label("Promoters (9–10)", "推奨者(9〜10)"),
        m.label("Passives (7–8)", "中立者(7〜8)"),
        m.label("Detractors (0–6)", "批判者(0〜6)"),
        m.label("Responses", "回答数"),
        m.label("NPS", "NPS値"),
    ]);
    headers
}

/// The NPS of each event of the period that a survey followed.
fn nps_events(book: &Book, cells: &mut Cells, styles: &Styles, top: usize) -> Result<usize> {
    let m = book.model;
    cells.text(
        top,
        0,
        m.label("Alumni NPS by event", "イベント別アルムナイNPS"),
        &styles.label,
    )?;
    let headers = tally_headers(
        book,
        [m.label("Event", "イベント"), m.label("Date", "日付")],
    );
    for (col, header) in headers.iter().enumerate() {
        cells.text(top + 1, col as u16, header, &styles.header)?;
    }
    let first = top + 2;
    for (i, e) in m.reach.nps_events.iter().enumerate() {
        let r = first + i;
        cells.text(r, 0, &e.name, &styles.text)?;
        cells.date(r, 1, e.date, &styles.date)?;
        tally(book, cells, styles, (r, 2), e.tally, None)?;
    }
    if m.reach.nps_events.is_empty() {
        cells.text(
            first,
            0,
            m.label(
                "No surveys after the events of the period",
                "期間内のイベント後のアンケートはありません",
            ),
            &styles.note,
        )?;
        return Ok(first + 1);
    }
    Ok(first + m.reach.nps_events.len())
}

/// The NPS of each month of the period (by the day of the answer), blank
/// after the report's month, and of the whole period.
fn nps_months(book: &Book, cells: &mut Cells, styles: &Styles, top: usize) -> Result<usize> {
    let m = book.model;
    cells.text(
        top,
        0,
        m.label("Alumni NPS by month", "月別アルムナイNPS"),
        &styles.label,
    )?;
    let mut headers = tally_headers(book, [m.label("Month", "月"), ""]);
    headers.remove(1);
    for (col, header) in headers.iter().enumerate() {
        cells.text(top + 1, col as u16, header, &styles.header)?;
    }
    let first = top + 2;
    for (i, month) in m.months.iter().enumerate() {
        let r = first + i;
        cells.month(r, 0, *month, &styles.month)?;
        let key = format!("{:04}-{:02}", month.year(), month.month());
        let figures = m
            .reach
            .nps_months
            .iter()
            .find(|(of, _)| *of == key)
            .map(|(_, t)| *t)
            .unwrap_or_default();
        let month_ref = format!("$A{}", r + 1);
        let future = totals::future(book, *month);
        tally(
            book,
            cells,
            styles,
            (r, 1),
            figures,
            Some((&month_ref, future)),
        )?;
    }
    let total = first + m.months.len();
    cells.text(total, 0, m.label("Period", "期間計"), &styles.label)?;
    tally(book, cells, styles, (total, 1), m.reach.nps, None)?;
    Ok(total + 1)
}
