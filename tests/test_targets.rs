//! `alumni target`, `spend` and `config`, run as a user would: targets set
//! by hand and read from the grids in `fixtures/targets*` (described in
//! fixtures/README.md), spend per month and channel, and the settings that
//! decide the fiscal year and the labels.

use serde_json::Value;

use crate::common::audit_details as audit;
use crate::common::{
    Env, parse_csv, refused_unchanged as refused, stderr, stderr_of, stdout, stdout_of,
};

mod config;
mod grid;
mod inputs;
mod spend;

/// A stored target: month, stage, department, kind, count.
type Target = (String, String, String, String, i64);

/// Every stored target, by month, stage, department and kind.
fn targets(env: &Env) -> Vec<Target> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare("SELECT month, stage, department, kind, count FROM targets ORDER BY 1, 2, 3, 4")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn target(month: &str, stage: &str, department: &str, kind: &str, count: i64) -> Target {
    (
        month.into(),
        stage.into(),
        department.into(),
        kind.into(),
        count,
    )
}

/// The rows of a listing printed with `--format json`.
fn json_rows(env: &Env, args: &[&str]) -> Vec<serde_json::Map<String, Value>> {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let text = stdout(env, &args);
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {text}"))
        .iter()
        .map(|r| r.as_object().unwrap().clone())
        .collect()
}

/// The months `target list ARGS` shows, in order.
fn listed_months(env: &Env, args: &[&str]) -> Vec<String> {
    let mut args = args.to_vec();
    args.extend(["--format", "csv"]);
    parse_csv(&stdout(env, &args))
        .into_iter()
        .map(|r| r["month"].clone())
        .collect()
}

// ---------------------------------------------------------------- target set

#[test]
fn target_set_stores_a_target_for_all_departments_and_both_kinds() {
    let env = Env::empty();
    let err = stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "rejoined", "3"],
    );
    assert_eq!(targets(&env), [target("2026-04", "rejoined", "", "", 3)]);
    assert!(
        err.contains("target of 2026-04 rejoined (all departments, both kinds) set to 3"),
        "{err}"
    );
    assert_eq!(
        audit(&env, "target set"),
        ["2026-04 rejoined (all departments, both kinds): (none) -> 3"]
    );
}

#[test]
fn target_set_reads_the_month_in_every_form_hr_types_it() {
    let env = Env::empty();
    for (typed, count) in [
        ("2026/5", "1"),
        ("2026年6月", "2"),
        ("令和8年7月", "3"),
        ("R8.8", "4"),
        ("２０２６年９月", "5"),
        ("2026/10/1", "6"),
    ] {
        stderr(&env, &["target", "set", typed, "--stage", "offer", count]);
    }
    let months: Vec<(String, i64)> = targets(&env).into_iter().map(|t| (t.0, t.4)).collect();
    assert_eq!(
        months,
        [
            ("2026-05".to_string(), 1),
            ("2026-06".into(), 2),
            ("2026-07".into(), 3),
            ("2026-08".into(), 4),
            ("2026-09".into(), 5),
            ("2026-10".into(), 6),
        ]
    );
}

#[test]
fn target_set_names_the_stage_by_key_japanese_or_english_label() {
    let env = Env::empty();
    stderr(&env, &["target", "set", "2026-04", "--stage", "面接", "6"]);
    stderr(&env, &["target", "set", "2026-04", "--stage", "Offer", "2"]);
    stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "APPLIED", "10"],
    );
    let stages: Vec<String> = targets(&env).into_iter().map(|t| t.1).collect();
    assert_eq!(stages, ["applied", "interview", "offer"]);
}

#[test]
fn target_set_replaces_the_stored_count_and_says_what_it_was() {
    let env = Env::empty();
    stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "rejoined", "3"],
    );
    let err = stderr(&env, &["target", "set", "2026/4", "--stage", "入社", "5"]);
    assert!(err.contains("set to 5 (was 3)"), "{err}");
    assert_eq!(targets(&env), [target("2026-04", "rejoined", "", "", 5)]);
    assert_eq!(audit(&env, "target set").len(), 2);
    assert!(audit(&env, "target set")[1].ends_with(": 3 -> 5"));
}

#[test]
fn target_set_of_the_count_already_stored_changes_nothing() {
    let env = Env::empty();
    stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "rejoined", "3"],
    );
    let before = env.snapshot();
    let err = stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "rejoined", "3"],
    );
    assert!(err.contains("is already 3"), "{err}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_target_per_department_and_kind_is_kept_beside_the_overall_one() {
    let env = Env::empty();
    stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "rejoined", "3"],
    );
    let err = stderr(
        &env,
        &[
            "target",
            "set",
            "2026-04",
            "--stage",
            "rejoined",
            "1",
            "--department",
            "営業部",
            "--kind",
            "rehire",
        ],
    );
    assert!(err.contains("(営業部, rehire)"), "{err}");
    stderr(
        &env,
        &[
            "target", "set", "2026-04", "--stage", "rejoined", "2", "--kind", "referral",
        ],
    );
    assert_eq!(
        targets(&env),
        [
            target("2026-04", "rejoined", "", "", 3),
            target("2026-04", "rejoined", "", "referral", 2),
            target("2026-04", "rejoined", "営業部", "rehire", 1),
        ]
    );
}

#[test]
fn a_count_may_be_zero_or_typed_with_full_width_digits() {
    let env = Env::empty();
    stderr(&env, &["target", "set", "2026-04", "--stage", "offer", "0"]);
    stderr(
        &env,
        &["target", "set", "2026-05", "--stage", "offer", "１２"],
    );
    assert_eq!(
        targets(&env),
        [
            target("2026-04", "offer", "", "", 0),
            target("2026-05", "offer", "", "", 12),
        ]
    );
}

#[test]
fn a_month_that_is_not_one_is_bad_data_naming_the_value() {
    let env = Env::empty();
    stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "rejoined", "3"],
    );
    for bad in ["2026-13", "26/4", "2026", "4月", "next month"] {
        let err = refused(
            &env,
            &["target", "set", bad, "--stage", "rejoined", "1"],
            65,
        );
        assert!(
            err.contains(&format!("MONTH {bad:?} is not a month")),
            "{bad}: {err}"
        );
    }
}

#[test]
fn an_unknown_stage_is_bad_data_listing_the_stage_keys() {
    let env = Env::empty();
    stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "rejoined", "3"],
    );
    let err = refused(
        &env,
        &["target", "set", "2026-04", "--stage", "最終面接", "1"],
        65,
    );
    assert!(err.contains("--stage"), "{err}");
    assert!(
        err.contains("the stages are contacted, interested, applied, screening, interview, offer, accepted, rejoined"),
        "{err}"
    );
}

#[test]
fn a_count_that_is_not_a_whole_number_of_zero_or_more_is_bad_data() {
    let env = Env::empty();
    stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "rejoined", "3"],
    );
    for bad in ["-3", "3.5", "many", ""] {
        let err = refused(
            &env,
            &["target", "set", "2026-04", "--stage", "rejoined", bad],
            65,
        );
        assert!(
            err.contains(&format!("COUNT {bad:?} is not a count")),
            "{bad}: {err}"
        );
    }
}

#[test]
fn a_kind_other_than_rehire_or_referral_and_an_empty_department_are_usage_errors() {
    let env = Env::empty();
    stderr(
        &env,
        &["target", "set", "2026-04", "--stage", "rejoined", "3"],
    );
    let err = refused(
        &env,
        &[
            "target", "set", "2026-04", "--stage", "rejoined", "1", "--kind", "transfer",
        ],
        2,
    );
    assert!(err.contains("rehire") && err.contains("referral"), "{err}");
    let err = refused(
        &env,
        &[
            "target",
            "set",
            "2026-04",
            "--stage",
            "rejoined",
            "1",
            "--department",
            "　",
        ],
        2,
    );
    assert!(err.contains("--department is empty"), "{err}");
}

// ---------------------------------------------------------------- target list

/// A database with targets in four months around fiscal 2026 (April start).
fn four_months() -> Env {
    let env = Env::empty();
    for (month, stage, count) in [
        ("2026-03", "rejoined", "1"),
        ("2026-04", "rejoined", "2"),
        ("2026-04", "offer", "4"),
        ("2027-03", "rejoined", "3"),
        ("2027-04", "rejoined", "5"),
    ] {
        stderr(&env, &["target", "set", month, "--stage", stage, count]);
    }
    stderr(
        &env,
        &[
            "target",
            "set",
            "2026-04",
            "--stage",
            "rejoined",
            "1",
            "--department",
            "営業部",
            "--kind",
            "rehire",
        ],
    );
    env
}

#[test]
fn target_list_json_has_one_object_per_target_with_null_for_all_departments_and_both_kinds() {
    let env = four_months();
    let rows = json_rows(&env, &["target", "list"]);
    assert_eq!(rows.len(), 6);
    // By month, then stage order (offer before rejoined), then department.
    let keys: Vec<String> = rows[0].keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "month",
            "stage",
            "stage_label",
            "department",
            "kind",
            "count"
        ]
    );
    assert_eq!(rows[1]["month"], "2026-04");
    assert_eq!(rows[1]["stage"], "offer");
    assert_eq!(rows[1]["stage_label"], "Offer");
    assert_eq!(rows[1]["department"], Value::Null);
    assert_eq!(rows[1]["kind"], Value::Null);
    assert_eq!(rows[1]["count"], 4);
    assert_eq!(rows[2]["stage"], "rejoined");
    assert_eq!(rows[2]["department"], Value::Null);
    assert_eq!(rows[2]["count"], 2);
    assert_eq!(rows[3]["department"], "営業部");
    assert_eq!(rows[3]["kind"], "rehire");
    assert_eq!(rows[3]["count"], 1);
}

#[test]
fn target_list_csv_and_table_show_the_same_targets() {
    let env = four_months();
    let csv = parse_csv(&stdout(&env, &["target", "list", "--format", "csv"]));
    assert_eq!(csv.len(), 6);
    assert_eq!(csv[3]["month"], "2026-04");
    assert_eq!(csv[3]["stage"], "rejoined");
    assert_eq!(csv[3]["stage_label"], "Rejoined");
    assert_eq!(csv[3]["department"], "営業部");
    assert_eq!(csv[3]["kind"], "rehire");
    assert_eq!(csv[3]["count"], "1");
    assert_eq!(csv[2]["department"], "");
    let table = stdout(&env, &["target", "list"]);
    for text in [
        "month",
        "stage_label",
        "2027-04",
        "Rejoined",
        "営業部",
        "rehire",
    ] {
        assert!(table.contains(text), "{text} not in\n{table}");
    }
    assert_eq!(
        table,
        stdout(&env, &["target", "list", "--format", "table"])
    );
}

#[test]
fn target_list_fy_shows_only_the_months_of_that_fiscal_year() {
    let env = four_months();
    assert_eq!(
        listed_months(&env, &["target", "list", "--fy", "2026"]),
        ["2026-04", "2026-04", "2026-04", "2027-03"]
    );
    assert_eq!(
        listed_months(&env, &["target", "list", "--fy", "2025"]),
        ["2026-03"]
    );
    assert_eq!(
        listed_months(&env, &["target", "list", "--fy", "2027"]),
        ["2027-04"]
    );
}

#[test]
fn config_set_fiscal_year_start_1_makes_the_fiscal_year_the_calendar_year() {
    let env = four_months();
    stderr(&env, &["config", "set", "fiscal-year-start", "1"]);
    assert_eq!(
        listed_months(&env, &["target", "list", "--fy", "2026"]),
        ["2026-03", "2026-04", "2026-04", "2026-04"]
    );
    assert_eq!(
        listed_months(&env, &["target", "list", "--fy", "2027"]),
        ["2027-03", "2027-04"]
    );
}

#[test]
fn target_list_labels_stages_in_japanese_when_the_default_language_is_ja() {
    let env = four_months();
    stderr(&env, &["config", "set", "default-language", "ja"]);
    let rows = json_rows(&env, &["target", "list", "--fy", "2026"]);
    let labels: Vec<&str> = rows
        .iter()
        .map(|r| r["stage_label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["内定", "入社", "入社", "入社"]);
}

#[test]
fn target_list_without_targets_prints_the_csv_header_and_says_so() {
    let env = Env::new();
    // A read needs a database; a new one is empty.
    env.alumni(&["init"]).assert().success();
    let output = env
        .alumni(&["target", "list", "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        stdout_of(&output),
        "\u{feff}month,stage,stage_label,department,kind,count\n"
    );
    assert!(stderr_of(&output).contains("no targets"));
    assert_eq!(
        stdout(&env, &["target", "list", "--format", "json"]),
        "[]\n"
    );
}

#[test]
fn a_fiscal_year_outside_the_calendar_is_bad_data() {
    let env = four_months();
    let err = refused(&env, &["target", "list", "--fy", "20260"], 65);
    assert!(err.contains("--fy 20260 is not a year"), "{err}");
}

// ---------------------------------------------------------------- help

/// Every `target`, `spend` and `config` command's help ends with examples.
#[test]
fn every_target_spend_and_config_command_help_ends_with_examples() {
    let env = Env::new();
    for args in [
        &["target"][..],
        &["target", "set"],
        &["target", "import"],
        &["target", "list"],
        &["target", "rate"],
        &["target", "rates"],
        &["target", "hires"],
        &["spend"],
        &["spend", "add"],
        &["spend", "list"],
        &["config"],
        &["config", "get"],
        &["config", "set"],
        &["config", "list"],
    ] {
        let mut argv = args.to_vec();
        argv.push("--help");
        let help = stdout(&env, &argv);
        let lines: Vec<&str> = help.lines().collect();
        let heading = lines
            .iter()
            .rposition(|l| matches!(l.trim_end(), "Example:" | "Examples:"))
            .unwrap_or_else(|| panic!("alumni {args:?} --help has no examples:\n{help}"));
        assert!(
            lines[heading + 1..]
                .iter()
                .all(|l| l.trim_start().starts_with("alumni ")),
            "alumni {args:?} --help: something other than examples at the end:\n{help}"
        );
        assert!(heading + 1 < lines.len(), "{args:?}: no example");
    }
    assert!(!env.db_exists(), "--help created the database");
}
