//! Rosters as the Japanese HR systems export them (SmartHR, freee人事労務,
//! jinjer, カオナビ, ジョブカン, HRMOS, 奉行, 弥生給与) and workbooks laid out
//! by hand (multi-row and merged headers, merged departments, several
//! sheets), from fixtures/systems/: what lands, field by field, read back
//! through `alumni export roster --format json`; sensitive columns left out
//! and named; a second import that inserts nothing.
//!
//! The expected values are fixtures/systems/expected.json, written by the
//! script that made the files from values typed out by hand (see the
//! README there).

use std::fs;

use super::*;
use crate::common::{fixture, stderr_of};

/// The fields compared for every person.
const FIELDS: [&str; 11] = [
    "employee_id",
    "name",
    "name_kana",
    "email",
    "department",
    "job_title",
    "hire_date",
    "leave_date",
    "leave_reason",
    "employment_type",
    "leave_type",
];

/// What fixtures/systems/expected.json says about every file.
fn expected() -> serde_json::Map<String, Value> {
    let text = fs::read_to_string(fixture("systems/expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn entry(file: &str) -> Value {
    expected()
        .remove(file)
        .unwrap_or_else(|| panic!("{file} is not in fixtures/systems/expected.json"))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// `alumni import fixtures/systems/FILE` into a fresh database, which must
/// succeed; the database and the import's stderr.
fn import(file: &str) -> (Env, String) {
    let env = Env::new();
    let stderr = env.import(&[&format!("systems/{file}")]);
    (env, stderr)
}

/// The roster as `alumni export roster --format json --out -` writes it.
fn exported(env: &Env) -> (String, Vec<Value>) {
    let text = stdout(env, &["export", "roster", "--format", "json", "--out", "-"]);
    let people = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("the export is not a JSON array ({e}): {text}"));
    (text, people)
}

/// The exported people are exactly the expected ones, field by field.
fn assert_people(file: &str, got: &[Value], want: &Value) {
    let want = want.as_array().unwrap();
    let id = |p: &Value| p["employee_id"].as_str().unwrap_or("").to_string();
    let mut got_ids: Vec<String> = got.iter().map(id).collect();
    let mut want_ids: Vec<String> = want.iter().map(id).collect();
    got_ids.sort();
    want_ids.sort();
    assert_eq!(got_ids, want_ids, "{file}: the employee IDs stored");
    for person in want {
        let employee_id = id(person);
        let stored = got.iter().find(|p| id(p) == employee_id).unwrap();
        for field in FIELDS {
            assert!(
                stored.get(field).is_some(),
                "{file}: the export has no {field}: {stored}"
            );
            assert_eq!(
                stored[field], person[field],
                "{file}: {field} of {employee_id}"
            );
        }
    }
}

/// Imports a file and checks everything it must store.
fn assert_lands(file: &str) -> String {
    let (env, stderr) = import(file);
    let (_, got) = exported(&env);
    assert_people(file, &got, &entry(file)["people"]);
    stderr
}

/// Runs `check` on every file, and fails after all of them naming those
/// that failed, so that one unreadable file does not hide the others.
fn for_each_file<'a>(files: impl IntoIterator<Item = &'a str>, check: impl Fn(&str)) {
    let failed: Vec<&str> = files
        .into_iter()
        .filter(|file| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(file))).is_err()
        })
        .collect();
    assert!(failed.is_empty(), "failed for {failed:?} (see above)");
}

#[test]
fn a_smarthr_export_lands_field_by_field() {
    assert_lands("smarthr.csv");
}

#[test]
fn a_freee_export_lands_field_by_field() {
    assert_lands("freee.csv");
}

#[test]
fn a_jinjer_export_lands_field_by_field() {
    assert_lands("jinjer.csv");
}

#[test]
fn a_kaonavi_export_lands_field_by_field() {
    assert_lands("kaonavi.csv");
}

#[test]
fn a_jobcan_export_lands_field_by_field() {
    assert_lands("jobcan.csv");
}

#[test]
fn an_hrmos_export_lands_field_by_field() {
    assert_lands("hrmos.csv");
}

#[test]
fn a_bugyo_export_in_shift_jis_lands_field_by_field() {
    let stderr = assert_lands("bugyo.csv");
    assert!(stderr.contains("Shift_JIS"), "{stderr}");
}

#[test]
fn a_yayoi_export_in_shift_jis_lands_field_by_field() {
    let stderr = assert_lands("yayoi.csv");
    assert!(stderr.contains("Shift_JIS"), "{stderr}");
}

#[test]
fn the_business_name_wins_over_the_legal_name() {
    let (env, _) = import("hrmos.csv");
    let (_, got) = exported(&env);
    let yoko = got
        .iter()
        .find(|p| p["employee_id"] == "00107")
        .expect("00107 is stored");
    assert_eq!(yoko["name"], "鈴木 陽子", "{yoko}");
    assert_eq!(yoko["name_kana"], "スズキ ヨウコ", "{yoko}");
}

#[test]
fn rare_kanji_of_cp932_survive_as_they_are() {
    // 髙 (U+9AD9) and 﨑 (U+FA11) are not plain Shift_JIS, and NFKC keeps
    // them: neither may become 高 or 崎.
    let (env, _) = import("bugyo.csv");
    let (_, got) = exported(&env);
    let names: Vec<&str> = got.iter().filter_map(|p| p["name"].as_str()).collect();
    assert!(names.contains(&"髙橋 健一"), "{names:?}");
    assert!(names.contains(&"山﨑 美穂"), "{names:?}");
}

#[test]
fn a_two_row_header_with_merged_cells_lands_in_every_format() {
    let files = [
        "two_row_header.xlsx",
        "two_row_header_lo.xlsx",
        "two_row_header.ods",
        "two_row_header.xls",
    ];
    for_each_file(files, |file| {
        assert_lands(file);
    });
}

#[test]
fn a_three_row_header_lands_in_every_format() {
    let files = [
        "three_row_header.xlsx",
        "three_row_header_lo.xlsx",
        "three_row_header.ods",
    ];
    for_each_file(files, |file| {
        assert_lands(file);
    });
}

#[test]
fn a_department_merged_down_a_block_reaches_every_row_of_it() {
    let files = [
        "merged_departments.xlsx",
        "merged_departments_lo.xlsx",
        "merged_departments.ods",
    ];
    for_each_file(files, |file| {
        let stderr = assert_lands(file);
        assert!(stderr.contains("header row 3"), "{file}: {stderr}");
    });
}

const MULTI_SHEET: [&str; 3] = ["multi_sheet.xlsx", "multi_sheet_lo.xlsx", "multi_sheet.ods"];

#[test]
fn every_roster_sheet_of_a_workbook_is_imported_and_the_summary_skipped() {
    for_each_file(MULTI_SHEET, |file| {
        let stderr = assert_lands(file);
        let want = entry(file);
        for sheet in want["sheets"].as_object().unwrap().keys() {
            assert!(
                stderr
                    .lines()
                    .any(|l| l.contains(sheet.as_str()) && !l.contains("no roster header")),
                "{file}: sheet {sheet} is not named as read: {stderr}"
            );
        }
        for sheet in strings(&want["skipped_sheets"]) {
            assert!(
                stderr
                    .lines()
                    .any(|l| l.contains(&sheet) && l.contains("no roster header")),
                "{file}: sheet {sheet} is not named as skipped: {stderr}"
            );
        }
    });
}

#[test]
fn the_sheet_option_reads_only_that_sheet() {
    for_each_file(MULTI_SHEET, |file| {
        let env = Env::new();
        let path = fixture(&format!("systems/{file}"));
        let output = env
            .alumni(&["import", "--sheet", "正社員", path.to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert!(output.status.success(), "{file}: {stderr}");
        assert!(!stderr.contains("契約社員"), "{file}: {stderr}");
        assert!(!stderr.contains("集計"), "{file}: {stderr}");
        let (_, got) = exported(&env);
        let want = entry(file);
        let on_sheet = want["sheets"]["正社員"].as_array().unwrap();
        let only: Vec<Value> = want["people"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| on_sheet.contains(&p["employee_id"]))
            .cloned()
            .collect();
        assert_eq!(only.len(), 3, "{file}: the 正社員 sheet holds three people");
        assert_people(file, &got, &Value::from(only));
    });
}

/// Every byte the database keeps: the file and any write-ahead log.
fn database_bytes(env: &Env) -> Vec<u8> {
    let mut bytes = crate::test_import::support::stored_text(env).into_bytes();
    if env.url.is_some() {
        // PostgreSQL: every value of every table, there being no file.
        return bytes;
    }
    bytes.extend(fs::read(&env.db).unwrap());
    let wal = env.db.with_extension("db-wal");
    if let Ok(more) = fs::read(wal) {
        bytes.extend(more);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn sensitive_columns_are_named_once_and_their_values_land_nowhere() {
    let all = expected();
    let files: Vec<&str> = all
        .iter()
        .filter(|(_, want)| {
            !strings(&want["sensitive_columns"]).is_empty()
                || !strings(&want["never_imported_columns"]).is_empty()
        })
        .map(|(file, _)| file.as_str())
        .collect();
    assert_eq!(files.len(), 12, "files with sensitive columns: {files:?}");
    for_each_file(files, |file| {
        let want = &all[file];
        let columns = strings(&want["sensitive_columns"]);
        let (env, stderr) = import(file);
        let reports: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains("sensitive, not imported"))
            .collect();
        if !columns.is_empty() {
            assert_eq!(reports.len(), 1, "{file}: one report per file: {stderr}");
            for column in &columns {
                assert!(
                    reports[0].contains(column.as_str()),
                    "{file}: {column} is not named: {stderr}"
                );
            }
        }
        for column in strings(&want["never_imported_columns"]) {
            assert!(
                stderr
                    .lines()
                    .any(|l| l.contains("warning") && l.contains(&column)),
                "{file}: no warning names {column}: {stderr}"
            );
        }
        let (json, _) = exported(&env);
        let bytes = database_bytes(&env);
        for value in strings(&want["sensitive_values"]) {
            assert!(!json.contains(&value), "{file}: {value:?} is in the export");
            assert!(
                !contains(&bytes, &value),
                "{file}: {value:?} is in the database"
            );
        }
    });
}

#[test]
fn a_second_import_of_the_same_file_inserts_nothing() {
    let all = expected();
    for_each_file(all.keys().map(String::as_str), |file| {
        let (env, _) = import(file);
        let (first, _) = exported(&env);
        let stderr = env.import(&[&format!("systems/{file}")]);
        let counts: Vec<&str> = stderr.lines().filter(|l| l.contains("rows read")).collect();
        assert!(!counts.is_empty(), "{file}: no counts: {stderr}");
        for line in counts {
            assert!(line.contains(": 0 inserted"), "{file}: {line}");
        }
        assert_eq!(
            exported(&env).0,
            first,
            "{file}: the second import changed the roster"
        );
    });
}

#[test]
fn every_file_of_the_folder_has_its_expectations() {
    let mut files: Vec<String> = fs::read_dir(fixture("systems"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            [".csv", ".xlsx", ".xls", ".ods"]
                .iter()
                .any(|x| n.ends_with(x))
        })
        .collect();
    files.sort();
    let mut listed: Vec<String> = expected().keys().cloned().collect();
    listed.sort();
    assert_eq!(files, listed);
    assert_eq!(files.len(), 21);
}
