//! `alumni retention`: who is past the retention period, and erasing them.

use serde_json::Value;

use super::{assert_nothing_readable, seed};
use crate::common::{Env, refused_unchanged, stderr, stdout};

fn listed(env: &Env) -> Vec<Value> {
    let text = stdout(env, &["retention", "--format", "json"]);
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn ids(rows: &[Value]) -> Vec<i64> {
    rows.iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

/// The two people of the seed, with their last contacts moved back, and
/// the first one's consent and the open referrals out of the way.
fn aged() -> Env {
    let env = seed();
    env.conn()
        .execute_batch(
            "UPDATE contacts SET date = '2019-05-01';
             UPDATE alumni SET consent = 'unknown', consent_date = NULL;",
        )
        .unwrap();
    for referral in ["2", "3"] {
        stdout(
            &env,
            &[
                "pipeline",
                "close",
                referral,
                "withdrawn",
                "--reason",
                "見送り",
            ],
        );
    }
    env
}

#[test]
fn the_period_runs_from_the_later_of_leaving_and_the_last_contact() {
    let env = aged();
    // Left 2022-09-30 and 2023-03-31: within 5 years, outside 3.
    assert!(listed(&env).is_empty());
    stdout(&env, &["config", "set", "retention-years", "3"]);
    let rows = listed(&env);
    assert_eq!(ids(&rows), [1, 2]);
    assert_eq!(rows[0]["leave_date"], "2022-09-30");
    assert_eq!(rows[0]["last_contact"], "2019-05-01");
    assert_eq!(rows[0]["kept_until"], "2025-09-30");
    let table = stdout(&env, &["retention"]);
    assert!(
        table.contains("2025-09-30") && table.contains("残留 次郎"),
        "{table}"
    );
    // A contact within the period keeps its alumnus.
    stdout(
        &env,
        &[
            "contact",
            "add",
            "00200",
            "--channel",
            "phone",
            "--summary",
            "近況",
            "--date",
            "2026-06-01",
        ],
    );
    assert_eq!(ids(&listed(&env)), [1]);
}

#[test]
fn an_open_application_or_an_opt_in_within_the_period_keeps_a_person() {
    let env = aged();
    stdout(&env, &["config", "set", "retention-years", "3"]);
    let app = stdout(&env, &["pipeline", "add", "00200", "--date", "2026-11-01"]);
    assert_eq!(ids(&listed(&env)), [1]);
    stdout(
        &env,
        &[
            "pipeline",
            "close",
            app.trim(),
            "withdrawn",
            "--reason",
            "辞退",
        ],
    );
    assert_eq!(ids(&listed(&env)), [1, 2]);
    stdout(
        &env,
        &["consent", "QZV0917", "opted-in", "--date", "2025-01-01"],
    );
    assert_eq!(ids(&listed(&env)), [2]);
}

#[test]
fn retention_erase_erases_everyone_listed_in_one_go_and_leaves_nothing_readable() {
    let env = aged();
    stdout(&env, &["config", "set", "retention-years", "3"]);
    refused_unchanged(&env, &["retention", "--erase"], 2);
    let said = stderr(&env, &["retention", "--erase", "--yes"]);
    assert!(
        said.contains("erased the personal data of 2 alumni"),
        "{said}"
    );
    assert!(listed(&env).is_empty());
    let left: i64 = env.query("SELECT count(*) FROM alumni WHERE erased_at IS NULL");
    assert_eq!(left, 0);
    let per_person: i64 = env
        .query("SELECT count(*) FROM audit WHERE command = 'retention' AND alumnus_id IS NOT NULL");
    assert_eq!(per_person, 2, "one row per person");
    let summary: String =
        env.query("SELECT detail FROM audit WHERE command = 'retention' AND alumnus_id IS NULL");
    assert_eq!(
        summary,
        "erased 2 alumni past the retention period of 3 years"
    );
    assert_nothing_readable(&env);
    for needle in ["残留", "jiro@", "2020-3030"] {
        for path in super::database_files(&env) {
            assert!(
                super::found_in(&path, &[needle]).is_empty(),
                "{needle} in {}",
                path.display()
            );
        }
    }
}

#[test]
fn an_erasure_confirmed_after_more_people_came_past_the_period_is_refused() {
    use crate::common::pty::{press, spawn};
    let env = aged();
    // Four years: only the first, who left 2022-09-30, is past them.
    stdout(&env, &["config", "set", "retention-years", "4"]);
    assert_eq!(ids(&listed(&env)), [1]);
    let mut session = spawn(&env, &["retention", "--erase"]);
    session.exp_string("This cannot be undone").unwrap();
    // While the question is read, a colleague shortens the period: the
    // second is past it now, and was never shown.
    stdout(&env, &["config", "set", "retention-years", "3"]);
    let before = env.snapshot();
    press(&mut session, "y");
    session
        .exp_string("1 more alumni are past the retention period than were listed")
        .unwrap();
    session.exp_eof().unwrap();
    let status = session.process().wait().unwrap();
    assert!(
        matches!(status, rexpect::process::WaitStatus::Exited(_, 1)),
        "{status:?}"
    );
    assert_eq!(env.snapshot(), before, "nothing erased, no audit row");
    assert_eq!(ids(&listed(&env)), [1, 2]);
    // Run again, with both shown, both go.
    let said = stderr(&env, &["retention", "--erase", "--yes"]);
    assert!(
        said.contains("erased the personal data of 2 alumni"),
        "{said}"
    );
}
