//! Files of personal data are for their owner only: the database, its
//! `-wal` and `-shm`, backups, every export format, the rejects file and
//! the cron wrapper's reports are created 0600, or stricter where the umask
//! is; and an export never replaces a file its user may not write.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::as_root;
use crate::common::{Env, fixture, roster, stderr, stderr_of};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// `alumni --db DB ARGS…` started under `umask`, as a shell would start it.
fn alumni_under(env: &Env, umask: &str, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$@\""))
        .arg("sh")
        .arg(assert_cmd::cargo::cargo_bin("alumni"))
        .arg("--db")
        .arg(env.db_arg())
        .args(args)
        .env_remove("ALUMNI_DB")
        .env("ALUMNI_USER", "tester")
        .current_dir(env.dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn succeeded(output: Output) {
    assert!(output.status.success(), "{}", stderr_of(&output));
}

#[test]
fn the_database_and_its_wal_and_shm_are_for_their_owner_only_on_sqlite() {
    let env = Env::new();
    let roster = fixture("roster.xlsx");
    succeeded(alumni_under(
        &env,
        "022",
        &["import", roster.to_str().unwrap()],
    ));
    assert_eq!(mode(&env.db), 0o600);
    // A reader holds the WAL open, so that a write stays in it. SQLite
    // gives -wal and -shm the database file's permissions, not the umask's
    // (this test runs under the usual 022).
    let mut reader = env.sqlite();
    let tx = reader.transaction().unwrap();
    let _: i64 = tx
        .query_row("SELECT count(*) FROM alumni", [], |r| r.get(0))
        .unwrap();
    succeeded(alumni_under(
        &env,
        "022",
        &["edit", "00123", "--current-company", "株式会社ミライ"],
    ));
    for suffix in ["-wal", "-shm"] {
        let companion = PathBuf::from(format!("{}{suffix}", env.db.display()));
        assert!(companion.exists(), "{suffix}");
        assert_eq!(mode(&companion), 0o600, "{suffix}");
    }
    drop(tx);
}

#[test]
fn a_backup_is_for_its_owner_only_on_sqlite() {
    let env = roster();
    let copy = env.path("copy.db");
    succeeded(alumni_under(
        &env,
        "022",
        &["backup", copy.to_str().unwrap()],
    ));
    assert_eq!(mode(&copy), 0o600);
}

#[test]
fn every_export_format_and_the_kpi_workbook_are_for_their_owner_only() {
    let env = roster();
    for out in ["roster.csv", "roster.json", "roster.xlsx"] {
        succeeded(alumni_under(
            &env,
            "022",
            &["export", "roster", "--out", out],
        ));
        assert_eq!(mode(&env.path(out)), 0o600, "{out}");
    }
    for out in ["kpi.xlsx", "kpi.json", "kpi.csv"] {
        succeeded(alumni_under(
            &env,
            "022",
            &["export", "kpi", "--fy", "2026", "--out", out],
        ));
        assert_eq!(mode(&env.path(out)), 0o600, "{out}");
    }
}

#[test]
fn the_rejects_file_is_for_its_owner_only() {
    let env = Env::new();
    let input = fixture("bad_date.csv");
    succeeded(alumni_under(
        &env,
        "022",
        &[
            "import",
            input.to_str().unwrap(),
            "--skip-invalid",
            "--rejects",
            "rejects.csv",
        ],
    ));
    assert_eq!(mode(&env.path("rejects.csv")), 0o600);
}

#[test]
fn a_stricter_umask_is_honoured_on_sqlite() {
    for (umask, expected) in [("077", 0o600), ("027", 0o600), ("0277", 0o400)] {
        let env = Env::new();
        let input = fixture("roster.xlsx");
        succeeded(alumni_under(
            &env,
            umask,
            &["import", input.to_str().unwrap()],
        ));
        if umask != "0277" {
            // A database its owner cannot write would be of no use.
            assert_eq!(mode(&env.db), expected, "umask {umask}");
        }
        succeeded(alumni_under(
            &env,
            umask,
            &["export", "roster", "--out", "r.csv"],
        ));
        assert_eq!(mode(&env.path("r.csv")), expected, "umask {umask}");
        succeeded(alumni_under(&env, umask, &["backup", "b.db"]));
        assert_eq!(mode(&env.path("b.db")), expected, "umask {umask}");
    }
}

#[test]
fn a_replaced_export_keeps_the_permissions_its_owner_gave_it() {
    let env = roster();
    let out = env.path("shared.csv");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    stderr(&env, &["export", "roster", "--out", out.to_str().unwrap()]);
    assert_eq!(mode(&out), 0o640);
    assert!(std::fs::read_to_string(&out).unwrap().contains("00123"));
}

#[test]
fn an_export_never_replaces_a_file_the_user_cannot_write() {
    let env = roster();
    let out = env.path("locked.csv");
    std::fs::write(&out, "kept").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o444)).unwrap();
    if as_root() {
        return;
    }
    let output = env
        .alumni(&["export", "roster", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    let said = stderr_of(&output);
    assert!(
        said.contains(
            "locked.csv: the file is read-only or not yours to write, so it is not replaced"
        ),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept");
    assert_eq!(mode(&out), 0o444);
    let temporaries: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(temporaries.is_empty(), "{temporaries:?}");
}

/// `sh alumni-report.sh ARGS…` as cron starts it, under `umask`.
fn cron_report(env: &Env, umask: &str, reports: &Path) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cron/alumni-report.sh");
    Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec sh \"$@\""))
        .arg("sh")
        .arg(script)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", env.dir.path())
        .env("ALUMNI", assert_cmd::cargo::cargo_bin("alumni"))
        .env("ALUMNI_DB", env.db_arg())
        .env("ALUMNI_USER", "cron")
        .env("REPORT_DIR", reports)
        .current_dir(env.dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn the_cron_reports_and_their_log_are_for_their_owner_only() {
    let env = roster();
    for (umask, name) in [("022", "loose"), ("027", "group")] {
        let reports = env.path(name);
        succeeded(cron_report(&env, umask, &reports));
        let files: Vec<PathBuf> = std::fs::read_dir(&reports)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 2, "a report and the log: {files:?}");
        for file in &files {
            assert_eq!(mode(file), 0o600, "umask {umask}: {}", file.display());
        }
        assert_eq!(mode(&reports) & 0o077, 0, "umask {umask}: the directory");
    }
}
