//! `alumni init`, where the database lives, what a new one holds, how a
//! database from a newer `alumni` is refused, and the `--help` of every
//! command.

use std::path::Path;

use assert_cmd::Command;
use rusqlite::Connection;

use crate::common::{Env, fixture, on_postgres, stderr, stderr_of, stdout_of};

/// `alumni` with no `--db`, no `$ALUMNI_DB`, and a home directory of its
/// own (`home`), so that the default location is inside the test's
/// directory.
fn alumni_at_home(home: &Path) -> Command {
    let mut cmd = Command::cargo_bin("alumni").expect("the alumni binary");
    cmd.env_remove("ALUMNI_DB")
        .env_remove("XDG_DATA_HOME")
        .env("HOME", home)
        .env("ALUMNI_USER", "tester")
        .env("NO_COLOR", "1")
        .current_dir(home);
    cmd
}

/// Whether `path` is an SQLite database file.
fn is_sqlite(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|bytes| bytes.starts_with(b"SQLite format 3\0"))
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// The schema version of the test's database, on either backend: SQLite
/// keeps it in `PRAGMA user_version`, PostgreSQL in `alumni_schema`.
fn schema_version_of(env: &Env) -> i64 {
    let conn = env.conn();
    conn.query_row(
        conn.pick("PRAGMA user_version", "SELECT version FROM alumni_schema"),
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// The tables of the test's database, on either backend.
fn tables_of(env: &Env) -> Vec<String> {
    let conn = env.conn();
    conn.prepare(conn.pick(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        "SELECT table_name FROM information_schema.tables
         WHERE table_schema = current_schema() ORDER BY 1",
    ))
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn tables(conn: &Connection) -> Vec<String> {
    conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

// ---------------------------------------------------------------- where

#[test]
fn init_creates_the_database_at_the_db_path_on_sqlite() {
    let env = Env::new();
    assert!(!env.db.exists());
    env.alumni(&["init"]).assert().success();
    assert!(is_sqlite(&env.db), "{} is not a database", env.db.display());
}

#[test]
fn init_creates_a_directory_that_does_not_exist_yet_on_sqlite() {
    let env = Env::new();
    let db = env.path("hr").join("2024").join("alumni.db");
    alumni_at_home(env.dir.path())
        .arg("--db")
        .arg(&db)
        .arg("init")
        .assert()
        .success();
    assert!(is_sqlite(&db), "{} is not a database", db.display());
}

#[test]
fn init_on_an_existing_database_keeps_its_data() {
    let env = Env::new();
    env.import(&["roster.xlsx"]);
    let before = env.snapshot();
    env.alumni(&["init"]).assert().success();
    assert_eq!(env.count("alumni"), 10);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn only_init_and_import_create_a_database_and_a_mistyped_db_creates_nothing() {
    let env = Env::new();
    for args in [
        &["list", "--format", "json"][..],
        &["add", "--name", "山田 太郎"],
        &["config", "set", "fiscal-year-start", "4"],
        &["target", "set", "2026-04", "1", "--stage", "rejoined"],
        &[
            "event",
            "add",
            "同窓会",
            "--date",
            "2026-08-01",
            "--kind",
            "reunion",
        ],
        &["export", "mailing-list", "--format", "csv"],
        &["import", "--mappings"],
    ] {
        let output = env.alumni(args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr_of(&output)
        );
        assert!(
            stderr_of(&output).contains("no database at"),
            "{args:?}: {}",
            stderr_of(&output)
        );
        assert_eq!(stdout_of(&output), "", "{args:?} wrote data");
        assert!(!env.db_exists(), "{args:?} created the database");
    }
    // A dry run compares with an empty database and makes none.
    let output = env
        .alumni(&[
            "import",
            fixture("roster_utf8_bom.csv").to_str().unwrap(),
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("no database at"),
        "{}",
        stderr_of(&output)
    );
    assert!(!env.db_exists(), "a dry run created the database");
    // A first import that fails leaves no database behind.
    let output = env
        .alumni(&["import", fixture("bad_date.csv").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65));
    assert!(!env.db_exists(), "a failed first import left a database");
    // The first import that works makes it, and says so.
    let output = env
        .alumni(&["import", fixture("roster_utf8_bom.csv").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("created"),
        "{}",
        stderr_of(&output)
    );
    assert!(env.db_exists());
    if !on_postgres() {
        assert!(is_sqlite(&env.db));
    }
    let output = env
        .alumni(&["add", "--name", "山田 花子"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
}

#[test]
fn a_failed_first_import_into_a_schema_of_other_tables_drops_only_its_own_on_postgres() {
    if !on_postgres() {
        return;
    }
    // A schema the operator made, holding another program's table and
    // function: a database's default schema, say.
    let env = Env::new();
    let schema = env
        .url
        .as_deref()
        .unwrap()
        .rsplit("schema=")
        .next()
        .unwrap();
    let conn = env.conn();
    conn.execute_batch(&format!(
        "CREATE SCHEMA \"{schema}\";
         CREATE TABLE payroll (id BIGINT PRIMARY KEY, amount BIGINT);
         INSERT INTO payroll VALUES (1, 300000);
         CREATE FUNCTION payroll_total() RETURNS BIGINT LANGUAGE SQL
             AS 'SELECT sum(amount) FROM payroll'"
    ))
    .unwrap();
    let held = |conn: &alumni::db::Connection| -> (Vec<String>, i64) {
        let mut stmt = conn
            .prepare(
                "SELECT CAST(relname AS TEXT) FROM pg_class
                 WHERE relnamespace = CAST(current_schema() AS regnamespace)
                   AND relkind IN ('r', 'S', 'v') ORDER BY relname",
            )
            .unwrap();
        let relations = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<Vec<String>, _>>()
            .unwrap();
        let functions: i64 = conn
            .query_row(
                "SELECT count(*) FROM pg_proc
                 WHERE pronamespace = CAST(current_schema() AS regnamespace)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (relations, functions)
    };
    let output = env
        .alumni(&["import", fixture("bad_date.csv").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(65), "{}", stderr_of(&output));
    assert!(
        !env.db_exists(),
        "a failed first import left alumni's tables"
    );
    let conn = env.conn();
    assert_eq!(held(&conn), (vec!["payroll".to_string()], 1));
    let total: i64 = conn
        .query_row("SELECT payroll_total()", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, 300000, "the other program's rows and function");
    // The import that works makes alumni's tables beside them.
    let output = env
        .alumni(&["import", fixture("roster_utf8_bom.csv").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(env.db_exists());
    assert!(held(&env.conn()).0.len() > 30, "{:?}", held(&env.conn()));
}

#[test]
fn alumni_db_names_the_database_when_db_is_absent() {
    let env = Env::new();
    let db = env.path("from-env.db");
    alumni_at_home(env.dir.path())
        .env("ALUMNI_DB", &db)
        .arg("init")
        .assert()
        .success();
    assert!(is_sqlite(&db));
    alumni_at_home(env.dir.path())
        .env("ALUMNI_DB", &db)
        .args(["add", "--name", "山田 太郎"])
        .assert()
        .success();
    let n: i64 = Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM alumni", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    assert!(
        !env.path(".local/share/alumni/alumni.db").exists(),
        "the default database was used as well"
    );
}

#[test]
fn db_flag_wins_over_alumni_db() {
    let env = Env::new();
    let from_env = env.path("from-env.db");
    let from_flag = env.path("from-flag.db");
    alumni_at_home(env.dir.path())
        .env("ALUMNI_DB", &from_env)
        .arg("--db")
        .arg(&from_flag)
        .arg("init")
        .assert()
        .success();
    assert!(is_sqlite(&from_flag));
    assert!(!from_env.exists());
}

#[test]
fn without_db_or_alumni_db_the_database_is_in_the_user_data_directory() {
    let env = Env::new();
    alumni_at_home(env.dir.path())
        .arg("init")
        .assert()
        .success();
    let default = env.path(".local/share/alumni/alumni.db");
    assert!(is_sqlite(&default), "no database at {}", default.display());
}

// ---------------------------------------------------------------- what

#[test]
fn a_new_database_is_in_wal_mode_on_sqlite() {
    let env = Env::new();
    env.alumni(&["init"]).assert().success();
    let mode: String = env.query("PRAGMA journal_mode");
    assert_eq!(mode.to_lowercase(), "wal");
}

#[test]
fn a_new_database_has_every_table_of_the_data_model() {
    let env = Env::new();
    env.alumni(&["init"]).assert().success();
    let tables = tables_of(&env);
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
    ] {
        assert!(
            tables.iter().any(|t| t == table),
            "no table {table} in {tables:?}"
        );
    }
}

#[test]
fn a_new_database_has_the_eight_default_stages_in_order() {
    let env = Env::new();
    env.alumni(&["init"]).assert().success();
    let stages: Vec<(String, String)> = env
        .conn()
        .prepare("SELECT key, label_ja FROM stages ORDER BY position")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected = [
        ("contacted", "接触"),
        ("interested", "意向あり"),
        ("applied", "応募"),
        ("screening", "書類選考"),
        ("interview", "面接"),
        ("offer", "内定"),
        ("accepted", "内定承諾"),
        ("rejoined", "入社"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, l)| (k.to_string(), l.to_string()))
        .collect();
    assert_eq!(stages, expected);
}

#[test]
fn a_new_database_has_the_version_of_the_last_migration() {
    let env = Env::new();
    env.alumni(&["init"]).assert().success();
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/db/migrations"))
        .unwrap()
        .count();
    assert!(migrations >= 2);
    assert_eq!(schema_version_of(&env) as usize, migrations);
}

#[test]
fn a_database_of_a_newer_version_is_refused_and_left_alone() {
    let env = Env::new();
    env.alumni(&["init"]).assert().success();
    let conn = env.conn();
    conn.execute_batch(conn.pick(
        "PRAGMA user_version = 99",
        "UPDATE alumni_schema SET version = 99",
    ))
    .unwrap();
    drop(conn);
    for args in [
        &["list"][..],
        &["init"],
        &["add", "--name", "山田 太郎"],
        &["import", "roster.xlsx"],
    ] {
        let mut args = args.to_vec();
        let roster = crate::common::fixture("roster.xlsx");
        let roster = roster.to_str().unwrap();
        if args[0] == "import" {
            args[1] = roster;
        }
        let output = env.alumni(&args).output().unwrap();
        let stderr = stderr_of(&output);
        assert!(!output.status.success(), "alumni {args:?} accepted it");
        assert!(
            stderr.contains("newer version"),
            "alumni {args:?}: {stderr}"
        );
        assert_eq!(schema_version_of(&env), 99, "after alumni {args:?}");
    }
    assert_eq!(env.count("alumni"), 0);
    assert_eq!(env.count("imports"), 0);
    assert_eq!(env.count("audit"), 0);
}

#[test]
fn a_newer_database_gets_no_tables_of_this_version_on_sqlite() {
    let env = Env::new();
    Connection::open(&env.db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let output = env.alumni(&["init"]).output().unwrap();
    assert!(!output.status.success());
    assert!(
        stderr_of(&output).contains("newer version"),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(user_version(&env.db), 99);
    assert_eq!(tables(&env.sqlite()), Vec::<String>::new());
}

// ---------------------------------------------------------------- locking

/// Runs `alumni ARGS…` while another connection holds a write transaction
/// (an alumnus inserted, not yet committed), which it commits a second
/// later. The command is started after the other took the write lock, so
/// it must wait for it; returns what the command did.
fn beside_a_writer(env: &Env, args: &[&str]) -> std::process::Output {
    let writer = env.conn();
    writer.begin_write().unwrap();
    writer
        .execute(
            "INSERT INTO alumni (employee_id, name, created_at, updated_at)
             VALUES ('90001', '別窓 一郎', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
    let holder = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(1));
        writer.commit().unwrap();
    });
    let output = env.alumni(args).output().unwrap();
    holder.join().unwrap();
    let other: i64 = env.query("SELECT count(*) FROM alumni WHERE employee_id = '90001'");
    assert_eq!(other, 1, "the other connection's row");
    output
}

fn assert_waited(args: &[&str], output: &std::process::Output) {
    assert!(
        output.status.success(),
        "alumni {args:?} did not wait for the lock: {}",
        stderr_of(output)
    );
    assert!(
        !stderr_of(output).contains("locked"),
        "{}",
        stderr_of(output)
    );
}

#[test]
fn add_waits_for_another_writer_instead_of_failing() {
    let env = crate::common::roster();
    let args = ["add", "--name", "待機 花子", "--employee-id", "X0001"];
    let output = beside_a_writer(&env, &args);
    assert_waited(&args, &output);
    let added: i64 = env.query("SELECT count(*) FROM alumni WHERE employee_id = 'X0001'");
    assert_eq!(added, 1);
    let audited: i64 = env.query("SELECT count(*) FROM audit WHERE command = 'add'");
    assert_eq!(audited, 1);
}

#[test]
fn edit_waits_for_another_writer_instead_of_failing() {
    let env = crate::common::roster();
    let args = ["edit", "00123", "--department", "待機部"];
    let output = beside_a_writer(&env, &args);
    assert_waited(&args, &output);
    let department: String = env.query("SELECT department FROM alumni WHERE employee_id = '00123'");
    assert_eq!(department, "待機部");
    let audited: i64 = env.query("SELECT count(*) FROM audit WHERE command = 'edit'");
    assert_eq!(audited, 1);
}

#[test]
fn merge_waits_for_another_writer_instead_of_failing() {
    let env = crate::common::roster();
    let other: i64 = env.query("SELECT id FROM alumni WHERE employee_id = '00124'");
    let args = ["merge", "00123", "00124", "--yes", "--force"];
    let output = beside_a_writer(&env, &args);
    assert_waited(&args, &output);
    let left: i64 = env.query(&format!("SELECT count(*) FROM alumni WHERE id = {other}"));
    assert_eq!(left, 0, "the merged record is gone");
    let audited: i64 = env.query("SELECT count(*) FROM audit WHERE command = 'merge'");
    assert_eq!(audited, 1);
}

#[test]
fn an_id_an_import_gave_is_never_given_again_after_its_record_is_gone() {
    let env = crate::common::roster();
    let top: i64 = env.query("SELECT max(id) FROM alumni");
    let employee_id: String =
        env.query(&format!("SELECT employee_id FROM alumni WHERE id = {top}"));
    // The record with the highest id is merged away, in a command of its own.
    stderr(&env, &["merge", "00123", &employee_id, "--yes", "--force"]);
    let gone: i64 = env.query(&format!("SELECT count(*) FROM alumni WHERE id = {top}"));
    assert_eq!(gone, 0);
    std::fs::write(
        env.path("new.csv"),
        "社員番号,氏名,メールアドレス\nN001,新井 一郎,arai@example.jp\nN002,新井 二郎,arai2@example.jp\n",
    )
    .unwrap();
    stderr(&env, &["import", "new.csv"]);
    let ids: String = env.query(
        "SELECT string_agg(CAST(id AS TEXT), ',' ORDER BY id) FROM alumni WHERE employee_id LIKE 'N%'",
    );
    assert_eq!(
        ids,
        format!("{},{}", top + 1, top + 2),
        "past every id given"
    );
    // A record added by hand (its id given by the database) comes next,
    // and an import after it goes on past both.
    stderr(
        &env,
        &["add", "--employee-id", "N003", "--name", "新井 三郎"],
    );
    std::fs::write(env.path("one.csv"), "社員番号,氏名\nN004,新井 四郎\n").unwrap();
    stderr(&env, &["import", "one.csv"]);
    let ids: String = env.query(
        "SELECT string_agg(CAST(id AS TEXT), ',' ORDER BY id) FROM alumni WHERE employee_id IN ('N003', 'N004')",
    );
    assert_eq!(ids, format!("{},{}", top + 3, top + 4));
}

#[test]
fn a_new_record_may_not_take_a_further_email_of_someone() {
    let env = crate::common::roster();
    let email: String = env.query("SELECT email FROM alumni WHERE employee_id = '00124'");
    stderr(&env, &["merge", "00123", "00124", "--yes", "--force"]);
    let conn = env.conn();
    let now = "2026-12-01T00:00:00Z";
    let refused = conn
        .execute(
            "INSERT INTO alumni (name, email, created_at, updated_at) VALUES ('x', ?1, ?2, ?2)",
            [email.as_str(), now],
        )
        .unwrap_err();
    assert!(refused.is_constraint(), "{refused}");
    assert!(
        refused
            .to_string()
            .contains("the email already belongs to an alumnus"),
        "{refused}"
    );
    // Another address is taken, in a statement of several rows.
    let added = conn
        .execute(
            "INSERT INTO alumni (name, email, created_at, updated_at) \
             VALUES ('y', 'y@example.jp', ?1, ?1), ('z', 'z@example.jp', ?1, ?1)",
            [now],
        )
        .unwrap();
    assert_eq!(added, 2);
}

#[test]
fn the_two_parts_of_a_read_see_one_snapshot_and_on_postgres_run_on_two_connections() {
    use alumni::db::{Db, Location};
    let env = crate::common::roster();
    let location = Location::parse(&env.db_arg()).unwrap();
    let mut db = Db::open_location_reader(&location).unwrap();
    let writer = env.conn();
    let backend = |tx: &alumni::db::Tx<'_>| -> anyhow::Result<(i64, i64)> {
        let alumni: i64 = tx.query_row("SELECT count(*) FROM alumni", [], |r| r.get(0))?;
        let pid: i64 = match tx.backend() {
            alumni::db::Backend::Postgres => {
                tx.query_row("SELECT pg_backend_pid()", [], |r| r.get(0))?
            }
            alumni::db::Backend::Sqlite => 0,
        };
        Ok((alumni, pid))
    };
    let (before, side, main) = db
        .read(|tx| {
            let (before, _) = backend(tx)?;
            // Committed after the read began: neither part sees it.
            writer.execute(
                "INSERT INTO alumni (employee_id, name, created_at, updated_at)
                 VALUES ('90002', '後発 次郎', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                [],
            )?;
            let (side, main) = tx.alongside(backend, backend)?;
            Ok((before, side, main))
        })
        .unwrap();
    assert_eq!(env.count("alumni"), before + 1, "the other's row is there");
    assert_eq!((side.0, main.0), (before, before), "the read's snapshot");
    if on_postgres() {
        assert_ne!(side.1, main.1, "the side part ran on a second connection");
    }
    // A failing part fails the read, whichever it is.
    let failed = db.read(|tx| {
        tx.alongside(
            |_| -> anyhow::Result<()> { anyhow::bail!("side refused") },
            |_| Ok(()),
        )
    });
    assert_eq!(failed.unwrap_err().to_string(), "side refused");
}

// ---------------------------------------------------------------- help

/// Insists that `help` ends with an "Example:" or "Examples:" section
/// holding at least one `alumni …` command line.
fn assert_ends_with_examples(what: &str, help: &str) {
    let lines: Vec<&str> = help.lines().collect();
    let heading = lines
        .iter()
        .rposition(|l| matches!(l.trim_end(), "Example:" | "Examples:"))
        .unwrap_or_else(|| panic!("{what}: no Example section:\n{help}"));
    let options = lines
        .iter()
        .position(|l| l.starts_with("Options:"))
        .unwrap_or_else(|| panic!("{what}: no Options section:\n{help}"));
    assert!(
        heading > options,
        "{what}: the examples come before the options:\n{help}"
    );
    let rest = &lines[heading + 1..];
    assert!(
        rest.iter().any(|l| l.trim_start().starts_with("alumni ")),
        "{what}: an Example section without an example:\n{help}"
    );
    assert!(
        !rest
            .iter()
            .any(|l| !l.starts_with(' ') && l.trim_end().ends_with(':')),
        "{what}: another section follows the examples:\n{help}"
    );
}

/// The subcommands `alumni --help` lists, without `help`.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(String::from)
        .collect()
}

#[test]
fn help_exits_0_and_ends_with_examples() {
    let env = Env::new();
    let output = env.alumni(&["--help"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_ends_with_examples("alumni --help", &stdout_of(&output));
}

#[test]
fn every_subcommand_help_exits_0_and_ends_with_examples() {
    let env = Env::new();
    let help = stdout_of(&env.alumni(&["--help"]).output().unwrap());
    let commands = subcommands(&help);
    for expected in ["init", "import", "list", "search", "show", "add", "edit"] {
        assert!(
            commands.iter().any(|c| c == expected),
            "{expected} is not in {commands:?}"
        );
    }
    for command in &commands {
        let output = env.alumni(&[command, "--help"]).output().unwrap();
        assert!(
            output.status.success(),
            "alumni {command} --help: {}",
            stderr_of(&output)
        );
        assert_ends_with_examples(&format!("alumni {command} --help"), &stdout_of(&output));
    }
    assert!(!env.db.exists(), "--help created the database");
}

#[test]
fn init_makes_the_database_on_the_backend_under_test() {
    let env = Env::new();
    assert!(!env.db_exists());
    let said = stderr(&env, &["init"]);
    assert!(said.contains("database created (schema"), "{said}");
    assert!(env.db_exists());
    if on_postgres() {
        assert!(said.starts_with("postgres://"), "{said}");
        assert!(
            !env.db.exists(),
            "no file is made for a PostgreSQL database"
        );
    } else {
        assert!(env.db.exists());
    }
    let said = stderr(&env, &["init"]);
    assert!(said.contains("database is ready"), "{said}");
}
