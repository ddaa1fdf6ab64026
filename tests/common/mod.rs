//! A per-test work directory with its own database, and ways to run the
//! binary against it and look inside the database afterwards.

pub mod pty;

use std::path::{Path, PathBuf};

use alumni::db::Connection;
use alumni::db::sql::{FromSql, ValueRef};
use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
    /// The SQLite file of this test; on PostgreSQL, a path nothing is at.
    pub db: PathBuf,
    /// On PostgreSQL (`$ALUMNI_TEST_DB`), this test's database: the
    /// server's URL with a schema of its own.
    pub url: Option<String>,
}

/// The PostgreSQL server the tests run on, if any: `$ALUMNI_TEST_DB`.
pub fn postgres_server() -> Option<String> {
    std::env::var("ALUMNI_TEST_DB")
        .ok()
        .filter(|u| !u.is_empty())
}

/// Whether the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    postgres_server().is_some()
}

fn fresh_schema() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("t_{}_{n}_{nanos}", std::process::id())
}

fn with_schema(server: &str, schema: &str) -> String {
    let sep = if server.contains('?') { '&' } else { '?' };
    format!("{server}{sep}schema={schema}")
}

/// A connection to the server itself, outside any test's schema.
fn server_conn(server: &str) -> Connection {
    open_url(server)
}

fn open_url(url: &str) -> Connection {
    match alumni::db::Location::parse(std::ffi::OsStr::new(url)).unwrap() {
        alumni::db::Location::Postgres(options) => {
            Connection::connect_postgres(&options).expect("the test server answers")
        }
        alumni::db::Location::File(_) => panic!("{url} is not a PostgreSQL URL"),
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let (Some(server), Some(url)) = (postgres_server(), &self.url) {
            let schema = url.rsplit("schema=").next().unwrap();
            let _ = server_conn(&server)
                .execute_batch(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"));
        }
    }
}

impl Env {
    /// A work directory with no database in it yet.
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = dir.path().join("alumni.db");
        let url = postgres_server().map(|server| with_schema(&server, &fresh_schema()));
        Env { dir, db, url }
    }

    /// What `--db` names: the URL on PostgreSQL, else the file.
    pub fn db_arg(&self) -> std::ffi::OsString {
        match &self.url {
            Some(url) => url.into(),
            None => self.db.clone().into_os_string(),
        }
    }

    /// Whether this test's database has been made.
    pub fn db_exists(&self) -> bool {
        match &self.url {
            Some(url) => {
                let schema = url.rsplit("schema=").next().unwrap();
                let n: i64 = server_conn(&postgres_server().unwrap())
                    .query_row(
                        "SELECT count(*) FROM information_schema.tables \
                         WHERE table_schema = ?1 AND table_name = 'alumni_schema'",
                        [schema],
                        |r| r.get(0),
                    )
                    .unwrap();
                n > 0
            }
            None => self.db.exists(),
        }
    }

    /// A work directory with a new, empty database, made as a user makes
    /// one: `alumni init` (only `init` and `import` create a database).
    pub fn empty() -> Env {
        let env = Env::new();
        env.alumni(&["init"]).assert().success();
        env
    }

    /// `alumni --db <this test's database> ARGS…`, with no terminal, no
    /// database named by the environment, and no locale: what it says is
    /// in English unless a test asks for another language.
    pub fn alumni(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("alumni").expect("the alumni binary");
        cmd.env_remove("ALUMNI_DB")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .env("ALUMNI_USER", "tester")
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path())
            .arg("--db")
            .arg(self.db_arg())
            .args(args);
        cmd
    }

    /// Imports fixtures and insists that it worked.
    pub fn import(&self, fixtures: &[&str]) -> String {
        let mut args = vec!["import".to_string()];
        args.extend(fixtures.iter().map(|f| fixture(f).display().to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = self.alumni(&refs).assert().success();
        String::from_utf8_lossy(&out.get_output().stderr).into_owned()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A connection to this test's database, on either backend.
    pub fn conn(&self) -> Connection {
        match &self.url {
            Some(url) => open_url(url),
            None => Connection::from_sqlite(
                rusqlite::Connection::open(&self.db).expect("the test database opens"),
            ),
        }
    }

    /// The SQLite file itself, for tests of what only SQLite has.
    pub fn sqlite(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).expect("the test database opens")
    }

    /// One value from the database.
    pub fn query<T: FromSql>(&self, sql: &str) -> T {
        self.conn()
            .query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    pub fn count(&self, table: &str) -> i64 {
        self.query(&format!("SELECT count(*) FROM {table}"))
    }

    /// Every row of the alumni table as (column → value), in id order.
    pub fn alumni_rows(&self) -> Vec<serde_json::Map<String, Value>> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT * FROM alumni ORDER BY id").unwrap();
        let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        stmt.query_map([], |row| {
            let mut map = serde_json::Map::new();
            for (i, name) in names.iter().enumerate() {
                let value = match row.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) => Value::from(n),
                    ValueRef::Real(f) => Value::from(f),
                    ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(_) => Value::from("<blob>"),
                };
                map.insert(name.clone(), value);
            }
            Ok(map)
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    }

    /// A snapshot of every row of every table, to show that a refused
    /// command changed nothing. No database counts as a new, empty one
    /// (the schema's default stages and all), so that a refused command
    /// that created the file still compares equal.
    pub fn snapshot(&self) -> String {
        if !self.db_exists() {
            let fresh = Env::new();
            fresh.alumni(&["init"]).assert().success();
            return fresh.snapshot();
        }
        snapshot_of(&self.conn())
    }
}

fn snapshot_of(conn: &Connection) -> String {
    let tables: Vec<String> = conn
        .prepare(conn.pick(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() \
             AND table_name NOT IN ('alumni_schema', 'alumni_sequence') ORDER BY 1",
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |row| {
                let cells: Vec<String> = (0..n)
                    .map(|i| row.get_ref(i).map(|v| format!("{v:?}")))
                    .collect::<Result<_, _>>()?;
                Ok(cells.join("|"))
            })
            .unwrap();
        for row in rows {
            out.push_str(&format!("{table}: {}\n", row.unwrap()));
        }
    }
    out
}

/// The path of a file in `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The bundled example: its rosters and a year of history, made with the
/// real commands by examples/history.sh.
pub fn example() -> Env {
    let env = Env::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = root.join("examples/data");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv" || e == "xlsx"))
        .collect();
    files.sort();
    let mut args = vec!["import".to_string()];
    args.extend(files.iter().map(|p| p.display().to_string()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    env.alumni(&refs).assert().success();
    let status = std::process::Command::new("bash")
        .arg(root.join("examples/history.sh"))
        .arg(assert_cmd::cargo::cargo_bin("alumni"))
        .arg(env.db_arg())
        .env("ALUMNI_USER", "tester")
        .stdin(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "examples/history.sh failed");
    env
}

/// The ten people every good roster fixture holds, as fixtures/README.md
/// gives them after normalization.
pub fn expected_roster() -> Vec<serde_json::Map<String, Value>> {
    let text = std::fs::read_to_string(fixture("expected_roster.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A database holding the ten canonical people of `roster.xlsx`.
pub fn roster() -> Env {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    env
}

/// Runs `alumni ARGS…`, insists that it succeeded, and returns its stdout.
pub fn stdout(env: &Env, args: &[&str]) -> String {
    stdout_of(&succeeded(env, args))
}

/// Runs `alumni ARGS…`, insists that it succeeded, and returns its stderr.
pub fn stderr(env: &Env, args: &[&str]) -> String {
    stderr_of(&succeeded(env, args))
}

fn succeeded(env: &Env, args: &[&str]) -> std::process::Output {
    let output = env.alumni(args).output().unwrap();
    assert!(
        output.status.success(),
        "alumni {args:?} failed ({:?}): {}",
        output.status.code(),
        stderr_of(&output)
    );
    output
}

/// [`refused`], and the database is as it was, every table of it.
pub fn refused_unchanged(env: &Env, args: &[&str], code: i32) -> String {
    let before = env.snapshot();
    let stderr = refused(env, args, code);
    assert_eq!(
        env.snapshot(),
        before,
        "alumni {args:?} changed the database"
    );
    stderr
}

/// Runs `alumni ARGS…`, insists on the exit status and on an empty stdout
/// (a refused command writes no data), and returns its stderr.
pub fn refused(env: &Env, args: &[&str], code: i32) -> String {
    let output = env.alumni(args).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(code),
        "alumni {args:?}: stdout {:?}, stderr {:?}",
        stdout_of(&output),
        stderr_of(&output)
    );
    assert_eq!(stdout_of(&output), "", "alumni {args:?} wrote data");
    stderr_of(&output)
}

/// The `detail` of every audit row written by `command`, oldest first.
pub fn audit_details(env: &Env, command: &str) -> Vec<String> {
    let conn = env.conn();
    let mut stmt = conn
        .prepare("SELECT detail FROM audit WHERE command = ? ORDER BY id")
        .unwrap();
    stmt.query_map([command], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// CSV text as one map (header → cell) per record.
pub fn parse_csv(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}
