//! 逆算 / Back-calculation: the stages from the hire up to the first
//! contact, each with the pass rate the user assumes (an input), the count
//! it needs for the hire target (ROUNDUP over the next stage's), the actual
//! count and pass rate, the gap in points, and a flag on the bottleneck;
//! and a funnel chart of actual against required.

use anyhow::Result;
use rust_xlsxwriter::{Chart, ChartType, Worksheet};

use super::cells::{Cells, Styles, Value, absolute, relative};
use super::monthly;
use super::{Book, FUNNEL, charts, ratio};
use crate::report::funnel::round_up;

const HEADER: usize = 3;
const ASSUMED: u16 = 1;
const REQUIRED: u16 = 2;
const ACTUAL: u16 = 3;
const RATE: u16 = 4;
const GAP: u16 = 5;
const FLAG: u16 = 6;

/// What the sheet computes per stage, kept for the cells that refer to
/// the next stage's row.
#[derive(Clone, Default)]
struct Row {
    required: Option<u64>,
    actual: u64,
    rate: Option<f64>,
    gap: Option<f64>,
}

pub fn write(book: &Book, sheet: &mut Worksheet, styles: &Styles) -> Result<()> {
    let m = book.model;
    let mut cells = Cells::new(sheet, book.names[FUNNEL])?;
    cells.print_titles(HEADER, HEADER);
    let note = m.label(
        "Required = ROUNDUP(required of the next stage / pass rate); the assumed rate where given, else the actual one.",
        "必要数 = 次段階の必要数 ÷ 歩留まり率(切り上げ)。想定歩留まり率があればそれを、なければ実績を使う。",
    );
    let title = m.label("Back-calculation from the hire target", "逆算");
    monthly::heading(book, &mut cells, styles, title, Some(note))?;
    let headers = [
        m.label("Stage", "段階"),
        m.label("Assumed pass rate (input)", "想定歩留まり率(入力)"),
        m.label("Required", "必要数"),
        m.label("Actual", "実績"),
        m.label("Actual pass rate", "実績歩留まり率"),
        m.label("Gap (pts)", "差(pt)"),
        m.label("Bottleneck", "ボトルネック"),
    ];
    for (col, header) in headers.iter().enumerate() {
        cells.text(HEADER, col as u16, header, &styles.header)?;
    }
    let Some(last) = m.hire_stage() else {
        return cells.finish();
    };
    let row_of = |stage: usize| HEADER + 1 + (last - stage);
    let span = book.period_span();
    // First the actual counts and rates, which the bottleneck compares.
    let mut rows = vec![Row::default(); last + 1];
    for (stage, row) in rows.iter_mut().enumerate() {
        row.actual = book.count(&book.counts_for(stage, &span)).1;
    }
    for stage in 0..last {
        let next = rows[stage + 1].actual;
        rows[stage].rate = ratio(next as f64, rows[stage].actual as f64);
        let assumed = m.assumed_rates.get(&m.stages[stage].key).copied();
        rows[stage].gap = match (rows[stage].rate, assumed) {
            (Some(actual), Some(assumed)) => Some(round6((actual - assumed) * 100.0)),
            _ => None,
        };
    }
    rows[last].required = monthly::target_total_value(book, last);
    for stage in (0..last).rev() {
        let rate = m
            .assumed_rates
            .get(&m.stages[stage].key)
            .copied()
            .or(rows[stage].rate);
        rows[stage].required = match (rows[stage + 1].required, rate) {
            (Some(next), Some(rate)) if rate != 0.0 => Some(round_up(next as f64 / rate)),
            _ => None,
        };
    }
    let lowest = rows
        .iter()
        .filter_map(|r| r.rate)
        .fold(None, |low: Option<f64>, r| {
            Some(low.map_or(r, |l| l.min(r)))
        });
    let rates = format!(
        "{}:{}",
        absolute(row_of(last), RATE),
        absolute(row_of(0), RATE)
    );
    for stage in (0..=last).rev() {
        let r = row_of(stage);
        let row = &rows[stage];
        let at = |col| relative(r, col);
        cells.text(r, 0, m.stage_label(stage), &styles.label)?;
        let (formula, actual) = book.count(&book.counts_for(stage, &span));
        cells.formula(r, ACTUAL, &formula, &Value::count(actual), &styles.count)?;
        if stage == last {
            let target = monthly::target_total(book, last);
            cells.blank(r, ASSUMED, &styles.text)?;
            cells.formula(
                r,
                REQUIRED,
                &format!("IF(ISNUMBER({target}),{target},\"\")"),
                &row.required.map_or(Value::Blank, Value::count),
                &styles.count,
            )?;
            for col in [RATE, GAP, FLAG] {
                cells.blank(r, col, &styles.text)?;
            }
            continue;
        }
        let assumed = m.assumed_rates.get(&m.stages[stage].key).copied();
        cells.optional(r, ASSUMED, assumed, &styles.input_percent)?;
        let next = row_of(stage + 1);
        cells.formula(
            r,
            REQUIRED,
            &format!(
                "IFERROR(ROUNDUP(ROUND({}/IF(ISNUMBER({}),{},{}),9),0),\"\")",
                relative(next, REQUIRED),
                at(ASSUMED),
                at(ASSUMED),
                at(RATE)
            ),
            &row.required.map_or(Value::Blank, Value::count),
            &styles.count,
        )?;
        cells.formula(
            r,
            RATE,
            &format!("IFERROR({}/{},\"\")", relative(next, ACTUAL), at(ACTUAL)),
            &Value::of(row.rate),
            &styles.percent,
        )?;
        cells.formula(
            r,
            GAP,
            &format!(
                "IF(AND(ISNUMBER({a}),ISNUMBER({b})),ROUND(({b}-{a})*100,6),\"\")",
                a = at(ASSUMED),
                b = at(RATE)
            ),
            &Value::of(row.gap),
            &styles.points,
        )?;
        let flagged = match row.gap {
            Some(gap) => gap < 0.0,
            None => row.rate.is_some() && row.rate == lowest,
        };
        cells.formula(
            r,
            FLAG,
            &format!(
                "IF(ISNUMBER({g}),IF({g}<0,\"◀\",\"\"),IF(AND(ISNUMBER({e}),{e}=MIN({rates})),\"◀\",\"\"))",
                g = at(GAP),
                e = at(RATE)
            ),
            &if flagged {
                Value::Text("◀".into())
            } else {
                Value::Blank
            },
            &styles.text,
        )?;
    }
    let name = book.names[FUNNEL];
    let (top, bottom) = (row_of(last) as u32, row_of(0) as u32);
    let mut chart = Chart::new(ChartType::Bar);
    chart
        .add_series()
        .set_name(m.label("Actual", "実績"))
        .set_categories((name, top, 0, bottom, 0))
        .set_values((name, top, ACTUAL, bottom, ACTUAL));
    chart
        .add_series()
        .set_name(m.label("Required", "必要数"))
        .set_categories((name, top, 0, bottom, 0))
        .set_values((name, top, REQUIRED, bottom, REQUIRED));
    // A bar chart's y axis is its categories, upright, and its x axis the
    // counts.
    chart.y_axis().set_name(m.label("Stage", "段階"));
    let largest = charts::largest(
        rows.iter()
            .flat_map(|r| [Some(r.actual), r.required])
            .flatten(),
    );
    charts::count_axis(chart.x_axis(), m.label("Applications", "応募数"), largest);
    charts::finish(
        &mut chart,
        m.label("Funnel: actual and required", "ファネル: 実績と必要数"),
    );
    chart.set_width(640).set_height(360);
    cells.chart(bottom + 2, 0, &chart, 640)?;
    cells.sheet.set_freeze_panes(HEADER as u32 + 1, 1)?;
    cells.finish()
}

/// Rounded to six decimals, as the gap's ROUND(…, 6) does.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
