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

/// Whether `?schema=` names a schema the database does not have yet.
pub fn schema_is_new(options: &PgOptions) -> Result<bool> {
    let Some(schema) = &options.schema else {
        return Ok(false);
    };
    let conn = connect(options)?;
    let found: i64 = conn.query_row(
        "SELECT count(*) FROM pg_namespace WHERE nspname = ?1",
        [schema],
        |r| r.get(0),
    )?;
    Ok(found == 0)
}

/// Drops the schema (`?schema=`) made for a first import that failed, as
/// the file made for one is removed: only while it holds nothing but what
/// `alumni init` puts there, and under the schema's write lock, so that
/// what a colleague imported into it meanwhile is never dropped.
pub fn drop_unused_schema(options: &PgOptions) -> Result<()> {
    let Some(schema) = &options.schema else {
        return Ok(());
    };
    let conn = connect(options)?;
    conn.begin_write()?;
    if version(&conn)?.is_some() && super::copy::held_rows(&conn)?.is_empty() {
        // Committed as it stands: the function a write's commit calls to
        // keep the ids given went with the schema.
        conn.execute_batch(&format!(
            "DROP SCHEMA {} CASCADE; COMMIT",
            quote_ident(schema)
        ))?;
    } else {
        conn.rollback()?;
    }
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
