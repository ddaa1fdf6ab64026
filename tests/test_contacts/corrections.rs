//! `alumni contact edit|delete|done|snooze` and planned contacts: a
//! mistaken contact can be put right, and follow-ups kept.

use crate::common::{Env, refused_unchanged as refused, roster, stderr_of, stdout};

fn log(env: &Env, args: &[&str]) -> i64 {
    let mut full = vec![
        "contact",
        "add",
        "00123",
        "--channel",
        "email",
        "--summary",
        "近況確認",
    ];
    full.extend(args);
    stdout(env, &full).trim().parse().unwrap()
}

fn column(env: &Env, id: i64, column: &str) -> Option<String> {
    env.query(&format!(
        "SELECT CAST({column} AS TEXT) FROM contacts WHERE id = {id}"
    ))
}

fn due(env: &Env) -> Vec<i64> {
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(
        env,
        &["contact", "list", "--due", "--format", "json"],
    ))
    .unwrap();
    rows.iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

#[test]
fn edit_changes_only_the_values_given_and_audits_field_names() {
    let env = roster();
    let id = log(&env, &["--date", "2026-11-02", "--follow-up", "2026-11-20"]);
    let output = env
        .alumni(&[
            "contact",
            "edit",
            "1",
            "--date",
            "2026-11-03",
            "--channel",
            "phone",
            "--summary",
            "面談の日程調整",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(column(&env, id, "date").as_deref(), Some("2026-11-03"));
    assert_eq!(column(&env, id, "channel").as_deref(), Some("phone"));
    assert_eq!(
        column(&env, id, "summary").as_deref(),
        Some("面談の日程調整")
    );
    assert_eq!(column(&env, id, "direction").as_deref(), Some("outbound"));
    assert_eq!(column(&env, id, "follow_up").as_deref(), Some("2026-11-20"));
    let audit: String = env.query("SELECT detail FROM audit WHERE command = 'contact edit'");
    assert_eq!(audit, "contact #1 edited: date, channel, summary");
    stdout(&env, &["contact", "edit", "1", "--clear-follow-up"]);
    assert_eq!(column(&env, id, "follow_up"), None);
    let err = refused(&env, &["contact", "edit", "1"], 2);
    assert!(err.contains("nothing to change in contact #1"), "{err}");
    let err = refused(&env, &["contact", "edit", "9", "--owner", "x"], 1);
    assert!(err.contains("no contact #9"), "{err}");
}

#[test]
fn a_contact_dated_after_today_needs_planned_and_is_not_engagement() {
    let env = roster();
    let today = alumni::cmd::hand::today();
    let err = refused(
        &env,
        &[
            "contact",
            "add",
            "00123",
            "--channel",
            "meeting",
            "--summary",
            "面談",
            "--date",
            "2099-03-01",
        ],
        65,
    );
    assert!(
        err.contains(&format!(
            "--date 2099-03-01 is in the future (today is {today})"
        )),
        "{err}"
    );
    let id = log(&env, &["--date", "2026-11-02"]);
    let err = refused(&env, &["contact", "edit", "1", "--date", "2099-03-01"], 65);
    assert!(err.contains("is in the future"), "{err}");
    let planned = log(&env, &["--date", "2099-03-01", "--planned"]);
    assert_eq!(column(&env, planned, "planned").as_deref(), Some("1"));
    // Editing its summary keeps it planned; moving it to today confirms it.
    stdout(
        &env,
        &[
            "contact",
            "edit",
            &planned.to_string(),
            "--summary",
            "面談（確定）",
        ],
    );
    assert_eq!(column(&env, planned, "planned").as_deref(), Some("1"));
    stdout(
        &env,
        &["contact", "edit", &planned.to_string(), "--date", &today],
    );
    assert_eq!(column(&env, planned, "planned").as_deref(), Some("0"));
    assert_eq!(id, 1);
}

#[test]
fn a_planned_contact_does_not_close_a_follow_up() {
    let env = roster();
    let id = log(&env, &["--date", "2026-11-02", "--follow-up", "2026-11-10"]);
    log(&env, &["--date", "2099-03-01", "--planned"]);
    assert_eq!(due(&env), [id]);
}

#[test]
fn done_closes_a_follow_up_and_snooze_moves_it() {
    let env = roster();
    let id = log(&env, &["--date", "2026-11-02", "--follow-up", "2026-11-10"]);
    assert_eq!(due(&env), [id]);
    stdout(&env, &["contact", "snooze", "1", "--to", "2099-01-10"]);
    assert_eq!(column(&env, id, "follow_up").as_deref(), Some("2099-01-10"));
    assert!(due(&env).is_empty());
    let err = refused(&env, &["contact", "snooze", "1", "--to", "2026-01-01"], 65);
    assert!(err.contains("--to 2026-01-01 is in the past"), "{err}");
    stdout(&env, &["contact", "edit", "1", "--follow-up", "2026-11-10"]);
    assert_eq!(due(&env), [id]);
    let output = env.alumni(&["contact", "done", "1"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let today = alumni::cmd::hand::today();
    assert_eq!(column(&env, id, "follow_up_done_on"), Some(today));
    assert!(due(&env).is_empty());
    let err = refused(&env, &["contact", "done", "1"], 65);
    assert!(err.contains("was done on"), "{err}");
    let audit: String = env.query(
        "SELECT string_agg(detail, ' | ' ORDER BY id) FROM audit WHERE command IN ('contact snooze', 'contact done')",
    );
    assert_eq!(
        audit,
        "contact #1: follow-up moved | contact #1: follow-up done"
    );
    let other = log(&env, &["--date", "2026-11-03"]);
    let err = refused(&env, &["contact", "done", &other.to_string()], 65);
    assert!(err.contains("has no follow-up"), "{err}");
}

#[test]
fn delete_needs_yes_without_a_terminal() {
    let env = roster();
    log(&env, &["--date", "2026-11-02"]);
    let err = refused(&env, &["contact", "delete", "1"], 2);
    assert!(err.contains("give --yes to confirm"), "{err}");
    stdout(&env, &["contact", "delete", "1", "--yes"]);
    assert_eq!(env.count("contacts"), 0);
    let audit: String = env.query("SELECT detail FROM audit WHERE command = 'contact delete'");
    assert_eq!(audit, "contact #1 deleted: email, outbound");
}
