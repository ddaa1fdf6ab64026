//! `alumni forget`: what goes, what stays, and that nothing erased is left
//! readable in the database, its WAL or its SHM.

use serde_json::Value;

use super::{ERASED, assert_nothing_readable, database_files, found_in, found_through_sql, seed};
use crate::common::{Env, on_postgres, refused, refused_unchanged, stderr, stdout};

fn kpi(env: &Env) -> Value {
    let text = stdout(
        env,
        &[
            "kpi", "--from", "2026-04", "--to", "2027-03", "--format", "json",
        ],
    );
    serde_json::from_str(&text).unwrap()
}

#[test]
fn forget_erases_every_personal_value_and_leaves_nothing_readable_in_the_sqlite_files() {
    let env = seed();
    let before = database_files(&env)
        .iter()
        .map(|p| found_in(p, ERASED).len())
        .sum::<usize>();
    assert!(before > 0, "the seed holds the values looked for");
    // A reader connected the whole time, as another program could be.
    let reader = env.conn();
    let n: i64 = reader
        .query_row("SELECT count(*) FROM alumni", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
    let said = stderr(
        &env,
        &[
            "forget",
            "QZV0917",
            "--reason",
            "本人（消去 QZV花子）からの削除請求",
            "--yes",
        ],
    );
    assert!(said.contains("erased the personal data of #1"), "{said}");
    assert_nothing_readable(&env);
    drop(reader);
    assert_nothing_readable(&env);
}

#[test]
fn what_stays_is_anonymous_and_the_kpi_counts_do_not_change() {
    let env = seed();
    let mut counts_before = kpi(&env);
    let other_before = stdout(&env, &["show", "00200", "--format", "json"]);
    stdout(&env, &["forget", "QZV0917", "--yes"]);
    let mut counts_after = kpi(&env);
    // The roster metrics are of who may be contacted now, and an erased
    // person may not be: they leave those as one who opts out does.
    let roster = ["contactable_alumni", "engaged_alumni", "engagement_rate"];
    let (before, after) = (&counts_before["metrics"], &counts_after["metrics"]);
    assert_eq!(
        (
            before["contactable_alumni"].as_u64(),
            before["engaged_alumni"].as_u64()
        ),
        (Some(2), Some(1))
    );
    assert_eq!(
        (
            after["contactable_alumni"].as_u64(),
            after["engaged_alumni"].as_u64()
        ),
        (Some(1), Some(0))
    );
    for metric in roster {
        counts_before["metrics"][metric] = Value::Null;
        counts_after["metrics"][metric] = Value::Null;
    }
    // Every other count, the funnel's first, is what it was.
    assert_eq!(counts_after, counts_before);

    let text = |sql: &str| -> Option<String> { env.query(sql) };
    let row = [
        "name",
        "department",
        "hire_date",
        "leave_date",
        "rehire_eligible",
        "substr(erased_at, 1, 10)",
    ]
    .map(|column| text(&format!("SELECT {column} FROM alumni WHERE id = 1")));
    assert_eq!(row[0], None);
    assert_eq!(row[1].as_deref(), Some("営業部"));
    assert_eq!(
        row[2].as_deref(),
        Some("2015-04-01"),
        "the hire month is kept"
    );
    assert_eq!(
        row[3].as_deref(),
        Some("2022-09-01"),
        "the leave month is kept"
    );
    assert_eq!(row[4].as_deref(), Some("yes"));
    assert!(
        row[5].as_deref().is_some_and(|d| d.starts_with("20")),
        "{row:?}"
    );
    let leave_type: String = env.query("SELECT leave_type FROM alumni WHERE id = 1");
    assert_eq!(leave_type, "voluntary");
    // The history's dates, stages and outcomes stay.
    assert_eq!(
        env.query::<i64>("SELECT count(*) FROM contacts WHERE alumnus_id = 1"),
        2
    );
    let outcome: String = env.query("SELECT outcome FROM applications WHERE alumnus_id = 1");
    assert_eq!(outcome, "declined");
    assert_eq!(
        env.query::<i64>("SELECT count(*) FROM attendance WHERE alumnus_id = 1"),
        1
    );
    // The other person is whole.
    let other_after = stdout(&env, &["show", "00200", "--format", "json"]);
    let (before, after): (Value, Value) = (
        serde_json::from_str(&other_before).unwrap(),
        serde_json::from_str(&other_after).unwrap(),
    );
    for field in [
        "employee_id",
        "name",
        "name_kana",
        "email",
        "phone",
        "current_company",
    ] {
        assert_eq!(before[field], after[field], "{field}");
        assert!(!after[field].is_null(), "{field}");
    }
    // Listings no longer show the erased person; show says what happened.
    let list = stdout(&env, &["list", "--format", "json"]);
    assert!(
        !list.contains("\"id\": 1,") && !list.contains("QZV"),
        "{list}"
    );
    let shown = stdout(&env, &["show", "#1"]);
    assert!(shown.contains("erased on request"), "{shown}");
    for needle in ERASED {
        assert!(!shown.contains(needle), "{needle} in {shown}");
    }
}

#[test]
fn the_audit_says_who_erased_whom_and_when_never_what() {
    let env = seed();
    stdout(
        &env,
        &[
            "forget",
            "QZV0917",
            "--reason",
            "消去 QZV花子さん本人からの請求",
            "--yes",
        ],
    );
    let conn = env.conn();
    let mut stmt = conn
        .prepare("SELECT at, actor, command, alumnus_id, detail FROM audit")
        .unwrap();
    let rows: Vec<(String, String, String, Option<i64>, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let forget: Vec<_> = rows.iter().filter(|r| r.2 == "forget").collect();
    assert_eq!(forget.len(), 1);
    let (at, actor, _, alumnus, detail) = forget[0];
    assert_eq!(actor, "tester");
    assert_eq!(*alumnus, Some(1));
    assert!(at.starts_with("20"), "{at}");
    assert!(detail.contains("erased #1"), "{detail}");
    assert!(
        detail.contains("さん本人からの請求"),
        "the reason is kept: {detail}"
    );
    for row in &rows {
        for needle in ERASED {
            assert!(!row.4.contains(needle), "{needle} in the audit: {}", row.4);
        }
    }
}

#[test]
fn without_a_terminal_forget_needs_yes_and_changes_nothing() {
    let env = seed();
    let said = refused_unchanged(&env, &["forget", "QZV0917"], 2);
    assert!(said.contains("--yes"), "{said}");
    assert!(
        said.contains("QZV0917"),
        "it says who would be erased: {said}"
    );
}

#[test]
fn an_erased_person_cannot_be_forgotten_twice_or_given_new_records() {
    let env = seed();
    stdout(&env, &["forget", "QZV0917", "--yes"]);
    let said = refused(&env, &["forget", "QZV0917", "--yes"], 1);
    assert!(said.contains("was erased on request on"), "{said}");
    let said = refused(&env, &["forget", "#1", "--yes"], 1);
    assert!(said.contains("already"), "{said}");
    for args in [
        &[
            "contact",
            "add",
            "#1",
            "--channel",
            "email",
            "--summary",
            "x",
        ][..],
        &["pipeline", "add", "#1"],
        &["edit", "#1", "--name", "誰か"],
        &["partner", "add", "#1", "--kind", "speaker"],
        &["referral", "add", "--by", "#1", "--name", "誰か"],
        &["add", "--name", "消去 QZV花子", "--employee-id", "QZV0917"],
        &["event", "invite", "1", "#1"],
    ] {
        let said = refused_unchanged(&env, args, 65);
        assert!(said.contains("erased on request"), "{args:?}: {said}");
    }
}

#[test]
fn a_re_import_leaves_the_erased_person_out_row_by_row_unless_readmitted() {
    let env = seed();
    stdout(&env, &["forget", "QZV0917", "--yes"]);
    let said = env.import(&["privacy/people.csv"]);
    assert!(
        said.contains("people.csv:2: erased on request on"),
        "the row is named: {said}"
    );
    assert!(
        said.contains("1 row of a person erased on request was left out"),
        "{said}"
    );
    assert_eq!(env.count("alumni"), 2, "nobody was added");
    assert_nothing_readable(&env);
    // A person confirms they asked to come back.
    let path = crate::common::fixture("privacy/people.csv");
    stderr(
        &env,
        &["import", path.to_str().unwrap(), "--readmit-erased"],
    );
    assert_eq!(env.count("alumni"), 3);
    let back: String = env.query("SELECT name FROM alumni WHERE employee_id = 'QZV0917'");
    assert_eq!(back, "消去 QZV花子");
    // Their new record is theirs to update by later imports.
    let said = env.import(&["privacy/people.csv"]);
    assert!(!said.contains("erased on request"), "{said}");
    assert_eq!(env.count("alumni"), 3);
}

#[test]
fn forget_names_the_backups_that_still_hold_the_person_on_sqlite() {
    let env = seed();
    let backup = env.path("before.db");
    stdout(&env, &["backup", backup.to_str().unwrap()]);
    let said = stderr(&env, &["forget", "QZV0917", "--yes"]);
    assert!(said.contains("still hold"), "{said}");
    assert!(said.contains("before.db"), "{said}");
    assert!(
        !found_in(&backup, &["QZV"]).is_empty(),
        "the backup is as it was"
    );
}

#[test]
fn a_reader_in_a_transaction_keeps_the_sqlite_file_from_being_rewritten_and_scrub_finishes_later() {
    let env = seed();
    let reader = env.conn();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM alumni;")
        .unwrap();
    let said = refused(&env, &["forget", "QZV0917", "--yes"], 1);
    assert!(said.contains("alumni forget --scrub"), "{said}");
    // The erasure itself is committed.
    let name: Option<String> = env.query("SELECT name FROM alumni WHERE id = 1");
    assert_eq!(name, None);
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    let said = stderr(&env, &["forget", "--scrub"]);
    assert!(said.contains("nothing erased is left readable"), "{said}");
    assert_nothing_readable(&env);
}

#[test]
fn an_open_application_of_an_erased_person_takes_no_new_entries() {
    let env = Env::new();
    env.import(&["privacy/people.csv"]);
    let app = stdout(
        &env,
        &["pipeline", "add", "QZV0917", "--date", "2026-10-02"],
    );
    stdout(&env, &["forget", "QZV0917", "--yes"]);
    for args in [
        &[
            "pipeline",
            "move",
            app.trim(),
            "interview",
            "--note",
            "QZVメモ",
        ][..],
        &[
            "pipeline",
            "close",
            app.trim(),
            "withdrawn",
            "--reason",
            "QZV理由",
        ],
    ] {
        let said = refused_unchanged(&env, args, 65);
        assert!(said.contains("erased on request"), "{args:?}: {said}");
    }
}

#[test]
fn forget_and_retention_never_make_a_database_that_is_not_there() {
    let env = Env::new();
    for args in [
        &["forget", "00123", "--yes"][..],
        &["forget", "--scrub"],
        &["retention"],
        &["retention", "--erase", "--yes"],
    ] {
        let said = refused(&env, args, 1);
        assert!(said.contains("no database at"), "{args:?}: {said}");
        assert!(!env.db.exists(), "{args:?} made a database");
    }
}

#[test]
fn on_a_terminal_forget_shows_what_goes_and_asks_first() {
    let env = seed();
    let before = env.snapshot();
    let mut session = crate::common::pty::spawn(&env, &["forget", "QZV0917"]);
    session.exp_string("to be erased: employee_id").unwrap();
    session.exp_string("2 contacts, 1 stage note").unwrap();
    session.exp_string("This cannot be undone").unwrap();
    crate::common::pty::press(&mut session, "n");
    session.exp_string("nothing erased").unwrap();
    session.exp_eof().unwrap();
    assert_eq!(env.snapshot(), before, "a no changes nothing");

    let mut session = crate::common::pty::spawn(&env, &["forget", "QZV0917"]);
    session.exp_string("This cannot be undone").unwrap();
    crate::common::pty::press(&mut session, "y");
    session
        .exp_string("erased the personal data of #1")
        .unwrap();
    session.exp_eof().unwrap();
    assert_nothing_readable(&env);
}

#[test]
fn forget_leaves_no_personal_value_in_any_text_column_on_postgres() {
    if !on_postgres() {
        return;
    }
    let env = seed();
    // The person's own values as stored, and the text recorded about them.
    let personal = [
        "employee_id",
        "name",
        "name_kana",
        "email",
        "phone",
        "job_title",
        "leave_reason",
        "current_company",
        "current_title",
        "location",
        "linkedin_url",
        "consent_purpose",
        "tags",
        "notes",
    ];
    let mut values: Vec<String> = personal
        .iter()
        .filter_map(|column| {
            env.query::<Option<String>>(&format!(
                "SELECT {column} FROM alumni WHERE employee_id = 'QZV0917'"
            ))
        })
        .collect();
    assert_eq!(values.len(), personal.len(), "{values:?}");
    values.extend(
        [
            "QZV再雇用のご案内",
            "QZV近況確認",
            "QZV一次面接メモ",
            "QZV家庭の事情",
            "QZV候補者",
            "qzv.cand@example.jp",
            "070-7171-0000",
            "QZVパートナーメモ",
        ]
        .map(String::from),
    );
    let stored: Vec<&str> = values.iter().map(String::as_str).collect();
    let before = found_through_sql(&env, &stored);
    for value in &stored {
        assert!(
            before.iter().any(|f| f.contains(&format!("{value:?}"))),
            "{value} is in the database before: {before:#?}"
        );
    }
    // Also the parts and other spellings of them looked for in the files.
    let mut needles = stored.clone();
    needles.extend(ERASED);
    needles.push("09071719191");
    stdout(
        &env,
        &["forget", "QZV0917", "--reason", "本人からの請求", "--yes"],
    );
    let after = found_through_sql(&env, &needles);
    assert!(after.is_empty(), "still readable: {after:#?}");
    // The other person is whole.
    assert!(
        !found_through_sql(&env, &["残留 次郎", "jiro@example.jp"]).is_empty(),
        "the other person is kept"
    );
    // There is no file to rewrite: `--scrub` says what to do instead.
    let said = refused(&env, &["forget", "--scrub"], 2);
    assert!(said.contains("PostgreSQL"), "{said}");
}
