//! Totals that are totals, and blanks that are blank: every 合計 of the plan,
//! monthly, department and alumni sheets is the SUM of exactly the cells it
//! totals (read back from the workbook, in both languages), the months after
//! `--as-of` are blank, and a blank target gives a blank achievement.

use calamine::{Data, Range};

use super::{formulas, number, row_of, sheet, text, write_workbook};
use crate::common::{Env, example, stdout};

/// The example with a company-wide target (its own), a target of 営業部 for
/// both kinds, one of 開発部 for rehires only, departments with no target
/// (人事部, and 開発部's referrals), and hires in 営業部 (the example's),
/// 開発部 (a referral) and of no department (a rehire).
fn with_targets() -> Env {
    let env = example();
    let set = |args: &[&str]| {
        let mut all = vec!["target", "set", "--stage", "rejoined"];
        all.extend_from_slice(args);
        env.alumni(&all).assert().success();
    };
    set(&["--department", "営業部", "2026-07", "2"]);
    set(&["--department", "開発部", "--kind", "rehire", "2026-08", "1"]);
    let referral: i64 =
        env.query("SELECT id FROM applications WHERE kind = 'referral' ORDER BY id LIMIT 1");
    let referral = referral.to_string();
    for (stage, day) in [("offer", "2026-10-20"), ("rejoined", "2026-11-02")] {
        env.alumni(&["pipeline", "move", &referral, stage, "--date", day])
            .assert()
            .success();
    }
    let id = stdout(
        &env,
        &[
            "pipeline",
            "add",
            "00126",
            "--source",
            "direct",
            "--date",
            "2026-07-01",
        ],
    );
    env.alumni(&[
        "pipeline",
        "move",
        id.trim(),
        "rejoined",
        "--date",
        "2026-08-03",
    ])
    .assert()
    .success();
    env
}

/// A cell address of a formula (`C17`, `$C$17`) as 0-based (row, column).
fn cell(address: &str) -> (usize, usize) {
    let address = address.replace('$', "");
    let letters: String = address
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let col = letters
        .chars()
        .fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1))
        - 1;
    let row: usize = address[letters.len()..].parse().unwrap();
    (row - 1, col)
}

/// The two ends of the range of `IF(COUNT(R)=0,"",SUM(R))`, checked to be
/// that form exactly.
fn summed(formula: &str) -> Option<((usize, usize), (usize, usize))> {
    let range = formula.strip_prefix("IF(COUNT(")?.split(')').next()?;
    assert_eq!(
        formula,
        format!("IF(COUNT({range})=0,\"\",SUM({range}))"),
        "a total is the sum of its range, blank when the range is"
    );
    let (from, to) = range.split_once(':')?;
    Some((cell(from), cell(to)))
}

/// The two cells of `IFERROR(A/B,"")`.
fn ratio_of(formula: &str) -> Option<((usize, usize), (usize, usize))> {
    let inner = formula.strip_prefix("IFERROR(")?.strip_suffix(",\"\")")?;
    let (a, b) = inner.split_once('/')?;
    Some((cell(a), cell(b)))
}

/// Whether a cell holds a number (a header or label holds none).
fn holds_number(values: &Range<Data>, row: usize, col: usize) -> bool {
    matches!(
        values.get_value((row as u32, col as u32)),
        Some(Data::Float(_) | Data::Int(_))
    )
}

/// Checks every total of a sheet; returns how many sums it checked.
fn check_totals(values: &Range<Data>, formulas: &Range<String>, total: &str, name: &str) -> usize {
    let formula = |r: usize, c: usize| -> String {
        formulas
            .get_value((r as u32, c as u32))
            .cloned()
            .unwrap_or_default()
    };
    let mut sums = 0;
    for (r, c, _) in values.used_cells() {
        let (r0, c0) = values.start().unwrap();
        let (r, c) = (r + r0 as usize, c + c0 as usize);
        if text(values, r, c) != total {
            continue;
        }
        // A total row is labelled in its first column; a total column in
        // its header, with the totals below it.
        let row = c == 0;
        let cells: Vec<(usize, usize)> = if row {
            (1..values.width() + c0 as usize).map(|j| (r, j)).collect()
        } else {
            (r + 1..values.height() + r0 as usize)
                .map(|i| (i, c))
                .collect()
        };
        for (i, j) in cells {
            let f = formula(i, j);
            if f.is_empty() {
                continue;
            }
            let what = format!("{name} ({i}, {j}) = {f}");
            let shown = number(values, i, j);
            if let Some((from, to)) = summed(&f) {
                if row {
                    assert_eq!((from.1, to.1), (j, j), "{what}: a column's cells");
                    assert_eq!(to.0 + 1, i, "{what}: ends just above the total");
                    assert!(
                        !holds_number(values, from.0 - 1, j),
                        "{what}: starts below the header"
                    );
                } else {
                    assert_eq!((from.0, to.0), (i, i), "{what}: a row's cells");
                    assert_eq!(to.1 + 1, j, "{what}: ends just left of the total");
                    assert!(
                        !holds_number(values, i, from.1 - 1),
                        "{what}: starts after the labels"
                    );
                }
                let parts: Vec<f64> = (from.0..=to.0)
                    .flat_map(|a| (from.1..=to.1).map(move |b| (a, b)))
                    .filter_map(|(a, b)| number(values, a, b))
                    .collect();
                let expected = (!parts.is_empty()).then(|| parts.iter().sum::<f64>());
                assert_eq!(shown, expected, "{what}: the sum of {parts:?}");
                sums += 1;
            } else if let Some((a, b)) = ratio_of(&f) {
                // Achievement of the totals: two cells of the same total.
                if row {
                    assert_eq!((a.0, b.0), (i, i), "{what}");
                } else {
                    assert_eq!((a.1, b.1), (j, j), "{what}");
                }
                let expected = match (number(values, a.0, a.1), number(values, b.0, b.1)) {
                    (Some(x), Some(y)) if y != 0.0 => Some(x / y),
                    _ => None,
                };
                assert_eq!(shown, expected, "{what}");
            } else {
                panic!("{what}: a total is a SUM or a ratio of totals");
            }
        }
    }
    sums
}

/// A row of the plan's table: department, kind, target, hires, achievement.
type PlanRow = (String, String, Option<f64>, Option<f64>, Option<f64>);

#[test]
fn every_total_is_the_sum_of_what_it_totals() {
    let env = with_targets();
    for (lang, names, total) in [
        (
            "ja",
            ["採用計画", "KPI管理", "部署別", "アルムナイ指標"],
            "合計",
        ),
        (
            "en",
            ["Plan", "Monthly KPI", "By department", "Alumni metrics"],
            "Total",
        ),
    ] {
        let path = write_workbook(&env, &format!("totals-{lang}.xlsx"), &["--lang", lang]);
        for name in names {
            let values = sheet(&path, name);
            let sums = check_totals(&values, &formulas(&path, name), total, name);
            assert!(sums >= 2, "{lang} {name}: only {sums} totals checked");
        }
    }
    let path = env.path("totals-ja.xlsx");
    let plan = sheet(&path, "採用計画");
    // The company-wide target stands apart, with its own achievement.
    let company = row_of(&plan, 0, &["全社目標(入社・入力)"]);
    let hires = number(&plan, row_of(&plan, 0, &["アルムナイ採用数"]), 2).unwrap();
    assert_eq!(hires, 3.0);
    let target = number(&plan, company, 2).unwrap();
    assert!(target > 0.0, "the example has a company-wide target");
    assert_eq!(number(&plan, company + 1, 2), Some(hires / target));
    // The rows are the hires, each counted once.
    let header = row_of(&plan, 0, &["部署", "種別"]);
    let total = row_of(&plan, 0, &["合計"]);
    let rows: Vec<PlanRow> = (header + 1..total)
        .map(|r| {
            (
                text(&plan, r, 0),
                text(&plan, r, 1),
                number(&plan, r, 2),
                number(&plan, r, 3),
                number(&plan, r, 4),
            )
        })
        .collect();
    let row = |d: &str, k: &str, t, h, a| (d.to_string(), k.to_string(), t, h, a);
    assert_eq!(
        rows,
        [
            row("営業部", "全種別", Some(2.0), Some(1.0), Some(0.5)),
            row("開発部", "リファラル", None, Some(1.0), None),
            row("開発部", "出戻り", Some(1.0), Some(0.0), Some(0.0)),
            row("(部署なし)", "出戻り", None, Some(1.0), None),
        ]
    );
    assert_eq!(number(&plan, total, 2), Some(3.0));
    assert_eq!(number(&plan, total, 3), Some(hires));
    // 部署別: the target column holds the departments' targets only.
    let departments = sheet(&path, "部署別");
    let target_col = (0..departments.width())
        .find(|&c| text(&departments, 3, c) == "入社目標(入力)")
        .unwrap();
    let total = row_of(&departments, 0, &["合計"]);
    assert_eq!(number(&departments, total, target_col), Some(3.0));
    let none = row_of(&departments, 0, &["(部署なし)"]);
    assert_eq!(number(&departments, none, target_col - 1), Some(1.0));
}

#[test]
fn months_after_the_as_of_day_are_blank() {
    let env = example();
    for (lang, monthly, alumni, actual, achievement, month) in [
        ("ja", "KPI管理", "アルムナイ指標", "実績", "達成率", "月"),
        (
            "en",
            "Monthly KPI",
            "Alumni metrics",
            "Actual",
            "Achievement",
            "Month",
        ),
    ] {
        let path = write_workbook(
            &env,
            &format!("as-of-{lang}.xlsx"),
            &["--lang", lang, "--as-of", "2026-10-15"],
        );
        let sheet_m = sheet(&path, monthly);
        // Columns C.. are April to March: October is the seventh.
        let october = 2 + 6;
        let rows: Vec<usize> = (0..sheet_m.height())
            .filter(|&r| text(&sheet_m, r, 1) == actual)
            .collect();
        assert!(rows.len() >= 8, "{lang}: every stage has an actual row");
        let mut rates = 0;
        for r in rows {
            assert!(
                number(&sheet_m, r, october).is_some(),
                "{lang} row {r}: October"
            );
            assert_eq!(text(&sheet_m, r + 1, 1), achievement);
            if number(&sheet_m, r - 1, october).is_some_and(|t| t > 0.0) {
                assert!(number(&sheet_m, r + 1, october).is_some());
                rates += 1;
            }
            for col in october + 1..october + 6 {
                assert_eq!(number(&sheet_m, r, col), None, "{lang} ({r}, {col})");
                assert_eq!(number(&sheet_m, r + 1, col), None, "{lang} ({r}, {col})");
                assert_eq!(text(&sheet_m, r + 1, col), "");
            }
        }
        assert!(rates > 0, "{lang}: October has achievements");
        let sheet_a = sheet(&path, alumni);
        let header = row_of(&sheet_a, 0, &[month]);
        let october = header + 1 + 6;
        for col in 1..=4 {
            assert!(
                number(&sheet_a, october, col).is_some(),
                "{lang} October, {col}"
            );
            for r in october + 1..october + 6 {
                assert_eq!(number(&sheet_a, r, col), None, "{lang} ({r}, {col})");
            }
        }
    }
}

#[test]
fn a_blank_target_gives_a_blank_achievement() {
    let env = with_targets();
    let path = write_workbook(&env, "blank.xlsx", &["--lang", "en"]);
    let departments = sheet(&path, "By department");
    let target_col = (0..departments.width())
        .find(|&c| text(&departments, 3, c) == "Hire target (input)")
        .unwrap();
    let hr = row_of(&departments, 0, &["人事部"]);
    assert_eq!(number(&departments, hr, target_col), None);
    assert_eq!(text(&departments, hr, target_col + 1), "");
    let monthly = sheet(&path, "Monthly KPI");
    let mut blanks = 0;
    for r in (0..monthly.height()).filter(|&r| text(&monthly, r, 1) == "Target") {
        for col in 2..monthly.width() {
            if number(&monthly, r, col).is_none_or(|t| t == 0.0) {
                assert_eq!(number(&monthly, r + 2, col), None, "({r}, {col})");
                blanks += 1;
            }
        }
    }
    assert!(blanks > 0, "the example leaves some targets blank");
    for name in [
        "Plan",
        "Monthly KPI",
        "By department",
        "Alumni metrics",
        "Back-calculation",
    ] {
        for (r, c, value) in sheet(&path, name).used_cells() {
            assert!(
                !matches!(value, Data::Error(_)),
                "{name} ({r}, {c}): {value:?}"
            );
        }
    }
}
