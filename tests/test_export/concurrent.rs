//! A cron export running while someone imports or edits: it neither fails
//! on the other's lock nor sees half of the other's change, and the change
//! is not lost. The database is in WAL mode, so a reader reads the last
//! committed state while a writer works, and the 60 s busy timeout covers
//! the moments where one must wait for the other.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::Value;

use super::atomic::{big, spawn, wait_for_temporary};
use crate::common::{roster, stderr, stderr_of, stdout};

fn employee_ids(json: &str) -> Vec<String> {
    let rows: Value = serde_json::from_str(json).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r["employee_id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// One process holds a write transaction (two new alumni, not yet
/// committed) for two seconds; the export runs meanwhile, succeeds, and
/// holds neither of them, since it reads what was committed when it began.
#[test]
fn an_export_beside_a_write_transaction_succeeds_with_all_or_none_of_its_rows() {
    let env = roster();
    let writer = env.conn();
    writer.begin_write().unwrap();
    for (id, name) in [("90001", "新規 一郎"), ("90002", "新規 二郎")] {
        writer
            .execute(
                "INSERT INTO alumni (employee_id, name, created_at, updated_at)
                 VALUES (?1, ?2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                [id, name],
            )
            .unwrap();
    }
    let committed = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&committed);
    let thread = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(2));
        writer.commit().unwrap();
        flag.store(true, Ordering::SeqCst);
    });

    let output = env
        .alumni(&["export", "roster", "--format", "json"])
        .output()
        .unwrap();
    let finished_before_commit = !committed.load(Ordering::SeqCst);
    thread.join().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let ids = employee_ids(&String::from_utf8(output.stdout).unwrap());
    let new = ids.iter().filter(|id| id.starts_with("9000")).count();
    assert!(new == 0 || new == 2, "half of a transaction: {ids:?}");
    if finished_before_commit {
        assert_eq!(ids.len(), 10, "uncommitted rows were exported: {ids:?}");
    }

    // Nothing was lost: the next export has them.
    let after = employee_ids(&stdout(&env, &["export", "roster", "--format", "json"]));
    assert_eq!(after.len(), 12);
}

/// An edit made while a long export runs is not held up by it, is not in
/// that export (which reads the state of its start), and is kept.
#[cfg(unix)]
#[test]
fn an_edit_during_a_long_export_is_not_blocked_and_not_lost() {
    let env = big(100_000);
    let mut child = spawn(&env, &["export", "roster", "--out", "roster.csv"]);
    // The temporary file is opened after the export's snapshot is taken.
    wait_for_temporary(&env, &mut child);
    stderr(
        &env,
        &[
            "add",
            "--name",
            "途中 追加",
            "--employee-id",
            "X0001",
            "--email",
            "x0001@example.jp",
        ],
    );
    let still_running = child.try_wait().unwrap().is_none();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");

    // One line per alumnus (the generated ones have no line breaks).
    let exported = std::fs::read_to_string(env.path("roster.csv")).unwrap();
    assert_eq!(exported.lines().count(), 1 + 100_000);
    assert!(!exported.contains("X0001"));
    let stored: i64 = env.query("SELECT count(*) FROM alumni WHERE employee_id = 'X0001'");
    assert_eq!(stored, 1);
    assert!(still_running, "the edit was made while the export ran");
}
