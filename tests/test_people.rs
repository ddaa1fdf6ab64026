//! `alumni dupes`, `alumni merge` and the timeline of `alumni show`; and
//! names that would drive a terminal, shown escaped (`terminal_safe`).

mod dupes_folding;
mod dupes_groups;
mod merge_engagement;
mod merge_lossless;
mod terminal_safe;

use serde_json::Value;

use crate::common::{Env, stderr_of, stdout_of};

fn roster() -> Env {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    env
}

fn run(env: &Env, args: &[&str]) -> String {
    let out = env.alumni(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    stdout_of(&out)
}

fn id_of(env: &Env, employee_id: &str) -> i64 {
    env.query(&format!(
        "SELECT id FROM alumni WHERE employee_id = '{employee_id}'"
    ))
}

/// Seeds history for an alumnus straight into the tables, as the contact,
/// pipeline and event commands would write it.
fn seed_history(env: &Env, alumnus: i64, event_status: &str) {
    let conn = env.conn();
    conn.execute_batch(&format!(
        "INSERT INTO contacts (alumnus_id, date, channel, direction, summary, owner, created_at)
             VALUES ({alumnus}, '2026-10-01', 'email', 'outbound', '近況確認', 'hr', 'now');
         INSERT INTO applications (kind, alumnus_id, position, opened_on, stage, stage_entered_on,
                                   furthest_stage, created_at, updated_at)
             VALUES ('rehire', {alumnus}, '営業', '2026-10-02', 'interview', '2026-10-20', 'interview', 'now', 'now');
         INSERT INTO stage_events (application_id, stage, entered_on, created_at)
             SELECT max(id), 'contacted', '2026-10-02', 'now' FROM applications;
         INSERT INTO stage_events (application_id, stage, entered_on, note, created_at)
             SELECT max(id), 'interview', '2026-10-20', '一次面接', 'now' FROM applications;
         INSERT INTO events (id, name, date, kind, created_at)
             VALUES (1, '2026 夏の同窓会', '2026-08-01', 'reunion', 'now')
             ON CONFLICT (id) DO NOTHING;
         INSERT INTO attendance (event_id, alumnus_id, status, updated_at)
             VALUES (1, {alumnus}, '{event_status}', 'now');
         INSERT INTO partners (alumnus_id, company, kind, status, created_at, updated_at)
             VALUES ({alumnus}, '株式会社ミライ', 'client', '商談中', 'now', 'now');"
    ))
    .unwrap();
}

#[test]
fn dupes_lists_the_same_name_and_reading_with_overlapping_dates() {
    let env = roster();
    run(
        &env,
        &[
            "add",
            "--name",
            "山田　太郎",
            "--kana",
            "やまだ たろう",
            "--employee-id",
            "09123",
            "--leave-date",
            "2024/3/31",
        ],
    );
    // Same name, other dates entirely: a namesake, not a duplicate.
    run(
        &env,
        &[
            "add",
            "--name",
            "佐藤 花子",
            "--kana",
            "サトウ ハナコ",
            "--employee-id",
            "09124",
            "--hire-date",
            "1990-04-01",
            "--leave-date",
            "1995-03-31",
        ],
    );
    let rows: Vec<Value> =
        serde_json::from_str(&run(&env, &["dupes", "--format", "json"])).unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["employee_id"], "00123");
    assert_eq!(rows[0]["other_employee_id"], "09123");
    assert_eq!(
        rows[0]["reason"],
        "same name and reading, overlapping dates"
    );
}

#[test]
fn dupes_lists_the_same_phone_written_differently() {
    let env = roster();
    run(&env, &["edit", "00124", "--phone", "090-1111-2222"]);
    run(
        &env,
        &["add", "--name", "佐藤 はなこ", "--phone", "09011112222"],
    );
    let out = run(&env, &["dupes", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{out}");
    assert_eq!(&rows[0][1], "00124");
    assert_eq!(&rows[0][8], "same phone");
}

#[test]
fn a_roster_without_duplicates_lists_none() {
    let env = roster();
    let rows: Vec<Value> =
        serde_json::from_str(&run(&env, &["dupes", "--format", "json"])).unwrap();
    assert!(rows.is_empty());
}

#[test]
fn merge_without_a_terminal_needs_yes_and_changes_nothing_without_it() {
    let env = roster();
    let before = env.snapshot();
    let out = env
        .alumni(&["merge", "00123", "00124", "--force"])
        .assert()
        .code(2);
    assert!(stderr_of(out.get_output()).contains("--yes"));
    assert_eq!(env.snapshot(), before);
}

#[test]
fn merge_moves_all_history_and_fills_empty_fields() {
    let env = roster();
    let new_id: i64 = run(
        &env,
        &[
            "add",
            "--name",
            "山田 太郎",
            "--employee-id",
            "09123",
            "--phone",
            "090-1234-5678",
            "--notes",
            "旧姓で登録",
            "--tags",
            "OB会",
        ],
    )
    .trim()
    .parse()
    .unwrap();
    env.conn()
        .execute(
            "UPDATE alumni SET consent = 'opted_out' WHERE employee_id = '09123'",
            [],
        )
        .unwrap();
    seed_history(&env, new_id, "attended");
    let keep = id_of(&env, "00123");
    seed_history(&env, keep, "invited");

    let out = env
        .alumni(&["merge", "00123", "09123", "--yes"])
        .assert()
        .success();
    let said = stderr_of(out.get_output());
    assert!(
        said.contains(&format!("merged #{new_id} into #{keep}")),
        "{said}"
    );

    assert_eq!(
        env.query::<i64>(&format!("SELECT count(*) FROM alumni WHERE id = {new_id}")),
        0
    );
    let count = |table: &str, column: &str| -> i64 {
        env.query(&format!(
            "SELECT count(*) FROM {table} WHERE {column} = {keep}"
        ))
    };
    assert_eq!(count("contacts", "alumnus_id"), 2);
    assert_eq!(count("applications", "alumnus_id"), 2);
    assert_eq!(count("partners", "alumnus_id"), 2);
    // Both were at event 1: one row, with the further status.
    assert_eq!(count("attendance", "alumnus_id"), 1);
    let status: String = env.query(&format!(
        "SELECT status FROM attendance WHERE alumnus_id = {keep}"
    ));
    assert_eq!(status, "attended");
    let (phone, notes, tags, consent): (String, String, String, String) = env
        .conn()
        .query_row(
            &format!("SELECT phone, notes, tags, consent FROM alumni WHERE id = {keep}"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(phone, "090-1234-5678");
    assert_eq!(notes, "旧姓で登録");
    assert_eq!(tags, "OB会");
    assert_eq!(consent, "opted_out", "an opt-out survives a merge");
    let employee_id: String =
        env.query(&format!("SELECT employee_id FROM alumni WHERE id = {keep}"));
    assert_eq!(employee_id, "00123");
    let audit: String = env.query("SELECT detail FROM audit WHERE command = 'merge'");
    assert!(
        audit.contains("1 contacts, 1 applications, 0 referrals, 0 attendance, 1 partners"),
        "{audit}"
    );
    assert!(
        !audit.contains("旧姓"),
        "the audit log holds no personal data: {audit}"
    );
}

#[test]
fn merging_a_record_with_itself_or_an_unknown_one_is_refused() {
    let env = roster();
    let before = env.snapshot();
    env.alumni(&["merge", "00123", "taro.yamada@example.co.jp", "--yes"])
        .assert()
        .code(2);
    env.alumni(&["merge", "00123", "99999", "--yes"])
        .assert()
        .code(1);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn show_tells_the_whole_story_of_an_alumnus() {
    let env = roster();
    let id = id_of(&env, "00123");
    seed_history(&env, id, "attended");
    let text = run(&env, &["show", "00123"]);
    for expected in [
        "Timeline / 履歴",
        "近況確認",
        "application 1: interview 面接 一次面接",
        "2026-10-20",
        "2026 夏の同窓会",
        "株式会社ミライ",
        "yes (imported)",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let json: Value =
        serde_json::from_str(&run(&env, &["show", "00123", "--format", "json"])).unwrap();
    assert_eq!(json["contacts"][0]["summary"], "近況確認");
    assert_eq!(json["applications"][0]["stages"][1]["stage"], "interview");
    assert_eq!(json["applications"][0]["stages"][1]["label"], "面接");
    assert_eq!(json["events"][0]["status"], "attended");
    assert_eq!(json["partners"][0]["kind"], "client");
}

#[test]
fn show_says_when_there_is_no_history_yet() {
    let env = roster();
    let text = run(&env, &["show", "00124"]);
    assert!(text.contains("Timeline / 履歴\n  (none)"), "{text}");
}
