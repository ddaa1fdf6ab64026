//! An export that fails or is killed midway leaves the previous file as it
//! was and no temporary file behind: a reader (Excel, a mail job) sees the
//! old file or the new one, never half of one.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{export, read_csv};
use crate::common::{Env, refused, roster, stderr};

/// The temporary files in the test's directory.
fn temporaries(env: &Env) -> Vec<String> {
    std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.') && name.ends_with(".tmp"))
        .collect()
}

/// A database of `n` generated alumni with long notes, so that exporting
/// it takes long enough to be interrupted.
pub(super) fn big(n: u32) -> Env {
    let env = Env::new();
    stderr(&env, &["init"]);
    let conn = env.conn();
    // 600 hex digits of notes: random on SQLite, a repeated digest on
    // PostgreSQL (which has no randomblob).
    let notes = conn.pick(
        "hex(randomblob(300))",
        "upper(substr(repeat(md5(random()::text), 19), 1, 600))",
    );
    conn.execute_batch(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n})
         INSERT INTO alumni (employee_id, name, email, department, notes, created_at, updated_at)
         SELECT 'E' || substr(CAST(10000000 + i AS TEXT), 2), '山田 太郎' || i,
                'user' || i || '@example.jp', '営業部',
                {notes}, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
         FROM n"
    ))
    .unwrap();
    env
}

/// Starts `alumni ARGS…` in the background, with no terminal, as `Env::alumni` would.
pub(super) fn spawn(env: &Env, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("alumni"))
        .env_remove("ALUMNI_DB")
        .env("ALUMNI_USER", "tester")
        .current_dir(env.dir.path())
        .arg("--db")
        .arg(env.db_arg())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the running export has a temporary file with something in
/// it, and returns its name.
pub(super) fn wait_for_temporary(env: &Env, child: &mut Child) -> String {
    let started = Instant::now();
    loop {
        if let Some(name) = temporaries(env).into_iter().next() {
            let size = std::fs::metadata(env.path(&name)).map_or(0, |m| m.len());
            if size > 0 {
                return name;
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the export ended ({status}) before it could be interrupted");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn previous_file(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn a_failed_export_leaves_the_previous_file_and_no_temporary_file() {
    let env = roster();
    export(&env, &["roster", "--out", "roster.xlsx"]);
    let before = previous_file(&env.path("roster.xlsx"));
    // The last alumnus's notes are too long for an Excel cell, so the
    // export fails after the other rows were written.
    env.conn()
        .execute(
            "UPDATE alumni SET notes = ?1 WHERE employee_id = '00132'",
            ["長い備考".repeat(9000)],
        )
        .unwrap();
    let err = refused(&env, &["export", "roster", "--out", "roster.xlsx"], 65);
    assert!(err.contains("row 11, column notes"), "{err}");
    assert!(err.contains("export as csv or json"), "{err}");
    assert_eq!(previous_file(&env.path("roster.xlsx")), before);
    assert_eq!(temporaries(&env), Vec::<String>::new());
    // As CSV the notes fit, and the file is replaced.
    export(&env, &["roster", "--out", "roster.csv"]);
    assert_eq!(
        read_csv(&env.path("roster.csv"))[9]["notes"]
            .chars()
            .count(),
        36_000
    );
}

#[cfg(unix)]
#[test]
fn an_unwritable_directory_fails_and_leaves_the_previous_file() {
    use std::os::unix::fs::PermissionsExt;

    let env = roster();
    let dir = env.path("reports");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("roster.csv"), "previous").unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes anyway; then there is nothing to show here.
    let privileged = std::fs::write(dir.join("probe"), "").is_ok();
    if !privileged {
        let err = refused(
            &env,
            &["export", "roster", "--out", "reports/roster.csv"],
            1,
        );
        assert!(err.contains("cannot create a file in reports"), "{err}");
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    if !privileged {
        assert_eq!(
            std::fs::read_to_string(dir.join("roster.csv")).unwrap(),
            "previous"
        );
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(names.len(), 1, "only the previous file");
    }
}

/// `timeout` in a cron job, a closed terminal or Ctrl-C: the export is
/// interrupted with a signal it can catch, and cleans up after itself.
#[cfg(unix)]
#[test]
fn an_export_interrupted_midway_leaves_the_previous_file_and_no_temporary_file() {
    use std::os::unix::process::ExitStatusExt;

    let env = big(100_000);
    std::fs::write(env.path("roster.json"), "previous").unwrap();
    let mut child = spawn(&env, &["export", "roster", "--out", "roster.json"]);
    let temporary = wait_for_temporary(&env, &mut child);
    assert!(temporary.starts_with(".roster.json."), "{temporary}");
    // SAFETY: sending a signal to our own child.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGTERM), "{status}");
    assert_eq!(
        std::fs::read_to_string(env.path("roster.json")).unwrap(),
        "previous"
    );
    assert_eq!(temporaries(&env), Vec::<String>::new());
}

/// SIGKILL cannot be caught: the temporary file stays until the next
/// export to the same target removes it. The previous file is intact.
#[cfg(unix)]
#[test]
fn an_export_killed_outright_leaves_the_previous_file_and_the_next_export_cleans_up() {
    let env = big(100_000);
    std::fs::write(env.path("roster.csv"), "previous").unwrap();
    let mut child = spawn(&env, &["export", "roster", "--out", "roster.csv"]);
    let temporary = wait_for_temporary(&env, &mut child);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        std::fs::read_to_string(env.path("roster.csv")).unwrap(),
        "previous"
    );
    assert_eq!(temporaries(&env), [temporary]);

    env.conn()
        .execute("DELETE FROM alumni WHERE id > 3", [])
        .unwrap();
    export(&env, &["roster", "--out", "roster.csv"]);
    assert_eq!(read_csv(&env.path("roster.csv")).len(), 3);
    assert_eq!(temporaries(&env), Vec::<String>::new());
}
