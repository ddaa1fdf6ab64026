//! アルムナイ指標 / Alumni metrics: the roster (on it, opted in, may be
//! contacted, engaged in the last twelve months), events, applications and
//! hires, the rates docs/DATA-MODEL.md defines (engagement, attendance, comeback
//! conversion, offer acceptance, decline, cost per hire), the medians of
//! days to rejoin and of months from leaving to rejoining; then a month by
//! month table, blank after the report's month, with its total and chart;
//! below it the campaign reach and NPS tables (`reach`).
//!
//! Counts of alumni and events are values taken from the database (the data
//! sheet holds applications only); everything counted from applications is
//! a formula over the data sheet.

use anyhow::Result;
use rust_xlsxwriter::{Chart, ChartType, Worksheet};

use super::cells::{Cells, Styles, Value, relative};
use super::criteria::{self, Criterion, Ranges, Span};
use super::model::{DataRow, Field};
use super::{ALUMNI, Book, PLAN, channels, charts, ratio, reach, totals};
use crate::domain::{Kind as ApplicationKind, Outcome};
use crate::report::funnel;
use crate::report::kpi::months_between;

const FIRST: usize = 3;
const VALUE: u16 = 1;

enum Cell {
    Count(u64),
    Formula(String, Value, Kind),
    Array(String, Value, Kind),
}

#[derive(Clone, Copy)]
enum Kind {
    Count,
    Percent,
    Days,
    Yen,
}

pub fn write(book: &Book, sheet: &mut Worksheet, styles: &Styles) -> Result<()> {
    let m = book.model;
    let mut cells = Cells::new(sheet, book.names[ALUMNI])?;
    cells.print_titles(0, 1);
    super::monthly::heading(
        book,
        &mut cells,
        styles,
        m.label("Alumni metrics", "アルムナイ指標"),
        None,
    )?;
    let span = book.period_span();
    let at = |i: usize| relative(FIRST + i, VALUE);
    let rate = |part: usize, whole: usize, a: u64, b: u64| {
        Cell::Formula(
            format!("IFERROR({}/{},\"\")", at(part), at(whole)),
            Value::of(ratio(a as f64, b as f64)),
            Kind::Percent,
        )
    };
    let counted = |when: &[Criterion]| {
        let (formula, value) = book.count(when);
        (
            Cell::Formula(formula, Value::count(value), Kind::Count),
            value,
        )
    };
    let (contactable, engaged) = m.engagement;
    let (invited, attended) = m.attendance;
    let mut items: Vec<(&str, Cell)> = vec![
        (
            m.label("Alumni on the roster", "名簿のアルムナイ"),
            Cell::Count(m.roster),
        ),
        (m.label("Opted in", "オプトイン"), Cell::Count(m.opted_in)),
        (
            m.label(
                "May be contacted (not opted out)",
                "連絡可能(オプトアウト以外)",
            ),
            Cell::Count(contactable),
        ),
        (
            m.label(
                "Contacted or attended, last 12 months",
                "直近12か月に接点あり",
            ),
            Cell::Count(engaged),
        ),
        (
            m.label("Engagement rate", "エンゲージメント率"),
            rate(3, 2, engaged, contactable),
        ),
        (
            m.label("Invited to events", "イベント招待"),
            Cell::Count(invited),
        ),
        (
            m.label("Attended events", "イベント参加"),
            Cell::Count(attended),
        ),
        (
            m.label("Event attendance rate", "イベント参加率"),
            rate(6, 5, attended, invited),
        ),
    ];
    let (cell, _) = counted(&criteria::between(Field::Opened, &span));
    items.push((m.label("Applications opened", "応募(期間内に開始)"), cell));
    let Some(hire) = m.hire_stage() else {
        let below = FIRST + items.len() + 2;
        return finish(book, cells, styles, items, below);
    };
    let hired = book.counts_for(hire, &span);
    let (cell, hires) = counted(&hired);
    items.push((m.label("Hires (rejoined)", "入社"), cell));
    let hires_at = items.len() - 1;
    for (kind, en, ja) in [
        (
            ApplicationKind::Rehire,
            "  of which rehires",
            "  うち出戻り",
        ),
        (
            ApplicationKind::Referral,
            "  of which referrals",
            "  うちリファラル",
        ),
    ] {
        let mut when = hired.clone();
        when.push(criteria::is(Field::Kind, &m.kind_label(Some(kind))));
        items.push((m.label(en, ja), counted(&when).0));
    }
    // Comeback conversion: rehires opened in the period that reached the hire.
    let mut opened: Vec<Criterion> = criteria::between(Field::Opened, &span).to_vec();
    opened.push(criteria::is(
        Field::Kind,
        &m.kind_label(Some(ApplicationKind::Rehire)),
    ));
    let (all, all_n) = book.count(&opened);
    let mut converted = opened.clone();
    converted.push(criteria::filled(Field::Reached(hire)));
    let (done, done_n) = book.count(&converted);
    items.push((
        m.label("Comeback conversion", "カムバック転換率"),
        Cell::Formula(
            format!("IFERROR({done}/{all},\"\")"),
            Value::of(ratio(done_n as f64, all_n as f64)),
            Kind::Percent,
        ),
    ));
    if let (Some(offer), Some(accepted)) = (m.stage_index("offer"), m.stage_index("accepted")) {
        let (offers, offers_n) = book.count(&book.counts_for(offer, &span));
        let (yes, yes_n) = book.count(&book.counts_for(accepted, &span));
        items.push((
            m.label("Offer acceptance rate", "内定承諾率"),
            Cell::Formula(
                format!("IFERROR({yes}/{offers},\"\")"),
                Value::of(ratio(yes_n as f64, offers_n as f64)),
                Kind::Percent,
            ),
        ));
        let mut declined = book.counts_for(offer, &span);
        declined.push(criteria::is(
            Field::Outcome,
            &m.outcome_label(Outcome::Declined),
        ));
        let (no, no_n) = book.count(&declined);
        items.push((
            m.label("Decline rate", "辞退率"),
            Cell::Formula(
                format!("IFERROR({no}/{offers},\"\")"),
                Value::of(ratio(no_n as f64, offers_n as f64)),
                Kind::Percent,
            ),
        ));
    }
    let rows: Vec<&DataRow> = criteria::matching(&m.rows, &hired).collect();
    let reached = book.range(Field::Reached(hire));
    let opened_range = book.range(Field::Opened);
    let days: Vec<i64> = rows
        .iter()
        .filter_map(|r| Some(funnel::days(r.opened, r.reached[hire]?)))
        .collect();
    items.push((
        m.label("Median days to rejoin", "入社までの日数(中央値)"),
        Cell::Array(
            format!(
                "IFERROR(MEDIAN(IF({},{reached}-{opened_range})),\"\")",
                criteria::array_conditions(book, &hired)
            ),
            Value::of(funnel::median(days)),
            Kind::Days,
        ),
    ));
    let mut left = hired.clone();
    left.push(criteria::filled(Field::Left));
    let months: Vec<i64> = rows
        .iter()
        .filter_map(|r| Some(months_between(r.left?, r.reached[hire]?)))
        .collect();
    let l = book.range(Field::Left);
    items.push((
        m.label("Median months from leaving to rejoining", "退職から再入社までの月数(中央値)"),
        Cell::Array(
            format!(
                "IFERROR(MEDIAN(IF({},(YEAR({reached})-YEAR({l}))*12+MONTH({reached})-MONTH({l})-(DAY({reached})<DAY({l})))),\"\")",
                criteria::array_conditions(book, &left)
            ),
            Value::of(funnel::median(months)),
            Kind::Days,
        ),
    ));
    let spend: i64 = m.spend.iter().map(|(_, a)| a).sum();
    items.push((
        m.label("Cost per hire", "採用単価"),
        Cell::Formula(
            format!(
                "IFERROR({}/{},\"\")",
                channels::total_spend(book),
                at(hires_at)
            ),
            Value::of(ratio(spend as f64, hires as f64)),
            Kind::Yen,
        ),
    ));
    items.push((
        m.label("Alumni share of all hires", "全採用に占めるアルムナイ比率"),
        Cell::Formula(
            format!("IFERROR({}/{}$C$8,\"\")", at(hires_at), book.sheet(PLAN)),
            Value::of(m.all_hires.and_then(|all| ratio(hires as f64, all as f64))),
            Kind::Percent,
        ),
    ));
    let below = FIRST + items.len() + 2;
    finish_items(&mut cells, styles, &items)?;
    let after = monthly_table(book, &mut cells, styles, below, hire)?;
    reach::write(book, &mut cells, styles, after)?;
    cells.finish()
}

fn finish(
    book: &Book,
    mut cells: Cells,
    styles: &Styles,
    items: Vec<(&str, Cell)>,
    below: usize,
) -> Result<()> {
    finish_items(&mut cells, styles, &items)?;
    reach::write(book, &mut cells, styles, below)?;
    cells.finish()
}

fn finish_items(cells: &mut Cells, styles: &Styles, items: &[(&str, Cell)]) -> Result<()> {
    for (i, (label, cell)) in items.iter().enumerate() {
        let r = FIRST + i;
        cells.text(r, 0, label, &styles.label)?;
        let style = |kind: &Kind| match kind {
            Kind::Count => &styles.count,
            Kind::Percent => &styles.percent,
            Kind::Days => &styles.days,
            Kind::Yen => &styles.yen,
        };
        match cell {
            Cell::Count(n) => cells.number(r, VALUE, *n as f64, &styles.count)?,
            Cell::Formula(f, v, k) => cells.formula(r, VALUE, f, v, style(k))?,
            Cell::Array(f, v, k) => cells.array(r, VALUE, f, v, style(k))?,
        }
    }
    Ok(())
}

/// Per month: alumni contacted, alumni at events (values, kept live by the
/// as-of cell), applications opened and hires (formulas), blank after the
/// report's month; their total; and below, a chart of the four. Gives the
/// first row free below the chart.
fn monthly_table(
    book: &Book,
    cells: &mut Cells,
    styles: &Styles,
    top: usize,
    hire: usize,
) -> Result<usize> {
    let m = book.model;
    let headers = [
        m.label("Month", "月"),
        m.label("Alumni contacted", "接触したアルムナイ"),
        m.label("Alumni at events", "イベント参加者"),
        m.label("Applications opened", "応募(開始)"),
        m.label("Hires", "入社"),
    ];
    for (col, header) in headers.iter().enumerate() {
        cells.text(top, col as u16, header, &styles.header)?;
    }
    let mut columns = vec![Vec::new(); 4];
    for (i, month) in m.months.iter().enumerate() {
        let r = top + 1 + i;
        cells.month(r, 0, *month, &styles.month)?;
        let key = format!("{:04}-{:02}", month.year(), month.month());
        let (contacted, at_events) = m.monthly_alumni.get(&key).copied().unwrap_or_default();
        let first = format!("$A{}", r + 1);
        let span = Span {
            from: *month,
            to: month.last_of_month(),
            from_ref: first.clone(),
            to_ref: format!("EOMONTH({first},0)"),
        };
        let opened = book.count(&criteria::between(Field::Opened, &span));
        let hires = book.count(&book.counts_for(hire, &span));
        let future = totals::future(book, *month);
        let values = [
            (contacted.to_string(), contacted),
            (at_events.to_string(), at_events),
            opened,
            hires,
        ];
        for (j, (formula, value)) in values.into_iter().enumerate() {
            let value = (!future).then_some(value);
            cells.formula(
                r,
                1 + j as u16,
                &totals::shown(book, &first, &formula),
                &value.map_or(Value::Blank, Value::count),
                &styles.count,
            )?;
            columns[j].push(value);
        }
    }
    if m.months.is_empty() {
        return Ok(top + 2);
    }
    let (first, last) = (top + 1, top + m.months.len());
    let total = last + 1;
    cells.text(total, 0, m.label("Total", "合計"), &styles.label)?;
    for (j, values) in columns.iter().enumerate() {
        let col = 1 + j as u16;
        cells.formula(
            total,
            col,
            &totals::sum((first, col), (last, col)),
            &totals::sum_value(values.iter().copied()),
            &styles.total_count,
        )?;
    }
    let name = book.names[ALUMNI];
    let shown = columns[0].iter().filter(|v| v.is_some()).count().max(1);
    let (first, last, shown) = (first as u32, last as u32, (first + shown - 1) as u32);
    let mut chart = Chart::new(ChartType::Line);
    for col in 1..=4u16 {
        chart
            .add_series()
            .set_name((name, top as u32, col))
            .set_categories((name, first, 0, last, 0))
            .set_values((name, first, col, shown, col));
    }
    chart
        .x_axis()
        .set_name(m.label("Month", "月"))
        .set_num_format("yyyy/mm");
    let largest = charts::largest(columns.iter().flatten().flatten().copied());
    charts::count_axis(chart.y_axis(), m.label("People", "人数"), largest);
    charts::finish(&mut chart, m.label("Month by month", "月次推移"));
    chart.set_width(720).set_height(CHART_HEIGHT);
    // The month by month table and its chart start a printed page, so
    // that no page break cuts through the chart whatever scale the
    // campaign tables below leave the sheet at.
    cells.sheet.set_page_breaks(&[top as u32])?;
    cells.chart(total as u32 + 2, 0, &chart, 720)?;
    // The rows the chart covers (20 pixels each), and one more.
    Ok(total + 2 + CHART_HEIGHT as usize / 20 + 2)
}

/// The height of the month by month chart, in pixels.
const CHART_HEIGHT: u32 = 320;
