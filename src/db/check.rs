//! SQLite's own checks of a database file, each problem found as one line
//! of text: damage that `PRAGMA integrity_check` finds, and rows whose
//! foreign key points at nothing (`PRAGMA foreign_key_check`), named by
//! table, row, column and value.

use crate::db::sql::Connection;
use anyhow::Result;

/// Every problem found, integrity first; none for a sound database.
pub fn problems(conn: &Connection) -> Result<Vec<String>> {
    let mut problems = integrity(conn)?;
    match foreign_keys(conn) {
        Ok(broken) => problems.extend(broken),
        // Pages too damaged to read are already named above.
        Err(e) if !problems.is_empty() => {
            problems.push(format!("foreign key: cannot be checked: {e}"));
        }
        Err(e) => return Err(e),
    }
    Ok(problems)
}

/// The problems `PRAGMA quick_check` finds: damage to the pages and
/// b-trees, without matching each index against its table, which is what
/// makes the full check several times slower. For the check an import
/// makes before it writes.
pub fn quick(conn: &Connection) -> Result<Vec<String>> {
    if conn.sqlite().is_none() {
        // A PostgreSQL server looks after its own pages.
        return Ok(Vec::new());
    }
    pragma_lines(conn, "PRAGMA quick_check")
}

/// `PRAGMA integrity_check`: damage to pages, indexes and constraints.
fn integrity(conn: &Connection) -> Result<Vec<String>> {
    pragma_lines(conn, "PRAGMA integrity_check")
}

/// The lines of a check other than "ok", each as "integrity: LINE".
/// A file damaged past what the check can walk makes the check itself
/// fail ("database disk image is malformed"): that is its one problem.
fn pragma_lines(conn: &Connection, pragma: &str) -> Result<Vec<String>> {
    let lines = conn.prepare(pragma).and_then(|mut stmt| {
        stmt.query_map([], |r| r.get::<_, String>(0))?
            .collect::<crate::db::sql::Result<Vec<_>>>()
    });
    let lines = match lines {
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            return Ok(vec![format!("integrity: {e}")]);
        }
        other => other?,
    };
    Ok(lines
        .into_iter()
        .filter(|line| line != "ok")
        .map(|line| format!("integrity: {line}"))
        .collect())
}

/// `PRAGMA foreign_key_check`: rows that point at a row that is not
/// there, named by table, row and column: "contacts row 7: alumnus_id 99
/// refers to no row of alumni".
fn foreign_keys(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let broken = stmt
        .query_map([], |r| {
            Ok(Broken {
                table: r.get(0)?,
                rowid: r.get(1)?,
                parent: r.get(2)?,
                key: r.get(3)?,
            })
        })?
        .collect::<crate::db::sql::Result<Vec<_>>>()?;
    broken.iter().map(|b| b.describe(conn)).collect()
}

/// One row of `PRAGMA foreign_key_check`.
struct Broken {
    table: String,
    rowid: Option<i64>,
    parent: String,
    /// The foreign key's id in `PRAGMA foreign_key_list(table)`.
    key: i64,
}

impl Broken {
    fn describe(&self, conn: &Connection) -> Result<String> {
        let row = match self.rowid {
            Some(rowid) => format!("{} row {rowid}", self.table),
            None => format!("a row of {}", self.table),
        };
        let columns = self.columns(conn)?;
        let values = match self.rowid {
            Some(rowid) if !columns.is_empty() => self.values(conn, &columns, rowid)?,
            _ => Vec::new(),
        };
        let what = if values.len() == columns.len() && !columns.is_empty() {
            columns
                .iter()
                .zip(&values)
                .map(|(c, v)| format!("{c} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        } else if !columns.is_empty() {
            columns.join(", ")
        } else {
            "a foreign key".to_string()
        };
        Ok(format!(
            "foreign key: {row}: {what} refers to no row of {}",
            self.parent
        ))
    }

    /// The child columns of the foreign key, in order.
    fn columns(&self, conn: &Connection) -> Result<Vec<String>> {
        let mut stmt = conn.prepare(
            "SELECT seq, \"from\" FROM pragma_foreign_key_list(?1) WHERE id = ?2 ORDER BY seq",
        )?;
        let columns = stmt
            .query_map(crate::db::sql::params![self.table, self.key], |r| r.get(1))?
            .collect::<crate::db::sql::Result<Vec<String>>>()?;
        Ok(columns)
    }

    fn values(&self, conn: &Connection, columns: &[String], rowid: i64) -> Result<Vec<String>> {
        let list = columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("SELECT {list} FROM {} WHERE rowid = ?1", quote(&self.table));
        let values = conn.query_row(&sql, [rowid], |r| {
            (0..columns.len())
                .map(|i| {
                    Ok(match r.get_ref(i)? {
                        crate::db::sql::types::ValueRef::Null => "NULL".to_string(),
                        crate::db::sql::types::ValueRef::Integer(n) => n.to_string(),
                        crate::db::sql::types::ValueRef::Real(f) => f.to_string(),
                        crate::db::sql::types::ValueRef::Text(t) => {
                            format!("{:?}", String::from_utf8_lossy(t))
                        }
                        crate::db::sql::types::ValueRef::Blob(b) => format!("<{} bytes>", b.len()),
                    })
                })
                .collect::<crate::db::sql::Result<Vec<String>>>()
        })?;
        Ok(values)
    }
}

/// An SQL identifier, quoted.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
