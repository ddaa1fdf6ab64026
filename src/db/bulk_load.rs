//! The first import of many people into an empty database on PostgreSQL,
//! loaded as a server is best filled: the rows first, then the indexes the
//! import does not read built once from them, and the career entries'
//! foreign keys checked once for the whole table, rather than an index
//! entry and a locked alumnus per row. On a server that is most of a large
//! first import's time.
//!
//! It runs inside the import's transaction: the indexes and constraints are
//! dropped and made again in it, so that a failed import, like a
//! successful one, leaves them as they were, and nobody ever sees the
//! tables without them. It takes the tables (`alumni`, `career`, and
//! `imports`, which a career entry names) for itself meanwhile: others'
//! commands wait for it, as they would for a server's `COPY` of a dump,
//! rather than read a database that is being filled. It is used only where
//! nobody is reading those tables when it begins, the tables are empty,
//! and the import's role owns them; otherwise rows are written as always,
//! with the same result.

use anyhow::Result;

use crate::db::sql::{Backend, Connection};

/// Where a batch of new people is at least this large, and the database
/// empty, the import loads in bulk: below it, making the indexes again
/// costs more than it saves.
pub const ROWS: usize = 1000;

/// Whether the import's role owns the tables, and they are empty.
const OWNED_AND_EMPTY: &str = "
    SELECT bool_and(pg_has_role(c.relowner, 'USAGE'))
           AND NOT EXISTS (SELECT 1 FROM alumni) AND NOT EXISTS (SELECT 1 FROM career)
    FROM pg_class c
    WHERE c.oid IN (CAST('alumni' AS regclass), CAST('career' AS regclass),
                    CAST('imports' AS regclass))";

/// The indexes put off: those of the two tables that are not unique (the
/// import's look-ups by employee ID and email use the unique ones), but
/// for the one it finds a row without either key by. Each with the
/// statement that makes it.
const INDEXES: &str = "
    SELECT quote_ident(c.relname), pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid IN (CAST('alumni' AS regclass), CAST('career' AS regclass))
      AND NOT i.indisunique AND NOT i.indisprimary AND c.relname <> 'alumni_keyless_name'
    ORDER BY c.relname";

/// The career entries' foreign keys (to the alumnus, and to the import
/// that recorded the entry), with their definitions.
const FOREIGN_KEYS: &str = "
    SELECT quote_ident(conname), pg_get_constraintdef(oid)
    FROM pg_constraint
    WHERE conrelid = CAST('career' AS regclass) AND contype = 'f'
    ORDER BY conname";

/// What was put off, to be made again before the import commits.
#[derive(Debug)]
pub struct Deferred {
    indexes: Vec<String>,
    foreign_keys: Vec<(String, String)>,
}

/// Puts off the indexes and foreign keys where the import may (see the
/// module's comment); `None`, with nothing changed, where it may not.
pub fn defer(conn: &Connection) -> Result<Option<Deferred>> {
    if conn.backend() != Backend::Postgres {
        return Ok(None);
    }
    let may: Option<bool> = conn.query_row(OWNED_AND_EMPTY, [], |r| r.get(0))?;
    if may != Some(true) {
        return Ok(None);
    }
    conn.execute_batch("SAVEPOINT bulk_load")?;
    // Someone reading the tables now would otherwise hold the import up.
    match conn.execute_batch("LOCK TABLE alumni, career, imports IN ACCESS EXCLUSIVE MODE NOWAIT") {
        Ok(()) => {}
        Err(e) if e.sqlstate() == Some("55P03") => {
            conn.execute_batch("ROLLBACK TO bulk_load; RELEASE bulk_load")?;
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    }
    conn.execute_batch("RELEASE bulk_load")?;
    let pairs = |sql: &str| -> Result<Vec<(String, String)>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<crate::db::sql::Result<Vec<_>>>()?;
        Ok(rows)
    };
    let indexes = pairs(INDEXES)?;
    let foreign_keys = pairs(FOREIGN_KEYS)?;
    for (name, _) in &indexes {
        conn.execute_batch(&format!("DROP INDEX {name}"))?;
    }
    if !foreign_keys.is_empty() {
        let drops: Vec<String> = foreign_keys
            .iter()
            .map(|(name, _)| format!("DROP CONSTRAINT {name}"))
            .collect();
        conn.execute_batch(&format!("ALTER TABLE career {}", drops.join(", ")))?;
    }
    Ok(Some(Deferred {
        indexes: indexes.into_iter().map(|(_, make)| make).collect(),
        foreign_keys,
    }))
}

impl Deferred {
    /// Makes again what [`defer`] put off: the indexes from the rows now
    /// stored, and the foreign keys, checked against every entry.
    pub fn restore(self, conn: &Connection) -> Result<()> {
        for make in &self.indexes {
            conn.execute_batch(make)?;
        }
        if !self.foreign_keys.is_empty() {
            let adds: Vec<String> = self
                .foreign_keys
                .iter()
                .map(|(name, definition)| format!("ADD CONSTRAINT {name} {definition}"))
                .collect();
            conn.execute_batch(&format!("ALTER TABLE career {}", adds.join(", ")))?;
        }
        Ok(())
    }
}
