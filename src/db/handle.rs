//! The handle commands reach the database through, and the one way they
//! write to it.
//!
//! [`Db::write`] runs a command's work in an immediate transaction: the
//! write lock is taken at `BEGIN`, so a command that finds another writer
//! at work (an import, say) waits for it, up to the busy timeout, instead
//! of failing with "database is locked" when it first writes. The work
//! ends with a [`Change`]: the value it made and the audit rows the change
//! gets, written in the same transaction just before the commit; or, when
//! there is nothing to keep, a change discarded, which is rolled back and
//! leaves no audit row. A write cannot be committed without its audit row.
//!
//! [`Db::read`] runs reads in one deferred transaction, so they see one
//! snapshot of the database.

use std::cell::Cell;
use std::ops::Deref;
use std::path::Path;

use anyhow::{Context as _, Result};

use super::sql::{Connection, Location};

use super::audit;

/// An open database. The functions of `crate::db` take it (or a [`Tx`])
/// where they take a connection.
pub struct Db {
    conn: Connection,
}

/// A transaction on a [`Db`], given to the work of [`Db::write`] and
/// [`Db::read`]; it ends when the work returns.
pub struct Tx<'db> {
    conn: &'db Connection,
    /// Committed or rolled back already; otherwise rolled back on drop.
    ended: Cell<bool>,
}

/// One audit row: the alumnus a change concerns, if any, and what changed
/// (field names and counts, never personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    pub alumnus: Option<i64>,
    pub detail: String,
}

/// What the work of [`Db::write`] ends with: a value, and either the audit
/// rows of the change to commit, or nothing to keep.
#[must_use]
#[derive(Debug)]
pub struct Change<T> {
    value: T,
    /// Empty for a change discarded.
    audits: Vec<Audit>,
    /// The context a failed commit is reported with.
    commit_context: Option<&'static str>,
}

/// Anything the database can be read through: the handle, a transaction
/// on it, or a bare connection. For helpers that read either before a
/// write or inside one.
pub trait Reader {
    fn connection(&self) -> &Connection;
}

impl Db {
    /// Opens the database at `location` as [`Db::open`] does a file,
    /// creating the schema where there is none.
    pub fn create(location: &Location) -> Result<Db> {
        match location {
            Location::File(path) => Db::open(path),
            Location::Postgres(options) => super::postgres::create(options).map(|conn| Db { conn }),
        }
    }

    /// Opens a database that must exist, to change it: a file as
    /// [`Db::open_to_change`] does; a PostgreSQL schema that must hold
    /// alumni's tables.
    pub fn open_location(location: &Location) -> Result<Db> {
        match location {
            Location::File(path) => Db::open_to_change(path),
            Location::Postgres(options) => super::postgres::open(options).map(|conn| Db { conn }),
        }
    }

    /// Opens a database that must exist, to read it: a file as
    /// [`Db::open_reader`] does.
    pub fn open_location_reader(location: &Location) -> Result<Db> {
        match location {
            Location::File(path) => Db::open_reader(path),
            Location::Postgres(options) => super::postgres::open(options).map(|conn| Db { conn }),
        }
    }

    /// Opens (creating if need be) and migrates the database at `path`; see
    /// [`super::open`].
    pub fn open(path: &Path) -> Result<Db> {
        super::open(path).map(|conn| Db { conn })
    }

    /// A new, empty database in memory; see [`super::open_in_memory`].
    pub fn open_in_memory() -> Result<Db> {
        super::open_in_memory().map(|conn| Db { conn })
    }

    /// Opens a database that must exist, to change it; see [`super::open_to_change`].
    pub fn open_to_change(path: &Path) -> Result<Db> {
        super::open_to_change(path).map(|conn| Db { conn })
    }

    /// Opens a database that must exist, as it is; see [`super::open_existing`].
    pub fn open_existing(path: &Path) -> Result<Db> {
        super::open_existing(path).map(|conn| Db { conn })
    }

    /// Opens a database that must exist, to read it whatever its schema;
    /// see [`super::open_read_only`].
    pub fn open_read_only(path: &Path) -> Result<Db> {
        super::open_read_only(path).map(|conn| Db { conn })
    }

    /// Opens a database that must exist, with this program's schema, to
    /// read its records; see [`super::open_reader`].
    pub fn open_reader(path: &Path) -> Result<Db> {
        super::open_reader(path).map(|conn| Db { conn })
    }

    /// Runs `work` in an immediate transaction and, unless it discards its
    /// change, writes its audit rows as done by `action` (the command, as
    /// the audit log names it: "pipeline move") and commits. An error from
    /// `work` rolls everything back.
    pub fn write<T>(
        &mut self,
        action: &str,
        work: impl FnOnce(&Tx<'_>) -> Result<Change<T>>,
    ) -> Result<T> {
        // The connected role may do it (PostgreSQL; see `roles`).
        super::roles::require(&self.conn, Some(action))?;
        let tx = Tx::begin_write(&self.conn)?;
        // Who is at work, as the transaction begins: `config set
        // default-owner` is done by the owner it replaces.
        let actor = audit::actor(&tx)?;
        let change = work(&tx)?;
        if change.audits.is_empty() {
            // Dropped, so rolled back.
            return Ok(change.value);
        }
        for row in &change.audits {
            audit::record_as(&tx, &actor, action, row.alumnus, &row.detail)?;
        }
        match change.commit_context {
            Some(context) => tx.commit().context(context)?,
            None => tx.commit()?,
        }
        Ok(change.value)
    }

    /// An immediate transaction that its caller commits ([`Tx::commit`])
    /// or drops (rolled back): for the import, which logs what it did in
    /// its own table (one row per file, `imports`) rather than in audit
    /// rows, and whose dry run rolls everything back.
    pub fn begin(&mut self) -> Result<Tx<'_>> {
        self.begin_as("import")
    }

    /// [`Db::begin`] for the write `action` names, once the connected role
    /// is found to be allowed it (see `roles`).
    pub fn begin_as(&mut self, action: &str) -> Result<Tx<'_>> {
        super::roles::require(&self.conn, Some(action))?;
        Tx::begin_write(&self.conn)
    }

    /// After many rows were written into `tables` at once (`db copy`), has
    /// PostgreSQL gather their statistics and mark their pages all-visible,
    /// which its planner needs to read the reports' rows from the indexes
    /// alone; otherwise that waits for the server's autovacuum. Outside a
    /// transaction, as VACUUM must be; nothing to do on SQLite.
    pub fn refresh_statistics(&self, tables: &[&str]) -> Result<()> {
        if self.conn.backend() == super::sql::Backend::Postgres && !tables.is_empty() {
            self.conn
                .execute_batch(&format!("VACUUM ANALYZE {}", tables.join(", ")))?;
        }
        Ok(())
    }

    /// How long a write waits for another process's lock from now on,
    /// for a write that is better skipped than long awaited.
    pub fn set_busy_timeout(&self, wait: std::time::Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    /// Runs `work` in one deferred transaction: its reads see the database
    /// as of the first of them. Whatever it might write is rolled back.
    pub fn read<T>(&mut self, work: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        self.conn.begin_read()?;
        let tx = Tx {
            conn: &self.conn,
            ended: Cell::new(false),
        };
        let value = work(&tx)?;
        tx.rollback()?;
        Ok(value)
    }
}

impl<'db> Tx<'db> {
    fn begin_write(conn: &'db Connection) -> Result<Tx<'db>> {
        conn.begin_write()?;
        Ok(Tx {
            conn,
            ended: Cell::new(false),
        })
    }

    /// Commits a transaction begun with [`Db::begin`].
    pub fn commit(self) -> Result<()> {
        self.ended.set(true);
        Ok(self.conn.commit()?)
    }

    fn rollback(self) -> Result<()> {
        self.ended.set(true);
        Ok(self.conn.rollback()?)
    }

    /// Runs two parts of one read, `side` and `main`, over the snapshot
    /// this read sees. On PostgreSQL `side` runs at the same time, on a
    /// second connection to the same snapshot in a thread of its own, so
    /// that a report's two big reads (its contacts and its applications,
    /// say) overlap their time on the server and on the wire. On SQLite,
    /// in a write, or when the second connection cannot be made (the
    /// server's connection limit reached, say), `side` runs first, then
    /// `main`, on this transaction. Either way both see the same rows.
    pub fn alongside<A: Send, B>(
        &self,
        side: impl FnOnce(&Tx<'_>) -> Result<A> + Send,
        main: impl FnOnce(&Tx<'_>) -> Result<B>,
    ) -> Result<(A, B)> {
        let other = match self.conn.share_snapshot()? {
            Some(snapshot) => snapshot.connect().ok(),
            None => None,
        };
        let Some(other) = other else {
            let a = side(self)?;
            return Ok((a, main(self)?));
        };
        std::thread::scope(|scope| {
            let side = scope.spawn(move || {
                let tx = Tx {
                    conn: &other,
                    ended: Cell::new(false),
                };
                let value = side(&tx)?;
                tx.rollback()?;
                Ok::<A, anyhow::Error>(value)
            });
            let b = main(self);
            let a = side
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            Ok((a?, b?))
        })
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.ended.get() {
            // As rusqlite's transactions: what was not committed is undone.
            let _ = self.conn.rollback();
        }
    }
}

impl Deref for Db {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        &self.conn
    }
}

impl Deref for Tx<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Reader for Db {
    fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl Reader for Tx<'_> {
    fn connection(&self) -> &Connection {
        self.conn
    }
}

impl Reader for Connection {
    fn connection(&self) -> &Connection {
        self
    }
}

impl Audit {
    pub fn new(alumnus: Option<i64>, detail: impl Into<String>) -> Audit {
        Audit {
            alumnus,
            detail: detail.into(),
        }
    }
}

impl<T> Change<T> {
    /// A change to commit, with its audit row.
    pub fn audited(value: T, audit: Audit) -> Change<T> {
        Change {
            value,
            audits: vec![audit],
            commit_context: None,
        }
    }

    /// One more audit row, written after the others.
    pub fn and(mut self, audit: Audit) -> Change<T> {
        self.audits.push(audit);
        self
    }

    /// Nothing to keep (nothing changed, or a dry run): whatever the work
    /// wrote is rolled back, and no audit row is written.
    pub fn discarded(value: T) -> Change<T> {
        Change {
            value,
            audits: Vec::new(),
            commit_context: None,
        }
    }

    /// Reports a failed commit with `context` ("cannot commit the targets").
    pub fn commit_context(mut self, context: &'static str) -> Change<T> {
        self.commit_context = Some(context);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("h.db")).unwrap();
        (dir, db)
    }

    fn count(db: &Db, sql: &str) -> i64 {
        db.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    fn set(tx: &Tx<'_>, key: &str) {
        tx.execute("INSERT INTO settings (key, value) VALUES (?1, 'x')", [key])
            .unwrap();
    }

    #[test]
    fn an_audited_change_is_committed_with_its_audit_rows_in_order() {
        let (_dir, mut db) = db();
        let value = db
            .write("config set", |tx| {
                set(tx, "a");
                Ok(
                    Change::audited(7, Audit::new(None, "first"))
                        .and(Audit::new(Some(3), "second")),
                )
            })
            .unwrap();
        assert_eq!(value, 7);
        assert_eq!(
            count(&db, "SELECT count(*) FROM settings WHERE key = 'a'"),
            1
        );
        let rows: Vec<(String, Option<i64>, String)> = db
            .prepare("SELECT command, alumnus_id, detail FROM audit ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<crate::db::sql::Result<_>>()
            .unwrap();
        assert_eq!(
            rows,
            [
                ("config set".to_string(), None, "first".to_string()),
                ("config set".to_string(), Some(3), "second".to_string()),
            ]
        );
    }

    #[test]
    fn a_discarded_change_and_a_failed_one_leave_nothing() {
        let (_dir, mut db) = db();
        let value = db
            .write("config set", |tx| {
                set(tx, "a");
                Ok(Change::discarded("kept"))
            })
            .unwrap();
        assert_eq!(value, "kept");
        let err = db
            .write("config set", |tx| -> Result<Change<()>> {
                set(tx, "b");
                anyhow::bail!("refused")
            })
            .unwrap_err();
        assert_eq!(err.to_string(), "refused");
        assert_eq!(count(&db, "SELECT count(*) FROM settings"), 0);
        assert_eq!(count(&db, "SELECT count(*) FROM audit"), 0);
    }

    #[test]
    fn a_write_takes_the_write_lock_when_it_begins() {
        let (dir, mut db) = db();
        let other = rusqlite::Connection::open(dir.path().join("h.db")).unwrap();
        other.busy_timeout(std::time::Duration::ZERO).unwrap();
        db.write("config set", |_| {
            // Another writer is refused at once while this one holds the lock.
            let err = other.execute_batch("BEGIN IMMEDIATE").unwrap_err();
            assert_eq!(
                err.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy)
            );
            Ok(Change::discarded(()))
        })
        .unwrap();
        other.execute_batch("BEGIN IMMEDIATE; ROLLBACK").unwrap();
    }

    #[test]
    fn a_read_sees_one_snapshot() {
        let (dir, mut db) = db();
        let other = rusqlite::Connection::open(dir.path().join("h.db")).unwrap();
        let (before, after) = db
            .read(|tx| {
                let before = count_in(tx);
                other
                    .execute("INSERT INTO settings (key, value) VALUES ('o', 'x')", [])
                    .unwrap();
                Ok((before, count_in(tx)))
            })
            .unwrap();
        assert_eq!((before, after), (0, 0), "the other's write is not seen");
        assert_eq!(count(&db, "SELECT count(*) FROM settings"), 1);
    }

    #[test]
    fn a_read_keeps_no_write() {
        let (_dir, mut db) = db();
        db.read(|tx| {
            set(tx, "mine");
            Ok(())
        })
        .unwrap();
        assert_eq!(count(&db, "SELECT count(*) FROM settings"), 0);
    }

    fn count_in(tx: &Tx<'_>) -> i64 {
        tx.query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
            .unwrap()
    }
}
