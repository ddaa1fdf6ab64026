//! `alumni list`, `search`, `show`, `add` and `edit`, run as a user would
//! on a database filled from `fixtures/roster.xlsx` (the ten people of
//! fixtures/README.md, ids #1-#10 in file order).

use std::collections::HashMap;

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::common::{Env, expected_roster, parse_csv, refused, roster, stderr_of, stdout};

/// The employee IDs a listing command (`list` or `search` with its
/// arguments) prints, read from its CSV output, in order.
fn employee_ids(env: &Env, args: &[&str]) -> Vec<String> {
    let mut args = args.to_vec();
    args.extend(["--format", "csv"]);
    parse_csv(&stdout(env, &args))
        .into_iter()
        .map(|row| row["employee_id"].clone())
        .collect()
}

/// One value of one alumnus, by employee ID (`None` for SQL NULL).
fn column(env: &Env, employee_id: &str, column: &str) -> Option<String> {
    env.query(&format!(
        "SELECT {column} FROM alumni WHERE employee_id = '{employee_id}'"
    ))
}

/// A database value as the text a CSV cell holds.
fn as_cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The data rows of a table: the cells of each line between the borders,
/// trimmed.
fn table_rows(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .filter(|line| line.contains('┆'))
        .map(|line| {
            line.trim_matches('│')
                .split('┆')
                .map(|cell| cell.trim().to_string())
                .collect()
        })
        .collect()
}

fn assert_lines_have_one_display_width(table: &str) {
    let widths: Vec<(usize, &str)> = table
        .lines()
        .map(|line| (UnicodeWidthStr::width(line), line))
        .collect();
    let first = widths[0].0;
    for (width, line) in &widths {
        assert_eq!(*width, first, "this line is out of line:\n{line}\n{table}");
    }
}

/// The fields of the data model that every alumnus has in JSON.
const MODEL_FIELDS: [&str; 21] = [
    "id",
    "employee_id",
    "name",
    "name_kana",
    "email",
    "phone",
    "department",
    "job_title",
    "hire_date",
    "leave_date",
    "leave_reason",
    "rehire_eligible",
    "current_company",
    "current_title",
    "location",
    "linkedin_url",
    "consent",
    "tags",
    "notes",
    "created_at",
    "updated_at",
];

const ALL_TEN: [&str; 10] = [
    "00123", "00124", "00125", "00126", "00127", "00128", "00129", "00130", "00131", "00132",
];

// ---------------------------------------------------------------- list

#[test]
fn list_shows_all_ten_alumni_in_a_table() {
    let env = roster();
    let table = stdout(&env, &["list"]);
    let rows = table_rows(&table);
    assert_eq!(rows[0][1], "employee_id", "the header row:\n{table}");
    let data = &rows[1..];
    assert_eq!(data.len(), 10, "{table}");
    for (row, person) in data.iter().zip(expected_roster()) {
        assert_eq!(row[1], person["employee_id"], "{table}");
        assert_eq!(row[2], person["name"], "{table}");
        assert_eq!(row[3], person["email"], "{table}");
        assert_eq!(row[4], person["dept"], "{table}");
        assert_eq!(row[5], person["left_on"], "{table}");
    }
}

#[test]
fn list_csv_holds_every_alumnus_as_stored() {
    let env = roster();
    let rows = parse_csv(&stdout(&env, &["list", "--format", "csv"]));
    let stored = env.alumni_rows();
    assert_eq!(rows.len(), 10);
    assert_eq!(stored.len(), 10);
    for (row, db) in rows.iter().zip(&stored) {
        assert!(row.len() >= 18, "too few columns: {row:?}");
        for (name, cell) in row {
            let value = db
                .get(name)
                .unwrap_or_else(|| panic!("CSV column {name:?} is not in the data model"));
            assert_eq!(cell, &as_cell(value), "column {name} of {row:?}");
        }
    }
}

#[test]
fn list_csv_holds_the_normalized_roster_of_the_readme() {
    let env = roster();
    let rows = parse_csv(&stdout(&env, &["list", "--format", "csv"]));
    let expected = expected_roster();
    assert_eq!(rows.len(), expected.len());
    for (row, person) in rows.iter().zip(&expected) {
        for (key, column) in [
            ("employee_id", "employee_id"),
            ("name", "name"),
            ("kana", "name_kana"),
            ("email", "email"),
            ("dept", "department"),
            ("job_title", "job_title"),
            ("hire_date", "hire_date"),
            ("left_on", "leave_date"),
            ("reason", "leave_reason"),
            ("current_company", "current_company"),
            ("notes", "notes"),
        ] {
            assert_eq!(
                row[column], person[key],
                "{column} of {}",
                person["employee_id"]
            );
        }
        let rehire = person["rehire"].as_str().unwrap();
        let rehire = if rehire.is_empty() { "unknown" } else { rehire };
        assert_eq!(row["rehire_eligible"], rehire, "{}", person["employee_id"]);
    }
}

#[test]
fn list_json_uses_the_data_model_field_names_and_stored_values() {
    let env = roster();
    let json: Value = serde_json::from_str(&stdout(&env, &["list", "--format", "json"])).unwrap();
    let list = json.as_array().expect("a JSON array");
    let stored = env.alumni_rows();
    assert_eq!(list.len(), 10);
    for (object, db) in list.iter().zip(&stored) {
        let object = object.as_object().expect("one object per alumnus");
        for field in MODEL_FIELDS {
            assert!(object.contains_key(field), "no {field:?} in {object:?}");
        }
        for (key, value) in object {
            let db_value = db
                .get(key)
                .unwrap_or_else(|| panic!("JSON key {key:?} is not in the data model"));
            if key == "tags" {
                assert_eq!(value, &Value::Array(vec![]), "{object:?}");
                assert_eq!(db_value, &Value::Null);
            } else {
                assert_eq!(value, db_value, "{key} of {object:?}");
            }
        }
    }
    assert_eq!(list[0]["employee_id"], "00123");
    assert_eq!(list[0]["leave_date"], "2024-03-31");
}

#[test]
fn list_json_gives_tags_as_an_array() {
    let env = roster();
    stdout(&env, &["edit", "00123", "--tags", "OB会, 講師"]);
    let json: Value = serde_json::from_str(&stdout(&env, &["list", "--format", "json"])).unwrap();
    assert_eq!(json[0]["tags"], serde_json::json!(["OB会", "講師"]));
    assert_eq!(json[1]["tags"], serde_json::json!([]));
}

#[test]
fn list_filters_by_department() {
    let env = roster();
    assert_eq!(
        employee_ids(&env, &["list", "--department", "営業部"]),
        ["00123", "00127", "00128"]
    );
    assert_eq!(
        employee_ids(&env, &["list", "--department", "開発部"]),
        ["00125", "00129", "00132"]
    );
    assert!(employee_ids(&env, &["list", "--department", "総務部"]).is_empty());
}

#[test]
fn list_department_filter_is_normalized_like_stored_text() {
    let env = roster();
    // Stored as "IT推進室" (the file has full-width ＩＴ).
    assert_eq!(
        employee_ids(&env, &["list", "--department", "ＩＴ推進室"]),
        ["00126"]
    );
    for stray in [" 営業部 ", "\u{3000}営業部\u{3000}", "営業部\t"] {
        assert_eq!(
            employee_ids(&env, &["list", "--department", stray]),
            ["00123", "00127", "00128"],
            "--department {stray:?}"
        );
    }
}

#[test]
fn list_filters_by_year_of_leaving() {
    let env = roster();
    assert_eq!(
        employee_ids(&env, &["list", "--left-in", "2024"]),
        ["00123", "00124", "00128", "00129", "00130"]
    );
    assert_eq!(
        employee_ids(&env, &["list", "--left-in", "2023"]),
        ["00127", "00131"]
    );
    assert!(employee_ids(&env, &["list", "--left-in", "2020"]).is_empty());
}

#[test]
fn list_filters_combine() {
    let env = roster();
    assert_eq!(
        employee_ids(
            &env,
            &["list", "--department", "営業部", "--left-in", "2024"]
        ),
        ["00123", "00128"]
    );
}

#[test]
fn list_filters_by_rehire_eligibility_in_english_or_japanese() {
    let env = roster();
    let yes = ["00123", "00124", "00126", "00129", "00131", "00132"];
    for value in ["yes", "可", "ＹＥＳ"] {
        assert_eq!(
            employee_ids(&env, &["list", "--rehire", value]),
            yes,
            "--rehire {value}"
        );
    }
    for value in ["review", "要相談"] {
        assert_eq!(
            employee_ids(&env, &["list", "--rehire", value]),
            ["00125", "00128"],
            "--rehire {value}"
        );
    }
    for value in ["no", "不可"] {
        assert_eq!(
            employee_ids(&env, &["list", "--rehire", value]),
            ["00130"],
            "--rehire {value}"
        );
    }
    assert_eq!(
        employee_ids(&env, &["list", "--rehire", "unknown"]),
        ["00127"]
    );
}

#[test]
fn list_refuses_an_unknown_rehire_value_as_a_usage_error() {
    let env = roster();
    let stderr = refused(&env, &["list", "--rehire", "たぶん"], 2);
    assert!(stderr.contains("--rehire"), "{stderr}");
    assert!(stderr.contains("たぶん"), "{stderr}");
}

#[test]
fn list_filters_by_a_tag_set_with_edit() {
    let env = roster();
    stdout(&env, &["edit", "00123", "--tags", "OB会,講師"]);
    stdout(&env, &["edit", "00125", "--tags", "講師"]);
    assert_eq!(
        employee_ids(&env, &["list", "--tag", "講師"]),
        ["00123", "00125"]
    );
    assert_eq!(employee_ids(&env, &["list", "--tag", "OB会"]), ["00123"]);
    // Normalized like the stored tags.
    assert_eq!(employee_ids(&env, &["list", "--tag", "ＯＢ会"]), ["00123"]);
    // A whole tag, not part of one.
    assert!(employee_ids(&env, &["list", "--tag", "講"]).is_empty());
}

#[test]
fn list_filters_by_consent() {
    let env = roster();
    assert_eq!(
        employee_ids(&env, &["list", "--consent", "unknown"]),
        ALL_TEN
    );
    assert!(employee_ids(&env, &["list", "--consent", "opted_in"]).is_empty());
    // No command sets consent yet; set it as a later command would.
    env.conn()
        .execute(
            "UPDATE alumni SET consent = 'opted_in' WHERE employee_id = '00124'",
            [],
        )
        .unwrap();
    env.conn()
        .execute(
            "UPDATE alumni SET consent = 'opted_out' WHERE employee_id = '00130'",
            [],
        )
        .unwrap();
    assert_eq!(
        employee_ids(&env, &["list", "--consent", "opted_in"]),
        ["00124"]
    );
    assert_eq!(
        employee_ids(&env, &["list", "--consent", "opted_out"]),
        ["00130"]
    );
    assert_eq!(
        employee_ids(&env, &["list", "--consent", "unknown"]).len(),
        8
    );
}

#[test]
fn list_refuses_an_unknown_consent_as_a_usage_error() {
    let env = roster();
    let stderr = refused(&env, &["list", "--consent", "maybe"], 2);
    assert!(stderr.contains("--consent"), "{stderr}");
}

#[test]
fn list_stops_after_the_limit() {
    let env = roster();
    assert_eq!(
        employee_ids(&env, &["list", "--limit", "3"]),
        ["00123", "00124", "00125"]
    );
    assert_eq!(
        employee_ids(&env, &["list", "--department", "開発部", "--limit", "2"]),
        ["00125", "00129"]
    );
    let json: Value =
        serde_json::from_str(&stdout(&env, &["list", "--limit", "1", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);
}

#[test]
fn list_table_lines_all_have_the_same_display_width() {
    let env = roster();
    let table = stdout(&env, &["list"]);
    assert!(table.lines().count() >= 14, "{table}");
    assert_lines_have_one_display_width(&table);
}

#[test]
fn list_table_lines_up_half_width_kana_and_full_width_input() {
    let env = roster();
    stdout(
        &env,
        &[
            "add",
            "--name",
            "ｷﾑﾗ　ﾀｸﾔ",
            "--email",
            "ｔａｋｕｙａ＠ｅｘａｍｐｌｅ．ｊｐ",
            "--department",
            "ﾃﾞｼﾞﾀﾙ推進室",
            "--current-company",
            "株式会社ｴｰｽ・ﾃﾞｰﾀ",
        ],
    );
    let table = stdout(&env, &["list"]);
    assert!(table.contains("キムラ タクヤ"), "{table}");
    assert_lines_have_one_display_width(&table);
}

// ---------------------------------------------------------------- search

#[test]
fn search_finds_by_kanji_name() {
    let env = roster();
    assert_eq!(employee_ids(&env, &["search", "山田"]), ["00123"]);
    assert_eq!(employee_ids(&env, &["search", "山"]), ["00123", "00132"]);
    assert_eq!(employee_ids(&env, &["search", "山田　太郎"]), ["00123"]);
}

#[test]
fn search_finds_by_katakana_reading() {
    let env = roster();
    assert_eq!(employee_ids(&env, &["search", "ヤマダ"]), ["00123"]);
    assert_eq!(employee_ids(&env, &["search", "ハナコ"]), ["00124"]);
    // Half-width katakana is normalized first.
    assert_eq!(employee_ids(&env, &["search", "ﾔﾏﾀﾞ"]), ["00123"]);
}

#[test]
fn search_finds_a_katakana_reading_typed_in_hiragana() {
    let env = roster();
    assert_eq!(employee_ids(&env, &["search", "やまだ"]), ["00123"]);
    assert_eq!(employee_ids(&env, &["search", "やま"]), ["00123", "00132"]);
    assert_eq!(
        employee_ids(&env, &["search", "すずき いちろう"]),
        ["00125"]
    );
}

#[test]
fn search_typed_in_katakana_finds_a_reading_stored_in_hiragana() {
    let env = roster();
    stdout(
        &env,
        &[
            "add",
            "--employee-id",
            "00201",
            "--name",
            "山口 花子",
            "--kana",
            "やまぐち はなこ",
        ],
    );
    assert_eq!(employee_ids(&env, &["search", "やまぐち"]), ["00201"]);
    assert_eq!(employee_ids(&env, &["search", "ヤマグチ"]), ["00201"]);
}

#[test]
fn search_finds_by_part_of_an_email() {
    let env = roster();
    assert_eq!(employee_ids(&env, &["search", "sato@"]), ["00124"]);
    assert_eq!(
        employee_ids(&env, &["search", "DAISUKE.YAMAMOTO"]),
        ["00132"]
    );
    assert_eq!(
        employee_ids(&env, &["search", "example.co.jp"]).len(),
        8,
        "all but sato@example.jp and the one without email"
    );
}

#[test]
fn search_finds_by_current_company() {
    let env = roster();
    assert_eq!(employee_ids(&env, &["search", "サンプル商事"]), ["00123"]);
    assert_eq!(employee_ids(&env, &["search", "ミライ会計"]), ["00130"]);
    assert_eq!(
        employee_ids(&env, &["search", "株式会社"]),
        ["00123", "00130", "00132"]
    );
}

#[test]
fn search_combines_with_list_filters() {
    let env = roster();
    assert_eq!(
        employee_ids(&env, &["search", "開発部"]),
        ["00125", "00129", "00132"]
    );
    assert_eq!(
        employee_ids(&env, &["search", "開発部", "--rehire", "yes"]),
        ["00129", "00132"]
    );
}

#[test]
fn search_without_a_match_prints_an_empty_result_and_exits_0() {
    let env = roster();
    assert!(employee_ids(&env, &["search", "存在しない人"]).is_empty());
    let csv = stdout(&env, &["search", "存在しない人", "--format", "csv"]);
    assert!(csv.starts_with("id,employee_id,name"), "{csv:?}");
    assert_eq!(csv.lines().count(), 1, "{csv:?}");
    let json: Value = serde_json::from_str(&stdout(
        &env,
        &["search", "存在しない人", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(json, Value::Array(vec![]));
    let table = stdout(&env, &["search", "存在しない人"]);
    assert_eq!(table_rows(&table).len(), 1, "only the header:\n{table}");
}

#[test]
fn search_takes_percent_and_underscore_literally() {
    let env = roster();
    assert!(employee_ids(&env, &["search", "_"]).is_empty());
    assert!(employee_ids(&env, &["search", "%"]).is_empty());
}

// ---------------------------------------------------------------- show

fn show_json(env: &Env, reference: &str) -> Value {
    serde_json::from_str(&stdout(env, &["show", reference, "--format", "json"])).unwrap()
}

#[test]
fn show_finds_an_alumnus_by_employee_id() {
    let env = roster();
    let json = show_json(&env, "00123");
    assert_eq!(json["id"], 1);
    assert_eq!(json["name"], "山田 太郎");
    // Typed in full-width digits, it is the same ID.
    assert_eq!(show_json(&env, "００１２３")["employee_id"], "00123");
    assert_eq!(show_json(&env, "00130")["name"], "小林 直樹");
}

#[test]
fn show_finds_an_alumnus_by_email_in_any_case() {
    let env = roster();
    for email in [
        "taro.yamada@example.co.jp",
        "TARO.YAMADA@EXAMPLE.CO.JP",
        "Taro.Yamada@Example.co.jp",
    ] {
        assert_eq!(show_json(&env, email)["employee_id"], "00123", "{email}");
    }
    assert_eq!(
        show_json(&env, "ｓａｔｏ＠ｅｘａｍｐｌｅ．ｊｐ")["employee_id"],
        "00124"
    );
}

#[test]
fn show_finds_an_alumnus_by_internal_id() {
    let env = roster();
    assert_eq!(show_json(&env, "#1")["employee_id"], "00123");
    assert_eq!(show_json(&env, "#8")["employee_id"], "00130");
}

#[test]
fn an_unknown_employee_id_with_leading_zeros_is_not_taken_for_an_internal_id() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(&env, &["show", "0005"], 1);
    assert!(stderr.contains("0005"), "{stderr}");
    refused(&env, &["edit", "0005", "--rehire", "no"], 1);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn show_table_has_japanese_labels() {
    let env = roster();
    let table = stdout(&env, &["show", "00123"]);
    let by_label: HashMap<String, String> = table_rows(&table)
        .into_iter()
        .filter(|row| row.len() == 3)
        .map(|row| (row[1].clone(), row[2].clone()))
        .collect();
    for (label, value) in [
        ("社員番号", "00123"),
        ("氏名", "山田 太郎"),
        ("フリガナ", "ヤマダ タロウ"),
        ("メールアドレス", "taro.yamada@example.co.jp"),
        ("部署", "営業部"),
        ("入社日", "2019-04-01"),
        ("退職日", "2024-03-31"),
        ("退職理由", "キャリアアップのため転職"),
        ("現在の勤務先", "株式会社サンプル商事"),
    ] {
        assert_eq!(
            by_label.get(label).map(String::as_str),
            Some(value),
            "{label}:\n{table}"
        );
    }
    assert!(
        by_label["再雇用可否"].starts_with("yes"),
        "再雇用可否:\n{table}"
    );
}

#[test]
fn show_table_lines_all_have_the_same_display_width() {
    let env = roster();
    // 00129 has two lines of notes.
    let page = stdout(&env, &["show", "00129"]);
    // The profile is the first table; the timeline follows after a blank line.
    let table = page.split("\n\n").next().unwrap();
    assert!(table.contains("連絡先は個人メールへ"), "{table}");
    assert_lines_have_one_display_width(table);
}

#[test]
fn show_json_has_every_stored_field_of_the_alumnus() {
    let env = roster();
    let json = show_json(&env, "00129");
    let object = json.as_object().unwrap();
    let db = &env.alumni_rows()[6];
    for field in MODEL_FIELDS {
        assert!(object.contains_key(field), "no {field:?} in {object:?}");
    }
    // The timeline of the alumnus comes with the profile.
    for history in ["contacts", "applications", "events", "partners"] {
        assert_eq!(object[history], serde_json::json!([]), "{history}");
    }
    for (key, value) in object
        .iter()
        .filter(|(k, _)| !["contacts", "applications", "events", "partners"].contains(&k.as_str()))
    {
        let db_value = db
            .get(key)
            .unwrap_or_else(|| panic!("JSON key {key:?} is not in the data model"));
        if key != "tags" {
            assert_eq!(value, db_value, "{key}");
        }
    }
    assert_eq!(
        json["notes"],
        "送別会済み, PC返却済み\n連絡先は個人メールへ"
    );
    assert_eq!(json["hire_date"], "2024-04-01");
}

#[test]
fn show_of_an_unknown_alumnus_exits_1_naming_it_and_changes_nothing() {
    let env = roster();
    let before = env.snapshot();
    for reference in ["99999", "nobody@example.com", "#99", "A-404"] {
        let stderr = refused(&env, &["show", reference], 1);
        assert!(stderr.contains(reference), "{reference}: {stderr}");
    }
    assert_eq!(env.snapshot(), before);
}

// ---------------------------------------------------------------- add

#[test]
fn add_prints_the_new_id_on_stdout() {
    let env = roster();
    let out = stdout(&env, &["add", "--name", "木村 拓哉"]);
    assert_eq!(out, "11\n");
    let name: String = env.query("SELECT name FROM alumni WHERE id = 11");
    assert_eq!(name, "木村 拓哉");
    assert_eq!(env.count("alumni"), 11);
}

#[test]
fn add_stores_normalized_values() {
    let env = roster();
    let id = stdout(
        &env,
        &[
            "add",
            "--employee-id",
            "００２０１",
            "--name",
            "木村　拓哉",
            "--kana",
            "ｷﾑﾗ ﾀｸﾔ",
            "--email",
            "ＴＡＫＵＹＡ.Kimura@Example.JP",
            "--phone",
            "０９０－１２３４－５６７８",
            "--department",
            "ＩＴ推進室",
            "--hire-date",
            "平成31年4月1日",
            "--leave-date",
            "令和6年3月31日",
            "--rehire",
            "要相談",
            "--tags",
            "OB会、講師",
        ],
    );
    assert_eq!(id.trim(), "11");
    let row = &env.alumni_rows()[10];
    for (column, value) in [
        ("employee_id", "00201"),
        ("name", "木村 拓哉"),
        ("name_kana", "キムラ タクヤ"),
        ("email", "takuya.kimura@example.jp"),
        ("phone", "090-1234-5678"),
        ("department", "IT推進室"),
        ("hire_date", "2019-04-01"),
        ("leave_date", "2024-03-31"),
        ("rehire_eligible", "review"),
        ("rehire_source", "manual"),
        ("tags", "OB会,講師"),
    ] {
        assert_eq!(row[column], value, "{column}");
    }
    assert_eq!(row["job_title"], Value::Null);
    // Era dates in short form too.
    stdout(
        &env,
        &[
            "add",
            "--name",
            "x",
            "--leave-date",
            "R6.10.31",
            "--hire-date",
            "2024/4/1",
        ],
    );
    let row = &env.alumni_rows()[11];
    assert_eq!(row["leave_date"], "2024-10-31");
    assert_eq!(row["hire_date"], "2024-04-01");
}

#[test]
fn add_without_a_name_and_without_a_terminal_is_a_usage_error_naming_name() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(&env, &["add", "--employee-id", "00201"], 2);
    assert!(stderr.contains("--name"), "{stderr}");
    let stderr = refused(&env, &["add", "--name", "　"], 2);
    assert!(stderr.contains("--name"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn add_refuses_an_invalid_date_naming_the_flag() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(
        &env,
        &["add", "--name", "木村 拓哉", "--leave-date", "2024-13-45"],
        65,
    );
    assert!(stderr.contains("--leave-date"), "{stderr}");
    assert!(stderr.contains("2024-13-45"), "{stderr}");
    let stderr = refused(
        &env,
        &["add", "--name", "木村 拓哉", "--hire-date", "2023/2/29"],
        65,
    );
    assert!(stderr.contains("--hire-date"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn add_refuses_an_invalid_email_naming_the_flag() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(
        &env,
        &["add", "--name", "木村 拓哉", "--email", "taro.example.com"],
        65,
    );
    assert!(stderr.contains("--email"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn add_refuses_an_email_that_belongs_to_someone_else() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(
        &env,
        &[
            "add",
            "--name",
            "山田 太郎",
            "--email",
            "TARO.YAMADA@example.co.jp",
        ],
        65,
    );
    assert!(stderr.contains("taro.yamada@example.co.jp"), "{stderr}");
    assert!(stderr.contains("00123"), "names who has it: {stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn add_refuses_an_employee_id_that_belongs_to_someone_else() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(
        &env,
        &["add", "--name", "木村 拓哉", "--employee-id", "００１２３"],
        65,
    );
    assert!(stderr.contains("00123"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn add_writes_an_audit_row_without_the_values() {
    let env = roster();
    let audits = env.count("audit");
    stdout(
        &env,
        &["add", "--name", "木村 拓哉", "--email", "takuya@example.jp"],
    );
    assert_eq!(env.count("audit"), audits + 1);
    let (command, alumnus, actor, detail): (String, i64, String, String) = env
        .conn()
        .query_row(
            "SELECT command, alumnus_id, actor, detail FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(command, "add");
    assert_eq!(alumnus, 11);
    assert_eq!(actor, "tester");
    assert!(!detail.contains("木村"), "{detail}");
    assert!(!detail.contains("takuya"), "{detail}");
}

// ---------------------------------------------------------------- edit

#[test]
fn edit_changes_fields_and_an_import_keeps_them() {
    let env = roster();
    stdout(
        &env,
        &[
            "edit",
            "00123",
            "--current-company",
            "株式会社ミライ",
            "--job-title",
            "営業マネージャー",
        ],
    );
    assert_eq!(
        column(&env, "00123", "current_company").as_deref(),
        Some("株式会社ミライ")
    );
    assert_eq!(
        column(&env, "00123", "job_title").as_deref(),
        Some("営業マネージャー")
    );

    // roster.xlsx says 株式会社サンプル商事 and 営業: the hand values stay.
    let stderr = env.import(&["roster.xlsx"]);
    assert_eq!(
        column(&env, "00123", "current_company").as_deref(),
        Some("株式会社ミライ")
    );
    assert_eq!(
        column(&env, "00123", "job_title").as_deref(),
        Some("営業マネージャー")
    );
    let kept = stderr
        .split([';', '\n'])
        .find(|part| part.contains("kept"))
        .unwrap_or_else(|| panic!("the import does not mention kept values: {stderr}"));
    assert!(kept.contains('2'), "two values were kept: {stderr}");
    // What was not edited still comes from the file.
    assert_eq!(
        column(&env, "00123", "department").as_deref(),
        Some("営業部")
    );
}

#[test]
fn edit_normalizes_what_is_typed() {
    let env = roster();
    stdout(
        &env,
        &[
            "edit",
            "TARO.YAMADA@EXAMPLE.CO.JP",
            "--department",
            "ＩＴ推進室",
            "--leave-date",
            "令和6年4月30日",
            "--email",
            "Taro@Example.JP",
        ],
    );
    let row = &env.alumni_rows()[0];
    assert_eq!(row["department"], "IT推進室");
    assert_eq!(row["leave_date"], "2024-04-30");
    assert_eq!(row["email"], "taro@example.jp");
}

#[test]
fn edit_rehire_no_is_set_by_hand_and_survives_an_import() {
    let env = roster();
    stdout(&env, &["edit", "00123", "--rehire", "no"]);
    assert_eq!(
        column(&env, "00123", "rehire_eligible").as_deref(),
        Some("no")
    );
    assert_eq!(
        column(&env, "00123", "rehire_source").as_deref(),
        Some("manual")
    );
    // roster.xlsx says 可 (yes) for 00123.
    env.import(&["roster.xlsx"]);
    assert_eq!(
        column(&env, "00123", "rehire_eligible").as_deref(),
        Some("no")
    );
    assert_eq!(
        column(&env, "00123", "rehire_source").as_deref(),
        Some("manual")
    );
    assert_eq!(
        employee_ids(&env, &["list", "--rehire", "no"]),
        ["00123", "00130"]
    );
}

#[test]
fn edit_clear_empties_a_field() {
    let env = roster();
    stdout(&env, &["edit", "00123", "--phone", "03-1234-5678"]);
    assert_eq!(
        column(&env, "00123", "phone").as_deref(),
        Some("03-1234-5678")
    );
    let before = env.alumni_rows();
    stdout(&env, &["edit", "00123", "--clear", "phone"]);
    let after = env.alumni_rows();
    assert_eq!(after[0]["phone"], Value::Null);
    for (column, value) in &before[0] {
        if !["phone", "updated_at", "manual_fields"].contains(&column.as_str()) {
            assert_eq!(&after[0][column], value, "{column}");
        }
    }
    assert_eq!(after[1..], before[1..]);
}

#[test]
fn a_field_cleared_by_hand_stays_empty_after_an_import() {
    let env = roster();
    stdout(&env, &["edit", "00123", "--clear", "current_company"]);
    assert_eq!(column(&env, "00123", "current_company"), None);
    env.import(&["roster.xlsx"]);
    assert_eq!(column(&env, "00123", "current_company"), None);
}

#[test]
fn edit_without_a_change_is_a_usage_error() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(&env, &["edit", "00123"], 2);
    assert!(
        stderr.contains("--clear"),
        "says how to change something: {stderr}"
    );
    refused(&env, &["edit", "00123", "--clear", "hobby"], 2);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn edit_refuses_an_empty_name() {
    let env = roster();
    let before = env.snapshot();
    let output = env
        .alumni(&["edit", "00124", "--name", ""])
        .output()
        .unwrap();
    assert!(
        !output.status.success(),
        "the name is now {:?}",
        column(&env, "00124", "name")
    );
    assert!(
        stderr_of(&output).contains("--name"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn edit_of_an_unknown_alumnus_exits_1_and_changes_nothing() {
    let env = roster();
    let before = env.snapshot();
    for reference in ["99999", "nobody@example.com", "#99"] {
        let stderr = refused(&env, &["edit", reference, "--phone", "03-1234-5678"], 1);
        assert!(stderr.contains(reference), "{reference}: {stderr}");
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn edit_refuses_an_email_or_employee_id_of_someone_else() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(&env, &["edit", "00123", "--email", "SATO@example.jp"], 65);
    assert!(stderr.contains("sato@example.jp"), "{stderr}");
    let stderr = refused(&env, &["edit", "00123", "--employee-id", "00124"], 65);
    assert!(stderr.contains("00124"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn edit_refuses_an_invalid_date_naming_the_flag() {
    let env = roster();
    let before = env.snapshot();
    let stderr = refused(&env, &["edit", "00123", "--leave-date", "2024-02-30"], 65);
    assert!(stderr.contains("--leave-date"), "{stderr}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn edit_writes_an_audit_row_naming_the_fields_but_not_their_values() {
    let env = roster();
    let audits = env.count("audit");
    stdout(
        &env,
        &[
            "edit",
            "00123",
            "--phone",
            "090-1234-5678",
            "--current-company",
            "株式会社ミライ",
        ],
    );
    assert_eq!(env.count("audit"), audits + 1);
    let (command, alumnus, actor, detail): (String, i64, String, String) = env
        .conn()
        .query_row(
            "SELECT command, alumnus_id, actor, detail FROM audit ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(command, "edit");
    assert_eq!(alumnus, 1);
    assert_eq!(actor, "tester");
    assert!(detail.contains("phone"), "{detail}");
    assert!(detail.contains("current_company"), "{detail}");
    for value in ["090", "1234", "ミライ", "サンプル商事", "山田"] {
        assert!(!detail.contains(value), "{value:?} in {detail}");
    }
}

#[test]
fn search_finds_a_name_typed_without_its_space() {
    let env = roster();
    assert_eq!(employee_ids(&env, &["search", "山田太郎"]), ["00123"]);
    assert_eq!(employee_ids(&env, &["search", "やまだたろう"]), ["00123"]);
}

#[test]
fn an_empty_filter_is_a_usage_error_not_everyone() {
    let env = roster();
    let cases: [&[&str]; 3] = [
        &["list", "--department", " "],
        &["list", "--tag", ""],
        &["search", "　"],
    ];
    for args in cases {
        env.alumni(args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("is empty"));
    }
}
