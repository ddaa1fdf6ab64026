//! `alumni backup FILE`: a consistent copy of a database in use; an
//! existing FILE only with --force (replaced in one step); never the
//! database itself.

use std::time::Duration;

use rusqlite::Connection;

use super::{dump, integrity};
use crate::common::{Env, refused, roster, stderr, stderr_of};

/// A roster with some history written by commands after the import.
fn busy_roster() -> Env {
    let env = roster();
    for (who, summary) in [("00123", "再入社の意向を確認"), ("00124", "同窓会のご案内")]
    {
        stderr(
            &env,
            &[
                "contact",
                "add",
                who,
                "--channel",
                "email",
                "--date",
                "2026-11-02",
                "--summary",
                summary,
            ],
        );
    }
    stderr(
        &env,
        &["add", "--name", "高橋 三郎", "--email", "saburo@example.jp"],
    );
    env
}

/// Temporary files left in the test's directory (a backup is written as
/// `.NAME.PID-N.tmp` beside its target, as exports are).
fn leftovers(env: &Env) -> Vec<String> {
    std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n.ends_with(".tmp"))
        .collect()
}

#[test]
fn backup_while_another_connection_reads_copies_every_row() {
    let env = busy_roster();
    // Another process in the middle of a read transaction, which also keeps
    // the writes above from being checkpointed out of the WAL.
    let mut reader = env.conn();
    let tx = reader.transaction().unwrap();
    let _: i64 = tx
        .query_row("SELECT count(*) FROM alumni", [], |r| r.get(0))
        .unwrap();
    // And a write after the reader started, which the copy must hold too.
    stderr(
        &env,
        &["edit", "00123", "--current-company", "株式会社ミライ"],
    );

    let copy = env.path("copy.db");
    let said = stderr(&env, &["backup", copy.to_str().unwrap()]);
    assert!(said.contains("backed up to"), "{said}");
    drop(tx);

    assert_eq!(integrity(&copy), "ok");
    let copy_conn = Connection::open(&copy).unwrap();
    assert_eq!(dump(&copy_conn), dump(&env.conn()));
    let company: String = copy_conn
        .query_row(
            "SELECT current_company FROM alumni WHERE employee_id = '00123'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(company, "株式会社ミライ");
    assert_eq!(env.count("contacts"), 2);
    assert!(leftovers(&env).is_empty(), "{:?}", leftovers(&env));
}

#[test]
fn backup_does_not_wait_for_a_writer_and_leaves_out_what_it_has_not_committed() {
    let env = busy_roster();
    let before = dump(&env.conn());
    let mut writer = env.conn();
    let tx = writer
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();
    tx.execute(
        "UPDATE alumni SET notes = 'uncommitted' WHERE employee_id = '00123'",
        [],
    )
    .unwrap();

    let copy = env.path("copy.db");
    env.alumni(&["backup", copy.to_str().unwrap()])
        .timeout(Duration::from_secs(30))
        .assert()
        .success();
    tx.rollback().unwrap();

    assert_eq!(integrity(&copy), "ok");
    assert_eq!(dump(&Connection::open(&copy).unwrap()), before);
}

#[test]
fn the_copy_is_one_file_that_alumni_opens() {
    let env = busy_roster();
    let copy = env.path("copy.db");
    stderr(&env, &["backup", copy.to_str().unwrap()]);
    let mode: String = Connection::open(&copy)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "the copy needs its -wal file");
    let copy_env = Env {
        db: copy.clone(),
        dir: tempfile::tempdir().unwrap(),
    };
    let out = crate::common::stdout(&copy_env, &["show", "00123", "--format", "json"]);
    assert!(out.contains("山田"), "{out}");
}

#[test]
fn backup_to_an_existing_file_is_refused_without_force() {
    let env = roster();
    let copy = env.path("copy.db");
    std::fs::write(&copy, "yesterday's backup").unwrap();
    let said = refused(&env, &["backup", copy.to_str().unwrap()], 2);
    assert!(
        said.contains("exists") && said.contains("--force"),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "{said}");
    assert_eq!(
        std::fs::read_to_string(&copy).unwrap(),
        "yesterday's backup"
    );
    assert!(leftovers(&env).is_empty());
}

#[test]
fn backup_with_force_replaces_an_existing_file() {
    let env = roster();
    let copy = env.path("copy.db");
    std::fs::write(&copy, "yesterday's backup").unwrap();
    stderr(&env, &["backup", "--force", copy.to_str().unwrap()]);
    assert_eq!(integrity(&copy), "ok");
    assert_eq!(dump(&Connection::open(&copy).unwrap()), dump(&env.conn()));
    assert!(leftovers(&env).is_empty());
}

#[test]
fn backup_refuses_to_write_over_the_database_itself() {
    let env = roster();
    let before = dump(&env.conn());
    let db = env.db.to_str().unwrap().to_string();
    let wal = format!("{db}-wal");
    let roundabout = env
        .dir
        .path()
        .join("no-such-dir")
        .join("..")
        .join("alumni.db");
    let roundabout = roundabout.to_str().unwrap();
    for args in [
        vec!["backup", db.as_str()],
        vec!["backup", "--force", db.as_str()],
        vec!["backup", "--force", "alumni.db"], // relative to the working directory
        vec!["backup", "--force", wal.as_str()],
        vec!["backup", "--force", roundabout],
    ] {
        let said = refused(&env, &args, 2);
        assert!(said.contains("is the database itself"), "{args:?}: {said}");
        assert_eq!(integrity(&env.db), "ok", "{args:?}");
        assert_eq!(dump(&env.conn()), before, "{args:?}");
    }
    assert!(!env.path("no-such-dir").exists());
}

#[cfg(unix)]
#[test]
fn backup_refuses_a_link_to_the_database() {
    let env = roster();
    let link = env.path("link.db");
    std::os::unix::fs::symlink(&env.db, &link).unwrap();
    let said = refused(&env, &["backup", "--force", link.to_str().unwrap()], 2);
    assert!(said.contains("is the database itself"), "{said}");
    assert_eq!(env.count("alumni"), 10);
}

#[test]
fn backup_of_a_database_that_does_not_exist_fails_and_creates_nothing() {
    let env = Env::new();
    let copy = env.path("copy.db");
    let said = refused(&env, &["backup", copy.to_str().unwrap()], 1);
    assert!(said.contains("no database at"), "{said}");
    assert!(!env.db.exists(), "backup created the database");
    assert!(!copy.exists());
}

#[test]
fn backup_creates_the_directory_of_the_copy() {
    let env = roster();
    let copy = env.path("backups").join("2026").join("alumni.db");
    stderr(&env, &["backup", copy.to_str().unwrap()]);
    assert_eq!(integrity(&copy), "ok");
}

#[test]
fn backup_to_a_directory_is_refused() {
    let env = roster();
    let dir = env.path("backups");
    std::fs::create_dir(&dir).unwrap();
    let said = refused(&env, &["backup", "--force", dir.to_str().unwrap()], 2);
    assert!(said.contains("is a directory"), "{said}");
}

#[test]
fn quiet_backup_says_nothing() {
    let env = roster();
    let copy = env.path("copy.db");
    let output = env
        .alumni(&["--quiet", "backup", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(stderr_of(&output), "");
    assert!(output.stdout.is_empty());
}
