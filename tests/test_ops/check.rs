//! `alumni check`: SQLite's integrity and foreign-key checks. A sound
//! database is exit 0 and "ok"; each problem is a line on stdout naming
//! the table and row, and exit 1; a file that is not a database is exit 1
//! and one line. The file is only read.

use rusqlite::Connection;

use super::{dangling_contact, dump};
use crate::common::{Env, on_postgres, refused, refused_unchanged, roster, stderr_of, stdout_of};

#[test]
fn check_of_a_sound_database_exits_0_and_says_ok_on_sqlite() {
    let env = roster();
    let output = env.alumni(&["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    assert_eq!(stdout_of(&output), "");
    let said = stderr_of(&output);
    assert!(said.contains(": ok"), "{said}");
    assert_eq!(said.lines().count(), 1, "{said}");
}

#[test]
fn quiet_check_of_a_sound_database_prints_nothing_on_sqlite() {
    let env = roster();
    let output = env.alumni(&["check", "--quiet"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty() && output.stderr.is_empty());
}

#[test]
fn check_names_the_table_and_row_of_a_broken_foreign_key_on_sqlite() {
    let env = roster();
    dangling_contact(&env);
    let before = dump(&env.sqlite());
    let output = env.alumni(&["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    let report = stdout_of(&output);
    assert_eq!(
        report.trim_end(),
        "foreign key: contacts row 41: alumnus_id 999 refers to no row of alumni"
    );
    let said = stderr_of(&output);
    assert!(said.contains("1 problem found"), "{said}");
    assert_eq!(dump(&env.sqlite()), before, "check changed the database");
}

#[test]
fn check_reports_a_damaged_index_on_sqlite() {
    let env = roster();
    {
        // An index whose definition no longer matches its entries: what a
        // torn write to an index page looks like to SQLite.
        let conn = env.conn();
        conn.execute_batch(
            "PRAGMA writable_schema = ON;
             UPDATE sqlite_master SET sql = 'CREATE INDEX alumni_keyless_name ON alumni (email)'
              WHERE name = 'alumni_keyless_name';
             PRAGMA writable_schema = OFF;",
        )
        .unwrap();
    }
    let output = env.alumni(&["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    let report = stdout_of(&output);
    assert!(
        report.lines().all(|l| l.starts_with("integrity: ")) && !report.is_empty(),
        "{report}"
    );
    assert!(
        stderr_of(&output).contains("found"),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn check_of_a_file_that_is_not_a_database_exits_1_with_one_line_on_sqlite() {
    let mut env = Env::new();
    env.db = env.path("notes.txt");
    let notes = env.db.clone();
    std::fs::write(&notes, "これはデータベースではありません\n".repeat(200)).unwrap();
    let before = std::fs::read(&notes).unwrap();
    let output = env.alumni(&["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout_of(&output), "");
    let said = stderr_of(&output);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(
        said.contains("notes.txt is not an SQLite database"),
        "{said}"
    );
    assert_eq!(std::fs::read(&notes).unwrap(), before);
}

#[test]
fn check_of_a_database_that_does_not_exist_exits_1_and_creates_nothing_on_sqlite() {
    let env = Env::new();
    let said = refused(&env, &["check"], 1);
    assert!(said.contains("no database at"), "{said}");
    assert!(!env.db.exists());
}

#[test]
fn check_reads_a_database_of_a_newer_version_without_migrating_it_on_sqlite() {
    let env = roster();
    env.conn()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let output = env.alumni(&["check"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr_of(&output));
    let version: i64 = Connection::open(&env.db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
}

#[test]
fn check_on_postgres_is_refused_saying_what_checks_it_there() {
    if !on_postgres() {
        return;
    }
    let env = roster();
    let said = refused_unchanged(&env, &["check"], 2);
    assert!(
        said.contains("`alumni check` works on the SQLite file") && said.contains("pg_amcheck"),
        "{said}"
    );
    assert_eq!(said.lines().count(), 1, "{said}");
}
