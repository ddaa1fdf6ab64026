//! 部署別 / By department: per department the count at each stage, the
//! hire target (an input) and achievement; applications without a
//! department make a row of their own, so the total row is the sum of the
//! rows above it; a target of no department is the company's (on the plan
//! sheet) and no row's. Below, the same counts per job title.

use std::collections::BTreeSet;

use anyhow::Result;
use rust_xlsxwriter::Worksheet;

use super::cells::{Cells, Styles, Value, relative};
use super::criteria;
use super::model::Field;
use super::{Book, DEPARTMENTS, ratio, totals};

const HEADER: usize = 3;

pub fn write(book: &Book, sheet: &mut Worksheet, styles: &Styles) -> Result<()> {
    let m = book.model;
    let mut cells = Cells::new(sheet, book.names[DEPARTMENTS])?;
    cells.print_titles(HEADER, HEADER);
    super::monthly::heading(
        book,
        &mut cells,
        styles,
        m.label("By department", "部署別"),
        None,
    )?;
    let n = m.stages.len();
    let (target_col, achievement_col) = (n as u16 + 1, n as u16 + 2);
    header(
        &mut cells,
        book,
        styles,
        HEADER,
        m.label("Department", "部署"),
    )?;
    cells.text(
        HEADER,
        target_col,
        m.label("Hire target (input)", "入社目標(入力)"),
        &styles.header,
    )?;
    cells.text(
        HEADER,
        achievement_col,
        m.label("Achievement", "達成率"),
        &styles.header,
    )?;
    let span = book.period_span();
    let departments = m.departments();
    let unset = m.rows.iter().any(|r| r.department.is_none());
    let first = HEADER + 1;
    let unset_row = first + departments.len();
    let total_row = unset_row + usize::from(unset);
    let mut sums = vec![0u64; n];
    let mut targets = Vec::new();
    for (i, department) in departments.iter().enumerate() {
        let r = first + i;
        let counts = group_row(&mut cells, book, styles, r, Field::Department, department)?;
        for (sum, count) in sums.iter_mut().zip(&counts) {
            *sum += count;
        }
        if let Some(&hires) = counts.last() {
            let target = m.target_sum(n - 1, |t| &t.department == department);
            cells.optional(r, target_col, target.map(|t| t as f64), &styles.input_count)?;
            achievement(&mut cells, styles, r, n, target, hires)?;
            targets.push(target);
        }
    }
    if unset {
        cells.text(
            unset_row,
            0,
            m.label("(no department)", "(部署なし)"),
            &styles.label,
        )?;
        // All the applications less those with a department: counted from
        // the data sheet, not from the rows above, which the total adds.
        for (stage, sum) in sums.iter_mut().enumerate() {
            let mut when = book.counts_for(stage, &span);
            let (all, all_n) = book.count(&when);
            when.push(criteria::filled(Field::Department));
            let (with, with_n) = book.count(&when);
            cells.formula(
                unset_row,
                1 + stage as u16,
                &format!("{all}-{with}"),
                &Value::count(all_n - with_n),
                &styles.count,
            )?;
            *sum += all_n - with_n;
        }
        // A target of no department is the company's, shown on the plan
        // sheet, not a target of the applications without one.
        cells.blank(unset_row, target_col, &styles.input_count)?;
        achievement(&mut cells, styles, unset_row, n, None, 0)?;
        targets.push(None);
    }
    cells.text(total_row, 0, m.label("Total", "合計"), &styles.label)?;
    if total_row > first {
        let last = total_row - 1;
        for (stage, sum) in sums.iter().enumerate() {
            let col = 1 + stage as u16;
            cells.formula(
                total_row,
                col,
                &totals::sum((first, col), (last, col)),
                &Value::count(*sum),
                &styles.total_count,
            )?;
        }
        if n > 0 {
            let target = totals::sum_value(targets.iter().copied());
            cells.formula(
                total_row,
                target_col,
                &totals::sum((first, target_col), (last, target_col)),
                &target,
                &styles.total_count,
            )?;
            let target = match target {
                Value::Number(t) => Some(t as u64),
                _ => None,
            };
            achievement(&mut cells, styles, total_row, n, target, sums[n - 1])?;
        }
    }
    // The same counts per job title.
    let positions: BTreeSet<&str> = m
        .rows
        .iter()
        .filter_map(|r| r.position.as_deref())
        .collect();
    let second = total_row + 3;
    header(
        &mut cells,
        book,
        styles,
        second,
        m.label("Job title", "職種"),
    )?;
    for (i, position) in positions.iter().enumerate() {
        group_row(
            &mut cells,
            book,
            styles,
            second + 1 + i,
            Field::Position,
            position,
        )?;
    }
    cells.sheet.set_freeze_panes(HEADER as u32 + 1, 1)?;
    cells.finish()
}

fn header(cells: &mut Cells, book: &Book, styles: &Styles, row: usize, first: &str) -> Result<()> {
    cells.text(row, 0, first, &styles.header)?;
    for stage in 0..book.model.stages.len() {
        cells.text(
            row,
            1 + stage as u16,
            book.model.stage_label(stage),
            &styles.header,
        )?;
    }
    Ok(())
}

/// A group's row: its name, then its count at each stage (counted as the
/// report counts, among the rows whose `field` is `value`), returned too.
fn group_row(
    cells: &mut Cells,
    book: &Book,
    styles: &Styles,
    row: usize,
    field: Field,
    value: &str,
) -> Result<Vec<u64>> {
    cells.text(row, 0, value, &styles.label)?;
    let span = book.period_span();
    let mut counts = Vec::new();
    for stage in 0..book.model.stages.len() {
        let mut when = book.counts_for(stage, &span);
        when.push(criteria::is(field, value));
        let (formula, count) = book.count(&when);
        cells.formula(
            row,
            1 + stage as u16,
            &formula,
            &Value::count(count),
            &styles.count,
        )?;
        counts.push(count);
    }
    Ok(counts)
}

fn achievement(
    cells: &mut Cells,
    styles: &Styles,
    row: usize,
    stages: usize,
    target: Option<u64>,
    hires: u64,
) -> Result<()> {
    let (hires_col, target_col) = (stages as u16, stages as u16 + 1);
    cells.formula(
        row,
        target_col + 1,
        &format!(
            "IFERROR({}/{},\"\")",
            relative(row, hires_col),
            relative(row, target_col)
        ),
        &Value::of(target.and_then(|t| ratio(hires as f64, t as f64))),
        &styles.percent,
    )
}
