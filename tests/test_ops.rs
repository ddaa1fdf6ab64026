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
