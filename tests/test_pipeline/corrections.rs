//! `alumni pipeline reopen|undo|show` and planned entries: a slip can be
//! put right, and nothing dated after today counts before it happened.

use super::*;
use crate::test_workbook::{number, sheet, write_workbook};

fn close_declined(env: &Env, id: i64, date: &str) {
    stdout(
        env,
        &[
            "pipeline",
            "close",
            &id.to_string(),
            "declined",
            "--reason",
            "他社に入社",
            "--date",
            date,
        ],
    );
}

#[test]
fn reopen_opens_a_closed_application_in_its_stage_and_audits_words_only() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    move_to(&env, id, "offer", "2026-10-10");
    close_declined(&env, id, "2026-10-15");
    let output = env.alumni(&["pipeline", "reopen", "1"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output)
            .contains("application 1 is open again in offer (was declined on 2026-10-15)"),
        "{}",
        stderr_of(&output)
    );
    for column in ["outcome", "outcome_reason", "outcome_by", "closed_on"] {
        assert_eq!(app(&env, id, column), None, "{column}");
    }
    assert_eq!(app(&env, id, "stage").as_deref(), Some("offer"));
    let audit: String = env.query("SELECT detail FROM audit WHERE command = 'pipeline reopen'");
    assert_eq!(
        audit,
        "application 1: reopened (was declined, reason cleared)"
    );
    assert!(!audit.contains("他社"));
    // It can move on again.
    move_to(&env, id, "accepted", "2026-10-20");
    let err = refused(&env, &["pipeline", "reopen", "1"], 65);
    assert!(
        err.contains("application 1 is open (in accepted); there is nothing to reopen"),
        "{err}"
    );
}

#[test]
fn reopening_a_hire_removes_the_hire_entry_and_restores_the_stage_before() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    move_to(&env, id, "accepted", "2026-10-10");
    move_to(&env, id, "rejoined", "2026-11-01");
    stdout(&env, &["pipeline", "reopen", "1"]);
    assert_eq!(app(&env, id, "outcome"), None);
    assert_eq!(app(&env, id, "stage").as_deref(), Some("accepted"));
    assert_eq!(app(&env, id, "furthest_stage").as_deref(), Some("accepted"));
    assert_eq!(
        history(&env, id),
        pairs(&[("contacted", "2026-10-01"), ("accepted", "2026-10-10")])
    );
}

#[test]
fn undo_removes_the_last_entry_and_restores_the_stage_before_it() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    move_to(&env, id, "interview", "2026-10-05");
    move_to(&env, id, "offer", "2026-10-09");
    let output = env.alumni(&["pipeline", "undo", "1"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains(
            "application 1: removed offer on 2026-10-09; back in interview (since 2026-10-05)"
        ),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(
        standing(&env, id),
        "interview since 2026-10-05, furthest interview"
    );
    let audit: String = env.query("SELECT detail FROM audit WHERE command = 'pipeline undo'");
    assert_eq!(audit, "application 1: undid offer -> back in interview");
    stdout(&env, &["pipeline", "undo", "1"]);
    assert_eq!(history(&env, id), pairs(&[("contacted", "2026-10-01")]));
    let err = refused(&env, &["pipeline", "undo", "1"], 65);
    assert!(
        err.contains(
            "application 1 has only its opening entry (contacted on 2026-10-01); there is nothing to undo"
        ),
        "{err}"
    );
}

#[test]
fn undo_of_a_closed_application_is_a_reopen() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    move_to(&env, id, "interview", "2026-10-05");
    close_declined(&env, id, "2026-10-06");
    stdout(&env, &["pipeline", "undo", "1"]);
    assert_eq!(app(&env, id, "outcome"), None);
    assert_eq!(app(&env, id, "stage").as_deref(), Some("interview"));
    assert_eq!(history(&env, id).len(), 2);
}

#[test]
fn show_lists_every_entry_with_who_and_the_close() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    env.alumni(&[
        "pipeline",
        "move",
        "1",
        "interview",
        "--date",
        "2026-10-05",
        "--note",
        "一次面接",
    ])
    .env("ALUMNI_USER", "suzuki")
    .assert()
    .success();
    close_declined(&env, id, "2026-10-06");
    let shown: Value = serde_json::from_str(&stdout(
        &env,
        &["pipeline", "show", "1", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(shown["id"], 1);
    let entries = shown["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1]["stage"], "interview");
    assert_eq!(entries[1]["date"], "2026-10-05");
    assert_eq!(entries[1]["recorded_by"], "suzuki");
    assert_eq!(entries[1]["planned"], false);
    assert_eq!(entries[1]["note"], "一次面接");
    assert_eq!(shown["close"]["outcome"], "declined");
    assert_eq!(shown["close"]["date"], "2026-10-06");
    assert_eq!(shown["close"]["by"], "candidate");
    let table = stdout(&env, &["pipeline", "show", "1"]);
    assert!(
        table.contains("closed as declined on 2026-10-06"),
        "{table}"
    );
    assert!(table.contains("suzuki"), "{table}");
    assert!(table.contains("一次面接"), "{table}");
    let err = refused(&env, &["pipeline", "show", "9"], 1);
    assert!(err.contains("no application 9"), "{err}");
}

#[test]
fn dates_after_today_are_refused_without_planned() {
    let env = roster();
    let today = alumni::cmd::hand::today();
    let err = refused(
        &env,
        &["pipeline", "add", "00123", "--date", "2099-01-15"],
        65,
    );
    assert!(
        err.contains(&format!(
            "--date 2099-01-15 is in the future (today is {today}); give --planned"
        )),
        "{err}"
    );
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    let err = refused(
        &env,
        &["pipeline", "move", "1", "offer", "--date", "2099-01-15"],
        65,
    );
    assert!(err.contains("is in the future"), "{err}");
    let err = refused(
        &env,
        &[
            "pipeline",
            "close",
            "1",
            "declined",
            "--reason",
            "x",
            "--date",
            "2099-01-15",
        ],
        65,
    );
    assert!(err.contains("is in the future"), "{err}");
    let err = refused(&env, &["pipeline", "move", "1", "offer", "--planned"], 65);
    assert!(err.contains("--planned needs a date after today"), "{err}");
    assert_eq!(history(&env, id).len(), 1);
}

#[test]
fn a_planned_hire_is_not_counted_by_kpi_or_the_workbook_until_confirmed() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    move_to(&env, id, "accepted", "2026-10-10");
    let output = env
        .alumni(&[
            "pipeline",
            "move",
            "1",
            "rejoined",
            "--date",
            "2099-01-15",
            "--planned",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    // Still open, in accepted: the plan changes no summary.
    assert_eq!(app(&env, id, "stage").as_deref(), Some("accepted"));
    assert_eq!(app(&env, id, "outcome"), None);
    let shown: Value = serde_json::from_str(&stdout(
        &env,
        &["pipeline", "show", "1", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(shown["entries"][2]["planned"], true);
    assert!(stdout(&env, &["pipeline", "show", "1"]).contains("2099-01-15"));

    let hires = |env: &Env| -> Value {
        let report: Value =
            serde_json::from_str(&stdout(env, &["kpi", "--fy", "2026", "--format", "json"]))
                .unwrap();
        report["metrics"]["hires"].clone()
    };
    assert_eq!(hires(&env), 0);
    let hired_column = 13 + 7;
    let book = write_workbook(&env, "planned.xlsx", &["--lang", "en"]);
    assert_eq!(number(&sheet(&book, "Data"), 1, 0), Some(1.0));
    assert!(
        sheet(&book, "Data")
            .get((1, hired_column))
            .is_none_or(|c| *c == calamine::Data::Empty)
    );

    // The move without --planned confirms it, dated today.
    let today = alumni::cmd::hand::today();
    let output = env
        .alumni(&["pipeline", "move", "1", "rejoined"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("(the planned entry, confirmed)"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(app(&env, id, "outcome").as_deref(), Some("rejoined"));
    assert_eq!(app(&env, id, "closed_on"), Some(today.clone()));
    let planned: i64 = env.query("SELECT count(*) FROM stage_events WHERE planned = 1");
    assert_eq!(planned, 0);
    assert_eq!(history(&env, id).len(), 3);
    // Counted once, in the fiscal year of today.
    let fy = stdout(&env, &["kpi", "--format", "json"]);
    let fy: Value = serde_json::from_str(&fy).unwrap();
    assert_eq!(fy["metrics"]["hires"], 1);
    let book = write_workbook(&env, "confirmed.xlsx", &["--lang", "en"]);
    assert!(matches!(
        sheet(&book, "Data").get((1, hired_column)),
        Some(calamine::Data::DateTime(_))
    ));
}

#[test]
fn a_planned_close_is_not_an_outcome_until_closed_again() {
    let env = roster();
    let id = open(&env, &["00123", "--date", "2026-10-01"]);
    stdout(
        &env,
        &[
            "pipeline",
            "close",
            "1",
            "withdrawn",
            "--reason",
            "時期未定",
            "--date",
            "2099-02-01",
            "--planned",
        ],
    );
    assert_eq!(app(&env, id, "close_planned").as_deref(), Some("1"));
    let report: Value =
        serde_json::from_str(&stdout(&env, &["kpi", "--fy", "2026", "--format", "json"])).unwrap();
    assert_eq!(report["metrics"]["decline_rate"], Value::Null);
    let err = refused(&env, &["pipeline", "close", "1", "declined"], 65);
    assert!(
        err.contains("planned to close as withdrawn on 2099-02-01"),
        "{err}"
    );
    stdout(&env, &["pipeline", "close", "1", "withdrawn"]);
    assert_eq!(app(&env, id, "close_planned").as_deref(), Some("0"));
    assert_eq!(app(&env, id, "closed_on"), Some(alumni::cmd::hand::today()));
    assert_eq!(app(&env, id, "outcome_reason").as_deref(), Some("時期未定"));
}
