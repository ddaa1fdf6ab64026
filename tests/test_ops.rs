//! Looking after the database and the machine it runs on: `alumni audit`,
//! `alumni backup` and `alumni check`, shell completions, the man pages in `man/`, and the
//! cron and systemd examples in `examples/cron/`.

use rusqlite::Connection;

mod audit;
mod backup;
mod check;
mod completions;
mod cron;
mod man;
mod private;
mod readonly;

/// Every row of every table of a database, as text, table by table: two
/// databases with the same dump hold the same data.
fn dump(conn: &Connection) -> String {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |row| {
                let cells: Vec<String> = (0..n)
                    .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                    .collect();
                Ok(cells.join("|"))
            })
            .unwrap();
        for row in rows {
            out.push_str(&format!("{table}: {}\n", row.unwrap()));
        }
    }
    out
}

/// `PRAGMA integrity_check` of the database at `path`: "ok" when sound.
fn integrity(path: &std::path::Path) -> String {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Adds contact 41 of alumnus 999, who does not exist, past the foreign
/// keys: the dangling reference `check` and `backup` must name.
fn dangling_contact(env: &crate::common::Env) {
    let conn = env.conn();
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    conn.execute(
        "INSERT INTO contacts (id, alumnus_id, date, channel, created_at)
         VALUES (41, 999, '2026-11-02', 'email', '2026-11-02T00:00:00Z')",
        [],
    )
    .unwrap();
}

/// Damages the database at `path` as a torn write or a failing disk
/// would: the cell pointers of the alumni table's root page are
/// overwritten with garbage, in the file itself (no connection is open, so
/// every change is already in the file, not in a WAL).
fn damage(path: &std::path::Path) {
    use std::io::{Seek, SeekFrom, Write};
    let (page_size, root): (i64, i64) = {
        let conn = Connection::open(path).unwrap();
        let size = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap();
        let root = conn
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'alumni'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (size, root)
    };
    assert!(
        !std::path::Path::new(&format!("{}-wal", path.display())).exists(),
        "the WAL was not folded into the file"
    );
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    // A leaf page's header is 8 bytes; its cell pointers follow.
    let at = (root - 1) * page_size + if root == 1 { 100 } else { 0 } + 8;
    file.seek(SeekFrom::Start(at as u64)).unwrap();
    file.write_all(&[0xFF; 16]).unwrap();
    file.sync_all().unwrap();
}

/// Whether the tests run as root, for whom no permission is refused: the
/// assertions that need a refusal are skipped then, with a note.
fn as_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        eprintln!(
            "note: running as root, so file permissions refuse nothing; those checks are skipped"
        );
    }
    root
}
