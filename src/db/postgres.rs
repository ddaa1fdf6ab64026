//! The PostgreSQL database: reaching it, and its schema, versioned and
//! brought up to date as the SQLite file's is.
//!
//! The version is kept in `alumni_schema` (SQLite keeps it in `PRAGMA
//! user_version`). PostgreSQL's migrations begin at version 9, the first
//! schema it was offered with: `pg/009_schema.sql` makes that schema whole,
//! and every later version comes as a pair of files, one per backend.
//! Migrations run in one transaction holding the schema's write lock, so
//! that two people opening an old database at once do not both upgrade it.

use anyhow::{Context as _, Result, bail};

use super::sql::pg::quote_ident;
use super::sql::{Connection, PgOptions};
use crate::i18n::tr;

/// PostgreSQL's migrations: the version each brings the schema to, and its SQL.
const MIGRATIONS: [(usize, &str); 4] = [
    (9, include_str!("pg/009_schema.sql")),
    (10, include_str!("pg/010_audit_role.sql")),
    (11, include_str!("pg/011_bulk_ids.sql")),
    (12, include_str!("pg/012_covering_indexes.sql")),
];

fn connect(options: &PgOptions) -> Result<Connection> {
    let conn = Connection::connect_postgres(options)?;
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    Ok(conn)
}

/// Whether the schema holds alumni's tables.
pub fn exists(options: &PgOptions) -> Result<bool> {
    let conn = connect(options)?;
    Ok(version(&conn)?.is_some())
}

/// What a first import is about to make, so that a failed one can be
/// undone as the file made for one is removed: the schema `?schema=`
/// names, where it does not exist yet; or, in a schema without alumni's
/// tables (the database's default one, say), those tables and functions,
/// told apart from what the schema held before by their object ids.
#[derive(Debug)]
pub enum Made {
    Schema(String),
    Objects { before: Vec<i64> },
}

/// The tables, views, sequences and functions of the current schema, by
/// object id; their names as PostgreSQL writes them, for DROP; and which
/// kind each is.
const OBJECTS: &str = "
    SELECT CAST(c.oid AS BIGINT), CAST(CAST(c.oid AS regclass) AS TEXT),
           CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                          WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END
    FROM pg_class c
    WHERE c.relnamespace = CAST(current_schema() AS regnamespace)
      AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
    UNION ALL
    SELECT CAST(p.oid AS BIGINT), CAST(CAST(p.oid AS regprocedure) AS TEXT),
           CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END
    FROM pg_proc p
    WHERE p.pronamespace = CAST(current_schema() AS regnamespace)
      AND p.prokind IN ('f', 'p')";

fn objects(conn: &Connection) -> Result<Vec<(i64, String, String)>> {
    let mut stmt = conn.prepare(OBJECTS)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<super::sql::Result<Vec<_>>>()?;
    Ok(rows)
}

/// What a first import into the database `options` names would make, to
/// be undone with [`undo_first_import`] if it fails; none where alumni's
/// tables are there already.
pub fn before_first_import(options: &PgOptions) -> Result<Option<Made>> {
    let conn = connect(options)?;
    if let Some(schema) = &options.schema {
        let found: i64 = conn.query_row(
            "SELECT count(*) FROM pg_namespace WHERE nspname = ?1",
            [schema],
            |r| r.get(0),
        )?;
        if found == 0 {
            return Ok(Some(Made::Schema(schema.clone())));
        }
    }
    if version(&conn)?.is_some() {
        return Ok(None);
    }
    let before = objects(&conn)?.into_iter().map(|(oid, ..)| oid).collect();
    Ok(Some(Made::Objects { before }))
}

/// Undoes what a first import that failed made ([`before_first_import`]):
/// only while the schema holds nothing but what `alumni init` puts there,
/// and under the schema's write lock, so that what a colleague imported
/// into it meanwhile is never dropped. What the schema held before stays.
pub fn undo_first_import(options: &PgOptions, made: &Made) -> Result<()> {
    let conn = connect(options)?;
    conn.begin_write()?;
    if version(&conn)?.is_none() || !super::copy::held_rows(&conn)?.is_empty() {
        conn.rollback()?;
        return Ok(());
    }
    // Committed as it stands: the function a write's commit calls to keep
    // the ids given goes with the rest.
    let drop = match made {
        Made::Schema(schema) => format!("DROP SCHEMA {} CASCADE;", quote_ident(schema)),
        Made::Objects { before } => objects(&conn)?
            .into_iter()
            .filter(|(oid, ..)| !before.contains(oid))
            // Tables first: their sequences, indexes and triggers go with
            // them, and IF EXISTS passes over what went already.
            .map(|(_, name, kind)| {
                (
                    kind != "TABLE",
                    format!("DROP {kind} IF EXISTS {name} CASCADE;"),
                )
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|(_, statement)| statement)
            .collect(),
    };
    conn.execute_batch(&format!("{drop} COMMIT"))?;
    Ok(())
}

/// Connects, creating the schema (`?schema=`) and alumni's tables where
/// they are missing: for `alumni init` and a first `alumni import`.
pub fn create(options: &PgOptions) -> Result<Connection> {
    let conn = connect(options)?;
    if let Some(schema) = &options.schema {
        conn.execute_batch(&format!(
            "CREATE SCHEMA IF NOT EXISTS {}",
            quote_ident(schema)
        ))
        .with_context(|| format!("cannot create the schema {schema} in {}", options.shown))?;
    }
    migrate(&conn, options)?;
    Ok(conn)
}

/// Connects to a database that must hold alumni's tables already, and
/// brings them up to date.
pub fn open(options: &PgOptions) -> Result<Connection> {
    let conn = connect(options)?;
    if version(&conn)?.is_none() {
        // A role that may not see the schema's tables is told so.
        super::roles::require(&conn, None)?;
        bail!(tr!("no-database", path = options.shown.clone()));
    }
    migrate(&conn, options)?;
    Ok(conn)
}

/// The schema version, or `None` where alumni has made no tables.
fn version(conn: &Connection) -> Result<Option<usize>> {
    let table: Option<String> = conn.query_row(
        "SELECT CAST(to_regclass('alumni_schema') AS TEXT)",
        [],
        |r| r.get(0),
    )?;
    if table.is_none() {
        return Ok(None);
    }
    let version: i64 = conn.query_row("SELECT version FROM alumni_schema", [], |r| r.get(0))?;
    Ok(Some(usize::try_from(version).unwrap_or(usize::MAX)))
}

fn migrate(conn: &Connection, options: &PgOptions) -> Result<()> {
    let known = super::schema_version();
    match version(conn)? {
        Some(v) if v > known => bail!("{}", super::newer(&options.shown, v)),
        Some(v) if v == known => return Ok(()),
        _ => {}
    }
    conn.begin_write()?;
    let done = (|| -> Result<()> {
        // Read again under the lock: another may have upgraded it meanwhile.
        let current = version(conn)?.unwrap_or(0);
        if current > known {
            bail!("{}", super::newer(&options.shown, current));
        }
        if current == 0 {
            conn.execute_batch("CREATE TABLE alumni_schema (version BIGINT NOT NULL)")?;
            conn.execute("INSERT INTO alumni_schema (version) VALUES (0)", [])?;
        }
        for (to, sql) in MIGRATIONS.iter().filter(|(to, _)| *to > current) {
            conn.execute_batch(sql)
                .with_context(|| format!("migration to schema {to} failed"))?;
            conn.execute("UPDATE alumni_schema SET version = ?1", [*to as i64])?;
        }
        Ok(())
    })();
    match done {
        Ok(()) => Ok(conn.commit()?),
        Err(e) => {
            let _ = conn.rollback();
            Err(e.context(format!(
                "cannot bring the schema of {} up to date",
                options.shown
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_postgres_migrations_end_at_the_sqlite_schema_version() {
        assert_eq!(MIGRATIONS.last().unwrap().0, super::super::schema_version());
        assert!(MIGRATIONS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
