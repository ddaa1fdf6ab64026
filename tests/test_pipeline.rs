//! `alumni pipeline`, `stages` and `referral`, run as a user would on a
//! database filled from `fixtures/roster.xlsx` (00123 山田 太郎 is #1,
//! 00124 佐藤 花子 #2, 00125 鈴木 一郎 #3). Dates are given explicitly so
//! that the stored history can be checked to the day.

use serde_json::Value;

use crate::common::{
    Env, parse_csv, refused_unchanged as refused, roster, stderr_of, stdout, stdout_of,
};

mod close;
mod corrections;
mod listing;
mod referral;
mod stages;
mod terminal;

/// Opens an application with `pipeline add ARGS…` and returns its id.
fn open(env: &Env, args: &[&str]) -> i64 {
    let mut full = vec!["pipeline", "add"];
    full.extend(args);
    let out = stdout(env, &full);
    out.trim()
        .parse()
        .unwrap_or_else(|_| panic!("not an id: {out:?}"))
}

fn move_to(env: &Env, app: i64, stage: &str, date: &str) {
    stdout(
        env,
        &["pipeline", "move", &app.to_string(), stage, "--date", date],
    );
}

/// One column of application `id` (`None` for SQL NULL).
/// Where application `id` stands: "STAGE since DATE, furthest STAGE".
fn standing(env: &Env, id: i64) -> String {
    env.query(&format!(
        "SELECT stage || ' since ' || stage_entered_on || ', furthest ' || furthest_stage
         FROM applications WHERE id = {id}"
    ))
}

fn app(env: &Env, id: i64, column: &str) -> Option<String> {
    env.query(&format!(
        "SELECT CAST({column} AS TEXT) FROM applications WHERE id = {id}"
    ))
}

/// An application's history as (stage, date), in the order it was written.
fn history(env: &Env, id: i64) -> Vec<(String, String)> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare("SELECT stage, entered_on FROM stage_events WHERE application_id = ? ORDER BY id")
        .unwrap();
    stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn stage_keys(env: &Env) -> String {
    env.query("SELECT string_agg(key, ',' ORDER BY position) FROM stages")
}

fn json(text: &str) -> Vec<Value> {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The ids a `pipeline list ARGS…` shows, read from its JSON.
fn listed(env: &Env, args: &[&str]) -> Vec<i64> {
    let mut full = vec!["pipeline", "list"];
    full.extend(args);
    full.extend(["--format", "json"]);
    json(&stdout(env, &full))
        .iter()
        .map(|row| row["id"].as_i64().unwrap())
        .collect()
}

/// Three applications: #1 a rehire of 00123 in interview, #2 a rehire of
/// 00124 declined at offer, #3 a referral by 00125 in contacted.
fn pipeline() -> Env {
    let env = roster();
    open(
        &env,
        &[
            "00123",
            "--position",
            "営業",
            "--department",
            "営業部",
            "--date",
            "2026-10-01",
        ],
    );
    move_to(&env, 1, "interview", "2026-10-05");
    open(&env, &["00124", "--stage", "offer", "--date", "2026-10-02"]);
    stdout(
        &env,
        &[
            "pipeline",
            "close",
            "2",
            "declined",
            "--reason",
            "他社",
            "--date",
            "2026-10-03",
        ],
    );
    stdout(
        &env,
        &[
            "referral",
            "add",
            "--by",
            "00125",
            "--name",
            "高橋 次郎",
            "--date",
            "2026-10-04",
        ],
    );
    env
}

// ---------------------------------------------------------------- add

#[test]
fn pipeline_add_opens_a_rehire_application_in_the_first_stage_and_prints_only_its_id() {
    let env = roster();
    let output = env
        .alumni(&["pipeline", "add", "00123", "--date", "2026-10-01"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(stdout_of(&output), "1\n");
    assert!(
        stderr_of(&output).contains("opened rehire application 1 for 00123 山田 太郎"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(app(&env, 1, "kind").as_deref(), Some("rehire"));
    assert_eq!(app(&env, 1, "alumnus_id").as_deref(), Some("1"));
    assert_eq!(app(&env, 1, "opened_on").as_deref(), Some("2026-10-01"));
    assert_eq!(app(&env, 1, "stage").as_deref(), Some("contacted"));
    assert_eq!(
        app(&env, 1, "stage_entered_on").as_deref(),
        Some("2026-10-01")
    );
    assert_eq!(app(&env, 1, "furthest_stage").as_deref(), Some("contacted"));
    assert_eq!(app(&env, 1, "outcome"), None);
    assert_eq!(history(&env, 1), pairs(&[("contacted", "2026-10-01")]));
    let audit: String = env.query("SELECT command || ' ' || alumnus_id || ': ' || detail FROM audit WHERE command LIKE 'pipeline%'");
    assert_eq!(
        audit,
        "pipeline add 1: opened rehire application 1 in contacted"
    );
}

#[test]
fn pipeline_add_is_dated_today_without_date() {
    let env = roster();
    open(&env, &["00124"]);
    let today = alumni::cmd::hand::today();
    assert_eq!(app(&env, 1, "opened_on"), Some(today.clone()));
    assert_eq!(history(&env, 1), pairs(&[("contacted", &today)]));
}

#[test]
fn pipeline_add_normalizes_its_text_and_starts_in_the_stage_given() {
    let env = roster();
    let id = open(
        &env,
        &[
            "taro.yamada@example.co.jp",
            "--position",
            " ｾｰﾙｽ　マネージャー ",
            "--department",
            "営業部",
            "--source",
            "Event",
            "--stage",
            "interview",
            "--date",
            "2026/10/1",
            "--cost",
            "50000",
        ],
    );
    assert_eq!(app(&env, id, "alumnus_id").as_deref(), Some("1"));
    assert_eq!(
        app(&env, id, "position").as_deref(),
        Some("セールス マネージャー")
    );
    assert_eq!(app(&env, id, "source").as_deref(), Some("event"));
    assert_eq!(app(&env, id, "cost").as_deref(), Some("50000"));
    assert_eq!(app(&env, id, "stage").as_deref(), Some("interview"));
    assert_eq!(
        app(&env, id, "furthest_stage").as_deref(),
        Some("interview")
    );
    assert_eq!(history(&env, id), pairs(&[("interview", "2026-10-01")]));
}

#[test]
fn pipeline_add_for_an_unknown_alumnus_fails_with_status_1_and_changes_nothing() {
    let env = roster();
    let err = refused(&env, &["pipeline", "add", "99999"], 1);
    assert!(err.contains("no alumnus \"99999\""), "{err}");
}

#[test]
fn pipeline_add_refuses_an_unknown_stage_a_bad_date_and_a_negative_cost() {
    let env = roster();
    let err = refused(&env, &["pipeline", "add", "00123", "--stage", "lunch"], 65);
    assert!(err.contains("no stage \"lunch\""), "{err}");
    assert!(err.contains("contacted, interested, applied"), "{err}");
    let err = refused(
        &env,
        &["pipeline", "add", "00123", "--date", "2026-13-45"],
        65,
    );
    assert!(err.contains("--date \"2026-13-45\" is not a date"), "{err}");
    let err = refused(&env, &["pipeline", "add", "00123", "--cost=-5"], 65);
    assert!(err.contains("--cost -5 is negative"), "{err}");
}

#[test]
fn pipeline_add_warns_of_an_open_application_and_of_an_alumnus_not_eligible() {
    let env = roster();
    open(&env, &["00123", "--date", "2026-10-01"]);
    stdout(&env, &["edit", "00123", "--rehire", "no"]);
    let output = env
        .alumni(&["pipeline", "add", "00123", "--date", "2026-10-02"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(stdout_of(&output), "2\n");
    let err = stderr_of(&output);
    assert!(
        err.contains("warning: 00123 山田 太郎 already has open application 1 (contacted)"),
        "{err}"
    );
    assert!(err.contains("not eligible for rehire"), "{err}");
}

#[test]
fn pipeline_add_refuses_an_alumnus_whose_data_was_erased() {
    let env = roster();
    env.conn()
        .execute(
            "UPDATE alumni SET erased_at = '2026-09-01T00:00:00Z' WHERE id = 2",
            [],
        )
        .unwrap();
    let err = refused(&env, &["pipeline", "add", "#2"], 65);
    assert!(err.contains("was erased on request on 2026-09-01"), "{err}");
}

// ---------------------------------------------------------------- move

#[test]
fn a_move_may_skip_stages_and_every_entry_is_recorded() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    let output = env
        .alumni(&[
            "pipeline",
            "move",
            "#1",
            "interview",
            "--date",
            "2026-10-05",
            "--note",
            "一次面接",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(stdout_of(&output), "");
    assert_eq!(
        history(&env, id),
        pairs(&[("contacted", "2026-10-01"), ("interview", "2026-10-05")])
    );
    assert_eq!(
        standing(&env, id),
        "interview since 2026-10-05, furthest interview"
    );
    let note: String = env.query("SELECT note FROM stage_events WHERE stage = 'interview'");
    assert_eq!(note, "一次面接");
    let audit: String = env.query("SELECT detail FROM audit WHERE command = 'pipeline move'");
    assert_eq!(audit, "application 1: contacted -> interview");
}

#[test]
fn a_stage_may_be_named_by_its_japanese_label() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    move_to(&env, id, "内定", "2026-10-02");
    assert_eq!(app(&env, id, "stage").as_deref(), Some("offer"));
}

#[test]
fn moving_back_is_recorded_while_the_furthest_stage_stays() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    move_to(&env, id, "offer", "2026-10-10");
    let output = env
        .alumni(&["pipeline", "move", "1", "screening", "--date", "2026-10-12"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("furthest stays offer"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(
        history(&env, id),
        pairs(&[
            ("contacted", "2026-10-01"),
            ("offer", "2026-10-10"),
            ("screening", "2026-10-12")
        ])
    );
    assert_eq!(app(&env, id, "stage").as_deref(), Some("screening"));
    assert_eq!(
        app(&env, id, "stage_entered_on").as_deref(),
        Some("2026-10-12")
    );
    assert_eq!(app(&env, id, "furthest_stage").as_deref(), Some("offer"));
    assert_eq!(app(&env, id, "outcome"), None);
}

#[test]
fn entering_rejoined_closes_the_application_as_rejoined() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    move_to(&env, id, "accepted", "2026-11-01");
    move_to(&env, id, "rejoined", "2026-11-20");
    assert_eq!(app(&env, id, "outcome").as_deref(), Some("rejoined"));
    assert_eq!(app(&env, id, "closed_on").as_deref(), Some("2026-11-20"));
    assert_eq!(app(&env, id, "furthest_stage").as_deref(), Some("rejoined"));
    assert_eq!(history(&env, id).len(), 3);
    let err = refused(
        &env,
        &["pipeline", "move", "1", "offer", "--date", "2026-11-21"],
        65,
    );
    assert!(
        err.contains("application 1 was closed (rejoined) on 2026-11-20"),
        "{err}"
    );
}

#[test]
fn moving_a_closed_application_is_refused_and_changes_nothing() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    stdout(
        &env,
        &[
            "pipeline",
            "close",
            "1",
            "declined",
            "--reason",
            "他社に入社",
            "--date",
            "2026-10-20",
        ],
    );
    let err = refused(
        &env,
        &["pipeline", "move", "1", "interview", "--date", "2026-10-21"],
        65,
    );
    assert!(
        err.contains("application 1 was closed (declined) on 2026-10-20"),
        "{err}"
    );
    // Without a stage the refusal comes before any question.
    refused(&env, &["pipeline", "move", "1"], 65);
    assert_eq!(history(&env, id).len(), 1);
}

#[test]
fn moving_to_an_unknown_stage_is_refused_with_the_list_of_stages() {
    let env = roster();
    open(&env, &["00123", "--date", "2026-10-01"]);
    let err = refused(&env, &["pipeline", "move", "1", "lunch"], 65);
    assert!(
        err.contains(
            "no stage \"lunch\"; the stages are contacted, interested, applied, screening, \
             interview, offer, accepted, rejoined"
        ),
        "{err}"
    );
}

#[test]
fn moving_an_unknown_application_fails_with_status_1() {
    let env = roster();
    open(&env, &["00123", "--date", "2026-10-01"]);
    let err = refused(&env, &["pipeline", "move", "99", "offer"], 1);
    assert!(err.contains("no application 99"), "{err}");
    let err = refused(&env, &["pipeline", "move", "twelve", "offer"], 2);
    assert!(err.contains("is not an application id"), "{err}");
}

#[test]
fn a_move_without_a_stage_and_no_terminal_is_a_usage_error_naming_stage() {
    let env = roster();
    open(&env, &["00123", "--date", "2026-10-01"]);
    let err = refused(&env, &["pipeline", "move", "1"], 2);
    assert!(
        err.contains("missing STAGE (no terminal to ask on)"),
        "{err}"
    );
}

#[test]
fn moving_to_the_stage_it_is_in_is_refused() {
    let env = roster();
    open(&env, &["00123", "--date", "2026-10-01"]);
    let err = refused(&env, &["pipeline", "move", "1", "contacted"], 65);
    assert!(
        err.contains("application 1 is in contacted (接触) already (since 2026-10-01)"),
        "{err}"
    );
}

#[test]
fn a_move_dated_before_the_last_stage_entry_is_refused() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    move_to(&env, id, "applied", "2026-10-10");
    let err = refused(
        &env,
        &["pipeline", "move", "1", "interview", "--date", "2026-10-09"],
        65,
    );
    assert!(err.contains("last changed stage on 2026-10-10"), "{err}");
    // The same day is fine: several steps can happen on one day.
    move_to(&env, id, "interview", "2026-10-10");
    assert_eq!(history(&env, id).len(), 3);
}
