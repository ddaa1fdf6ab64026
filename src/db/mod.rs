//! The SQLite database: where it lives, how it is opened, and its schema
//! migrations (`PRAGMA user_version`). Commands hold it as a [`Db`] and
//! write through [`Db::write`] (see `handle`).

pub mod alumni;
pub mod audit;
pub mod backup;
mod bulk_load;
pub mod campaigns;
pub mod career;
pub mod check;
pub mod contacts;
pub mod copy;
pub mod events;
mod handle;
pub mod import;
pub mod kpi_inputs;
pub mod mappings;
pub mod merges;
pub mod partners;
pub mod people;
pub mod pipeline;
pub mod postgres;
pub mod privacy;
pub mod report;
pub mod roles;
pub mod settings;
pub mod sql;
pub mod suggest;
pub mod surveys;
pub mod targets;
pub mod timeline;
mod values;

pub use audit::actor;
pub use handle::{Audit, Change, Db, Reader, Tx};
pub use sql::{Backend, Connection, Location};

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use anyhow::{Context, Result, bail};
use rusqlite::Connection as Sqlite;
use rusqlite_migration::{M, Migrations};

use crate::fsutil::may_write;
use crate::i18n::tr;

/// The schema, one migration per file, in order.
const MIGRATION_FILES: [&str; 12] = [
    include_str!("migrations/001_init.sql"),
    include_str!("migrations/002_kpi_inputs.sql"),
    include_str!("migrations/003_report_indexes.sql"),
    include_str!("migrations/004_roster_types.sql"),
    include_str!("migrations/005_personal_data.sql"),
    include_str!("migrations/006_merge.sql"),
    include_str!("migrations/007_corrections.sql"),
    include_str!("migrations/008_report_covering.sql"),
    include_str!("migrations/009_engagement.sql"),
    include_str!("migrations/010_audit_role.sql"),
    include_str!("migrations/011_bulk_ids.sql"),
    include_str!("migrations/012_covering_indexes.sql"),
];

/// The migrations, applied in order on open. Each checks the foreign keys
/// before it commits: they run with enforcement off (see [`to_latest`]).
static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(
        MIGRATION_FILES
            .iter()
            .map(|sql| M::up(sql).foreign_key_check())
            .collect(),
    )
});

/// Brings the schema up to date with foreign keys off, and on again after.
/// A migration that rebuilds a table drops the old one, and with foreign
/// keys on that would delete, by ON DELETE CASCADE, every row referring to
/// it. The pragma cannot change inside a transaction, and each migration
/// runs in one; so it is set around them, and each migration instead runs
/// `PRAGMA foreign_key_check` before it commits.
fn to_latest(conn: &mut Sqlite) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let done = MIGRATIONS.to_latest(conn);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(done?)
}

/// How long a command waits for another process's write lock before giving up.
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// The database: `--db`, else `$ALUMNI_DB` (clap reads both), else
/// `alumni.db` in the platform's user data directory. A `postgres://` or
/// `postgresql://` URL names a PostgreSQL database; anything else a file.
pub fn resolve(given: Option<&Path>) -> Result<Location> {
    match given {
        Some(given) if sql::url::is_url(given.as_os_str()) => {
            Ok(Location::parse(given.as_os_str())?)
        }
        _ => resolve_path(given).map(Location::File),
    }
}

/// The database file: see [`resolve`].
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
/// up to date. A database written by a newer `alumni` is refused. A new
/// database file is created for its owner only (see [`create_private`]).
pub fn open(path: &Path) -> Result<Connection> {
    open_raw(path).and_then(wrap)
}

/// The facade over an SQLite handle, with the functions its statements use.
fn wrap(conn: Sqlite) -> Result<Connection> {
    alumni::register_folding(&conn)?;
    career::register_folding(&conn)?;
    rusqlite::vtab::array::load_module(&conn)?;
    Ok(Connection::from_sqlite(conn))
}

fn open_raw(path: &Path) -> Result<Sqlite> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the directory {}", dir.display()))?;
    }
    create_private(path)?;
    let mut conn = Sqlite::open(path)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    configure(&conn).with_context(|| format!("{} is not a usable database", path.display()))?;
    migrate(&mut conn, path)?;
    Ok(conn)
}

/// Creates a missing database file, empty, with mode 0600 less the umask,
/// before SQLite opens it: SQLite would make it 0644 less the umask, and it
/// gives the `-wal` and `-shm` files it creates later the database file's
/// own permissions, so these are private too. An existing file is left as
/// it is.
fn create_private(path: &Path) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot create the database {}", path.display())),
    }
}

/// Opens a database that must already exist, as it is: no file or
/// directory is created, the schema is not migrated, and no record is
/// changed (SQLite may still fold its WAL into the file on close, as after
/// any command). For `alumni backup` to record the copy it made.
pub fn open_existing(path: &Path) -> Result<Connection> {
    open_existing_raw(path).and_then(wrap)
}

fn open_existing_raw(path: &Path) -> Result<Sqlite> {
    must_exist(path)?;
    // READ_WRITE without CREATE: SQLite falls back to read-only on a
    // write-protected file, and a WAL database may need its -shm written.
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Sqlite::open_with_flags(path, flags)
        .with_context(|| format!("cannot open the database {}", path.display()))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    probe(conn, path)
}

/// Opens a database that must already exist to read it, whatever its
/// schema version: for `alumni check` and `alumni backup`, which look
/// after the file rather than its records and must work on a copy from
/// any version, and under [`open_reader`]. Nothing is created or written,
/// and no `-wal` or `-shm` file is left beside it (see [`ReadOpen`]).
pub fn open_read_only(path: &Path) -> Result<Connection> {
    must_exist(path)?;
    open_read_only_as(path, ReadOpen::for_file(path)).and_then(wrap)
}

/// Opens the database at `path` for commands that only read records
/// (`list`, `show`, `kpi`, `export` …): it must exist (a read never creates
/// one), it is opened as [`open_read_only`] does, and it must have this
/// program's schema. An older schema is brought up to date when the file
/// can be written (as any command did before), and refused when it cannot.
pub fn open_reader(path: &Path) -> Result<Connection> {
    refuse_missing(path)?;
    must_exist(path)?;
    open_reader_as(path, ReadOpen::for_file(path))
}

fn open_reader_as(path: &Path, how: ReadOpen) -> Result<Connection> {
    let conn = open_read_only_as(path, how)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let version = usize::try_from(version).unwrap_or(usize::MAX);
    let known = schema_version();
    if version > known {
        bail!("{}", newer(&path.display(), version));
    }
    if version == known {
        return wrap(conn);
    }
    if how.writable {
        drop(conn);
        return open(path);
    }
    bail!(
        "{} has schema {version}, older than this program's {known}, and cannot be written here; \
         upgrade it first with a command that can write it (for example `alumni init` run by \
         someone who may write the file and its directory)",
        path.display()
    )
}

/// How a database that is only read is opened, decided from the file
/// before SQLite sees it.
///
/// SQLite leaves a read-only connection's `-wal` and `-shm` behind, and
/// cannot open a WAL database read-only where it may not create the `-shm`
/// (sqlite.org/wal.html, "Read-Only Databases"). So: a file we may write,
/// in a directory we may write, is opened read-write without being switched
/// to WAL (and is not written: the commands that open it this way only
/// read); closing it removes the `-wal` and `-shm` as after any command. Any other file is opened
/// `SQLITE_OPEN_READ_ONLY`; in WAL mode with no `-wal` beside it, the file
/// holds every committed change and nobody can be writing it (a writer
/// keeps a `-wal`), so it is opened `immutable=1`, which needs neither lock
/// nor `-shm`. With a `-wal` (and its `-shm`) present, SQLite reads both.
#[derive(Clone, Copy, Debug)]
struct ReadOpen {
    /// The file and its directory may be written by this user.
    writable: bool,
    /// The file's header says WAL mode, and there is no `-wal` file.
    wal_without_log: bool,
}

impl ReadOpen {
    fn for_file(path: &Path) -> ReadOpen {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        ReadOpen {
            writable: may_write(path) && may_write(dir),
            wal_without_log: in_wal_mode(path) && !companion(path, "-wal").exists(),
        }
    }
}

fn open_read_only_as(path: &Path, how: ReadOpen) -> Result<Sqlite> {
    use rusqlite::OpenFlags;
    let conn = if how.writable {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Sqlite::open_with_flags(path, flags)
    } else if how.wal_without_log {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Sqlite::open_with_flags(format!("{}?immutable=1", file_uri(path)?), flags)
    } else {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        Sqlite::open_with_flags(path, flags)
    }
    .with_context(|| format!("cannot open the database {}", path.display()))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Not `query_only`, which would also forbid the TEMP tables the KPI
    // report reads through and the file `VACUUM INTO` writes: the read
    // commands do not write, and their snapshots are rolled back.
    probe(conn, path)
}

/// A new database in memory, with the current schema: for a dry run where
/// there is no database yet, so that it compares with an empty one and
/// creates nothing.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Sqlite::open_in_memory()?;
    to_latest(&mut conn).context("cannot make the schema in memory")?;
    wrap(conn)
}

/// Opens a database that must exist already, for a command that changes
/// it but must never make a new, empty one (every command but `init` and
/// `import`): as [`open`] does, once the file is found.
pub fn open_to_change(path: &Path) -> Result<Connection> {
    refuse_missing(path)?;
    must_exist(path)?;
    open(path)
}

/// Refuses a database file that is not there, saying how one is made.
fn refuse_missing(path: &Path) -> Result<()> {
    if !path.exists() {
        bail!(tr!("no-database", path = path.display().to_string()));
    }
    Ok(())
}

/// Refuses a path that is missing or not a file, with the message every
/// command that needs an existing database gives.
fn must_exist(path: &Path) -> Result<()> {
    let meta = match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!(tr!("no-database-bare", path = path.display().to_string()))
        }
        other => other.with_context(|| format!("cannot read {}", path.display()))?,
    };
    if !meta.is_file() {
        bail!(tr!(
            "not-a-database-file",
            path = path.display().to_string()
        ));
    }
    Ok(())
}

/// SQLite reads the header lazily: make it say now whether this is a database.
fn probe(conn: Sqlite, path: &Path) -> Result<Sqlite> {
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(conn),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            bail!(tr!(
                "not-an-sqlite-database",
                path = path.display().to_string()
            ))
        }
        Err(e) => Err(e).with_context(|| format!("cannot read the database {}", path.display())),
    }
}

/// Removes the database at `path` with the files SQLite keeps beside it,
/// as far as they can be: for a database a failed first import made.
pub fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(companion(path, suffix));
    }
}

/// `PATH-wal`, `PATH-shm`: the files SQLite keeps beside a database.
fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether the database header says WAL mode: its read and write format
/// versions (bytes 18 and 19) are 2.
fn in_wal_mode(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 20];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok_and(|()| header[18] == 2 && header[19] == 2)
}

/// Whether the database at `path` can be written by this user: the file
/// and its directory (where SQLite keeps its journal).
pub fn writable(path: &Path) -> bool {
    ReadOpen::for_file(path).writable
}

/// `file:PATH` for SQLite's URI parameters, with the characters a URI
/// gives a meaning to escaped.
fn file_uri(path: &Path) -> Result<String> {
    let Some(text) = path.to_str() else {
        bail!(
            "{} is not a UTF-8 path, which SQLite needs to open it read-only",
            path.display()
        );
    };
    let mut uri = String::from("file:");
    for c in text.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    Ok(uri)
}

fn configure(conn: &Sqlite) -> Result<()> {
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

fn migrate(conn: &mut Sqlite, path: &Path) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let version = usize::try_from(version).unwrap_or(usize::MAX);
    let known = schema_version();
    if version > known {
        bail!("{}", newer(&path.display(), version));
    }
    to_latest(conn)
        .with_context(|| format!("cannot bring the schema of {} up to date", path.display()))
}

/// The refusal of a database written by a newer `alumni`.
fn newer(location: &dyn std::fmt::Display, version: usize) -> String {
    format!(
        "{location} was written by a newer version of alumni (schema {version}; this program knows up to {}); \
         upgrade alumni to use it",
        schema_version()
    )
}

/// The id the next row of AUTOINCREMENT table `table` gets, for a write
/// that gives its rows their ids: past the largest stored, and past every
/// id ever given (SQLite's `sqlite_sequence`; on PostgreSQL the
/// transaction's own highest id, else `alumni_sequence`).
pub fn next_id(conn: &Connection, table: &str) -> Result<i64> {
    let sql = conn.pick(
        "SELECT max(coalesce((SELECT max(id) FROM {table}), 0), \
         coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?1), 0)) + 1",
        "SELECT greatest(coalesce((SELECT max(id) FROM {table}), 0), \
         coalesce(nullif(current_setting('alumni.seq.' || ?1, true), '')::bigint, \
         (SELECT seq FROM alumni_sequence WHERE name = ?1), 0)) + 1",
    );
    let sql = sql.replace("{table}", table);
    Ok(conn.query_row(&sql, [table], |r| r.get(0))?)
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
        let secure: i64 = conn
            .query_row("PRAGMA secure_delete", [], |r| r.get(0))
            .unwrap();
        assert_eq!(secure, 1, "deleted content is zeroed");
    }

    #[test]
    fn the_schema_version_is_the_number_of_migrations() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Sqlite::open(dir.path().join("m.db")).unwrap();
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
            let mut conn = Sqlite::open(&path).unwrap();
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
        Sqlite::open(&path)
            .unwrap()
            .execute_batch("PRAGMA user_version = 99")
            .unwrap();
        let err = open(&path).unwrap_err();
        assert!(
            format!("{err:#}").contains("newer version of alumni"),
            "{err:#}"
        );
    }

    fn companions_left(path: &Path) -> Vec<String> {
        ["-wal", "-shm", "-journal"]
            .into_iter()
            .filter(|suffix| companion(path, suffix).exists())
            .map(String::from)
            .collect()
    }

    fn cannot_write() -> ReadOpen {
        ReadOpen {
            writable: false,
            wal_without_log: true,
        }
    }

    #[test]
    fn a_wal_database_that_cannot_be_written_is_read_immutable_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        drop(open(&path).unwrap());
        assert!(in_wal_mode(&path));
        assert!(companions_left(&path).is_empty());
        let before = std::fs::read(&path).unwrap();
        let how = ReadOpen::for_file(&path);
        assert!(how.wal_without_log, "{how:?}");
        let conn = open_reader_as(&path, cannot_write()).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM stages", [], |r| r.get(0))
            .unwrap();
        assert!(n > 0);
        assert!(conn.execute("DELETE FROM stages", []).is_err());
        drop(conn);
        assert!(
            companions_left(&path).is_empty(),
            "{:?}",
            companions_left(&path)
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn a_read_leaves_the_journal_mode_and_no_companion_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        {
            let mut conn = Sqlite::open(&path).unwrap();
            MIGRATIONS.to_latest(&mut conn).unwrap();
        }
        assert!(!in_wal_mode(&path));
        for how in [ReadOpen::for_file(&path), cannot_write()] {
            let conn = open_reader_as(&path, how).unwrap();
            let mode: String = conn
                .query_row("PRAGMA journal_mode", [], |r| r.get(0))
                .unwrap();
            assert_eq!(mode, "delete", "{how:?}");
            if !how.writable {
                let err = conn
                    .execute("INSERT INTO settings (key, value) VALUES ('k', 'v')", [])
                    .unwrap_err();
                assert!(err.to_string().contains("readonly"), "{err}");
            }
            drop(conn);
            assert!(companions_left(&path).is_empty(), "{how:?}");
        }
        // A WAL database that can be written is read without leaving its
        // -wal and -shm behind.
        let wal = dir.path().join("w.db");
        drop(open(&wal).unwrap());
        drop(open_reader(&wal).unwrap());
        assert!(companions_left(&wal).is_empty());
    }

    #[test]
    fn an_older_schema_is_upgraded_where_it_can_be_written_and_refused_where_not() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v4.db");
        {
            let mut conn = Sqlite::open(&path).unwrap();
            Migrations::new(MIGRATION_FILES[..4].iter().map(|sql| M::up(sql)).collect())
                .to_latest(&mut conn)
                .unwrap();
        }
        let err = open_reader_as(
            &path,
            ReadOpen {
                writable: false,
                wal_without_log: false,
            },
        )
        .unwrap_err();
        let message = format!("{err:#}");
        assert!(
            message.contains(&format!(
                "has schema 4, older than this program's {}",
                schema_version()
            )) && message.contains("cannot be written"),
            "{message}"
        );
        let conn = open_reader_as(&path, ReadOpen::for_file(&path)).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version as usize, schema_version());
    }

    #[test]
    fn version_6_keeps_every_row_of_a_version_5_file_and_never_reuses_an_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v5.db");
        {
            let mut conn = Sqlite::open(&path).unwrap();
            Migrations::new(MIGRATION_FILES[..5].iter().map(|sql| M::up(sql)).collect())
                .to_latest(&mut conn)
                .unwrap();
            conn.execute_batch(
                "INSERT INTO alumni (id, name, created_at, updated_at) VALUES
                     (1, 'a', 'x', 'x'), (2, 'b', 'x', 'x'), (3, 'c', 'x', 'x');
                 INSERT INTO contacts (id, alumnus_id, date, channel, created_at) VALUES
                     (1, 1, '2024-01-01', 'email', 'x'), (2, 3, '2024-01-02', 'phone', 'x');
                 INSERT INTO applications (id, kind, alumnus_id, opened_on, created_at, updated_at)
                     VALUES (1, 'rehire', 3, '2024-01-01', 'x', 'x');
                 INSERT INTO stage_events (id, application_id, stage, entered_on, created_at)
                     VALUES (1, 1, 'contacted', '2024-01-01', 'x'), (2, 1, 'applied', '2024-02-01', 'x');
                 INSERT INTO events (id, name, date, kind, created_at) VALUES (1, 'e', '2024-01-01', 'other', 'x');
                 INSERT INTO attendance (event_id, alumnus_id, status, updated_at) VALUES (1, 3, 'attended', 'x');
                 INSERT INTO partners (alumnus_id, kind, created_at, updated_at) VALUES (3, 'client', 'x', 'x');
                 INSERT INTO consent_changes (alumnus_id, consent, source, recorded_at) VALUES (3, 'opted_in', 'manual', 'x');",
            )
            .unwrap();
        }
        let conn = open(&path).unwrap();
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        for (table, n) in [
            ("alumni", 3),
            ("contacts", 2),
            ("applications", 1),
            ("stage_events", 2),
            ("attendance", 1),
            ("partners", 1),
            ("consent_changes", 1),
        ] {
            assert_eq!(
                count(&format!("SELECT count(*) FROM {table}")),
                n,
                "{table}"
            );
        }
        assert_eq!(count("SELECT count(*) FROM pragma_foreign_key_check"), 0);
        assert_eq!(count("SELECT foreign_keys FROM pragma_foreign_keys"), 1);
        // The top ids deleted are not given again.
        conn.execute_batch(
            "DELETE FROM stage_events WHERE id = 2; DELETE FROM applications WHERE id = 1;
             DELETE FROM alumni WHERE id = 3;",
        )
        .unwrap();
        assert_eq!(
            count("SELECT count(*) FROM contacts"),
            1,
            "the cascade works again"
        );
        conn.execute(
            "INSERT INTO alumni (name, created_at, updated_at) VALUES ('d', 'x', 'x')",
            [],
        )
        .unwrap();
        assert_eq!(conn.last_insert_rowid(), 4);
        conn.execute(
            "INSERT INTO contacts (alumnus_id, date, channel, created_at) VALUES (1, '2024-03-01', 'email', 'x')",
            [],
        )
        .unwrap();
        assert_eq!(conn.last_insert_rowid(), 3);
        conn.execute_batch(
            "INSERT INTO applications (kind, alumnus_id, opened_on, created_at, updated_at)
                 VALUES ('rehire', 1, '2024-03-01', 'x', 'x');
             INSERT INTO stage_events (application_id, stage, entered_on, created_at)
                 VALUES (last_insert_rowid(), 'contacted', '2024-03-01', 'x');",
        )
        .unwrap();
        assert_eq!(
            conn.last_insert_rowid(),
            3,
            "a stage entry's id is never given again"
        );
    }

    #[test]
    fn a_missing_database_is_not_created_by_a_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.db");
        for err in [
            open_reader(&path).unwrap_err(),
            open_read_only(&path).unwrap_err(),
        ] {
            let said = err.to_string();
            assert!(
                said.starts_with(&format!("no database at {}", path.display())),
                "{said}"
            );
        }
        assert!(!path.exists());
    }

    #[test]
    fn a_uri_escapes_what_would_end_the_path() {
        assert_eq!(
            file_uri(Path::new("/a b/50%?#x.db")).unwrap(),
            "file:/a b/50%25%3f%23x.db"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_new_database_is_for_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        drop(open(&path).unwrap());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
}
