//! `alumni db copy`: a database copied either way between SQLite and
//! PostgreSQL reads the same, every record and id of it.

use std::ffi::OsStr;

use super::{CONTACT, ok_at};
use crate::common::{self, Env, on_postgres, refused_unchanged};

/// What the exports of a database print, one after another.
fn exports(env: &Env, db: &OsStr) -> String {
    let mut out = String::new();
    for what in ["roster", "contacts", "pipeline", "events"] {
        let (stdout, _) = ok_at(env.dir.path(), db, &["export", what, "--format", "json"]);
        out.push_str(&format!("== {what}\n{stdout}"));
    }
    out
}

fn copy(env: &Env, from: &OsStr, to: &OsStr) -> String {
    let from = from.to_str().unwrap();
    let to = to.to_str().unwrap();
    ok_at(
        env.dir.path(),
        env.db_arg().as_os_str(),
        &["db", "copy", "--from", from, "--to", to],
    )
    .1
}

#[test]
fn the_example_copied_to_a_file_and_back_exports_the_same_on_postgres() {
    if !on_postgres() {
        return;
    }
    let pg = common::example();
    let before = exports(&pg, pg.db_arg().as_os_str());
    // PostgreSQL -> a new SQLite file.
    let file = pg.path("copy.db");
    let said = copy(&pg, pg.db_arg().as_os_str(), file.as_os_str());
    assert!(said.starts_with("copied "), "{said}");
    assert!(said.contains(" alumni, "), "{said}");
    assert_eq!(exports(&pg, file.as_os_str()), before);
    // The SQLite file -> a new PostgreSQL schema.
    let other = Env::new();
    copy(&pg, file.as_os_str(), other.db_arg().as_os_str());
    assert_eq!(exports(&other, other.db_arg().as_os_str()), before);
    // Every row, and the next ids, are the same on both.
    let conn = other.conn();
    for table in [
        "alumni",
        "contacts",
        "applications",
        "stage_events",
        "audit",
    ] {
        let sql = format!("SELECT count(*), COALESCE(max(id), 0) FROM {table}");
        let a: (i64, i64) = pg
            .conn()
            .query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        let b: (i64, i64) = conn
            .query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        if table == "audit" {
            assert_eq!(b.0, a.0 + 2, "two copies, one audit row each");
        } else {
            assert_eq!(a, b, "{table}");
        }
    }
    let seq = |env: &Env| -> String {
        let conn = env.conn();
        let sql = conn.pick(
            "SELECT string_agg(name || '=' || seq, ',' ORDER BY name) FROM sqlite_sequence",
            "SELECT string_agg(name || '=' || seq, ',' ORDER BY name) FROM alumni_sequence",
        );
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    assert_eq!(seq(&other), seq(&pg));
    let details = common::audit_details(&other, "db copy");
    assert_eq!(details.len(), 2, "{details:?}");
    assert!(details[1].contains(" alumni"), "{details:?}");
    // A new contact gets the same id on both.
    for env in [&pg, &other] {
        ok_at(env.dir.path(), env.db_arg().as_os_str(), &CONTACT);
    }
    let last = "SELECT max(id) FROM contacts";
    assert_eq!(pg.query::<i64>(last), other.query::<i64>(last));
}

#[test]
fn a_roster_copied_to_a_file_and_back_exports_the_same_on_postgres() {
    if !on_postgres() {
        return;
    }
    let pg = common::roster();
    pg.import(&["merge_roster.csv"]);
    common::stderr(&pg, &CONTACT);
    let before = exports(&pg, pg.db_arg().as_os_str());
    let file = pg.path("copy.db");
    copy(&pg, pg.db_arg().as_os_str(), file.as_os_str());
    assert_eq!(exports(&pg, file.as_os_str()), before);
    let other = Env::new();
    copy(&pg, file.as_os_str(), other.db_arg().as_os_str());
    assert_eq!(exports(&other, other.db_arg().as_os_str()), before);
    assert_eq!(
        other
            .snapshot()
            .lines()
            .filter(|l| !l.starts_with("audit:"))
            .collect::<Vec<_>>(),
        pg.snapshot()
            .lines()
            .filter(|l| !l.starts_with("audit:"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_target_that_holds_records_is_refused_unless_force() {
    let source = common::roster();
    source.import(&["merge_roster.csv"]);
    let target = common::roster();
    let from = source.db_arg();
    let to = target.db_arg();
    let args = [
        "db",
        "copy",
        "--from",
        from.to_str().unwrap(),
        "--to",
        to.to_str().unwrap(),
    ];
    let said = refused_unchanged(&target, &args, 1);
    assert!(said.contains("is not empty"), "{said}");
    assert!(said.contains(" alumni"), "{said}");
    assert!(said.contains("--force"), "{said}");
    let mut forced = args.to_vec();
    forced.push("--force");
    common::stderr(&target, &forced);
    assert_eq!(
        exports(&target, to.as_os_str()),
        exports(&source, from.as_os_str())
    );
}

#[test]
fn a_copy_to_itself_is_refused() {
    let env = common::roster();
    let db = env.db_arg();
    let db = db.to_str().unwrap();
    let said = refused_unchanged(&env, &["db", "copy", "--from", db, "--to", db], 2);
    assert!(said.contains("the same database"), "{said}");
}

#[test]
fn a_sqlite_file_is_copied_to_a_new_sqlite_file() {
    let env = Env::new();
    let a = env.path("a.db");
    let b = env.path("b.db");
    let dir = env.dir.path();
    let roster = common::fixture("roster.xlsx");
    ok_at(dir, a.as_os_str(), &["import", roster.to_str().unwrap()]);
    let (_, said) = ok_at(
        dir,
        a.as_os_str(),
        &[
            "db",
            "copy",
            "--from",
            a.to_str().unwrap(),
            "--to",
            b.to_str().unwrap(),
        ],
    );
    assert!(said.starts_with("copied 8 stages, 10 alumni"), "{said}");
    assert_eq!(exports(&env, b.as_os_str()), exports(&env, a.as_os_str()));
    let (_, ja) = ok_at(
        dir,
        a.as_os_str(),
        &[
            "db",
            "copy",
            "--force",
            "--lang",
            "ja",
            "--from",
            a.to_str().unwrap(),
            "--to",
            b.to_str().unwrap(),
        ],
    );
    assert!(
        ja.starts_with("コピーしました: stages 8 件、alumni 10 件"),
        "{ja}"
    );
}

#[test]
fn a_missing_source_is_refused_and_makes_nothing() {
    let env = Env::new();
    let a = env.path("none.db");
    let b = env.path("b.db");
    let output = super::alumni_at(
        env.dir.path(),
        a.as_os_str(),
        &[
            "db",
            "copy",
            "--from",
            a.to_str().unwrap(),
            "--to",
            b.to_str().unwrap(),
        ],
    )
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!a.exists() && !b.exists());
}

#[test]
fn text_with_tabs_line_ends_and_backslashes_is_copied_as_it_was_on_postgres() {
    if !on_postgres() {
        return;
    }
    let pg = common::roster();
    common::stderr(&pg, &CONTACT);
    // As no command stores it (they tidy white space): straight into the row.
    let summary = "tab\there\nline two\r\nback\\slash \\N \\x41 ";
    pg.conn()
        .execute(
            "UPDATE contacts SET summary = ?1 WHERE id = (SELECT max(id) FROM contacts)",
            [summary],
        )
        .unwrap();
    let file = pg.path("copy.db");
    copy(&pg, pg.db_arg().as_os_str(), file.as_os_str());
    let other = Env::new();
    copy(&pg, file.as_os_str(), other.db_arg().as_os_str());
    let sql = "SELECT summary FROM contacts ORDER BY id DESC LIMIT 1";
    assert_eq!(pg.query::<String>(sql), summary);
    assert_eq!(other.query::<String>(sql), summary);
    let null = "SELECT count(*) FROM alumni WHERE notes IS NULL";
    assert_eq!(other.query::<i64>(null), pg.query::<i64>(null));
}
