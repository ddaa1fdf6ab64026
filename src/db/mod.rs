//! The SQLite database: where it lives, how it is opened, and its schema
//! migrations (`PRAGMA user_version`). Commands hold it as a [`Db`] and
//! write through [`Db::write`] (see `handle`).

pub mod alumni;
pub mod audit;
pub mod backup;
pub mod check;
pub mod contacts;
pub mod events;
mod handle;
pub mod import;
pub mod kpi_inputs;
pub mod mappings;
pub mod people;
pub mod pipeline;
pub mod privacy;
pub mod report;
pub mod settings;
pub mod targets;
pub mod timeline;
mod values;

pub use audit::actor;
pub use handle::{Audit, Change, Db, Reader, Tx};

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use anyhow::{Context, Result, bail};
use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

/// The schema, one migration per file, in order.
const MIGRATION_FILES: [&str; 5] = [
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_kpi_inputs.sql"),
    include_str!("migrations/003_report_indexes.sql"),
    include_str!("migrations/004_roster_types.sql"),
    include_str!("migrations/005_personal_data.sql"),
];

/// The migrations, applied in order on open.
static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(MIGRATION_FILES.iter().map(|sql| M::up(sql)).collect()));

/// How long a command waits for another process's write lock before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The database file: `--db`, else `$ALUMNI_DB` (clap reads both), else
/// `alumni.db` in the platform's user data directory.
pub fn resolve_path(given: Option<&Path>) -> Result<PathBuf> {
    if let Some(path) = given {
        return Ok(path.to_path_buf());
    }
    let dirs = directories::ProjectDirs::from("", "", "alumni").context(
        "no home directory to keep the database in; give one with --db PATH or $ALUMNI_DB",
    )?;
    Ok(dirs.data_dir().join("alumni.db"))
}

/// Opens (creating if need be) the database at `path` and brings its schema
/// up to date. A database written by a newer `alumni` is refused.
pub fn open(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    }
    let mut conn = Connection::open(path)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    configure(&conn).with_context(|| format!("{} is not a usable database", path.display()))?;
    migrate(&mut conn, path)?;
    Ok(conn)
}

/// Opens a database that must already exist, as it is: no file or
/// directory is created, the schema is not migrated, and no record is
/// changed (SQLite may still fold its WAL into the file on close, as after
/// any command). For the commands that look after the file rather than its
/// records (`backup`, `check`), which must work on a copy from any version.
pub fn open_existing(path: &Path) -> Result<Connection> {
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("no database at {}", path.display())
        }
        other => other.with_context(|| format!("cannot read {}", path.display()))?,
    };
    if !meta.is_file() {
        bail!("{} is not a database file", path.display());
    }
    // READ_WRITE without CREATE: SQLite falls back to read-only on a
    // write-protected file, and a WAL database may need its -shm written.
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // SQLite reads the header lazily: make it say now whether this is a database.
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(conn),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            bail!("{} is not an SQLite database", path.display())
        }
        Err(e) => Err(e).with_context(|| format!("cannot read the database {}", path.display())),
    }
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        bail!("cannot switch the database to WAL mode (it is in {mode} mode)");
    }
    // secure_delete: what is deleted or overwritten is zeroed in the
    // file, so that an erased person's data is not left readable in free
    // space (docs/PRIVACY.md).
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA synchronous = NORMAL;",
    )?;
    Ok(())
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let version = usize::try_from(version).unwrap_or(usize::MAX);
    let known = schema_version();
    if version > known {
        bail!(
            "{} was written by a newer version of alumni (schema {version}; this program knows up to {known}); \
             upgrade alumni to use it",
            path.display()
        );
    }
    MIGRATIONS
        .to_latest(conn)
        .with_context(|| format!("cannot bring the schema of {} up to date", path.display()))
}

/// The schema version this program writes.
pub fn schema_version() -> usize {
    MIGRATION_FILES.len()
}

/// Now, as stored in `created_at` and the like: RFC 3339 in UTC, to the second.
pub fn now() -> String {
    jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_has_every_table_and_the_current_version() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join("a.db")).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version as usize, schema_version());
        for table in [
            "alumni",
            "contacts",
            "applications",
            "stage_events",
            "stages",
            "events",
            "attendance",
            "partners",
            "targets",
            "spend",
            "assumed_rates",
            "all_hires",
            "rehire_rules",
            "imports",
            "audit",
            "settings",
            "import_layouts",
            "import_mappings",
            "consent_changes",
            "erasures",
            "backups",
        ] {
            let n: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 1, "{table}");
        }
        let fk: i64 = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn the_schema_version_is_the_number_of_migrations() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("m.db")).unwrap();
        MIGRATIONS.to_latest(&mut conn).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version as usize, schema_version());
    }

    #[test]
    fn a_version_1_database_gets_the_kpi_inputs_and_report_indexes_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            Migrations::new(vec![M::up(include_str!("migrations/001_init.sql"))])
                .to_latest(&mut conn)
                .unwrap();
            conn.execute(
                "INSERT INTO targets (month, stage, count) VALUES ('2026-04', 'rejoined', 3)",
                [],
            )
            .unwrap();
        }
        let conn = open(&path).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version as usize, schema_version());
        let index: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'stage_events_entered'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(index, 1);
        let kept: i64 = conn
            .query_row("SELECT count FROM targets", [], |r| r.get(0))
            .unwrap();
        assert_eq!(kept, 3);
        for table in ["assumed_rates", "all_hires"] {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 0, "{table}");
        }
    }

    #[test]
    fn a_newer_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        drop(open(&path).unwrap());
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA user_version = 99")
            .unwrap();
        let err = open(&path).unwrap_err();
        assert!(
            format!("{err:#}").contains("newer version of alumni"),
            "{err:#}"
        );
    }
}
