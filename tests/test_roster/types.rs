//! The employment type (雇用形態) and leave type (退職区分) of an alumnus:
//! read from `fixtures/roster_types.csv` (fixtures/README.md gives the
//! expected values), filtered on by `list` and `export roster`, set by
//! `add` and `edit`, and matched by the rehire rules.

use super::*;
use crate::common::{refused_unchanged, stderr};

/// A database holding the ten people of `roster_types.csv`.
fn types_roster() -> Env {
    let env = Env::new();
    env.import(&["roster_types.csv"]);
    env
}

/// What the fixture's README says each person is stored with.
const EXPECTED: [(&str, Option<&str>, Option<&str>); 10] = [
    ("T001", Some("full_time"), Some("voluntary")),
    ("T002", Some("contract"), Some("involuntary")),
    ("T003", Some("part_time"), Some("contract_end")),
    ("T004", Some("temp"), Some("contract_end")),
    ("T005", Some("full_time"), Some("retirement")),
    ("T006", Some("contract"), Some("other")),
    ("T007", Some("other"), None),
    ("T008", Some("full_time"), Some("involuntary")),
    ("T009", Some("other"), Some("involuntary")),
    ("T010", Some("full_time"), Some("voluntary")),
];

/// `rehire_eligible/rehire_source` of one person.
fn eligibility(env: &Env, id: &str) -> String {
    let value = column(env, id, "rehire_eligible").unwrap();
    let source = column(env, id, "rehire_source").unwrap_or_default();
    format!("{value}/{source}")
}

#[test]
fn an_import_stores_employment_and_leave_types_normalized_field_by_field() {
    let env = types_roster();
    let out = stdout(&env, &["export", "roster", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.len(), EXPECTED.len());
    for (row, (id, employment, leave)) in rows.iter().zip(EXPECTED) {
        assert_eq!(row["employee_id"], id);
        assert_eq!(row["employment_type"].as_str(), employment, "{id}");
        assert_eq!(row["leave_type"].as_str(), leave, "{id}");
    }
    // The other columns are read as before.
    assert_eq!(rows[1]["leave_reason"], "事業所閉鎖");
    assert_eq!(rows[2]["name"], "上野 三恵");
    // Stored as the values themselves, which the schema checks.
    assert_eq!(
        column(&env, "T003", "employment_type").as_deref(),
        Some("part_time")
    );
    assert_eq!(column(&env, "T007", "leave_type"), None);
}

#[test]
fn the_roster_lists_the_new_fields_after_notes_in_csv_and_json() {
    let env = types_roster();
    let csv = stdout(&env, &["list", "--format", "csv", "--no-bom"]);
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("notes,employment_type,leave_type,rehire_source"),
        "{header}"
    );
    let rows = parse_csv(&csv);
    assert_eq!(rows[3]["employment_type"], "temp");
    assert_eq!(rows[3]["leave_type"], "contract_end");
    let json: Value =
        serde_json::from_str(&stdout(&env, &["show", "T005", "--format", "json"])).unwrap();
    assert_eq!(json["employment_type"], "full_time");
    assert_eq!(json["leave_type"], "retirement");
    let table = stdout(&env, &["show", "T005"]);
    assert!(
        table.contains("雇用形態") && table.contains("退職区分"),
        "{table}"
    );
}

#[test]
fn list_and_export_filter_by_employment_and_leave_type_by_value_or_label() {
    let env = types_roster();
    for value in ["full_time", "正社員", "Full-Time"] {
        assert_eq!(
            employee_ids(&env, &["list", "--employment-type", value]),
            ["T001", "T005", "T008", "T010"],
            "--employment-type {value}"
        );
    }
    for value in ["involuntary", "会社都合"] {
        assert_eq!(
            employee_ids(&env, &["list", "--leave-type", value]),
            ["T002", "T008", "T009"],
            "--leave-type {value}"
        );
    }
    assert_eq!(
        employee_ids(
            &env,
            &[
                "list",
                "--employment-type",
                "full_time",
                "--leave-type",
                "自己都合"
            ]
        ),
        ["T001", "T010"]
    );
    assert_eq!(
        employee_ids(&env, &["list", "--leave-type", "other"]),
        ["T006"]
    );
    let csv = stdout(
        &env,
        &[
            "export",
            "roster",
            "--leave-type",
            "契約満了",
            "--format",
            "csv",
        ],
    );
    let ids: Vec<String> = parse_csv(&csv)
        .into_iter()
        .map(|r| r["employee_id"].clone())
        .collect();
    assert_eq!(ids, ["T003", "T004"]);
}

#[test]
fn an_unknown_or_empty_type_filter_is_a_usage_error() {
    let env = types_roster();
    let err = refused(&env, &["list", "--employment-type", "嘱託"], 2);
    assert!(err.contains("--employment-type \"嘱託\""), "{err}");
    assert!(err.contains("full_time (正社員)"), "{err}");
    let err = refused(&env, &["list", "--leave-type", "fired"], 2);
    assert!(err.contains("contract_end (契約満了)"), "{err}");
    let err = refused(&env, &["export", "roster", "--leave-type", " "], 2);
    assert!(err.contains("--leave-type is empty"), "{err}");
}

#[test]
fn add_and_edit_set_the_types_by_hand_and_an_import_keeps_them() {
    let env = types_roster();
    let id = stdout(
        &env,
        &[
            "add",
            "--name",
            "佐々木 十一",
            "--employee-id",
            "T011",
            "--employment-type",
            "契約社員",
            "--leave-type",
            "定年退職",
        ],
    );
    assert_eq!(id.trim(), "11");
    assert_eq!(
        column(&env, "T011", "employment_type").as_deref(),
        Some("contract")
    );
    assert_eq!(
        column(&env, "T011", "leave_type").as_deref(),
        Some("retirement")
    );
    // Text no parser knows is kept as other, by hand as at import.
    stdout(
        &env,
        &[
            "edit",
            "T001",
            "--leave-type",
            "転勤の都合",
            "--employment-type",
            "派遣",
        ],
    );
    assert_eq!(column(&env, "T001", "leave_type").as_deref(), Some("other"));
    assert_eq!(
        column(&env, "T001", "employment_type").as_deref(),
        Some("temp")
    );
    let manual: i64 = env.query("SELECT manual_fields FROM alumni WHERE employee_id = 'T001'");
    assert_eq!(manual, (1 << 17) | (1 << 18));
    // A second import of the file does not undo what was set by hand.
    env.import(&["roster_types.csv"]);
    assert_eq!(column(&env, "T001", "leave_type").as_deref(), Some("other"));
    assert_eq!(
        column(&env, "T001", "employment_type").as_deref(),
        Some("temp")
    );
    stdout(&env, &["edit", "T001", "--clear", "leave_type"]);
    assert_eq!(column(&env, "T001", "leave_type"), None);
    let audit: String =
        env.query("SELECT detail FROM audit WHERE command = 'edit' ORDER BY id LIMIT 1");
    assert_eq!(audit, "changed employment_type, leave_type");
}

#[test]
fn a_rule_by_leave_type_decides_alumni_of_that_type_after_their_departure_reason() {
    let env = types_roster();
    let untouched = || assert_eq!(eligibility(&env, "T009"), "yes/imported");
    for id in ["T002", "T008"] {
        assert_eq!(eligibility(&env, id), "unknown/");
    }

    let err = stderr(&env, &["rules", "set", "involuntary", "review"]);
    assert!(err.contains("(and for leave type involuntary)"), "{err}");
    assert!(err.contains("2 alumni updated"), "{err}");
    assert_eq!(eligibility(&env, "T002"), "review/rule");
    assert_eq!(eligibility(&env, "T008"), "review/rule");
    untouched();
    assert_eq!(eligibility(&env, "T001"), "unknown/");

    // A rule for T002's departure reason comes before its leave type's.
    stderr(&env, &["rules", "set", "事業所閉鎖", "no"]);
    assert_eq!(eligibility(&env, "T002"), "no/rule");
    assert_eq!(eligibility(&env, "T008"), "review/rule");

    let rules: Vec<Value> =
        serde_json::from_str(&stdout(&env, &["rules", "list", "--format", "json"])).unwrap();
    let by_key: HashMap<&str, &Value> = rules
        .iter()
        .map(|r| (r["leave_reason"].as_str().unwrap(), r))
        .collect();
    assert_eq!(by_key["involuntary"]["leave_type"], "involuntary");
    assert_eq!(by_key["involuntary"]["applied_to"], 1);
    assert_eq!(by_key["事業所閉鎖"]["leave_type"], Value::Null);
    assert_eq!(by_key["事業所閉鎖"]["applied_to"], 1);

    // A second key for the same leave type is refused, and changes nothing.
    let err = refused_unchanged(&env, &["rules", "set", "会社都合", "no"], 2);
    assert!(
        err.contains("\"involuntary\" already decides leave type involuntary"),
        "{err}"
    );

    // Without its reason's rule, T002 falls back to its leave type's.
    stderr(&env, &["rules", "remove", "事業所閉鎖"]);
    assert_eq!(eligibility(&env, "T002"), "review/rule");
    let err = stderr(&env, &["rules", "remove", "involuntary"]);
    assert!(err.contains("2 alumni"), "{err}");
    assert_eq!(eligibility(&env, "T002"), "unknown/");
    assert_eq!(eligibility(&env, "T008"), "unknown/");
    untouched();

    // Each change has its own audit row, naming what decided it.
    let details: String = env.query(
        "SELECT string_agg(detail, '|' ORDER BY id) FROM (SELECT id, detail FROM audit
         WHERE command LIKE 'rules %' AND alumnus_id IS NOT NULL ORDER BY id LIMIT 3) AS first",
    );
    assert_eq!(
        details,
        "rehire_eligible set by the rule for its leave_type (review)|\
         rehire_eligible set by the rule for its leave_type (review)|\
         rehire_eligible set by the rule for its leave_reason (no)"
    );
}

#[test]
fn an_import_after_a_rule_by_japanese_leave_type_applies_it() {
    let env = Env::empty();
    stderr(&env, &["rules", "set", "会社都合", "review"]);
    env.import(&["roster_types.csv"]);
    assert_eq!(eligibility(&env, "T002"), "review/rule");
    assert_eq!(eligibility(&env, "T008"), "review/rule");
    assert_eq!(eligibility(&env, "T009"), "yes/imported");
    assert_eq!(eligibility(&env, "T001"), "unknown/");
}
