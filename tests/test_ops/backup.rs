//! `alumni backup FILE`: a consistent copy of a database in use; an
//! existing FILE only with --force (replaced in one step); never the
//! database itself; never of a damaged database; recorded in the database.
//! And the check an import makes before it writes.

use std::time::Duration;

use rusqlite::Connection;

use super::{damage, dangling_contact, dump, integrity};
use crate::common::{
    Env, fixture, on_postgres, refused, refused_unchanged, roster, stderr, stderr_of,
};

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
fn backup_while_another_connection_reads_copies_every_row_on_sqlite() {
    let env = busy_roster();
    // Another process in the middle of a read transaction, which also keeps
    // the writes above from being checkpointed out of the WAL.
    let mut reader = env.sqlite();
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
    let before = dump(&env.sqlite());
    let said = stderr(&env, &["backup", copy.to_str().unwrap()]);
    assert!(said.contains("backed up to"), "{said}");
    drop(tx);

    assert_eq!(integrity(&copy), "ok");
    let copy_conn = Connection::open(&copy).unwrap();
    assert_eq!(dump(&copy_conn), before);
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
fn backup_does_not_wait_for_a_writer_and_leaves_out_what_it_has_not_committed_on_sqlite() {
    let env = busy_roster();
    let before = dump(&env.sqlite());
    let mut writer = env.sqlite();
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
fn the_copy_is_one_file_that_alumni_opens_on_sqlite() {
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
        url: None,
    };
    let out = crate::common::stdout(&copy_env, &["show", "00123", "--format", "json"]);
    assert!(out.contains("山田"), "{out}");
}

#[test]
fn backup_to_an_existing_file_is_refused_without_force_on_sqlite() {
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
fn backup_with_force_replaces_an_existing_file_on_sqlite() {
    let env = roster();
    let copy = env.path("copy.db");
    std::fs::write(&copy, "yesterday's backup").unwrap();
    let before = dump(&env.sqlite());
    stderr(&env, &["backup", "--force", copy.to_str().unwrap()]);
    assert_eq!(integrity(&copy), "ok");
    assert_eq!(dump(&Connection::open(&copy).unwrap()), before);
    assert!(leftovers(&env).is_empty());
}

#[test]
fn backup_refuses_to_write_over_the_database_itself_on_sqlite() {
    let env = roster();
    let before = dump(&env.sqlite());
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
        assert_eq!(dump(&env.sqlite()), before, "{args:?}");
    }
    assert!(!env.path("no-such-dir").exists());
}

#[cfg(unix)]
#[test]
fn backup_refuses_a_link_to_the_database_on_sqlite() {
    let env = roster();
    let link = env.path("link.db");
    std::os::unix::fs::symlink(&env.db, &link).unwrap();
    let said = refused(&env, &["backup", "--force", link.to_str().unwrap()], 2);
    assert!(said.contains("is the database itself"), "{said}");
    assert_eq!(env.count("alumni"), 10);
}

#[test]
fn backup_of_a_database_that_does_not_exist_fails_and_creates_nothing_on_sqlite() {
    let env = Env::new();
    let copy = env.path("copy.db");
    let said = refused(&env, &["backup", copy.to_str().unwrap()], 1);
    assert!(said.contains("no database at"), "{said}");
    assert!(!env.db.exists(), "backup created the database");
    assert!(!copy.exists());
}

#[test]
fn backup_never_creates_the_directory_of_the_copy_on_sqlite() {
    let env = roster();
    let copy = env.path("backups").join("2026").join("alumni.db");
    let said = refused(&env, &["backup", copy.to_str().unwrap()], 1);
    assert!(said.contains("no directory"), "{said}");
    assert!(!env.path("backups").exists(), "a mistyped folder was made");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    stderr(&env, &["backup", copy.to_str().unwrap()]);
    assert_eq!(integrity(&copy), "ok");
}

#[test]
fn backup_to_a_directory_is_refused_on_sqlite() {
    let env = roster();
    let dir = env.path("backups");
    std::fs::create_dir(&dir).unwrap();
    let said = refused(&env, &["backup", "--force", dir.to_str().unwrap()], 2);
    assert!(said.contains("is a directory"), "{said}");
}

#[test]
fn quiet_backup_says_nothing_on_sqlite() {
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

#[test]
fn backup_is_recorded_with_its_absolute_path_and_time_on_sqlite() {
    let env = roster();
    stderr(&env, &["backup", "copy.db"]); // relative to the working directory
    let path: String = env.query("SELECT path FROM backups");
    let expected = env.path("copy.db").canonicalize().unwrap();
    assert_eq!(path, expected.to_str().unwrap());
    let made_at: String = env.query("SELECT made_at FROM backups");
    assert!(
        made_at.len() == 20 && made_at.ends_with('Z') && made_at.starts_with("20"),
        "{made_at}"
    );
    stderr(&env, &["backup", "second.db"]);
    assert_eq!(env.count("backups"), 2);
    assert_eq!(env.count("audit WHERE command = 'backup'"), 0);
    let conn = env.conn();
    let made = alumni::db::backup::made(&conn).unwrap();
    assert_eq!(made.len(), 2);
    assert_eq!(made[0].0, path);
    assert!(made[1].0.ends_with("second.db"), "{made:?}");
}

#[test]
fn backup_of_a_damaged_database_is_refused_and_writes_no_file_on_sqlite() {
    let env = roster();
    damage(&env.db);
    let before = std::fs::read(&env.db).unwrap();
    let copy = env.path("copy.db");
    let said = refused(&env, &["backup", copy.to_str().unwrap()], 1);
    assert!(
        said.contains("the database fails SQLite's checks")
            && said.contains("no backup was made")
            && said.contains("integrity: "),
        "{said}"
    );
    assert!(!copy.exists());
    assert!(leftovers(&env).is_empty(), "{:?}", leftovers(&env));
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
}

#[test]
fn backup_of_a_database_with_a_dangling_key_is_refused_naming_the_row_on_sqlite() {
    let env = roster();
    dangling_contact(&env);
    let copy = env.path("copy.db");
    let said = refused(&env, &["backup", copy.to_str().unwrap()], 1);
    assert!(
        said.contains("foreign key: contacts row 41: alumnus_id 999 refers to no row of alumni"),
        "{said}"
    );
    assert!(!copy.exists());
    assert_eq!(env.count("backups"), 0);
}

#[test]
fn the_journal_a_killed_backup_left_is_swept_and_a_live_ones_is_kept_on_sqlite() {
    let env = roster();
    // What a backup killed during VACUUM INTO leaves: its temporary copy
    // and SQLite's journal of it. A process id above the kernel's maximum
    // is never running.
    let stale = env.path(".copy.db.99999999-0.tmp");
    let stale_journal = env.path(".copy.db.99999999-0.tmp-journal");
    let live_journal = env.path(&format!(".copy.db.{}-0.tmp-journal", std::process::id()));
    for file in [&stale, &stale_journal, &live_journal] {
        std::fs::write(file, "half a copy").unwrap();
    }
    stderr(&env, &["backup", env.path("copy.db").to_str().unwrap()]);
    assert!(!stale.exists() && !stale_journal.exists());
    assert!(live_journal.exists(), "another backup under way is left be");
    assert_eq!(integrity(&env.path("copy.db")), "ok");
}

#[test]
fn an_import_into_a_damaged_database_is_refused_and_writes_nothing_on_sqlite() {
    let env = roster();
    damage(&env.db);
    let before = std::fs::read(&env.db).unwrap();
    let roster = fixture("roster_utf8_bom.csv");
    let said = refused(&env, &["import", roster.to_str().unwrap()], 1);
    assert!(
        said.contains("the database fails SQLite's quick check; nothing was imported")
            && said.contains("integrity: "),
        "{said}"
    );
    assert_eq!(std::fs::read(&env.db).unwrap(), before);
    assert!(!env.path("alumni.db-wal").exists());
}

#[test]
fn backup_on_postgres_is_refused_naming_pg_dump() {
    if !on_postgres() {
        return;
    }
    let env = roster();
    let copy = env.path("copy.db");
    let said = refused_unchanged(&env, &["backup", copy.to_str().unwrap()], 2);
    assert!(
        said.contains("`alumni backup` works on the SQLite file") && said.contains("pg_dump"),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(!copy.exists());
    assert!(leftovers(&env).is_empty(), "{:?}", leftovers(&env));
    assert_eq!(env.count("backups"), 0);
}
