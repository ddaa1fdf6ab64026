//! `alumni kpi --format xlsx`: the nine-sheet KPI workbook, read back with
//! calamine. Its cached formula results must equal `alumni kpi --format
//! json`, its formulas must count the data sheet, and a real spreadsheet
//! program that recalculates it must arrive at the same numbers.

mod charts;
mod labels;
mod printing;
mod reach;
mod recalculation;
mod schedule;
mod totals;

use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use serde_json::Value;

use crate::common::{Env, example, stdout};

const SHEETS_JA: [&str; 9] = [
    "採用計画",
    "逆算",
    "採用スケジュール",
    "KPI管理",
    "チャネル別",
    "部署別",
    "アルムナイ指標",
    "データ",
    "定義",
];
const SHEETS_EN: [&str; 9] = [
    "Plan",
    "Back-calculation",
    "Schedule",
    "Monthly KPI",
    "By channel",
    "By department",
    "Alumni metrics",
    "Data",
    "Definitions",
];

/// The workbook of FY2026, made on 2026-12-01 (after the example's last
/// activity, in November) unless `extra` gives another `--as-of`: a test
/// does not depend on the clock.
pub fn write_workbook(env: &Env, name: &str, extra: &[&str]) -> PathBuf {
    let out = env.path(name);
    let mut args = vec!["kpi", "--fy", "2026", "--format", "xlsx", "--out"];
    let out_text = out.display().to_string();
    args.push(&out_text);
    args.extend_from_slice(extra);
    if !extra.contains(&"--as-of") {
        args.extend(["--as-of", "2026-12-01"]);
    }
    env.alumni(&args).assert().success();
    out
}

pub fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

fn formulas(path: &Path, name: &str) -> Range<String> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    book.worksheet_formula(name).unwrap()
}

/// The formula of a cell (absolute row and column), if it has one.
fn formula_at(range: &Range<String>, row: usize, col: usize) -> Option<String> {
    range
        .get_value((row as u32, col as u32))
        .filter(|f| !f.is_empty())
        .cloned()
}

/// The text of a cell, "" for an empty one.
pub fn text(range: &Range<Data>, row: usize, col: usize) -> String {
    match range.get_value((row as u32, col as u32)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// A cell as a number; none for an empty cell or "" (IFERROR's blank).
pub fn number(range: &Range<Data>, row: usize, col: usize) -> Option<f64> {
    match range.get_value((row as u32, col as u32)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        Some(Data::String(s)) if s.is_empty() => None,
        Some(Data::Empty) | None => None,
        Some(other) => panic!("({row}, {col}) holds {other:?}, not a number"),
    }
}

/// The first row whose cells in `col` and `col + 1…` read `texts`.
pub fn row_of(range: &Range<Data>, col: usize, texts: &[&str]) -> usize {
    (0..range.height())
        .find(|&r| {
            texts
                .iter()
                .enumerate()
                .all(|(i, t)| text(range, r, col + i) == *t)
        })
        .unwrap_or_else(|| panic!("no row reads {texts:?}"))
}

fn json_number(value: &Value) -> Option<f64> {
    value.as_f64()
}

fn close(sheet_value: Option<f64>, json: &Value, what: &str) {
    let expected = json_number(json);
    match (sheet_value, expected) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{what}: sheet {a}, json {b}"),
        (a, b) => assert_eq!(a, b, "{what}"),
    }
}

/// The Japanese workbook's label of a channel the JSON report names as
/// stored; a channel typed freely keeps its name.
pub fn channel_ja(stored: &str) -> &str {
    match stored {
        "rehire" => "出戻り",
        "referral" => "リファラル",
        "alumni_referral" => "アルムナイ紹介",
        "event" => "イベント",
        "email" => "メール",
        "sns" => "SNS",
        "newsletter" => "メールマガジン",
        "phone" => "電話",
        "meeting" => "面談",
        "website" => "採用サイト",
        "job_board" => "求人媒体",
        "agency" => "人材紹介会社",
        "other" => "その他",
        "direct" => "直接応募",
        other => other,
    }
}

#[test]
fn the_workbook_has_nine_sheets_named_in_either_language() {
    let env = example();
    for (lang, names) in [("ja", SHEETS_JA), ("en", SHEETS_EN)] {
        let path = write_workbook(&env, &format!("kpi-{lang}.xlsx"), &["--lang", lang]);
        let book: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(book.sheet_names(), names.map(String::from).to_vec());
    }
    let ja = env.path("kpi-ja.xlsx");
    let monthly = sheet(&ja, "KPI管理");
    row_of(&monthly, 0, &["入社", "目標"]);
    assert_eq!(text(&sheet(&ja, "定義"), 3, 0), "指標");
    let en = env.path("kpi-en.xlsx");
    let monthly = sheet(&en, "Monthly KPI");
    row_of(&monthly, 0, &["Rejoined", "Target"]);
    assert_eq!(text(&sheet(&en, "Definitions"), 3, 0), "KPI");
}

/// Every number the workbook shows beside the same number of the JSON
/// report, in both ways of counting.
#[test]
fn cached_results_equal_the_json_report() {
    let env = example();
    for counting in ["activity", "cohort"] {
        let name = format!("kpi-{counting}.xlsx");
        let path = write_workbook(&env, &name, &["--lang", "ja", "--count", counting]);
        let json: Value = serde_json::from_str(&stdout(
            &env,
            &[
                "kpi", "--fy", "2026", "--format", "json", "--count", counting,
            ],
        ))
        .unwrap();
        compare_with_json(&path, &json, counting);
    }
}

fn compare_with_json(path: &Path, json: &Value, counting: &str) {
    let stages = json["stages"].as_array().unwrap();
    let monthly = sheet(path, "KPI管理");
    let total = (0..monthly.width())
        .find(|&c| text(&monthly, 3, c) == "合計")
        .unwrap();
    let funnel = sheet(path, "逆算");
    let mut nonzero = 0;
    for stage in stages {
        let label = stage["label_ja"].as_str().unwrap();
        let what = |w: &str| format!("{counting} {label} {w}");
        let target = row_of(&monthly, 0, &[label, "目標"]);
        close(
            number(&monthly, target, total),
            &stage["target"],
            &what("target"),
        );
        close(
            number(&monthly, target + 1, total),
            &stage["actual"],
            &what("actual"),
        );
        close(
            number(&monthly, target + 2, total),
            &stage["achievement"],
            &what("achievement"),
        );
        let row = row_of(&funnel, 0, &[label]);
        close(
            number(&funnel, row, 3),
            &stage["actual"],
            &what("actual on 逆算"),
        );
        close(
            number(&funnel, row, 4),
            &stage["pass_rate"],
            &what("pass rate"),
        );
        close(
            number(&funnel, row, 2),
            &stage["required"],
            &what("required"),
        );
        if stage["actual"].as_u64() != Some(0) {
            nonzero += 1;
        }
    }
    assert!(nonzero >= 4, "the example reaches most stages ({counting})");
    let metrics = &json["metrics"];
    let plan = sheet(path, "採用計画");
    let all_hires = row_of(&plan, 0, &["全採用数(全チャネル・入力)"]);
    close(
        number(&plan, all_hires, 2),
        &metrics["all_hires"],
        "all hires",
    );
    let share = row_of(&plan, 0, &["全採用に占めるアルムナイ比率"]);
    close(
        number(&plan, share, 2),
        &metrics["rehire_share"],
        "rehire share",
    );
    assert!(
        metrics["rehire_share"].as_f64().is_some(),
        "the example has all hires"
    );
    let assumed = (4..funnel.height())
        .filter_map(|r| number(&funnel, r, 1))
        .count();
    assert_eq!(assumed, 2, "the example assumes two pass rates");
    let alumni = sheet(path, "アルムナイ指標");
    let metric = |label: &str| number(&alumni, row_of(&alumni, 0, &[label]), 1);
    for (label, field) in [
        ("入社", "hires"),
        ("  うち出戻り", "rehire_hires"),
        ("  うちリファラル", "referral_hires"),
        ("内定承諾率", "offer_acceptance_rate"),
        ("辞退率", "decline_rate"),
        ("入社までの日数(中央値)", "median_days_to_rejoin"),
        (
            "退職から再入社までの月数(中央値)",
            "median_months_from_leaving_to_rejoining",
        ),
        ("カムバック転換率", "comeback_conversion"),
        ("連絡可能(オプトアウト以外)", "contactable_alumni"),
        ("直近12か月に接点あり", "engaged_alumni"),
        ("エンゲージメント率", "engagement_rate"),
        ("イベント招待", "invited"),
        ("イベント参加", "attended"),
        ("イベント参加率", "event_attendance_rate"),
        ("採用単価", "cost_per_hire"),
    ] {
        close(
            metric(label),
            &metrics[field],
            &format!("{counting} {label}"),
        );
    }
    let channels = sheet(path, "チャネル別");
    let column = |header: &str| {
        (0..channels.width())
            .find(|&c| text(&channels, 3, c) == header)
            .unwrap()
    };
    let spend_col = column("費用合計");
    let per_hire_col = column("採用単価");
    let hires_col = column("入社");
    let total = row_of(&channels, 0, &["合計"]);
    close(
        number(&channels, total, spend_col),
        &metrics["spend"],
        "total spend",
    );
    let by_channel = metrics["by_channel"].as_array().unwrap();
    assert!(!by_channel.is_empty(), "the example has spend");
    for channel in by_channel {
        let name = channel["channel"].as_str().unwrap();
        let row = row_of(&channels, 0, &[channel_ja(name)]);
        close(number(&channels, row, spend_col), &channel["spend"], name);
        close(number(&channels, row, hires_col), &channel["hires"], name);
        close(
            number(&channels, row, per_hire_col),
            &channel["cost_per_hire"],
            name,
        );
    }
}

#[test]
fn summary_cells_are_formulas_over_the_data_sheet() {
    let env = example();
    let path = write_workbook(&env, "kpi.xlsx", &["--lang", "ja"]);
    let monthly = sheet(&path, "KPI管理");
    let actual = row_of(&monthly, 0, &["", "実績"]);
    let f = formulas(&path, "KPI管理");
    let formula = formula_at(&f, actual, 2).unwrap_or_default();
    // Blank after the as-of day on the plan sheet, else counted.
    assert!(
        formula.starts_with("IF(C$4>'採用計画'!$C$12,\"\",COUNTIFS('データ'!"),
        "the first month's actual is {formula:?}"
    );
    let funnel = formulas(&path, "逆算");
    let all: Vec<&String> = funnel.used_cells().map(|(_, _, f)| f).collect();
    assert!(all.iter().any(|f| f.contains("ROUNDUP(")), "{all:?}");
    assert!(all.iter().any(|f| f.contains("'KPI管理'!")), "{all:?}");
    let alumni = formulas(&path, "アルムナイ指標");
    assert!(
        alumni
            .used_cells()
            .any(|(_, _, f)| f.contains("MEDIAN(IF(") && f.contains("'データ'!")),
        "the medians are array formulas over the data sheet"
    );
}

#[test]
fn the_data_sheet_holds_one_row_per_application_of_the_period() {
    let env = example();
    let path = write_workbook(&env, "kpi.xlsx", &["--lang", "ja"]);
    let data = sheet(&path, "データ");
    let ids: Vec<f64> = (1..data.height())
        .filter_map(|r| number(&data, r, 0))
        .collect();
    let expected: i64 = env.query(
        "SELECT count(*) FROM applications WHERE opened_on BETWEEN '2026-04-01' AND '2027-03-31'
            OR id IN (SELECT application_id FROM stage_events WHERE entered_on BETWEEN '2026-04-01' AND '2027-03-31')",
    );
    assert_eq!(ids.len() as i64, expected);
    assert!(expected > 0);
    let names: Vec<String> = (1..data.height()).map(|r| text(&data, r, 2)).collect();
    assert!(names.iter().all(|n| !n.is_empty()), "{names:?}");

    let hidden = write_workbook(
        &env,
        "pseudonymized.xlsx",
        &["--lang", "ja", "--pseudonymize"],
    );
    let data = sheet(&hidden, "データ");
    for r in 1..data.height() {
        let shown = text(&data, r, 2);
        assert!(shown.starts_with("P-") && shown.len() == 8, "{shown}");
        assert!(!names.contains(&shown));
    }
}

#[test]
fn targets_and_assumptions_are_filled_input_cells_that_formulas_read() {
    let env = example();
    let path = write_workbook(&env, "kpi.xlsx", &["--lang", "ja"]);
    let f = formulas(&path, "KPI管理");
    let monthly = sheet(&path, "KPI管理");
    let target = row_of(&monthly, 0, &["入社", "目標"]);
    // The target cells hold numbers, not formulas; achievement divides by them.
    assert_eq!(formula_at(&f, target, 2), None);
    let achievement = formula_at(&f, target + 2, 2).unwrap();
    assert_eq!(
        achievement,
        format!("IFERROR(C{}/C{},\"\")", target + 2, target + 1)
    );
}

#[test]
fn the_workbook_needs_a_file_and_never_a_terminal_table() {
    let env = example();
    let err = crate::common::refused(&env, &["kpi", "--format", "xlsx"], 2);
    assert!(err.contains("--out"), "{err}");
    let err = crate::common::refused(&env, &["kpi", "--format", "table", "--out", "k.csv"], 2);
    assert!(err.contains("--format table"), "{err}");
    // By extension, as exports choose.
    env.alumni(&["kpi", "--fy", "2026", "--out", "k.xlsx"])
        .assert()
        .success();
    let book: Xlsx<_> = open_workbook(env.path("k.xlsx")).unwrap();
    assert_eq!(book.sheet_names().len(), 9);
    env.alumni(&["export", "kpi", "--fy", "2026", "--out", "e-{fy}.xlsx"])
        .assert()
        .success();
    assert!(env.path("e-2026.xlsx").exists());
}

#[test]
fn an_empty_database_gives_a_workbook_of_blanks_not_errors() {
    let env = Env::new();
    // A read needs a database; a new one is empty.
    env.alumni(&["init"]).assert().success();
    let path = write_workbook(&env, "empty.xlsx", &["--lang", "en"]);
    for name in SHEETS_EN {
        let range = sheet(&path, name);
        for (r, c, cell) in range.used_cells() {
            assert!(
                !matches!(cell, Data::Error(_)),
                "{name} ({r}, {c}) holds an error"
            );
        }
    }
    let alumni = sheet(&path, "Alumni metrics");
    let rate = row_of(&alumni, 0, &["Engagement rate"]);
    assert_eq!(number(&alumni, rate, 1), None);
}
