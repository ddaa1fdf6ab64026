//! `alumni db copy`: every row of one database into another, either
//! backend to either backend.
//!
//! The source is read in one snapshot ([`Db::read`]), the target written in
//! one transaction holding its write lock ([`Db::begin`]): the copy lands
//! whole or not at all. Tables are copied in [`TABLES`]' order, which
//! satisfies the foreign keys (PostgreSQL's constraints are not deferrable),
//! rows with their ids, columns read and written by name. Rows are streamed
//! from the source and written a few thousand at a time
//! ([`Connection::insert_rows`]: one `COPY` on PostgreSQL).
//! Last, the AUTOINCREMENT state (SQLite's `sqlite_sequence`, PostgreSQL's
//! `alumni_sequence`, the same `(name, seq)` rows) is made the source's, so
//! that the next insert gets the same id on both.

use anyhow::{Context as _, Result, bail};

use super::sql::{Connection, ToSql, Value};
use super::{Db, Tx, audit};
use crate::i18n::tr;

/// Every table of the schema, parents before the tables that refer to
/// them. A unit test checks it against a fresh database's tables.
pub const TABLES: [&str; 30] = [
    "stages",
    "alumni",
    "events",
    "campaigns",
    "contacts",
    "applications",
    "stage_events",
    "attendance",
    "partners",
    "partner_changes",
    "targets",
    "spend",
    "rehire_rules",
    "imports",
    "audit",
    "settings",
    "assumed_rates",
    "all_hires",
    "import_layouts",
    "import_mappings",
    "consent_changes",
    "erasures",
    "backups",
    "alumnus_contacts",
    "merges",
    "aliases",
    "campaign_recipients",
    "surveys",
    "survey_responses",
    "career",
];

/// The rows written at a time: one `COPY` on PostgreSQL.
const BATCH_ROWS: usize = 2_000;

/// The rows copied, per table, in [`TABLES`]' order.
#[derive(Debug)]
pub struct Copied {
    pub counts: Vec<(&'static str, u64)>,
}

impl Copied {
    /// "10 alumni, 23 contacts": the tables with rows.
    pub fn summary(&self, english: bool) -> String {
        let items: Vec<String> = self
            .counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(table, n)| {
                if english {
                    format!("{n} {table}")
                } else {
                    format!("{table} {n} 件")
                }
            })
            .collect();
        if items.is_empty() {
            return if english {
                "no rows".into()
            } else {
                "0 件".into()
            };
        }
        items.join(if english { ", " } else { "、" })
    }
}

/// Copies every row of `source` into `target`. A target holding more than
/// a fresh database does is refused unless `force`, which deletes its rows
/// first, in the same transaction. `target_name` names it in a refusal.
pub fn copy(source: &mut Db, target: &mut Db, target_name: &str, force: bool) -> Result<Copied> {
    let actor = audit::actor(target)?;
    let copied = source.read(|src| {
        let tx = target.begin_as("db copy")?;
        let held = held_rows(&tx)?;
        if !held.is_empty() && !force {
            bail!(tr!(
                "db-copy-not-empty",
                target = target_name.to_string(),
                held = held.join(", ")
            ));
        }
        // Everything, defaults too: the source's stages replace them.
        for table in TABLES.iter().rev() {
            tx.execute(&format!("DELETE FROM {table}"), [])?;
        }
        let mut counts = Vec::new();
        for table in TABLES {
            let n = copy_table(src, &tx, table)
                .with_context(|| format!("cannot copy the table {table}"))?;
            counts.push((table, n));
        }
        copy_sequence(src, &tx)?;
        let copied = Copied { counts };
        audit::record_as(&tx, &actor, "db copy", None, &copied.summary(true))?;
        tx.commit()?;
        Ok(copied)
    })?;
    target.refresh_statistics(&TABLES)?;
    Ok(copied)
}

/// The tables where the target holds rows a fresh database does not:
/// "10 alumni". Empty for a fresh target.
pub(super) fn held_rows(conn: &Connection) -> Result<Vec<String>> {
    let fresh = super::open_in_memory()?;
    let mut held = Vec::new();
    for table in TABLES {
        let n = count(conn, table)?;
        let fresh_n = count(&fresh, table)?;
        if n != fresh_n || (n > 0 && rows_of(conn, table)? != rows_of(&fresh, table)?) {
            held.push(format!("{n} {table}"));
        }
    }
    Ok(held)
}

fn count(conn: &Connection, table: &str) -> Result<u64> {
    let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    Ok(n as u64)
}

/// Every row of a small table, its columns in name order.
fn rows_of(conn: &Connection, table: &str) -> Result<Vec<Vec<Value>>> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM {table}"))?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|a, b| names[*a].cmp(&names[*b]));
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut cells = Vec::new();
        for &i in &order {
            cells.push(row.get::<_, Value>(i)?);
        }
        out.push(cells);
    }
    out.sort_by_key(|cells| format!("{cells:?}"));
    Ok(out)
}

/// Streams the rows of `table` from `src` into `dst`, in batches.
fn copy_table(src: &Tx<'_>, dst: &Tx<'_>, table: &str) -> Result<u64> {
    let mut stmt = src.prepare(&format!("SELECT * FROM {table} ORDER BY 1"))?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let width = names.len();
    let mut rows = stmt.query([])?;
    let mut batch: Vec<Value> = Vec::with_capacity(BATCH_ROWS * width);
    let mut copied = 0u64;
    while let Some(row) = rows.next()? {
        for i in 0..width {
            batch.push(row.get::<_, Value>(i)?);
        }
        if batch.len() == BATCH_ROWS * width {
            copied += insert(dst, table, &names, &mut batch)?;
        }
    }
    if !batch.is_empty() {
        copied += insert(dst, table, &names, &mut batch)?;
    }
    Ok(copied)
}

/// Inserts the rows in `batch` (`names.len()` values a row), which it
/// empties.
fn insert(dst: &Tx<'_>, table: &str, names: &[String], batch: &mut Vec<Value>) -> Result<u64> {
    let columns: Vec<&str> = names.iter().map(String::as_str).collect();
    let values: Vec<&dyn ToSql> = batch.iter().map(|v| v as &dyn ToSql).collect();
    let n = dst.insert_rows(table, &columns, &values)?;
    batch.clear();
    Ok(n)
}

/// The table each backend keeps the AUTOINCREMENT state in.
fn sequence_table(conn: &Connection) -> &'static str {
    conn.pick("sqlite_sequence", "alumni_sequence")
}

/// Makes the target's AUTOINCREMENT state the source's.
fn copy_sequence(src: &Tx<'_>, dst: &Tx<'_>) -> Result<()> {
    let rows: Vec<(String, i64)> = src
        .prepare(&format!(
            "SELECT name, seq FROM {} ORDER BY name",
            sequence_table(src)
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<super::sql::Result<_>>()?;
    let table = sequence_table(dst);
    dst.execute(&format!("DELETE FROM {table}"), [])?;
    for (name, seq) in rows {
        dst.execute(
            &format!("INSERT INTO {table} (name, seq) VALUES (?1, ?2)"),
            super::sql::params![name, seq],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_are_every_table_of_a_fresh_database() {
        let conn = super::super::open_in_memory().unwrap();
        let mut tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<super::super::sql::Result<_>>()
            .unwrap();
        tables.sort();
        let mut ours: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
        ours.sort();
        assert_eq!(ours, tables);
    }

    #[test]
    fn the_tables_come_after_the_tables_they_refer_to() {
        let conn = super::super::open_in_memory().unwrap();
        for (i, table) in TABLES.iter().enumerate() {
            let parents: Vec<String> = conn
                .prepare(&format!(
                    "SELECT \"table\" FROM pragma_foreign_key_list('{table}')"
                ))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<super::super::sql::Result<_>>()
                .unwrap();
            for parent in parents {
                let at = TABLES.iter().position(|t| *t == parent).unwrap();
                assert!(at < i || parent == *table, "{table} refers to {parent}");
            }
        }
    }

    fn file_db(dir: &tempfile::TempDir, name: &str) -> Db {
        Db::open(&dir.path().join(name)).unwrap()
    }

    #[test]
    fn a_copy_keeps_rows_ids_and_the_autoincrement_state() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = file_db(&dir, "a.db");
        a.execute_batch(
            "INSERT INTO alumni (id, name, created_at, updated_at) VALUES
                 (1, 'a', 'x', 'x'), (5, 'b', 'x', 'x'), (9, 'c', 'x', 'x');
             DELETE FROM alumni WHERE id = 9;
             INSERT INTO contacts (alumnus_id, date, channel, created_at) VALUES (5, '2024-01-01', 'email', 'x');",
        )
        .unwrap();
        let mut b = file_db(&dir, "b.db");
        let copied = copy(&mut a, &mut b, "b.db", false).unwrap();
        assert_eq!(copied.summary(true), "8 stages, 2 alumni, 1 contacts");
        let n: i64 = b
            .query_row("SELECT count(*) FROM alumni", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
        b.execute(
            "INSERT INTO alumni (name, created_at, updated_at) VALUES ('d', 'x', 'x')",
            [],
        )
        .unwrap();
        assert_eq!(
            b.last_insert_rowid(),
            10,
            "the deleted top id is not reused"
        );
        // A target with rows is refused, then replaced with --force.
        let err = copy(&mut a, &mut b, "b.db", false).unwrap_err();
        assert!(err.to_string().contains("b.db"), "{err}");
        copy(&mut a, &mut b, "b.db", true).unwrap();
        let n: i64 = b
            .query_row("SELECT count(*) FROM alumni", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
    }

    #[test]
    fn many_rows_go_in_several_batches() {
        let dir = tempfile::tempdir().unwrap();
        let mut a = file_db(&dir, "a.db");
        a.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1234)
             INSERT INTO alumni (id, name, created_at, updated_at) SELECT i, 'p' || i, 'x', 'x' FROM n;",
        )
        .unwrap();
        let mut b = file_db(&dir, "b.db");
        let copied = copy(&mut a, &mut b, "b.db", false).unwrap();
        assert_eq!(copied.counts[1], ("alumni", 1234));
    }
}
