//! 採用計画 / Plan: the purpose, period, owner and budget of the plan, the
//! company's hires through every channel (an input, for the alumni share),
//! the day the report is made on (an input every sheet's months read), the
//! company-wide hire target (an input) with its achievement; and one row
//! per department and kind with its hire target (an input), the hires
//! counted from the data sheet, and achievement. The rows are a partition
//! of the hires: each is counted in exactly one row, hires without a
//! department in rows of their own, so the total row is their sum.

use std::collections::BTreeSet;

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::cells::{Cells, Styles, Value, relative};
use super::criteria::{self, Criterion};
use super::model::Field;
use super::monthly;
use super::{Book, PLAN, ratio, totals};
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
const AS_OF: usize = 11;
const COMPANY_TARGET: usize = 12;
const COMPANY_ACHIEVEMENT: usize = 13;
const TABLE: usize = 15;
const VALUE: u16 = 2;

/// The as-of cell (row `AS_OF`, column `VALUE`), which the months of other
/// sheets compare their first days with.
pub const AS_OF_CELL: &str = "$C$12";

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
    label(&mut cells, AS_OF, "As of (input)", "基準日(入力)")?;
    cells.date(AS_OF, VALUE, m.today, &styles.input_date)?;
    cells.wide_text(
        AS_OF,
        VALUE + 1,
        m.label(
            "Months after this day are left blank.",
            "この日より後の月の実績は空欄。",
        ),
        &styles.note,
    )?;
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
    // The company-wide target (a target of no department) stands apart from
    // the department rows, against all alumni hires.
    label(
        &mut cells,
        COMPANY_TARGET,
        "Company-wide hire target (input)",
        "全社目標(入社・入力)",
    )?;
    let company = m.target_sum(hire, |t| t.department.is_empty());
    cells.optional(
        COMPANY_TARGET,
        VALUE,
        company.map(|t| t as f64),
        &styles.input_count,
    )?;
    label(
        &mut cells,
        COMPANY_ACHIEVEMENT,
        "Company-wide achievement",
        "全社達成率",
    )?;
    cells.formula(
        COMPANY_ACHIEVEMENT,
        VALUE,
        &format!(
            "IFERROR({}/{},\"\")",
            relative(ALUMNI_HIRES, VALUE),
            relative(COMPANY_TARGET, VALUE)
        ),
        &Value::of(company.and_then(|t| ratio(hires as f64, t as f64))),
        &styles.percent,
    )?;
    let rows = table_rows(book, hire);
    let mut row = TABLE + 1;
    let (mut targets, mut actuals) = (Vec::new(), Vec::new());
    for r in &rows {
        let shown = r
            .department
            .as_deref()
            .unwrap_or(m.label("(no department)", "(部署なし)"));
        cells.text(row, 0, shown, &styles.text)?;
        cells.text(row, 1, &m.kind_label(r.kind), &styles.text)?;
        cells.optional(row, 2, r.target.map(|t| t as f64), &styles.input_count)?;
        let (formula, actual) = hires_of(book, hire, r);
        cells.formula(row, 3, &formula, &Value::count(actual), &styles.count)?;
        cells.formula(
            row,
            4,
            &format!("IFERROR({}/{},\"\")", relative(row, 3), relative(row, 2)),
            &Value::of(r.target.and_then(|t| ratio(actual as f64, t as f64))),
            &styles.percent,
        )?;
        targets.push(r.target);
        actuals.push(Some(actual));
        row += 1;
    }
    cells.text(row, 0, m.label("Total", "合計"), &styles.label)?;
    cells.text(row, 1, "", &styles.label)?;
    if rows.is_empty() {
        for col in 2..=4 {
            cells.blank(row, col, &styles.total_count)?;
        }
    } else {
        let (first, last) = (TABLE + 1, row - 1);
        let target = totals::sum_value(targets);
        let actual = totals::sum_value(actuals);
        for (col, value) in [(2, &target), (3, &actual)] {
            cells.formula(
                row,
                col,
                &totals::sum((first, col), (last, col)),
                value,
                &styles.total_count,
            )?;
        }
        let achievement = match (&actual, &target) {
            (Value::Number(a), Value::Number(t)) => Value::of(ratio(*a, *t)),
            _ => Value::Blank,
        };
        cells.formula(
            row,
            4,
            &format!("IFERROR({}/{},\"\")", relative(row, 3), relative(row, 2)),
            &achievement,
            &styles.total_percent,
        )?;
    }
    cells.sheet.set_freeze_panes(TABLE as u32 + 1, 0)?;
    cells.finish()
}

/// A row of the plan's table: a department (none: the hires without one)
/// and a kind (none: both kinds), with the department's hire target.
struct PlanRow {
    department: Option<String>,
    kind: Option<Kind>,
    target: Option<u64>,
}

/// The rows, by department (those without one last) and then the kind's
/// stored name. A department with a target for both kinds is one row for
/// both, with all its targets; any other has a row per kind that has a
/// target or hires. So every hire falls in exactly one row.
fn table_rows(book: &Book, hire: usize) -> Vec<PlanRow> {
    let m = book.model;
    let key = &m.stages[hire].key;
    let hire_targets = || m.targets.iter().filter(|t| &t.stage == key);
    let mut pairs: BTreeSet<(String, Option<&'static str>)> = hire_targets()
        .filter(|t| !t.department.is_empty())
        .map(|t| (t.department.clone(), t.kind.map(Kind::as_str)))
        .collect();
    let hired = || m.rows.iter().filter(|r| r.reached[hire].is_some());
    pairs.extend(hired().filter_map(|r| {
        let department = r.department.clone()?;
        Some((department, Some(r.application_kind.as_str())))
    }));
    let both: BTreeSet<String> = pairs
        .iter()
        .filter(|(_, kind)| kind.is_none())
        .map(|(d, _)| d.clone())
        .collect();
    let kind_of = |stored: Option<&str>| {
        stored.and_then(|k| Kind::ALL.iter().copied().find(|x| x.as_str() == k))
    };
    let mut rows: Vec<PlanRow> = pairs
        .iter()
        .filter(|(d, kind)| kind.is_none() || !both.contains(d))
        .map(|(department, kind)| {
            let kind = kind_of(*kind);
            let target = m.target_sum(hire, |t| {
                &t.department == department && (kind.is_none() || t.kind == kind)
            });
            PlanRow {
                department: Some(department.clone()),
                kind,
                target,
            }
        })
        .collect();
    let unassigned: BTreeSet<&'static str> = hired()
        .filter(|r| r.department.is_none())
        .map(|r| r.application_kind.as_str())
        .collect();
    rows.extend(unassigned.into_iter().map(|kind| PlanRow {
        department: None,
        kind: kind_of(Some(kind)),
        target: None,
    }));
    rows
}

/// The hires of a row: COUNTIFS of its department and kind; for the hires
/// without a department, those of the kind less those with one.
fn hires_of(book: &Book, hire: usize, row: &PlanRow) -> (String, u64) {
    let m = book.model;
    let mut when: Vec<Criterion> = book.counts_for(hire, &book.period_span());
    if let Some(kind) = row.kind {
        when.push(criteria::is(Field::Kind, &m.kind_label(Some(kind))));
    }
    match &row.department {
        Some(department) => {
            when.push(criteria::is(Field::Department, department));
            book.count(&when)
        }
        None => {
            let (all, all_n) = book.count(&when);
            when.push(criteria::filled(Field::Department));
            let (with, with_n) = book.count(&when);
            (format!("{all}-{with}"), all_n - with_n)
        }
    }
}
