//! `alumni audit`: the log of changes, filtered by alumnus (an erased one
//! by #id), time and command, as a table and as JSON with
//! the `audit` table's names; who the actor is (the default-owner setting,
//! else $ALUMNI_USER, else the login name, never "unknown"); and that no
//! value typed into a command ends up in the log.

use serde_json::Value;

use crate::common::{Env, on_postgres, refused, refused_unchanged, stdout, stdout_of};
use crate::test_interface::settings;

/// Two people by hand, then one change each of a few kinds:
/// #1 add, #2 add, #1 edit, #1 pipeline add, application 1 moved, #2 consent.
fn history() -> Env {
    let env = Env::empty();
    for args in [
        &[
            "add",
            "--name",
            "山田 太郎",
            "--employee-id",
            "00123",
            "--email",
            "taro@example.jp",
        ][..],
        &[
            "add",
            "--name",
            "佐藤 花子",
            "--employee-id",
            "00124",
            "--email",
            "hanako@example.jp",
        ],
        &["edit", "00123", "--department", "営業部"],
        &["pipeline", "add", "00123", "--position", "営業"],
        &["pipeline", "move", "1", "interview"],
        &["consent", "00124", "opted-in"],
    ] {
        stdout(&env, args);
    }
    env
}

/// The log as `audit --format json ARGS…` prints it.
fn entries(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["audit", "--format", "json"];
    all.extend(args);
    serde_json::from_str(&stdout(env, &all)).unwrap()
}

/// The commands of the rows `audit ARGS…` lists, in order.
fn commands(env: &Env, args: &[&str]) -> Vec<String> {
    entries(env, args)
        .iter()
        .map(|e| e["command"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn audit_lists_every_change_oldest_first() {
    let env = history();
    assert_eq!(
        commands(&env, &[]),
        [
            "add",
            "add",
            "edit",
            "pipeline add",
            "pipeline move",
            "consent"
        ]
    );
}

#[test]
fn audit_filters_by_alumnus_in_every_form_a_command_takes() {
    let env = history();
    let mine = ["add", "edit", "pipeline add", "pipeline move"];
    assert_eq!(commands(&env, &["--alumnus", "00123"]), mine);
    assert_eq!(commands(&env, &["--alumnus", "taro@example.jp"]), mine);
    assert_eq!(commands(&env, &["--alumnus", "#1"]), mine);
    assert_eq!(commands(&env, &["--alumnus", "#2"]), ["add", "consent"]);
    let said = refused(&env, &["audit", "--alumnus", "#99"], 1);
    assert!(said.contains("no alumnus \"#99\""), "{said}");
}

#[test]
fn audit_filters_by_command_name_or_its_first_words() {
    let env = history();
    assert_eq!(
        commands(&env, &["--command", "pipeline"]),
        ["pipeline add", "pipeline move"]
    );
    assert_eq!(
        commands(&env, &["--command", "pipeline  move"]),
        ["pipeline move"]
    );
    // Whole words: a part of one is no command.
    assert!(commands(&env, &["--command", "pipe"]).is_empty());
    assert!(commands(&env, &["--command", "move"]).is_empty());
}

#[test]
fn audit_filters_by_day_and_keeps_the_newest_with_limit() {
    let env = history();
    assert_eq!(commands(&env, &["--since", "2020/4/1"]).len(), 6);
    assert_eq!(commands(&env, &["--since", "令和2年4月1日"]).len(), 6);
    assert!(commands(&env, &["--since", "2099-01-01"]).is_empty());
    assert_eq!(
        commands(&env, &["--limit", "2"]),
        ["pipeline move", "consent"]
    );
    assert_eq!(
        commands(
            &env,
            &[
                "--alumnus",
                "00123",
                "--command",
                "pipeline",
                "--limit",
                "1"
            ]
        ),
        ["pipeline move"]
    );
    let said = refused(&env, &["audit", "--since", "someday"], 65);
    assert!(said.contains("--since \"someday\" is not a date"), "{said}");
}

#[test]
fn audit_json_has_the_fields_of_the_audit_table() {
    let env = history();
    let listed = entries(&env, &[]);
    let conn = env.conn();
    let mut statement = conn
        .prepare(
            "SELECT id, at, actor, command, alumnus_id, detail, db_role FROM audit ORDER BY id",
        )
        .unwrap();
    let stored: Vec<Value> = statement
        .query_map([], |r| {
            let mut row = serde_json::json!({
                "id": r.get::<_, i64>(0)?,
                "at": r.get::<_, String>(1)?,
                "actor": r.get::<_, String>(2)?,
                "command": r.get::<_, String>(3)?,
                "alumnus_id": r.get::<_, Option<i64>>(4)?,
                "detail": r.get::<_, String>(5)?,
            });
            // The role, which only PostgreSQL has, only there.
            let role = r.get::<_, Option<String>>(6)?;
            if on_postgres() {
                row["db_role"] = serde_json::json!(role.expect("a role on PostgreSQL"));
            } else {
                assert_eq!(role, None);
            }
            Ok(row)
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(listed, stored);
    let keys: Vec<&String> = listed[0].as_object().unwrap().keys().collect();
    let mut expected = vec!["id", "at", "actor", "command", "alumnus_id", "detail"];
    if on_postgres() {
        expected.push("db_role");
    }
    assert_eq!(keys, expected);
    assert_eq!(listed[0]["alumnus_id"], 1);
}

#[test]
fn audit_only_reads() {
    let env = history();
    let before = env.snapshot();
    stdout(&env, &["audit"]);
    stdout(&env, &["audit", "--alumnus", "00123", "--format", "json"]);
    assert_eq!(env.snapshot(), before);
    refused_unchanged(&env, &["audit", "--format", "csv"], 2);
}

#[test]
fn a_merge_brings_the_rows_of_the_record_merged_away() {
    let env = history();
    stdout(&env, &["merge", "00123", "00124", "--yes", "--force"]);
    assert_eq!(
        commands(&env, &["--alumnus", "00123"]),
        [
            "add",
            "add",
            "edit",
            "pipeline add",
            "pipeline move",
            "consent",
            "merge"
        ]
    );
    // #2 is no record any more, and the log has nothing under it.
    let said = refused(&env, &["audit", "--alumnus", "#2"], 1);
    assert!(said.contains("no alumnus \"#2\""), "{said}");
}

#[test]
fn an_erased_alumnus_is_found_by_id() {
    let env = history();
    // What an erasure leaves: the record, without its keys or name.
    env.conn()
        .execute(
            "UPDATE alumni SET employee_id = NULL, email = NULL, name = NULL,
                               erased_at = '2026-12-01T00:00:00Z' WHERE id = 2",
            [],
        )
        .unwrap();
    assert_eq!(commands(&env, &["--alumnus", "#2"]), ["add", "consent"]);
    // And when the record is gone altogether, the log still answers to #2.
    env.conn()
        .execute("DELETE FROM alumni WHERE id = 2", [])
        .unwrap();
    assert_eq!(commands(&env, &["--alumnus", "#2"]), ["add", "consent"]);
    let said = refused(&env, &["audit", "--alumnus", "00124"], 1);
    assert!(said.contains("no alumnus"), "{said}");
}

/// The login name of the account the tests run as, as `id -un` gives it.
#[cfg(unix)]
fn login_name() -> String {
    let output = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    assert!(output.status.success(), "id -un failed");
    stdout_of(&output).trim().to_string()
}

#[cfg(unix)]
#[test]
fn the_actor_is_the_setting_else_alumni_user_else_the_login_name() {
    let env = Env::empty();
    let os = login_name();
    assert!(!os.is_empty() && os != "unknown");
    let without_alumni_user = |args: &[&str]| {
        let output = env
            .alumni(args)
            .env_remove("ALUMNI_USER")
            .env("USER", "bogus-user")
            .env("USERNAME", "bogus-user")
            .output()
            .unwrap();
        assert!(output.status.success(), "alumni {args:?} failed");
    };
    without_alumni_user(&["add", "--name", "山田 太郎", "--employee-id", "00123"]);
    // Env::alumni sets ALUMNI_USER=tester.
    stdout(&env, &["edit", "00123", "--department", "営業部"]);
    stdout(&env, &["config", "set", "default-owner", "人事部 佐藤"]);
    without_alumni_user(&["edit", "00123", "--department", "開発部"]);
    let actors: Vec<String> = entries(&env, &[])
        .iter()
        .map(|e| e["actor"].as_str().unwrap().to_string())
        .collect();
    // The owner is set by the actor before it.
    assert_eq!(actors, [os.as_str(), "tester", "tester", "人事部 佐藤"]);
}

#[cfg(unix)]
#[test]
fn imports_and_contacts_are_recorded_under_the_same_actor() {
    let env = Env::new();
    let os = login_name();
    let run = |args: &[&str]| {
        let output = env
            .alumni(args)
            .env_remove("ALUMNI_USER")
            .env("USER", "bogus-user")
            .output()
            .unwrap();
        assert!(output.status.success(), "alumni {args:?} failed");
    };
    let roster = crate::common::fixture("roster.xlsx");
    run(&["import", roster.to_str().unwrap()]);
    run(&[
        "contact",
        "add",
        "00123",
        "--channel",
        "email",
        "--summary",
        "近況",
    ]);
    run(&[
        "event",
        "add",
        "同窓会",
        "--date",
        "2026-08-01",
        "--kind",
        "reunion",
    ]);
    run(&["event", "attend", "1", "00124"]);
    assert_eq!(env.query::<String>("SELECT imported_by FROM imports"), os);
    let owners: Vec<String> = env
        .conn()
        .prepare("SELECT owner FROM contacts ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(owners, [os.as_str(), os.as_str()]);
    let unknown: i64 =
        env.query("SELECT count(*) FROM audit WHERE actor = 'unknown' OR actor IS NULL");
    assert_eq!(unknown, 0);

    stdout(&env, &["config", "set", "default-owner", "人事部 佐藤"]);
    run(&[
        "contact",
        "add",
        "00125",
        "--channel",
        "phone",
        "--summary",
        "近況",
    ]);
    assert_eq!(
        env.query::<String>("SELECT owner FROM contacts ORDER BY id DESC LIMIT 1"),
        "人事部 佐藤"
    );
}

#[test]
fn the_audit_table_is_as_reviewed() {
    let env = history();
    let table = stdout(&env, &["audit"]);
    let mut settings = settings("alumni audit (times redacted)");
    // 19 wide, as the local time it stands for, so the table keeps its shape.
    settings.add_filter(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", "[at]               ");
    // On PostgreSQL the role beside the person is a column of its own.
    let name = if on_postgres() {
        "table__audit_postgres"
    } else {
        "table__audit"
    };
    settings.bind(|| insta::assert_snapshot!(name, table));
}

/// Values typed into commands, each one distinctive, that are personal or
/// could be; none may appear in the log's details.
const PERSONAL: [&str; 27] = [
    "Qzname Taro",
    "クズカナ",
    "qz.mail@example.jp",
    "090-7777-1234",
    "QZ0777",
    "Qzjobtitle",
    "Qzleavereason",
    "Qzcompany",
    "Qztitle",
    "Qztown",
    "linkedin.com/in/qzprofile",
    "qztag",
    "Qznote 健康上の理由",
    "Qzpurpose",
    "Qzsummary",
    "Qzowner",
    "Qzoverride",
    "Qzposition",
    "Qzstagenote",
    "Qzclosereason",
    "Qzcandidate",
    "qz.cand@example.jp",
    "080-5555-6666",
    "Qzpartnerco",
    "Qzstatus",
    "Qzpartnernote",
    "Qzsecondname",
];

#[test]
fn no_value_given_to_a_command_shows_up_in_the_audit() {
    let env = Env::empty();
    let person = [
        "--name",
        "Qzname Taro",
        "--kana",
        "クズカナ",
        "--email",
        "qz.mail@example.jp",
        "--phone",
        "090-7777-1234",
        "--employee-id",
        "QZ0777",
        "--job-title",
        "Qzjobtitle",
        "--leave-date",
        "2024-03-31",
        "--leave-reason",
        "Qzleavereason",
        "--current-company",
        "Qzcompany",
        "--current-title",
        "Qztitle",
        "--location",
        "Qztown",
        "--linkedin",
        "https://linkedin.com/in/qzprofile",
        "--tags",
        "qztag",
        "--notes",
        "Qznote 健康上の理由",
    ];
    let mut add = vec!["add"];
    add.extend(person);
    for args in [
        &add[..],
        &["add", "--name", "Qzsecondname", "--employee-id", "QZ0778"],
        &[
            "edit",
            "QZ0777",
            "--notes",
            "Qznote 健康上の理由 2",
            "--current-company",
            "Qzcompany 2",
        ],
        &["edit", "QZ0777", "--clear", "location"],
        &["consent", "QZ0777", "opted-in", "--purpose", "Qzpurpose"],
        &[
            "contact",
            "add",
            "QZ0777",
            "--channel",
            "email",
            "--summary",
            "Qzsummary",
            "--owner",
            "Qzowner",
        ],
        &["pipeline", "add", "QZ0777", "--position", "Qzposition"],
        &[
            "pipeline",
            "move",
            "1",
            "interview",
            "--note",
            "Qzstagenote",
        ],
        &[
            "pipeline",
            "close",
            "1",
            "declined",
            "--reason",
            "Qzclosereason",
        ],
        &[
            "referral",
            "add",
            "--by",
            "QZ0777",
            "--name",
            "Qzcandidate",
            "--email",
            "qz.cand@example.jp",
            "--phone",
            "080-5555-6666",
            "--position",
            "Qzposition",
        ],
        &[
            "partner",
            "add",
            "QZ0777",
            "--company",
            "Qzpartnerco",
            "--kind",
            "client",
            "--status",
            "Qzstatus",
            "--notes",
            "Qzpartnernote",
        ],
        &["consent", "QZ0777", "opted-out", "--purpose", "Qzpurpose"],
        &[
            "contact",
            "add",
            "QZ0777",
            "--channel",
            "phone",
            "--summary",
            "Qzsummary",
            "--override-consent",
            "Qzoverride",
        ],
        &["config", "set", "default-owner", "Qzowner"],
        &["merge", "QZ0777", "QZ0778", "--yes", "--force"],
    ] {
        stdout(&env, args);
    }
    let details: Vec<String> = env
        .conn()
        .prepare("SELECT coalesce(detail, '') FROM audit ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(details.len() >= 15, "{details:#?}");
    for detail in &details {
        let lower = detail.to_lowercase();
        for value in PERSONAL {
            // Each word too: a name cut in two is still a name.
            for part in std::iter::once(value).chain(value.split(' ')) {
                if part.chars().count() >= 4 {
                    assert!(
                        !lower.contains(&part.to_lowercase()),
                        "the audit holds {part:?} (of {value:?}): {detail}"
                    );
                }
            }
        }
    }
    // The listing of the log holds none of them either.
    let listed = stdout(&env, &["audit", "--format", "json"]);
    for value in PERSONAL.iter().filter(|v| **v != "Qzowner") {
        assert!(!listed.contains(value), "audit lists {value:?}: {listed}");
    }
}
