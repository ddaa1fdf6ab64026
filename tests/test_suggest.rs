//! `alumni suggest`, run as a user would on `fixtures/suggest/roster.csv`
//! (its README lists the seven people), ranked as of 2026-11-30. This
//! file: who is ranked and in what order; engagement, weights, output
//! formats and snapshots have a file each.

mod engagement;
mod output;
mod weights;

use serde_json::Value;

use crate::common::{Env, refused, refused_unchanged, stderr, stdout};

/// The day every ranking here is made on.
const AS_OF: &str = "2026-11-30";

/// The roster imported, with S005 opted out.
fn ranked() -> Env {
    let env = Env::new();
    env.import(&["suggest/roster.csv"]);
    stderr(
        &env,
        &["consent", "S005", "opted-out", "--date", "2026-01-10"],
    );
    env
}

/// `alumni suggest --as-of AS_OF ARGS… --format json`, parsed.
fn suggest(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["suggest", "--as-of", AS_OF, "--format", "json"];
    all.extend(args);
    serde_json::from_str(&stdout(env, &all)).expect("suggest --format json gives JSON")
}

/// The employee IDs in the order suggested.
fn order(env: &Env, args: &[&str]) -> Vec<String> {
    suggest(env, args)
        .iter()
        .map(|s| s["employee_id"].as_str().unwrap().to_string())
        .collect()
}

/// The points of one factor of the suggestion of `employee_id`.
fn points(suggestions: &[Value], employee_id: &str, factor: &str) -> Option<f64> {
    let s = suggestions
        .iter()
        .find(|s| s["employee_id"] == employee_id)?;
    s["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["factor"] == factor)
        .map(|p| p["points"].as_f64().unwrap())
}

#[test]
fn eligible_alumni_come_first_and_no_opted_out_or_ineligible_one_is_suggested() {
    let env = ranked();
    // S001 60 (30 yes + 20 left 3.2 years ago + 10 tenure); S006 49.4 (left
    // 10.7 years ago: 20 × 5 / 10.7); S007 48.3 (left half a year ago);
    // S002 45 (15 review); S003 30 (unknown). S004 is 不可, S005 opted out.
    assert_eq!(order(&env, &[]), ["S001", "S006", "S007", "S002", "S003"]);
    let all = suggest(&env, &[]);
    assert_eq!(all[0]["score"], 60.0);
    assert_eq!(points(&all, "S006", "left"), Some(9.4));
    assert_eq!(points(&all, "S002", "eligibility"), Some(15.0));
    assert_eq!(points(&all, "S003", "eligibility"), Some(0.0));
}

#[test]
fn an_open_application_excludes_the_alumnus_until_it_is_closed() {
    let env = ranked();
    let id = stdout(&env, &["pipeline", "add", "S001", "--date", "2026-11-01"]);
    assert_eq!(order(&env, &[]), ["S006", "S007", "S002", "S003"]);
    stderr(
        &env,
        &[
            "pipeline",
            "close",
            id.trim(),
            "declined",
            "--reason",
            "時期尚早",
        ],
    );
    assert_eq!(order(&env, &[])[0], "S001");
}

#[test]
fn a_referral_naming_an_alumnus_as_the_candidate_excludes_them() {
    let env = ranked();
    stdout(
        &env,
        &[
            "referral",
            "add",
            "--by",
            "S002",
            "--name",
            "青木 一郎",
            "--email",
            "Ichiro.Aoki@example.jp",
        ],
    );
    assert!(!order(&env, &[]).contains(&"S001".to_string()));
}

#[test]
fn an_erased_alumnus_is_never_suggested() {
    let env = ranked();
    stderr(&env, &["forget", "S001", "--reason", "本人の請求", "--yes"]);
    let ids: Vec<i64> = suggest(&env, &[])
        .iter()
        .map(|s| s["alumnus_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [6, 7, 2, 3]);
}

#[test]
fn the_position_matches_former_titles_and_departments_and_the_department_the_one_left_from() {
    let env = ranked();
    // 課長 is in the position (+20) and its word 営業 in 営業部 (+10);
    // S007's title 営業 is in it too.
    let all = suggest(&env, &["--position", "営業　課長"]);
    assert_eq!(points(&all, "S001", "role"), Some(30.0));
    assert_eq!(points(&all, "S007", "role"), Some(30.0));
    assert_eq!(points(&all, "S002", "role"), Some(0.0));
    assert_eq!(
        order(&env, &["--position", "営業 課長"]),
        ["S001", "S007", "S006", "S002", "S003"]
    );
    // The department asked for, in another width: S006 and S002 left 開発部.
    let all = suggest(&env, &["--department", "開発"]);
    assert_eq!(points(&all, "S006", "role"), Some(20.0));
    assert_eq!(points(&all, "S002", "role"), Some(20.0));
    assert_eq!(
        order(&env, &["--department", "開発"]),
        ["S006", "S002", "S001", "S007", "S003"]
    );
}

#[test]
fn a_bad_as_of_date_or_empty_position_is_refused_and_changes_nothing() {
    let env = ranked();
    let err = refused_unchanged(&env, &["suggest", "--as-of", "2026-13-01"], 65);
    assert!(
        err.contains("--as-of") && err.contains("2026-13-01"),
        "{err}"
    );
    let err = refused_unchanged(&env, &["suggest", "--position", "  "], 2);
    assert!(err.contains("--position"), "{err}");
    refused(&env, &["suggest", "--limit", "many"], 2);
}

#[test]
fn without_a_database_suggest_is_refused_and_makes_none() {
    let env = Env::new();
    refused(&env, &["suggest"], 1);
    assert!(!env.db_exists());
}
