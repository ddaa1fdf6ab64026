//! Copies of the database for `alumni backup`: SQLite's `VACUUM INTO`,
//! the check that a copy is sound, and the list of the copies made (the
//! `backups` table), which `alumni forget` names because they still hold
//! whoever it erases.

use std::path::Path;

use crate::db::sql::Connection;
use anyhow::{Result, bail};

use super::check;

/// Writes a copy of the database to `to` (a file that must not exist yet,
/// or be empty) with `VACUUM INTO`: one read transaction, so a consistent
/// snapshot. SQLite writes it with a rollback journal, `TO-journal`, which
/// it removes when done; a process killed meanwhile leaves both behind.
pub fn vacuum_into(conn: &Connection, to: &Path) -> Result<()> {
    let Some(to) = to.to_str() else {
        bail!("SQLite cannot write to a path that is not UTF-8");
    };
    conn.execute("VACUUM INTO ?1", [to])?;
    Ok(())
}

/// Every problem SQLite's full checks (`integrity_check` and
/// `foreign_key_check`) find in the copy at `path`; none for a sound one.
pub fn verify(path: &Path) -> Result<Vec<String>> {
    let conn = super::open_read_only(path)?;
    check::problems(&conn)
}

/// Whether the database has the table of backups (schema 5 and later).
pub fn can_record(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'backups'",
        [],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Records a backup written to `path` (absolute) at `made_at`
/// (`crate::db::now()`); returns its id.
pub fn record(conn: &Connection, path: &str, made_at: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO backups (path, made_at) VALUES (?1, ?2)",
        [path, made_at],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The backups recorded, oldest first: (path, made_at).
pub fn made(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT path, made_at FROM backups ORDER BY made_at, id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<crate::db::sql::Result<Vec<_>>>()?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_recorded_are_listed_oldest_first() {
        let dir = tempfile::tempdir().unwrap();
        let conn = super::super::open(&dir.path().join("b.db")).unwrap();
        assert!(can_record(&conn).unwrap());
        assert!(made(&conn).unwrap().is_empty());
        record(&conn, "/srv/b/2.db", "2026-12-02T09:00:00Z").unwrap();
        record(&conn, "/srv/b/1.db", "2026-12-01T09:00:00Z").unwrap();
        assert_eq!(
            made(&conn).unwrap(),
            [
                (
                    "/srv/b/1.db".to_string(),
                    "2026-12-01T09:00:00Z".to_string()
                ),
                (
                    "/srv/b/2.db".to_string(),
                    "2026-12-02T09:00:00Z".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_sound_copy_has_no_problems_and_a_copy_with_a_dangling_key_has_one() {
        let dir = tempfile::tempdir().unwrap();
        let conn = super::super::open(&dir.path().join("s.db")).unwrap();
        let copy = dir.path().join("copy.db");
        vacuum_into(&conn, &copy).unwrap();
        assert_eq!(verify(&copy).unwrap(), Vec::<String>::new());
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO contacts (id, alumnus_id, date, channel, created_at)
             VALUES (5, 77, '2026-11-02', 'email', '2026-11-02T00:00:00Z');",
        )
        .unwrap();
        let broken = dir.path().join("broken.db");
        vacuum_into(&conn, &broken).unwrap();
        let problems = verify(&broken).unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("contacts row 5"), "{problems:?}");
    }
}
