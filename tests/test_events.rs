//! `alumni event` and `alumni partner`, run as a user would on a database
//! filled from `fixtures/roster.xlsx` (the ten people of fixtures/README.md,
//! ids #1-#10 in file order). This file: adding events and recording
//! attendance by name; sign-up sheets (`fixtures/signup.csv`,
//! `fixtures/signup.xlsx`), `event list` and partners have a file each.

mod list;
mod partner_set;
mod partners;
mod signup;
mod signup_status;

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::common::{
    Env, fixture, parse_csv, refused, refused_unchanged, roster, stderr, stderr_of, stdout,
    stdout_of,
};

/// A roster with one event, #1 "2026 夏の同窓会" on 2026-08-01.
fn roster_with_event() -> Env {
    let env = roster();
    let id = stdout(
        &env,
        &[
            "event",
            "add",
            "2026 夏の同窓会",
            "--date",
            "2026-08-01",
            "--kind",
            "reunion",
        ],
    );
    assert_eq!(id, "1\n");
    env
}

/// Every row a command of this module could change, the common tables and
/// the relationship ones.
fn snapshot(env: &Env) -> String {
    let mut out = env.snapshot();
    let conn = env.conn();
    for table in ["events", "attendance", "partners"] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |row| {
                Ok((0..n)
                    .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap();
        for row in rows {
            out.push_str(&format!("{table}: {}\n", row.unwrap()));
        }
    }
    out
}

/// Employee ID → attendance status for an event.
fn statuses(env: &Env, event: i64) -> BTreeMap<String, String> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare(
            "SELECT a.employee_id, t.status FROM attendance t JOIN alumni a ON a.id = t.alumnus_id
             WHERE t.event_id = ?",
        )
        .unwrap();
    stmt.query_map([event], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn sheet(name: &str) -> String {
    fixture(name).display().to_string()
}

#[test]
fn event_add_prints_the_id_and_stores_the_event_normalized() {
    let env = roster();
    let output = env
        .alumni(&[
            "event",
            "add",
            "2026　夏の同窓会",
            "--date",
            "令和8年8月1日",
            "--kind",
            "reunion",
            "--location",
            "東京　本社",
            "--cost",
            "150000",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(stdout_of(&output), "1\n");
    let row: (String, String, String, String, i64) = env
        .conn()
        .query_row(
            "SELECT name, date, kind, location, cost FROM events WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "2026 夏の同窓会".into(),
            "2026-08-01".into(),
            "reunion".into(),
            "東京 本社".into(),
            150000
        )
    );
    let audit: i64 =
        env.query("SELECT count(*) FROM audit WHERE command = 'event add' AND actor = 'tester'");
    assert_eq!(audit, 1);
}

#[test]
fn event_add_without_date_or_kind_and_no_terminal_is_a_usage_error_naming_the_flag() {
    let env = Env::new();
    let err = refused(&env, &["event", "add", "交流会", "--kind", "mixer"], 2);
    assert!(err.contains("--date"), "{err}");
    let err = refused(&env, &["event", "add", "交流会", "--date", "2026-05-01"], 2);
    assert!(err.contains("--kind"), "{err}");
    assert!(!env.db_exists(), "a refused event add created the database");
}

#[test]
fn an_impossible_event_date_is_bad_data() {
    let env = roster();
    let before = snapshot(&env);
    let err = refused(
        &env,
        &[
            "event",
            "add",
            "セミナー",
            "--date",
            "2026-13-45",
            "--kind",
            "seminar",
        ],
        65,
    );
    assert!(
        err.contains("--date") && err.contains("2026-13-45"),
        "{err}"
    );
    assert_eq!(snapshot(&env), before);
}

#[test]
fn a_second_event_of_the_same_name_and_date_is_refused() {
    let env = roster_with_event();
    let before = snapshot(&env);
    let args = [
        "event",
        "add",
        "2026 夏の同窓会",
        "--date",
        "2026/8/1",
        "--kind",
        "mixer",
    ];
    let err = refused(&env, &args, 65);
    assert!(err.contains("#1"), "{err}");
    assert_eq!(snapshot(&env), before);
}

#[test]
fn an_event_name_shared_by_two_events_must_be_given_as_an_id() {
    let env = roster_with_event();
    let second = [
        "event",
        "add",
        "2026 夏の同窓会",
        "--date",
        "2026-08-02",
        "--kind",
        "mixer",
    ];
    let warning = stderr(&env, &second);
    assert!(warning.contains("by its id"), "{warning}");
    let before = snapshot(&env);
    let err = refused(&env, &["event", "invite", "2026 夏の同窓会", "00123"], 2);
    assert!(err.contains("#1") && err.contains("#2"), "{err}");
    assert_eq!(snapshot(&env), before);
    stderr(&env, &["event", "invite", "2", "00123"]);
    assert_eq!(statuses(&env, 2), map(&[("00123", "invited")]));
}

#[test]
fn alumni_are_named_by_employee_id_email_or_internal_id_and_the_event_by_id_or_name() {
    let env = roster_with_event();
    let err = stderr(
        &env,
        &[
            "event",
            "invite",
            "2026　夏の同窓会",
            "００１２３",
            "SATO@example.jp",
            "#3",
        ],
    );
    assert!(err.contains("3 invited"), "{err}");
    assert_eq!(
        statuses(&env, 1),
        map(&[
            ("00123", "invited"),
            ("00124", "invited"),
            ("00125", "invited")
        ])
    );
    stderr(&env, &["event", "register", "#1", "00124"]);
    assert_eq!(statuses(&env, 1)["00124"], "registered");
    let audit: Vec<String> = {
        let conn = env.conn();
        let mut stmt = conn
            .prepare("SELECT command FROM audit WHERE command LIKE 'event %' ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(audit, ["event add", "event invite", "event register"]);
}

#[test]
fn status_only_moves_forward() {
    let env = roster_with_event();
    stderr(&env, &["event", "attend", "1", "00123"]);
    let err = stderr(&env, &["event", "invite", "1", "00123", "00124"]);
    assert!(
        err.contains("1 invited, 1 already invited or further"),
        "{err}"
    );
    stderr(&env, &["event", "register", "1", "00123"]);
    assert_eq!(statuses(&env, 1)["00123"], "attended");
    stderr(&env, &["event", "attend", "1", "00124"]);
    stderr(&env, &["event", "register", "1", "00124"]);
    assert_eq!(
        statuses(&env, 1),
        map(&[("00123", "attended"), ("00124", "attended")])
    );
}

#[test]
fn attendance_creates_exactly_one_contact_per_event_and_alumnus() {
    let env = roster_with_event();
    stdout(
        &env,
        &[
            "event",
            "add",
            "OB交流会",
            "--date",
            "2026-10-10",
            "--kind",
            "mixer",
        ],
    );
    stderr(&env, &["event", "invite", "1", "00123", "00124"]);
    stderr(&env, &["event", "register", "1", "00123"]);
    assert_eq!(env.count("contacts"), 0, "invitations are not contacts");
    let err = stderr(&env, &["event", "attend", "1", "00123"]);
    assert!(err.contains("1 contacts logged"), "{err}");
    let err = stderr(&env, &["event", "attend", "1", "00123", "00123"]);
    assert!(
        err.contains("0 attended, 2 already attended") && err.contains("0 contacts logged"),
        "{err}"
    );
    stderr(&env, &["event", "attend", "2", "00123"]);
    let contacts: Vec<(String, String, String, String, String)> = {
        let conn = env.conn();
        let mut stmt = conn
            .prepare(
                "SELECT date, channel, direction, summary, owner FROM contacts
                 WHERE alumnus_id = (SELECT id FROM alumni WHERE employee_id = '00123')
                 ORDER BY date",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    let contact = |date: &str, summary: &str| {
        (
            date.to_string(),
            "event".to_string(),
            "inbound".to_string(),
            summary.to_string(),
            "tester".to_string(),
        )
    };
    assert_eq!(
        contacts,
        [
            contact("2026-08-01", "2026 夏の同窓会"),
            contact("2026-10-10", "OB交流会")
        ]
    );
    assert_eq!(env.count("contacts"), 2);
}

#[test]
fn an_unknown_event_is_refused_and_changes_nothing() {
    let env = roster_with_event();
    let before = snapshot(&env);
    let err = refused(&env, &["event", "attend", "新年会", "00123"], 1);
    assert!(err.contains("新年会"), "{err}");
    refused(&env, &["event", "invite", "99", "00123"], 1);
    assert_eq!(snapshot(&env), before);
}

#[test]
fn an_unknown_alumnus_on_the_command_line_refuses_the_whole_command() {
    let env = roster_with_event();
    let before = snapshot(&env);
    let err = refused(
        &env,
        &[
            "event",
            "attend",
            "1",
            "00123",
            "99999",
            "--from",
            &sheet("signup.csv"),
        ],
        1,
    );
    assert!(err.contains("99999"), "{err}");
    assert_eq!(snapshot(&env), before, "00123 and the sheet were recorded");
}

#[test]
fn an_attendance_command_needs_someone_to_record() {
    let env = roster_with_event();
    let err = refused(&env, &["event", "invite", "1"], 2);
    assert!(err.contains("--from"), "{err}");
    let err = refused(
        &env,
        &["event", "invite", "1", "00123", "--sheet", "受付"],
        2,
    );
    assert!(err.contains("--sheet"), "{err}");
    assert_eq!(env.count("attendance"), 0);
}

/// Consent on every path: an invitation is outbound, so an opt-out
/// refuses it (tests/test_contacts/everywhere.rs has the override).
#[test]
fn inviting_an_opted_out_alumnus_is_refused() {
    let env = roster_with_event();
    env.conn()
        .execute(
            "UPDATE alumni SET consent = 'opted_out' WHERE employee_id = '00124'",
            [],
        )
        .unwrap();
    let err = refused_unchanged(&env, &["event", "invite", "1", "00123", "00124"], 65);
    assert!(err.contains("#2 00124 佐藤 花子 opted out"), "{err}");
    assert!(err.contains("--override-consent REASON"), "{err}");
    assert!(!err.contains("00123 山田"), "{err}");
    assert_eq!(env.count("attendance"), 0);
}
