//! データ / Data: one row per application of the period, with the day it
//! first reached each stage (or passed it), its source, kind, department,
//! referrer and outcome, as a filterable table. Every summary formula of
//! the workbook counts these rows. Names are shown, or pseudonyms with
//! --pseudonymize; nothing else personal is written. It prints only its
//! first columns, the ones a reader follows an application by.

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::cells::{Cells, Styles};
use super::{Book, DATA, DATA_COLUMNS};

/// The columns printed: application, kind, name, referrer, department,
/// job title, channel, opened, stage now, outcome.
pub const PRINTED_COLUMNS: u16 = 10;

pub fn write(book: &Book, sheet: &mut Worksheet, styles: &Styles) -> Result<()> {
    let m = book.model;
    let mut cells = Cells::new(sheet, book.names[DATA])?;
    cells.print_titles(0, 0);
    let headers: [&str; DATA_COLUMNS] = [
        m.label("Application", "応募ID"),
        m.label("Kind", "種別"),
        m.label("Name", "氏名"),
        m.label("Referred by", "紹介者"),
        m.label("Department", "部署"),
        m.label("Job title", "職種"),
        m.label("Channel", "チャネル"),
        m.label("Opened", "開始日"),
        m.label("Stage now", "現在の段階"),
        m.label("Outcome", "結果"),
        m.label("Closed", "終了日"),
        m.label("Left the company", "退職日"),
        m.label("Cost", "費用"),
    ];
    for (col, header) in headers.iter().enumerate() {
        cells.text(0, col as u16, header, &styles.header)?;
    }
    for stage in 0..m.stages.len() {
        let col = (DATA_COLUMNS + stage) as u16;
        cells.text(0, col, m.stage_label(stage), &styles.header)?;
    }
    // Plain cells: a table of this size reads better without borders, and
    // is written faster without a format per cell.
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy/mm/dd");
    let yen = rust_xlsxwriter::Format::new().set_num_format("¥#,##0");
    for (i, row) in m.rows.iter().enumerate() {
        let r = i + 1;
        cells.plain_number(r, 0, row.id as f64)?;
        cells.plain_text(r, 1, &row.kind)?;
        cells.plain_text(r, 2, &row.name)?;
        let texts = [
            (3, row.referrer.as_deref()),
            (4, row.department.as_deref()),
            (5, row.position.as_deref()),
            (6, Some(row.channel.as_str())),
        ];
        for (col, text) in texts {
            if let Some(text) = text {
                cells.plain_text(r, col, text)?;
            }
        }
        cells.date(r, 7, row.opened, &date)?;
        if let Some(stage) = row.stage.as_deref().and_then(|k| m.stage_index(k)) {
            cells.plain_text(r, 8, m.stage_label(stage))?;
        }
        if let Some(outcome) = &row.outcome {
            cells.plain_text(r, 9, outcome)?;
        }
        if let Some(day) = row.closed {
            cells.date(r, 10, day, &date)?;
        }
        if let Some(day) = row.left {
            cells.date(r, 11, day, &date)?;
        }
        if row.cost != 0 {
            cells.number(r, 12, row.cost as f64, &yen)?;
        }
        for (stage, day) in row.reached.iter().enumerate() {
            if let Some(day) = day {
                cells.date(r, (DATA_COLUMNS + stage) as u16, *day, &date)?;
            }
        }
    }
    let last_col = (DATA_COLUMNS + m.stages.len()).saturating_sub(1) as u16;
    cells
        .sheet
        .autofilter(0, 0, m.rows.len().max(1) as u32, last_col)?;
    cells.sheet.set_freeze_panes(1, 3)?;
    // On paper, the columns a reader follows an application by, up to its
    // outcome; the stage dates, closing day and cost stay on screen.
    cells.print_area(PRINTED_COLUMNS - 1, m.rows.len().max(1));
    cells.finish()
}
