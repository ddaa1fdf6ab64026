//! チャネル別 / By channel: per source (rehire, referral, event, …) the
//! count at each stage, the conversion from the first stage to the hire,
//! the money of the channel where it was recorded (spend entered, an
//! input; event costs; application costs, summed from the data sheet) and
//! their total, cost per application and per hire, and the share of hires.
//! The total row below adds exactly the rows above it, column by column.

use anyhow::Result;
use rust_xlsxwriter::{Format, Worksheet};

use super::cells::{Cells, Styles, Value, absolute, relative};
use super::criteria::{self, Criterion};
use super::model::{Field, Model, fold};
use super::{Book, CHANNELS, ratio};
use crate::db::report::Spend;

const HEADER: usize = 3;

/// One row of the sheet: a channel as shown and the money recorded for it.
struct Channel {
    label: String,
    spend: Spend,
}

/// The channels of the period, one row each. Labels that a formula's
/// comparison cannot tell apart (`SNS` and `sns`: COUNTIFS ignores case)
/// are one row, so that no application is counted on two rows and the
/// total stays the sum of the rows.
fn channels(m: &Model) -> Vec<Channel> {
    let mut rows: Vec<Channel> = Vec::new();
    for label in m.channels() {
        if !rows.iter().any(|r| fold(&r.label) == fold(&label)) {
            rows.push(Channel {
                label,
                spend: Spend::default(),
            });
        }
    }
    for (label, spend) in &m.spend_parts {
        if let Some(row) = rows.iter_mut().find(|r| fold(&r.label) == fold(label)) {
            row.spend = row.spend.plus(*spend);
        }
    }
    rows
}

/// The columns after the stages' counts (`n` stages in columns 1..=n).
struct Columns {
    conversion: u16,
    entered: u16,
    events: u16,
    applications: u16,
    spend: u16,
    per_application: u16,
    per_hire: u16,
    share: u16,
}

impl Columns {
    fn of(book: &Book) -> Columns {
        let n = book.model.stages.len() as u16;
        Columns {
            conversion: n + 1,
            entered: n + 2,
            events: n + 3,
            applications: n + 4,
            spend: n + 5,
            per_application: n + 6,
            per_hire: n + 7,
            share: n + 8,
        }
    }
}

/// The cell of the total spend, which the alumni sheet's cost per hire reads.
pub fn total_spend(book: &Book) -> String {
    let row = HEADER + 1 + channels(book.model).len();
    format!(
        "{}{}",
        book.sheet(CHANNELS),
        absolute(row, Columns::of(book).spend)
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
    let columns = Columns::of(book);
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
        m.label("Spend entered (input)", "費用(入力)"),
        m.label("Event costs", "イベント費用"),
        m.label("Application costs", "応募ごとの費用"),
        m.label("Total spend", "費用合計"),
        m.label("Cost per application", "応募単価"),
        m.label("Cost per hire", "採用単価"),
        m.label("Share of hires", "入社構成比"),
    ];
    for (i, header) in headers.iter().enumerate() {
        cells.text(
            HEADER,
            columns.conversion + i as u16,
            header,
            &styles.header,
        )?;
    }
    let channels = channels(m);
    let first_row = HEADER + 1;
    let total_row = first_row + channels.len();
    for (i, channel) in channels.iter().enumerate() {
        channel_row(book, &mut cells, styles, &columns, first_row + i, channel)?;
    }
    total(book, &mut cells, styles, &columns, &channels, total_row)?;
    // Above the table, below the heading: where each cost comes from.
    cells.wide_text(
        HEADER - 1,
        0,
        m.label(
            "Each cost is counted once, where it was recorded: spend entered with `spend add`, \
             event costs with `event add --cost`, application costs with `pipeline add --cost` \
             (the data sheet's cost column).",
            "費用は記録した場所で一度だけ数えます: 費用(入力)は spend add、イベント費用は \
             event add --cost、応募ごとの費用は pipeline add --cost(データシートの費用列)です。",
        ),
        &styles.note,
    )?;
    cells.sheet.set_freeze_panes(HEADER as u32 + 1, 1)?;
    cells.finish()
}

/// One channel's row: its counts, its money and the ratios of both.
fn channel_row(
    book: &Book,
    cells: &mut Cells,
    styles: &Styles,
    columns: &Columns,
    r: usize,
    channel: &Channel,
) -> Result<()> {
    let m = book.model;
    let span = book.period_span();
    cells.text(r, 0, &channel.label, &styles.label)?;
    let only = |mut when: Vec<Criterion>| {
        when.push(criteria::is(Field::Channel, &channel.label));
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
            &styles.count,
        )?;
        counts.push(value);
    }
    let opened = only(criteria::between(Field::Opened, &span).to_vec());
    let (applications_formula, applications) = criteria::sum_costs(book, m.rows.iter(), &opened);
    let entered = (channel.spend.entered != 0).then_some(channel.spend.entered as f64);
    cells.optional(r, columns.entered, entered, &styles.input_yen)?;
    let events = (channel.spend.events != 0).then_some(channel.spend.events as f64);
    cells.optional(r, columns.events, events, &styles.yen)?;
    cells.formula(
        r,
        columns.applications,
        &applications_formula,
        &Value::Number(applications as f64),
        &styles.yen,
    )?;
    // An empty cell counts as 0 in a spreadsheet's arithmetic.
    let spend = channel.spend.entered + channel.spend.events + applications;
    let figures = Figures {
        first: counts.first().copied().unwrap_or(0),
        hires: counts.last().copied().unwrap_or(0),
        spend,
        opened: book.count(&opened),
        total_hires: total_hires(book),
    };
    ratios(
        book,
        cells,
        columns,
        r,
        &figures,
        RowFormats::channel(styles),
    )
}

/// The hires of the period through every channel.
fn total_hires(book: &Book) -> u64 {
    let span = book.period_span();
    book.model
        .hire_stage()
        .map_or(0, |hire| book.count(&book.counts_for(hire, &span)).1)
}

/// What a row's ratios are worked out from.
struct Figures {
    first: u64,
    hires: u64,
    spend: i64,
    /// The applications opened in the period: formula and value.
    opened: (String, u64),
    total_hires: u64,
}

/// The formats of a row: a channel's or the total's.
struct RowFormats<'a> {
    count: &'a Format,
    yen: &'a Format,
    percent: &'a Format,
}

impl RowFormats<'_> {
    fn channel(styles: &Styles) -> RowFormats<'_> {
        RowFormats {
            count: &styles.count,
            yen: &styles.yen,
            percent: &styles.percent,
        }
    }

    fn total(styles: &Styles) -> RowFormats<'_> {
        RowFormats {
            count: &styles.total_count,
            yen: &styles.total_yen,
            percent: &styles.total_percent,
        }
    }
}

/// The total spend of a row (the three parts added), its conversion, cost
/// per application and per hire, and share of hires.
fn ratios(
    book: &Book,
    cells: &mut Cells,
    columns: &Columns,
    r: usize,
    f: &Figures,
    style: RowFormats,
) -> Result<()> {
    let hires_col = book.model.stages.len() as u16;
    let total_row = HEADER + 1 + channels(book.model).len();
    let at = |col: u16| relative(r, col);
    let spend_formula = format!(
        "{}+{}+{}",
        at(columns.entered),
        at(columns.events),
        at(columns.applications)
    );
    let is_total = r == total_row;
    let spend_formula = if is_total {
        sum_above(columns.spend, total_row)
    } else {
        spend_formula
    };
    cells.formula(
        r,
        columns.spend,
        &spend_formula,
        &Value::Number(f.spend as f64),
        style.yen,
    )?;
    cells.formula(
        r,
        columns.conversion,
        &format!("IFERROR({}/{},\"\")", at(hires_col), at(1)),
        &Value::of(ratio(f.hires as f64, f.first as f64)),
        style.percent,
    )?;
    cells.formula(
        r,
        columns.per_application,
        &format!("IFERROR({}/{},\"\")", at(columns.spend), f.opened.0),
        &Value::of(ratio(f.spend as f64, f.opened.1 as f64)),
        style.yen,
    )?;
    cells.formula(
        r,
        columns.per_hire,
        &format!("IFERROR({}/{},\"\")", at(columns.spend), at(hires_col)),
        &Value::of(ratio(f.spend as f64, f.hires as f64)),
        style.yen,
    )?;
    cells.formula(
        r,
        columns.share,
        &format!(
            "IFERROR({}/{},\"\")",
            at(hires_col),
            relative(total_row, hires_col)
        ),
        &Value::of(ratio(f.hires as f64, f.total_hires as f64)),
        style.percent,
    )?;
    Ok(())
}

/// `SUM` of the channel rows of a column, above the total row (`0` when
/// there are none).
fn sum_above(col: u16, total_row: usize) -> String {
    let first = HEADER + 1;
    if total_row == first {
        "0".to_string()
    } else {
        format!(
            "SUM({}:{})",
            relative(first, col),
            relative(total_row - 1, col)
        )
    }
}

/// The total row: every count and amount the SUM of the rows above it, and
/// the ratios of those sums.
fn total(
    book: &Book,
    cells: &mut Cells,
    styles: &Styles,
    columns: &Columns,
    channels: &[Channel],
    r: usize,
) -> Result<()> {
    let m = book.model;
    let span = book.period_span();
    let style = RowFormats::total(styles);
    cells.text(r, 0, m.label("Total", "合計"), &styles.label)?;
    let mut counts = Vec::new();
    for stage in 0..m.stages.len() {
        let value: u64 = channels
            .iter()
            .map(|c| {
                let mut when = book.counts_for(stage, &span);
                when.push(criteria::is(Field::Channel, &c.label));
                book.count(&when).1
            })
            .sum();
        let col = 1 + stage as u16;
        cells.formula(
            r,
            col,
            &sum_above(col, r),
            &Value::count(value),
            style.count,
        )?;
        counts.push(value);
    }
    let entered: i64 = channels.iter().map(|c| c.spend.entered).sum();
    let events: i64 = channels.iter().map(|c| c.spend.events).sum();
    let applications: i64 = channels
        .iter()
        .map(|c| {
            let mut when = criteria::between(Field::Opened, &span).to_vec();
            when.push(criteria::is(Field::Channel, &c.label));
            criteria::sum_costs(book, m.rows.iter(), &when).1
        })
        .sum();
    for (col, value) in [
        (columns.entered, entered),
        (columns.events, events),
        (columns.applications, applications),
    ] {
        cells.formula(
            r,
            col,
            &sum_above(col, r),
            &Value::Number(value as f64),
            style.yen,
        )?;
    }
    let opened = book.count(&criteria::between(Field::Opened, &span));
    let figures = Figures {
        first: counts.first().copied().unwrap_or(0),
        hires: counts.last().copied().unwrap_or(0),
        spend: entered + events + applications,
        opened,
        total_hires: total_hires(book),
    };
    ratios(book, cells, columns, r, &figures, style)
}
