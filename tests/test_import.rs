//! `alumni import`: real spreadsheets in every format and encoding, what
//! lands in the database field by field, and how bad input is refused.

mod batches;
mod columns;
mod layouts;
mod preview;
mod round_trip;
pub mod support;

use std::fs;

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{Env, expected_roster, fixture, stderr_of, stdout_of};

/// The good fixtures that hold the whole canonical roster.
const FULL_ROSTERS: [&str; 7] = [
    "roster_sjis.csv",
    "roster_utf8_bom.csv",
    "roster.tsv",
    "roster.xlsx",
    "roster.xlsm",
    "roster.xls",
    "roster.ods",
];

/// Checks that the stored alumni are the first `n` people of the canonical
/// roster, field by field.
fn assert_roster_stored(env: &Env, n: usize, source: &str) {
    let stored = env.alumni_rows();
    let expected = expected_roster();
    assert_eq!(stored.len(), n, "{source}: number of alumni");
    let pairs = [
        ("employee_id", "employee_id"),
        ("name", "name"),
        ("name_kana", "kana"),
        ("email", "email"),
        ("department", "dept"),
        ("job_title", "job_title"),
        ("hire_date", "hire_date"),
        ("leave_date", "left_on"),
        ("leave_reason", "reason"),
        ("current_company", "current_company"),
        ("notes", "notes"),
    ];
    for (row, want) in stored.iter().zip(&expected) {
        for (column, key) in pairs {
            let want = want[key].as_str().unwrap();
            let want = if want.is_empty() {
                Value::Null
            } else {
                Value::from(want)
            };
            assert_eq!(
                row[column], want,
                "{source}: {column} of {}",
                row["employee_id"]
            );
        }
        let rehire = match want["rehire"].as_str().unwrap() {
            "" => "unknown",
            other => other,
        };
        assert_eq!(
            row["rehire_eligible"], rehire,
            "{source}: rehire of {}",
            row["employee_id"]
        );
    }
}

#[test]
fn every_roster_format_lands_field_by_field() {
    for name in FULL_ROSTERS {
        let env = Env::new();
        let stderr = env.import(&[name]);
        assert!(
            stderr.contains("10 rows read: 10 inserted, 0 updated, 0 unchanged, 0 rejected"),
            "{name}: {stderr}"
        );
        assert_roster_stored(&env, 10, name);
    }
}

#[test]
fn shift_jis_csv_with_title_rows_is_detected() {
    let env = Env::new();
    let stderr = env.import(&["roster_sjis.csv"]);
    assert!(stderr.contains("Shift_JIS"), "{stderr}");
    assert!(stderr.contains("header row 3"), "{stderr}");
}

#[test]
fn xlsx_with_a_merged_title_finds_its_header_on_row_3() {
    let env = Env::new();
    let stderr = env.import(&["roster.xlsx"]);
    assert!(
        stderr.contains("sheet 退職者名簿, header row 3"),
        "{stderr}"
    );
}

#[test]
fn dates_of_a_1904_workbook_are_read_in_its_epoch() {
    let env = Env::new();
    env.import(&["roster_1904.xlsx"]);
    assert_roster_stored(&env, 3, "roster_1904.xlsx");
}

#[test]
fn a_stray_cell_at_the_last_row_is_streamed_not_allocated() {
    let env = Env::new();
    let out = env
        .alumni(&[
            "import",
            "--dry-run",
            fixture("stray_cell.xlsx").to_str().unwrap(),
        ])
        .assert()
        .success();
    // The stray cell is a row of its own, numbered as Excel numbers it.
    assert!(
        stdout_of(out.get_output()).contains("stray_cell.xlsx:1048576: insert x"),
        "{}",
        stdout_of(out.get_output())
    );
}

#[test]
fn reimport_of_same_file_changes_nothing() {
    for name in ["roster_sjis.csv", "roster.xlsx"] {
        let env = Env::new();
        env.import(&[name]);
        let before = env.alumni_rows();
        let stderr = env.import(&[name]);
        assert!(
            stderr.contains("10 rows read: 0 inserted, 0 updated, 10 unchanged, 0 rejected"),
            "{name}: {stderr}"
        );
        assert_eq!(env.alumni_rows(), before, "{name}: nothing changed");
        assert_eq!(env.count("imports"), 2);
    }
}

#[test]
fn the_same_people_in_two_formats_are_one_roster() {
    let env = Env::new();
    let stderr = env.import(&["roster.xlsx", "roster_sjis.csv"]);
    assert!(stderr.contains("10 inserted"), "{stderr}");
    assert!(
        stderr.contains("0 inserted, 0 updated, 10 unchanged"),
        "{stderr}"
    );
    assert_eq!(env.count("alumni"), 10);
}

#[test]
fn an_empty_cell_never_erases_a_stored_value() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    let update = env.path("update.csv");
    fs::write(
        &update,
        "社員番号,氏名,部署,現在の勤務先\n00123,,,株式会社ミライ\n",
    )
    .unwrap();
    let out = env
        .alumni(&["import", update.to_str().unwrap()])
        .assert()
        .success();
    assert!(stderr_of(out.get_output()).contains("0 inserted, 1 updated"));
    let name: String = env.query("SELECT name FROM alumni WHERE employee_id = '00123'");
    let department: String = env.query("SELECT department FROM alumni WHERE employee_id = '00123'");
    let company: String =
        env.query("SELECT current_company FROM alumni WHERE employee_id = '00123'");
    assert_eq!(name, "山田 太郎");
    assert_eq!(department, "営業部");
    assert_eq!(company, "株式会社ミライ");
}

#[test]
fn notes_from_a_later_file_are_added_below_the_stored_ones() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    let update = env.path("notes.csv");
    fs::write(&update, "社員番号,備考\n00130,2025年に再応募の意向あり\n").unwrap();
    env.alumni(&["import", update.to_str().unwrap()])
        .assert()
        .success();
    env.alumni(&["import", update.to_str().unwrap()])
        .assert()
        .success();
    let notes: String = env.query("SELECT notes FROM alumni WHERE employee_id = '00130'");
    assert_eq!(notes, "貸与品の返却遅延あり\n2025年に再応募の意向あり");
}

#[test]
fn a_value_edited_by_hand_survives_a_reimport() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    env.alumni(&[
        "edit",
        "00123",
        "--current-company",
        "合同会社アルムナイ",
        "--rehire",
        "no",
    ])
    .assert()
    .success();
    let stderr = env.import(&["roster.xlsx"]);
    assert!(
        stderr.contains("values edited by hand were kept"),
        "{stderr}"
    );
    let company: String =
        env.query("SELECT current_company FROM alumni WHERE employee_id = '00123'");
    let rehire: String = env.query(
        "SELECT rehire_eligible || '/' || rehire_source FROM alumni WHERE employee_id = '00123'",
    );
    assert_eq!(company, "合同会社アルムナイ");
    assert_eq!(rehire, "no/manual");
}

#[test]
fn dry_run_reports_exactly_what_would_change_and_writes_nothing() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    let before = env.snapshot();
    let update = env.path("update.csv");
    fs::write(
        &update,
        "社員番号,氏名,部署\n00123,山田　太郎,開発部\n00999,新人　花子,人事部\n00124,佐藤　花子,人事部\n",
    )
    .unwrap();
    let out = env
        .alumni(&["import", "--dry-run", update.to_str().unwrap()])
        .assert()
        .success();
    let stdout = stdout_of(out.get_output());
    let stderr = stderr_of(out.get_output());
    assert!(
        stdout.contains("update.csv:2: update 00123 山田 太郎: 部署 \"営業部\" → \"開発部\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("update.csv:3: insert 00999 新人 花子"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("00124"),
        "an unchanged row is not a change: {stdout}"
    );
    assert!(
        stderr.contains("1 would be inserted, 1 would be updated, 1 unchanged"),
        "{stderr}"
    );
    assert!(stderr.contains("dry run: nothing was written"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}

/// Runs an import that must be refused, and returns its stderr after
/// checking the exit status and that the database did not change.
fn refused(env: &Env, args: &[&str]) -> String {
    let before = env.snapshot();
    let out = env.alumni(args).assert().code(65);
    assert_eq!(env.snapshot(), before, "{args:?} changed the database");
    stderr_of(out.get_output())
}

#[test]
fn an_impossible_date_stops_the_import_naming_file_row_and_column() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    let stderr = refused(&env, &["import", fixture("bad_date.csv").to_str().unwrap()]);
    assert!(
        stderr.contains("bad_date.csv:4: 退職日 \"2024-13-45\" is not a date"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was imported"), "{stderr}");
}

#[test]
fn a_malformed_email_stops_the_import() {
    let env = Env::new();
    let stderr = refused(
        &env,
        &["import", fixture("bad_email.csv").to_str().unwrap()],
    );
    assert!(
        stderr.contains(
            "bad_email.csv:3: メールアドレス \"taro.example.com\" is not an email address"
        ),
        "{stderr}"
    );
}

#[test]
fn a_row_with_no_name_and_no_key_stops_the_import() {
    let env = Env::new();
    let stderr = refused(
        &env,
        &["import", fixture("no_name_no_key.csv").to_str().unwrap()],
    );
    assert!(
        stderr.contains("no_name_no_key.csv:3: the row has no 氏名, 社員番号 or メールアドレス"),
        "{stderr}"
    );
}

#[test]
fn duplicates_inside_one_file_are_reported_not_merged() {
    let env = Env::new();
    let stderr = refused(
        &env,
        &["import", fixture("duplicate_key.csv").to_str().unwrap()],
    );
    assert!(
        stderr.contains("duplicate_key.csv:4: duplicate of row 2"),
        "{stderr}"
    );

    let stderr = refused(
        &env,
        &["import", fixture("duplicate_email.csv").to_str().unwrap()],
    );
    assert!(
        stderr.contains("duplicate_email.csv:4: duplicate of row 3: the same メールアドレス"),
        "{stderr}"
    );
}

#[test]
fn an_email_that_belongs_to_someone_else_is_refused() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    let file = env.path("clash.csv");
    fs::write(
        &file,
        "社員番号,氏名,メールアドレス\n00777,別人　次郎,Taro.Yamada@example.co.jp\n",
    )
    .unwrap();
    let stderr = refused(&env, &["import", file.to_str().unwrap()]);
    assert!(
        stderr.contains("clash.csv:2: メールアドレス \"taro.yamada@example.co.jp\" already belongs to 00123 山田 太郎"),
        "{stderr}"
    );
}

#[test]
fn skip_invalid_imports_the_rest_and_writes_the_rejects() {
    let env = Env::new();
    let rejects = env.path("rejects.csv");
    let out = env
        .alumni(&[
            "import",
            fixture("bad_date.csv").to_str().unwrap(),
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
        ])
        .assert()
        .success();
    let stderr = stderr_of(out.get_output());
    assert!(
        stderr.contains("4 rows read: 3 inserted, 0 updated, 0 unchanged, 1 rejected"),
        "{stderr}"
    );
    assert_eq!(env.count("alumni"), 3);
    let text = fs::read_to_string(&rejects).unwrap();
    assert!(
        text.starts_with('\u{feff}'),
        "the rejects file has a BOM for Excel"
    );
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        ["社員番号", "氏名", "メールアドレス", "退職日", "reason"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], "00203");
    assert_eq!(&rows[0][3], "2024-13-45");
    assert_eq!(&rows[0][4], "row 4: 退職日 \"2024-13-45\" is not a date");
}

#[test]
fn rejects_without_skip_invalid_is_a_usage_error() {
    let env = Env::new();
    env.alumni(&[
        "import",
        fixture("bad_date.csv").to_str().unwrap(),
        "--rejects",
        "r.csv",
    ])
    .assert()
    .code(2);
}

#[test]
fn unreadable_files_get_one_clear_line_each() {
    let cases = [
        ("not_a_spreadsheet.xlsx", "not an Excel workbook (.xlsx)"),
        ("truncated.xlsx", "damaged or truncated"),
        ("password.xlsx", "encrypted (password-protected)"),
        ("empty.csv", "the file is empty"),
        ("empty.xlsx", "the file has no rows"),
        ("header_only.csv", "there is a header row but no data rows"),
        ("header_only.xlsx", "there is a header row but no data rows"),
    ];
    for (name, reason) in cases {
        let env = Env::new();
        let stderr = refused(&env, &["import", fixture(name).to_str().unwrap()]);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{name}: {stderr}");
        assert!(
            lines[0].contains(name) && lines[0].contains(reason),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn a_failing_file_leaves_the_other_files_of_the_call_unimported() {
    let env = Env::empty();
    let stderr = refused(
        &env,
        &[
            "import",
            fixture("roster.xlsx").to_str().unwrap(),
            fixture("truncated.xlsx").to_str().unwrap(),
        ],
    );
    assert!(stderr.contains("truncated.xlsx"), "{stderr}");
    assert_eq!(env.count("alumni"), 0);
    assert_eq!(env.count("imports"), 0);
}

#[test]
fn an_unknown_header_is_reported_and_can_be_mapped() {
    let env = Env::new();
    let file = fixture("unknown_header.csv");
    let out = env
        .alumni(&[
            "import",
            file.to_str().unwrap(),
            "--map",
            "人事コード=employee_id",
        ])
        .assert()
        .success();
    let stderr = stderr_of(out.get_output());
    assert!(
        stderr.contains("column \"趣味\" matches no roster field and is not imported (to import it: --map '趣味=FIELD')"),
        "{stderr}"
    );
    let ids: String = env.query("SELECT string_agg(employee_id, ',' ORDER BY id) FROM alumni");
    assert_eq!(ids, "00123,00124,00125");
}

#[test]
fn a_map_to_an_unknown_field_is_a_usage_error() {
    let env = Env::new();
    env.alumni(&[
        "import",
        fixture("unknown_header.csv").to_str().unwrap(),
        "--map",
        "趣味=hobby",
    ])
    .assert()
    .code(2)
    .stderr(predicate::str::contains("unknown field \"hobby\""));
}

#[test]
fn rows_without_any_key_are_matched_by_name_on_reimport() {
    let env = Env::new();
    let file = fixture("unknown_header.csv");
    env.alumni(&["import", file.to_str().unwrap()])
        .assert()
        .success();
    let out = env
        .alumni(&["import", file.to_str().unwrap()])
        .assert()
        .success();
    assert!(stderr_of(out.get_output()).contains("0 inserted, 0 updated, 3 unchanged"));
    assert_eq!(env.count("alumni"), 3);
}

#[test]
fn sheet_and_header_row_can_be_named() {
    let env = Env::new();
    let file = fixture("roster.xlsx");
    env.alumni(&[
        "import",
        file.to_str().unwrap(),
        "--sheet",
        "退職者名簿",
        "--header-row",
        "3",
    ])
    .assert()
    .success();
    assert_eq!(env.count("alumni"), 10);

    let stderr = refused(
        &env,
        &["import", file.to_str().unwrap(), "--sheet", "Sheet9"],
    );
    assert!(
        stderr.contains("no sheet named \"Sheet9\"; the sheets are: 退職者名簿"),
        "{stderr}"
    );
}

#[test]
fn the_encoding_can_be_named_and_a_wrong_one_is_caught() {
    let env = Env::new();
    let file = fixture("roster_sjis.csv");
    let stderr = refused(
        &env,
        &["import", file.to_str().unwrap(), "--encoding", "utf-8"],
    );
    assert!(stderr.contains("is not valid UTF-8 text"), "{stderr}");
    assert!(stderr.contains("line 1"), "{stderr}");
    env.alumni(&["import", file.to_str().unwrap(), "--encoding", "cp932"])
        .assert()
        .success();
    assert_roster_stored(&env, 10, "roster_sjis.csv with --encoding cp932");
}

#[test]
fn the_key_option_matches_people_by_email() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    let file = env.path("by_email.csv");
    fs::write(
        &file,
        "メールアドレス,現在の勤務先\nTARO.YAMADA@example.co.jp,株式会社ミライ\n",
    )
    .unwrap();
    let out = env
        .alumni(&["import", file.to_str().unwrap(), "--key", "email"])
        .assert()
        .success();
    assert!(stderr_of(out.get_output()).contains("0 inserted, 1 updated"));
    let company: String =
        env.query("SELECT current_company FROM alumni WHERE employee_id = '00123'");
    assert_eq!(company, "株式会社ミライ");
}

#[test]
fn every_import_is_logged_with_its_hash_and_counts() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    let (name, hash, format, read, inserted): (String, String, String, i64, i64) = env
        .conn()
        .query_row(
            "SELECT file_name, content_hash, format, rows_read, inserted FROM imports",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert!(name.ends_with("roster.xlsx"));
    assert_eq!(hash.len(), 64);
    assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!((format.as_str(), read, inserted), ("xlsx", 10, 10));
    let audit: String = env.query("SELECT command || ': ' || detail FROM audit");
    assert_eq!(
        audit,
        "import: import #1: 10 inserted, 0 updated, 0 unchanged, 0 rejected"
    );
}

#[test]
fn extensions_are_matched_whatever_their_case() {
    let env = Env::new();
    let upper = env.path("ROSTER.XLSX");
    fs::copy(fixture("roster.xlsx"), &upper).unwrap();
    env.alumni(&["import", upper.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(env.count("alumni"), 10);
}

#[test]
fn an_import_killed_midway_leaves_the_database_as_it_was_on_sqlite() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    let before = env.snapshot();
    // A roster big enough that the import is still running when it is killed.
    let big = env.path("big.csv");
    let mut text = String::from("社員番号,氏名,メールアドレス,退職日\n");
    for i in 0..300_000 {
        text.push_str(&format!(
            "{:07},氏名　{i},p{i}@example.jp,2024/3/31\n",
            i + 1_000_000
        ));
    }
    fs::write(&big, text).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("alumni"))
        .arg("--db")
        .arg(&env.db)
        .arg("import")
        .arg(&big)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it has written pages of its transaction, or after a while.
    let wal = env.db.with_extension("db-wal");
    for _ in 0..150 {
        if fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let finished_first = child.try_wait().unwrap().is_some();
    child.kill().ok();
    child.wait().unwrap();
    assert!(
        !finished_first,
        "the import ended before it could be killed"
    );
    assert_eq!(
        env.snapshot(),
        before,
        "a killed import left something behind"
    );
    let check: String = env.query("PRAGMA integrity_check");
    assert_eq!(check, "ok");
}
