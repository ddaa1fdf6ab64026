//! チャネル別 / By channel: per source (rehire, referral, event, …) the
//! count at each stage, the conversion from the first stage to the hire,
//! spend (an input), cost per application and per hire, and the share of
//! hires; a total row below.

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::cells::{Cells, Styles, Value, relative};
use super::criteria::{self, Criterion};
use super::model::Field;
use super::{Book, CHANNELS, ratio};

const HEADER: usize = 3;

/// The cell of the total spend, which the alumni sheet's cost per hire reads.
pub fn total_spend(book: &Book) -> String {
    let columns = book.model.stages.len() as u16 + 2;
    let row = HEADER + 1 + book.model.channels().len();
    format!(
        "{}{}",
        book.sheet(CHANNELS),
        super::cells::absolute(row, columns)
    )
}

pub fn write(book: &Book, sheet: &mut Worksheet, styles: &Styles) -> Result<()> {
    let m = book.model;
    let mut cells = Cells::new(sheet, book.names[CHANNELS])?;
    cells.print_titles(HEADER, HEADER);
    super::monthly::heading(
        book,
        &mut cells,
        styles,
        m.label("By channel", "チャネル別"),
        None,
    )?;
    let n = m.stages.len() as u16;
    let (conversion, spend, per_application, per_hire, share) = (n + 1, n + 2, n + 3, n + 4, n + 5);
    cells.text(HEADER, 0, m.label("Channel", "チャネル"), &styles.header)?;
    for stage in 0..m.stages.len() {
        cells.text(
            HEADER,
            1 + stage as u16,
            m.stage_label(stage),
            &styles.header,
        )?;
    }
    let headers = [
        m.label("Conversion to hire", "入社までの通過率"),
        m.label("Spend (input)", "費用(入力)"),
        m.label("Cost per application", "応募単価"),
        m.label("Cost per hire", "採用単価"),
        m.label("Share of hires", "入社構成比"),
    ];
    for (i, header) in headers.iter().enumerate() {
        cells.text(HEADER, conversion + i as u16, header, &styles.header)?;
    }
    let span = book.period_span();
    let channels = m.channels();
    let total_row = HEADER + 1 + channels.len();
    let hires_col = n; // the hire stage's column
    let total_hires = m
        .hire_stage()
        .map_or(0, |hire| book.count(&book.counts_for(hire, &span)).1);
    let mut rows: Vec<(String, Option<String>)> = channels
        .iter()
        .map(|c| (c.clone(), Some(c.clone())))
        .collect();
    rows.push((m.label("Total", "合計").to_string(), None));
    for (i, (shown, channel)) in rows.iter().enumerate() {
        let r = HEADER + 1 + i;
        let total = channel.is_none();
        let (count_style, yen_style, percent_style) = if total {
            (
                &styles.total_count,
                &styles.total_yen,
                &styles.total_percent,
            )
        } else {
            (&styles.count, &styles.yen, &styles.percent)
        };
        cells.text(r, 0, shown, &styles.label)?;
        let only = |mut when: Vec<Criterion>| {
            if let Some(channel) = channel {
                when.push(criteria::is(Field::Channel, channel));
            }
            when
        };
        let mut counts = Vec::new();
        for stage in 0..m.stages.len() {
            let (formula, value) = book.count(&only(book.counts_for(stage, &span)));
            cells.formula(
                r,
                1 + stage as u16,
                &formula,
                &Value::count(value),
                count_style,
            )?;
            counts.push(value);
        }
        let (first, hires) = (
            counts.first().copied().unwrap_or(0),
            counts.last().copied().unwrap_or(0),
        );
        cells.formula(
            r,
            conversion,
            &format!(
                "IFERROR({}/{},\"\")",
                relative(r, hires_col),
                relative(r, 1)
            ),
            &Value::of(ratio(hires as f64, first as f64)),
            percent_style,
        )?;
        let amount = match channel {
            Some(channel) => {
                let amount = m
                    .spend
                    .iter()
                    .find(|(c, _)| c == channel)
                    .map(|(_, a)| *a as f64);
                cells.optional(r, spend, amount, &styles.input_yen)?;
                // An empty cell counts as 0 in a spreadsheet's arithmetic.
                amount.unwrap_or(0.0)
            }
            None => {
                let total: i64 = m.spend.iter().map(|(_, a)| a).sum();
                let column = format!(
                    "{}:{}",
                    relative(HEADER + 1, spend),
                    relative(total_row - 1, spend)
                );
                let formula = if channels.is_empty() {
                    "0".to_string()
                } else {
                    format!("SUM({column})")
                };
                cells.formula(r, spend, &formula, &Value::Number(total as f64), yen_style)?;
                total as f64
            }
        };
        let (formula, opened) = book.count(&only(criteria::between(Field::Opened, &span).to_vec()));
        cells.formula(
            r,
            per_application,
            &format!("IFERROR({}/{formula},\"\")", relative(r, spend)),
            &Value::of(ratio(amount, opened as f64)),
            yen_style,
        )?;
        cells.formula(
            r,
            per_hire,
            &format!(
                "IFERROR({}/{},\"\")",
                relative(r, spend),
                relative(r, hires_col)
            ),
            &Value::of(ratio(amount, hires as f64)),
            yen_style,
        )?;
        cells.formula(
            r,
            share,
            &format!(
                "IFERROR({}/{},\"\")",
                relative(r, hires_col),
                relative(total_row, hires_col)
            ),
            &Value::of(ratio(hires as f64, total_hires as f64)),
            percent_style,
        )?;
    }
    cells.sheet.set_freeze_panes(HEADER as u32 + 1, 1)?;
    cells.finish()
}
