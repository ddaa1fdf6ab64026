//! What `alumni suggest` writes: the JSON parts, CSV for Excel, the
//! default limit of 20, a message when nobody is left, and the table in
//! English and Japanese as reviewed.

use super::*;
use crate::common::{parse_csv, stdout_of};
use crate::test_interface::settings;

#[test]
fn json_gives_each_suggestion_with_its_parts() {
    let env = ranked();
    let all = suggest(&env, &["--limit", "1"]);
    assert_eq!(all.len(), 1);
    let top = &all[0];
    let mut keys: Vec<&str> = top
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "alumnus_id",
            "employee_id",
            "name",
            "parts",
            "rank",
            "reasons",
            "score"
        ]
    );
    assert_eq!(top["alumnus_id"], 1);
    assert_eq!(top["name"], "青木 一郎");
    assert_eq!(top["rank"], 1);
    let parts: Vec<(String, f64, String)> = top["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["factor"].as_str().unwrap().to_string(),
                p["points"].as_f64().unwrap(),
                p["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let part = |f: &str, p: f64, d: &str| (f.to_string(), p, d.to_string());
    assert_eq!(
        parts,
        [
            part("eligibility", 30.0, "eligible: yes"),
            part("left", 20.0, "left 3.2 years ago"),
            part("tenure", 10.0, "11.5 years at the company"),
            part("role", 0.0, "was 営業部 課長"),
        ]
    );
    let sum: f64 = parts.iter().map(|p| p.1).sum();
    assert_eq!(top["score"].as_f64(), Some(sum));
}

#[test]
fn csv_has_a_bom_and_the_reasons_in_one_column() {
    let env = ranked();
    let csv = stdout(&env, &["suggest", "--as-of", AS_OF, "--format", "csv"]);
    assert!(csv.starts_with('\u{feff}'), "{csv:?}");
    let rows = parse_csv(&csv);
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0]["rank"], "1");
    assert_eq!(rows[0]["employee_id"], "S001");
    assert_eq!(rows[0]["score"], "60.0");
    assert!(
        rows[4]["reasons"].starts_with("eligible: unknown; "),
        "{rows:?}"
    );
}

#[test]
fn twenty_are_listed_unless_limit_says_otherwise() {
    let env = ranked();
    env.conn()
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 100 UNION ALL SELECT i + 1 FROM n WHERE i < 124)
             INSERT INTO alumni (id, employee_id, name, rehire_eligible, leave_date, created_at, updated_at)
             SELECT i, 'X' || i, 'N' || i, 'yes', '2024-03-31', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n;",
        )
        .unwrap();
    let output = env
        .alumni(&["suggest", "--as-of", AS_OF, "--format", "csv"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(parse_csv(&stdout_of(&output)).len(), 20);
    let said = crate::common::stderr_of(&output);
    assert!(said.contains("20 of 30 candidates"), "{said}");
    assert_eq!(suggest(&env, &["--limit", "25"]).len(), 25);
}

#[test]
fn nobody_to_suggest_is_said_and_is_no_error() {
    let env = Env::empty();
    let output = env
        .alumni(&["suggest", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout_of(&output).trim(), "[]");
    assert!(crate::common::stderr_of(&output).contains("nobody to suggest"));
    let output = env.alumni(&["--lang", "ja", "suggest"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(crate::common::stderr_of(&output).contains("候補者はいません"));
}

#[test]
fn the_table_in_english_and_japanese_is_as_reviewed() {
    let env = ranked();
    stdout(
        &env,
        &[
            "event",
            "add",
            "OB交流会",
            "--date",
            "2026-06-20",
            "--kind",
            "mixer",
        ],
    );
    stderr(&env, &["event", "attend", "1", "S002", "S007"]);
    let args = ["suggest", "--as-of", AS_OF, "--position", "営業 課長"];
    settings("alumni suggest --as-of 2026-11-30 --position '営業 課長'").bind(|| {
        insta::assert_snapshot!("table__suggest", stdout(&env, &args));
    });
    let mut ja = vec!["--lang", "ja"];
    ja.extend(args);
    settings("alumni --lang ja suggest --as-of 2026-11-30 --position '営業 課長'").bind(|| {
        insta::assert_snapshot!("table__suggest_ja", stdout(&env, &ja));
    });
}
