//! Read-only use: the commands that only read (`list`, `search`, `show`,
//! `kpi`, `export`, `check`, `backup` and the other listings) work on a
//! database file that is read-only and on a copy in a read-only directory,
//! in WAL mode or not; they leave the file as it was and no `-wal` or
//! `-shm` beside it; and none of them creates a database that is missing.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::as_root;
use crate::common::{Env, refused, roster, stderr_of, stdout_of};

/// The reads run on each read-only database; `{out}` is a file in a
/// writable directory.
const READS: &[&[&str]] = &[
    &["list", "--format", "json"],
    &["search", "山田"],
    &["show", "00123"],
    &["kpi", "--fy", "2026"],
    &["export", "roster", "--out", "{out}/roster.csv"],
    &["export", "kpi", "--fy", "2026", "--out", "{out}/kpi.xlsx"],
    &["check"],
    &["stages"],
    &["config", "list"],
    &["contact", "list"],
    &["pipeline", "list"],
    &["event", "list"],
    &["dupes"],
    // Last: where the file can be written, it records the backup in it.
    &["backup", "--force", "{out}/backup.db"],
];

/// A copy of a roster's database in `dir/name`, in WAL mode (a copy of
/// the file as commands leave it) or in rollback-journal mode (a backup).
fn copy_of(source: &Env, dir: &Path, name: &str, wal: bool) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let copy = dir.join(name);
    if wal {
        std::fs::copy(&source.db, &copy).unwrap();
    } else {
        let out = source
            .alumni(&["backup", copy.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
    }
    let mode: String =
        Connection::open_with_flags(&copy, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
    assert_eq!(mode, if wal { "wal" } else { "delete" });
    // The read-only connection above leaves a WAL copy's -wal and -shm:
    // what this is about. They are removed here, with nobody connected.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
    }
    copy
}

/// Sets a path's mode, and puts it back when dropped (so that the
/// temporary directory can be removed).
struct Mode(PathBuf, u32);

impl Mode {
    fn set(path: &Path, mode: u32) -> Mode {
        let was = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
        Mode(path.to_path_buf(), was)
    }
}

impl Drop for Mode {
    fn drop(&mut self) {
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(self.1));
    }
}

/// Runs every read on the database at `db`, and insists that each worked,
/// and that the file is as it was with nothing beside it.
fn every_read_works_and_leaves_nothing(db: &Path) {
    let out = tempfile::tempdir().unwrap();
    let env = Env {
        dir: tempfile::tempdir().unwrap(),
        db: db.to_path_buf(),
        url: None,
    };
    let before = std::fs::read(db).unwrap();
    let dir_before = names(db.parent().unwrap());
    for args in READS {
        let args: Vec<String> = args
            .iter()
            .map(|a| a.replace("{out}", out.path().to_str().unwrap()))
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = env.alumni(&args).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?} on {}: {}",
            db.display(),
            stderr_of(&output)
        );
        assert_eq!(
            names(db.parent().unwrap()),
            dir_before,
            "{args:?} left files beside the database"
        );
        if args[0] != "backup" || !alumni::db::writable(db) {
            assert!(
                std::fs::read(db).unwrap() == before,
                "{args:?} changed the file"
            );
        }
    }
    let listed = stdout_of(&env.alumni(&["list", "--format", "json"]).output().unwrap());
    assert!(listed.contains("山田"), "{listed}");
    assert!(out.path().join("backup.db").exists());
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn reads_of_a_read_only_file_work_and_leave_no_wal_or_shm_on_sqlite() {
    let source = roster();
    for wal in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let db = copy_of(&source, dir.path(), "alumni.db", wal);
        let _mode = Mode::set(&db, 0o444);
        every_read_works_and_leaves_nothing(&db);
    }
}

#[test]
fn reads_of_a_copy_in_a_read_only_directory_work_and_leave_nothing_on_sqlite() {
    let source = roster();
    for wal in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let shelf = dir.path().join("shelf");
        let db = copy_of(&source, &shelf, "alumni.db", wal);
        let _file = Mode::set(&db, 0o444);
        let _dir = Mode::set(&shelf, 0o555);
        every_read_works_and_leaves_nothing(&db);
    }
}

#[test]
fn reads_of_a_writable_database_leave_it_in_its_journal_mode_and_nothing_beside_it_on_sqlite() {
    let source = roster();
    for wal in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let db = copy_of(&source, dir.path(), "alumni.db", wal);
        every_read_works_and_leaves_nothing(&db);
        let mode: String = Connection::open(&db)
            .unwrap()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            mode,
            if wal { "wal" } else { "delete" },
            "not switched to WAL"
        );
    }
}

#[test]
fn a_read_of_a_missing_database_says_so_and_creates_nothing_on_sqlite() {
    let env = Env::new();
    for args in [
        &["list"][..],
        &["search", "山田"],
        &["show", "00123"],
        &["kpi", "--fy", "2026"],
        &["export", "roster", "--out", "r.csv"],
        &["stages"],
        &["config", "get", "fiscal-year-start"],
        &["import", "--mappings"],
    ] {
        let said = refused(&env, args, 1);
        assert!(
            said.contains(&format!("no database at {}", env.db.display()))
                && said.contains("alumni init"),
            "{args:?}: {said}"
        );
        assert!(!env.db.exists(), "{args:?} created the database");
        assert!(!env.path("r.csv").exists());
    }
}

/// A database of schema 4, as the version before this one left it.
fn schema_4(path: &Path) {
    let migrations = rusqlite_migration::Migrations::new(
        [
            include_str!("../../src/db/migrations/001_init.sql"),
            include_str!("../../src/db/migrations/002_kpi_inputs.sql"),
            include_str!("../../src/db/migrations/003_report_indexes.sql"),
            include_str!("../../src/db/migrations/004_roster_types.sql"),
        ]
        .into_iter()
        .map(rusqlite_migration::M::up)
        .collect(),
    );
    migrations
        .to_latest(&mut Connection::open(path).unwrap())
        .unwrap();
}

#[test]
fn an_older_schema_that_cannot_be_written_must_be_upgraded_first_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let shelf = dir.path().join("shelf");
    std::fs::create_dir(&shelf).unwrap();
    let db = shelf.join("old.db");
    schema_4(&db);
    let env = Env {
        dir: tempfile::tempdir().unwrap(),
        db: db.clone(),
        url: None,
    };
    {
        let _file = Mode::set(&db, 0o444);
        let _dir = Mode::set(&shelf, 0o555);
        if !as_root() {
            let said = refused(&env, &["list"], 1);
            assert!(
                said.contains("has schema 4, older than this program's")
                    && said.contains("upgrade it first with a command that can write it"),
                "{said}"
            );
            let version: i64 = Connection::open(&db)
                .unwrap()
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(version, 4);
        }
    }
    // Where it can be written, a read brings it up to date as before.
    let output = env.alumni(&["list", "--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(stdout_of(&output).trim(), "[]");
}

#[test]
fn backup_of_a_read_only_database_is_made_and_says_it_was_not_recorded_on_sqlite() {
    let source = roster();
    let dir = tempfile::tempdir().unwrap();
    let shelf = dir.path().join("shelf");
    let db = copy_of(&source, &shelf, "alumni.db", true);
    let _file = Mode::set(&db, 0o444);
    let _dir = Mode::set(&shelf, 0o555);
    let env = Env {
        dir: tempfile::tempdir().unwrap(),
        db: db.clone(),
        url: None,
    };
    let copy = env.path("copy.db");
    let output = env
        .alumni(&["backup", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(copy.exists());
    if !as_root() {
        let said = stderr_of(&output);
        assert!(
            said.contains("the backup was not recorded in") && said.contains("read-only"),
            "{said}"
        );
        let recorded: i64 = alumni::db::open_read_only(&db)
            .unwrap()
            .query_row("SELECT count(*) FROM backups", [], |r| r.get(0))
            .unwrap();
        assert_eq!(recorded, 0);
    }
}
