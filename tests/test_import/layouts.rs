//! How the importer reads the layout of a file: a header row repeated in
//! the middle of a CSV, the sheets of a workbook (named, hidden, none with
//! a roster, one person on two of them), the rejects of a workbook of
//! several sheets, and a department merged down a block of an .xls.

use std::collections::BTreeMap;
use std::fs;

use serde_json::Value;

use super::support::{employee_ids, field_by_id, file, filled, refused_bytes_unchanged};
use crate::common::{Env, stderr};
use crate::test_interface::{failure, redacted};

#[test]
fn a_header_row_repeated_midway_is_refused_naming_its_row() {
    let env = filled();
    let args = ["import", &file("repeated_header.csv")];
    let text = refused_bytes_unchanged(&env, &args);
    assert!(text.contains("row 4 repeats the header row"), "{text}");
    let text = failure(&env, &args);
    redacted(&env, "two CSV exports pasted one below the other").bind(|| {
        insta::assert_snapshot!("error__import_repeated_header", text);
    });
}

#[test]
fn named_sheets_are_exactly_the_sheets_read() {
    let env = Env::new();
    let text = stderr(
        &env,
        &[
            "import",
            &file("sheets.xlsx"),
            "--sheet",
            "正社員",
            "--sheet",
            "退職予定",
        ],
    );
    // 退職予定 is hidden, and read because it is named.
    assert_eq!(employee_ids(&env), ["00301", "00303", "00306"], "{text}");
    assert!(!text.contains("hidden sheet"), "{text}");
}

#[test]
fn a_hidden_sheet_is_skipped_and_said_so_unless_named() {
    let env = Env::new();
    let text = stderr(&env, &["import", &file("sheets.xlsx")]);
    assert_eq!(employee_ids(&env), ["00301", "00302", "00303", "00304"]);
    assert!(
        text.contains("sheet 退職予定 skipped: hidden sheet"),
        "{text}"
    );
    assert!(
        text.contains("sheet 集計 skipped: no roster header"),
        "{text}"
    );
}

#[test]
fn a_roster_only_on_a_hidden_sheet_is_named_when_nothing_else_is_read() {
    let env = filled();
    let args = ["import", &file("hidden_roster.xlsx")];
    let text = refused_bytes_unchanged(&env, &args);
    assert!(
        text.contains("hidden sheets (退職者) are passed over: to read one, name it with --sheet"),
        "{text}"
    );
    let env = Env::new();
    stderr(
        &env,
        &["import", &file("hidden_roster.xlsx"), "--sheet", "退職者"],
    );
    assert_eq!(employee_ids(&env), ["00301"]);
}

#[test]
fn a_sheet_that_does_not_exist_is_refused_naming_the_sheets() {
    let env = filled();
    let args = ["import", &file("sheets.xlsx"), "--sheet", "NOPE"];
    let text = refused_bytes_unchanged(&env, &args);
    assert!(
        text.contains("no sheet named \"NOPE\"; the sheets are: 集計, 正社員, 契約社員, 退職予定"),
        "{text}"
    );
    let text = failure(&env, &args);
    redacted(&env, "a sheet named that the workbook does not have").bind(|| {
        insta::assert_snapshot!("error__import_no_such_sheet", text);
    });
}

#[test]
fn a_workbook_with_no_roster_on_any_sheet_is_refused() {
    let env = filled();
    let args = ["import", &file("no_roster.xlsx")];
    let text = refused_bytes_unchanged(&env, &args);
    assert!(text.contains("no sheet holds a roster"), "{text}");
    assert!(text.contains("集計") && text.contains("メモ"), "{text}");
    let text = failure(&env, &args);
    redacted(&env, "a workbook none of whose sheets holds a roster").bind(|| {
        insta::assert_snapshot!("error__import_no_roster_sheet", text);
    });
}

#[test]
fn one_person_on_two_sheets_is_a_duplicate_naming_the_other_sheet() {
    let env = filled();
    let text = refused_bytes_unchanged(&env, &["import", &file("duplicate_sheets.xlsx")]);
    assert!(
        text.contains("[支社]:3: duplicate of row 2 of 本社"),
        "the duplicate is not named with its sheet: {text}"
    );
}

/// The records of a rejects file, its BOM taken off, every line as it is
/// (the file holds several header lines).
fn rejects_records(path: &std::path::Path) -> Vec<Vec<String>> {
    let text = fs::read_to_string(path).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_rejects_of_several_sheets_each_come_under_their_own_header() {
    let env = Env::new();
    let rejects = env.path("rejects.csv");
    let text = stderr(
        &env,
        &[
            "import",
            &file("rejects_sheets.xlsx"),
            "--skip-invalid",
            "--rejects",
            &rejects.display().to_string(),
        ],
    );
    assert_eq!(employee_ids(&env), ["00301", "00304"], "{text}");
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rejects_records(&rejects),
        [
            row(&["社員番号", "氏名", "退職日", "reason"]),
            row(&[
                "00302",
                "石井 二葉",
                "2024/02/30",
                "row 3 of 本社: 退職日 \"2024/02/30\" is not a date"
            ]),
            row(&["社員番号", "氏名", "メールアドレス", "部署", "reason"]),
            row(&[
                "00303",
                "上田 三郎",
                "saburo.ueda@@example",
                "開発部",
                "row 2 of 支社: メールアドレス \"saburo.ueda@@example\" is not an email address"
            ]),
        ]
    );
}

#[test]
fn a_department_merged_down_its_block_in_xls_fills_every_row() {
    let env = Env::new();
    env.import(&["import/merged_departments.xls"]);
    let want: BTreeMap<String, Value> = [
        ("00301", "営業部"),
        ("00302", "営業部"),
        ("00303", "開発部"),
        ("00304", "開発部"),
        ("00305", "開発部"),
        ("00306", "人事部"),
    ]
    .into_iter()
    .map(|(id, dept)| (id.to_string(), Value::from(dept)))
    .collect();
    assert_eq!(field_by_id(&env, "department"), want);
}
