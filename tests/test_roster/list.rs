//! `alumni list` of the whole roster: its table, CSV and JSON, and a table
//! whose lines line up whatever the width of the characters.

use super::*;

/// A database value as the text a CSV cell holds.
fn as_cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

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
