//! 採用計画 / Plan: the purpose, period, owner and budget of the plan, the
//! company's hires through every channel (an input, for the alumni share),
//! and one row per department and kind with its hire target (an input),
//! the hires counted from the data sheet, and achievement.

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::cells::{Cells, Styles, Value, relative};
use super::criteria::{self, Criterion};
use super::model::Field;
use super::monthly;
use super::{Book, PLAN, ratio};
use crate::domain::Kind;

/// The rows of the heading block (0-based); the period's two cells are
/// what every other sheet's formulas read ($C$4 and $C$5).
const PURPOSE: usize = 2;
const FROM: usize = 3;
const TO: usize = 4;
const OWNER: usize = 5;
const BUDGET: usize = 6;
const ALL_HIRES: usize = 7;
const ALUMNI_HIRES: usize = 8;
const SHARE: usize = 9;
const COUNTING: usize = 10;
const TABLE: usize = 12;
const VALUE: u16 = 2;

pub fn write(book: &Book, sheet: &mut Worksheet, styles: &Styles) -> Result<()> {
    let m = book.model;
    let mut cells = Cells::new(sheet, book.names[PLAN])?;
    cells.print_titles(TABLE, TABLE);
    cells.wide_text(
        0,
        0,
        &format!(
            "{} {}",
            m.label("Alumni hiring plan", "アルムナイ採用計画"),
            monthly::fy_title(book)
        ),
        &styles.title,
    )?;
    let label = |cells: &mut Cells, row, en, ja| cells.text(row, 0, m.label(en, ja), &styles.label);
    label(&mut cells, PURPOSE, "Purpose", "採用の目的")?;
    cells.wide_text(PURPOSE, VALUE, "", &styles.input_text)?;
    label(&mut cells, FROM, "Period from", "期間(開始)")?;
    cells.date(FROM, VALUE, m.period.from, &styles.date)?;
    label(&mut cells, TO, "Period to", "期間(終了)")?;
    cells.date(TO, VALUE, m.period.to, &styles.date)?;
    label(&mut cells, OWNER, "Owner", "担当")?;
    cells.text(
        OWNER,
        VALUE,
        m.owner.as_deref().unwrap_or(""),
        &styles.input_text,
    )?;
    label(&mut cells, BUDGET, "Budget (yen)", "予算(円)")?;
    cells.optional(BUDGET, VALUE, m.budget.map(|b| b as f64), &styles.input_yen)?;
    label(
        &mut cells,
        ALL_HIRES,
        "All hires, every channel (input)",
        "全採用数(全チャネル・入力)",
    )?;
    cells.optional(
        ALL_HIRES,
        VALUE,
        m.all_hires.map(|n| n as f64),
        &styles.input_count,
    )?;
    label(&mut cells, ALUMNI_HIRES, "Alumni hires", "アルムナイ採用数")?;
    let span = book.period_span();
    let (formula, hires) = match m.hire_stage() {
        Some(hire) => book.count(&book.counts_for(hire, &span)),
        None => ("0".into(), 0),
    };
    cells.formula(
        ALUMNI_HIRES,
        VALUE,
        &formula,
        &Value::count(hires),
        &styles.count,
    )?;
    label(
        &mut cells,
        SHARE,
        "Alumni share of all hires",
        "全採用に占めるアルムナイ比率",
    )?;
    cells.formula(
        SHARE,
        VALUE,
        &format!(
            "IFERROR({}/{},\"\")",
            relative(ALUMNI_HIRES, VALUE),
            relative(ALL_HIRES, VALUE)
        ),
        &Value::of(m.all_hires.and_then(|all| ratio(hires as f64, all as f64))),
        &styles.percent,
    )?;
    label(&mut cells, COUNTING, "Counting", "集計方法")?;
    cells.wide_text(COUNTING, VALUE, monthly::counting_note(book), &styles.note)?;
    let headers = [
        m.label("Department", "部署"),
        m.label("Kind", "種別"),
        m.label("Hire target (input)", "入社目標(入力)"),
        m.label("Hires", "入社実績"),
        m.label("Achievement", "達成率"),
    ];
    for (col, header) in headers.iter().enumerate() {
        cells.text(TABLE, col as u16, header, &styles.header)?;
    }
    let Some(hire) = m.hire_stage() else {
        return cells.finish();
    };
    // One row per department and kind that has a hire target or hires, by
    // department and then the kind's stored name (both kinds first).
    let mut pairs: Vec<(String, Option<Kind>)> = m
        .targets
        .iter()
        .filter(|t| t.stage == m.stages[hire].key)
        .map(|t| (t.department.clone(), t.kind))
        .collect();
    pairs.extend(
        m.rows
            .iter()
            .filter(|r| r.reached[hire].is_some())
            .map(|r| {
                (
                    r.department.clone().unwrap_or_default(),
                    Some(r.application_kind),
                )
            }),
    );
    pairs.sort_by(|a, b| (&a.0, a.1.map(Kind::as_str)).cmp(&(&b.0, b.1.map(Kind::as_str))));
    pairs.dedup();
    let mut row = TABLE + 1;
    for (department, kind) in &pairs {
        let shown = if department.is_empty() {
            m.label("(all departments)", "(全社)")
        } else {
            department
        };
        cells.text(row, 0, shown, &styles.text)?;
        cells.text(row, 1, &m.kind_label(*kind), &styles.text)?;
        let target = m.target_sum(hire, |t| &t.department == department && t.kind == *kind);
        cells.optional(row, 2, target.map(|t| t as f64), &styles.input_count)?;
        let mut when: Vec<Criterion> = book.counts_for(hire, &span);
        if !department.is_empty() {
            when.push(criteria::is(Field::Department, department));
        }
        if kind.is_some() {
            when.push(criteria::is(Field::Kind, &m.kind_label(*kind)));
        }
        let (formula, actual) = book.count(&when);
        cells.formula(row, 3, &formula, &Value::count(actual), &styles.count)?;
        cells.formula(
            row,
            4,
            &format!("IFERROR({}/{},\"\")", relative(row, 3), relative(row, 2)),
            &Value::of(target.and_then(|t| ratio(actual as f64, t as f64))),
            &styles.percent,
        )?;
        row += 1;
    }
    cells.text(row, 0, m.label("Total", "合計"), &styles.label)?;
    cells.text(row, 1, "", &styles.label)?;
    let target = monthly::target_total_value(book, hire);
    if pairs.is_empty() {
        cells.blank(row, 2, &styles.total_count)?;
    } else {
        let targets = format!("{}:{}", relative(TABLE + 1, 2), relative(row - 1, 2));
        cells.formula(
            row,
            2,
            &format!("IF(COUNT({targets})=0,\"\",SUM({targets}))"),
            &target.map_or(Value::Blank, Value::count),
            &styles.total_count,
        )?;
    }
    cells.formula(
        row,
        3,
        &relative(ALUMNI_HIRES, VALUE),
        &Value::count(hires),
        &styles.total_count,
    )?;
    cells.formula(
        row,
        4,
        &format!("IFERROR({}/{},\"\")", relative(row, 3), relative(row, 2)),
        &Value::of(target.and_then(|t| ratio(hires as f64, t as f64))),
        &styles.total_percent,
    )?;
    cells.sheet.set_freeze_panes(TABLE as u32 + 1, 0)?;
    cells.finish()
}
