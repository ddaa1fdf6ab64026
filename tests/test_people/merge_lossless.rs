//! `alumni merge` loses nothing: every email and phone is kept and found,
//! the merged-away employee ID is an alias a re-import matches, conflicts
//! are shown, two people are refused without --force, and `--undo` puts
//! both records back while nothing changed since.

use serde_json::Value;

use crate::common::{Env, stderr_of, stdout_of};

const ROSTER: &str = "merge_roster.csv";

fn imported() -> Env {
    let env = Env::new();
    env.import(&[ROSTER]);
    env
}

fn ok(env: &Env, args: &[&str]) -> (String, String) {
    let out = env.alumni(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    (stdout_of(&out), stderr_of(&out))
}

fn show(env: &Env, who: &str) -> Value {
    serde_json::from_str(&ok(env, &["show", who, "--format", "json"]).0).unwrap()
}

#[test]
fn reimport_after_merge_updates_the_kept_person_and_creates_nobody() {
    let env = imported();
    assert_eq!(env.count("alumni"), 3);
    let (_, said) = ok(&env, &["merge", "M001", "M002", "--yes"]);
    assert!(
        said.contains("merged #2 into #1 (merge 1; `alumni merge --undo 1` takes it back)"),
        "{said}"
    );
    let rows = env.alumni_rows();
    let said = env.import(&[ROSTER]);
    assert!(said.contains("0 inserted"), "{said}");
    assert_eq!(env.count("alumni"), 2);
    assert_eq!(env.count("alumnus_contacts"), 1, "nothing duplicated");
    assert_eq!(env.count("aliases"), 1);
    assert_eq!(
        env.alumni_rows(),
        rows,
        "the same roster again changes nobody"
    );
    let by_alias = show(&env, "M002");
    assert_eq!(by_alias["id"], 1);
    assert_eq!(by_alias["aliases"], serde_json::json!(["M002"]));
}

#[test]
fn every_email_and_phone_is_kept_shown_and_searched() {
    let env = imported();
    ok(&env, &["merge", "M001", "M002", "--yes"]);
    let json = show(&env, "M001");
    assert_eq!(
        json["emails"],
        serde_json::json!(["ichiro.tanaka@example.co.jp", "tanaka.ichiro@gmail.com"])
    );
    assert_eq!(json["phones"], serde_json::json!(["090-1111-2222"]));
    let text = ok(&env, &["show", "M001"]).0;
    assert!(text.contains("tanaka.ichiro@gmail.com"), "{text}");
    let found = ok(&env, &["search", "gmail", "--format", "csv"]).0;
    assert!(found.contains("M001"), "{found}");
    assert_eq!(show(&env, "tanaka.ichiro@gmail.com")["id"], 1);
}

#[test]
fn an_email_belongs_to_one_person_primary_or_not() {
    let env = imported();
    ok(&env, &["merge", "M001", "M002", "--yes"]);
    let before = env.snapshot();
    env.alumni(&[
        "add",
        "--name",
        "別人",
        "--email",
        "tanaka.ichiro@gmail.com",
    ])
    .assert()
    .failure();
    assert_eq!(env.snapshot(), before);
    let err = env
        .conn()
        .execute(
            "INSERT INTO alumnus_contacts (alumnus_id, kind, value, created_at)
             VALUES (3, 'email', 'ichiro.tanaka@example.co.jp', 'now')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("already belongs"), "{err}");
}

#[test]
fn conflicts_are_shown_side_by_side_before_merging() {
    let env = imported();
    let (_, said) = ok(&env, &["merge", "M001", "M002", "--yes"]);
    assert!(said.contains("field") && said.contains("result"), "{said}");
    let email_row = said
        .lines()
        .find(|l| l.contains("email ") && l.contains("gmail"))
        .unwrap_or_else(|| panic!("no email row in\n{said}"));
    assert!(
        email_row.contains("ichiro.tanaka@example.co.jp"),
        "{email_row}"
    );
    assert!(email_row.contains("second email"), "{email_row}");
    assert!(said.contains("M002 as an alias"), "{said}");
}

#[test]
fn two_different_people_are_refused_without_force() {
    let env = imported();
    let before = env.snapshot();
    let out = env
        .alumni(&["merge", "M001", "M003", "--yes"])
        .assert()
        .code(65);
    let said = stderr_of(out.get_output());
    assert!(
        said.contains("田中 一郎") && said.contains("森 花子") && said.contains("--force"),
        "{said}"
    );
    assert_eq!(env.snapshot(), before);
    ok(&env, &["merge", "M001", "M003", "--yes", "--force"]);
    assert_eq!(env.count("alumni"), 2);
}

#[test]
fn undo_puts_both_records_back_exactly() {
    let env = imported();
    let (kept, other) = (show(&env, "M001"), show(&env, "M002"));
    let rows = env.alumni_rows();
    ok(&env, &["merge", "M001", "M002", "--yes"]);
    let (_, said) = ok(&env, &["merge", "--undo", "1", "--yes"]);
    assert!(said.contains("undid merge 1"), "{said}");
    // The records are as they were; only the timeline, which keeps the
    // audit of every command, tells of the merge and its undoing.
    let record = |mut shown: serde_json::Value| {
        let timeline = shown.as_object_mut().unwrap().remove("timeline");
        (shown, timeline.unwrap())
    };
    let (kept_after, timeline) = record(show(&env, "M001"));
    assert_eq!(kept_after, record(kept).0);
    let commands: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|entry| entry["command"].as_str())
        .collect();
    assert_eq!(commands, ["merge", "merge undo"], "{timeline}");
    assert_eq!(record(show(&env, "M002")).0, record(other).0);
    assert_eq!(env.alumni_rows(), rows);
    assert_eq!(env.count("aliases") + env.count("alumnus_contacts"), 0);
    let audit: String =
        env.query("SELECT string_agg(detail, ' | ') FROM audit WHERE command LIKE 'merge%'");
    assert!(
        !audit.contains("gmail") && !audit.contains("田中"),
        "{audit}"
    );
    // Undone once, it cannot be undone again.
    env.alumni(&["merge", "--undo", "1", "--yes"])
        .assert()
        .code(1);
}

#[test]
fn undo_is_refused_after_a_later_change() {
    let env = imported();
    ok(&env, &["merge", "M001", "M002", "--yes"]);
    ok(&env, &["edit", "M001", "--notes", "電話で確認"]);
    let before = env.snapshot();
    let out = env
        .alumni(&["merge", "--undo", "1", "--yes"])
        .assert()
        .code(1);
    let said = stderr_of(out.get_output());
    assert!(
        said.contains("cannot undo merge 1: #1 changed after it"),
        "{said}"
    );
    assert_eq!(env.snapshot(), before);
}

#[test]
fn the_merge_snapshot_does_not_outlive_forget() {
    let env = imported();
    ok(&env, &["merge", "M001", "M002", "--yes"]);
    ok(&env, &["forget", "M001", "--yes"]);
    assert_eq!(
        env.count("merges") + env.count("aliases") + env.count("alumnus_contacts"),
        0
    );
    let values = ["tanaka.ichiro@gmail.com", "090-1111-2222", "M002"];
    if crate::common::on_postgres() {
        // No file of alumni's: nothing is readable through SQL.
        let found = crate::test_privacy::found_through_sql(&env, &values);
        assert!(found.is_empty(), "{found:#?}");
    } else {
        let bytes = std::fs::read(&env.db).unwrap();
        for value in values {
            assert!(
                !bytes.windows(value.len()).any(|w| w == value.as_bytes()),
                "{value} is still in the file"
            );
        }
    }
    // The merged-away ID is recognised as the erased person's.
    let said = env.import(&[ROSTER]);
    assert!(!said.contains("2 inserted"), "{said}");
}
