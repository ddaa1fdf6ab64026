//! A team's database: `alumni db copy` between SQLite and PostgreSQL, and
//! `alumni db grant` with the levels every command is checked against, and
//! logging in to a server that asks for a password or TLS.

mod connect;
mod copy;
mod grant;

/// The contact every team test logs.
const CONTACT: [&str; 9] = [
    "contact",
    "add",
    "00123",
    "--channel",
    "email",
    "--date",
    "2026-11-02",
    "--summary",
    "x",
];

use std::ffi::OsStr;

use assert_cmd::Command;

/// `alumni --db DB ARGS…` as `Env::alumni` runs it, for a database other
/// than the test's own (a second file, or the test's schema as another
/// role).
pub fn alumni_at(dir: &std::path::Path, db: &OsStr, args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("alumni").expect("the alumni binary");
    cmd.env_remove("ALUMNI_DB")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("ALUMNI_USER", "tester")
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .arg("--db")
        .arg(db)
        .args(args);
    cmd
}

/// Runs it, insists that it worked, and gives (stdout, stderr).
pub fn ok_at(dir: &std::path::Path, db: &OsStr, args: &[&str]) -> (String, String) {
    let output = alumni_at(dir, db, args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "alumni --db {db:?} {args:?} failed ({:?}): {stderr}",
        output.status.code()
    );
    (String::from_utf8_lossy(&output.stdout).into_owned(), stderr)
}
