//! Copies of the database for `alumni backup`: SQLite's `VACUUM INTO`,
//! and the check that a copy is sound.

use std::path::Path;

use anyhow::{Result, bail};
use rusqlite::Connection;

/// Writes a copy of the database to `to` (a file that must not exist yet)
/// with `VACUUM INTO`: one read transaction, so a consistent snapshot.
pub fn vacuum_into(conn: &Connection, to: &Path) -> Result<()> {
    let Some(to) = to.to_str() else {
        bail!("SQLite cannot write to a path that is not UTF-8");
    };
    conn.execute("VACUUM INTO ?1", [to])?;
    Ok(())
}

/// Insists that the copy at `path` opens and that SQLite's `quick_check`
/// finds nothing wrong in it.
pub fn verify(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let verdict: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        bail!("quick_check: {verdict}");
    }
    Ok(())
}

/// The backups `alumni backup` recorded writing: path and when, oldest first.
pub fn made(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare("SELECT path, made_at FROM backups ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
