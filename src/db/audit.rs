//! The audit log: who changed what, and when. It names fields, never their
//! values, so erasing a person leaves nothing of them here.

use anyhow::Result;
use rusqlite::{Connection, params};

/// Records one change made by `command`.
pub fn record(
    conn: &Connection,
    command: &str,
    alumnus_id: Option<i64>,
    detail: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit (at, actor, command, alumnus_id, detail) VALUES (?, ?, ?, ?, ?)",
    )?
    .execute(params![
        super::now(),
        super::actor(),
        command,
        alumnus_id,
        detail
    ])?;
    Ok(())
}
