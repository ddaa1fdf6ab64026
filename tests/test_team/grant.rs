//! `alumni db grant` and the level every command needs on PostgreSQL:
//! each test makes login roles of its own (named after its schema) and
//! runs commands as them (the test server trusts every role).

use std::ffi::OsString;

use super::{CONTACT, alumni_at};
use crate::common::{self, Env, on_postgres, postgres_server, refused};

/// The server, as its superuser.
pub(super) fn server() -> alumni::db::Connection {
    let url = postgres_server().unwrap();
    match alumni::db::Location::parse(std::ffi::OsStr::new(&url)).unwrap() {
        alumni::db::Location::Postgres(options) => {
            alumni::db::Connection::connect_postgres(&options).unwrap()
        }
        alumni::db::Location::File(_) => unreachable!(),
    }
}

fn schema(env: &Env) -> String {
    env.url
        .as_ref()
        .unwrap()
        .rsplit("schema=")
        .next()
        .unwrap()
        .to_string()
}

/// Login roles made for one test, and the groups `db grant` made for its
/// schema, dropped when it ends.
pub(super) struct Roles {
    names: Vec<String>,
}

impl Roles {
    pub(super) fn new(env: &Env, which: &[&str]) -> Roles {
        let schema = schema(env);
        let mut names = Vec::new();
        for w in which {
            let name = format!("{schema}_{w}");
            server()
                .execute_batch(&format!("CREATE ROLE \"{name}\" LOGIN"))
                .unwrap();
            names.push(name);
        }
        for level in ["reader", "editor", "admin"] {
            names.push(format!("alumni_{schema}_{level}"));
        }
        Roles { names }
    }

    pub(super) fn name(&self, i: usize) -> &str {
        &self.names[i]
    }
}

impl Drop for Roles {
    fn drop(&mut self) {
        let conn = server();
        for name in &self.names {
            let _ = conn.execute_batch(&format!(
                "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') THEN \
                 EXECUTE 'DROP OWNED BY \"{name}\"'; EXECUTE 'DROP ROLE \"{name}\"'; END IF; END $$"
            ));
        }
    }
}

/// This test's database, connected to as `role`.
pub(super) fn as_role(env: &Env, role: &str) -> OsString {
    let url = env.url.as_ref().unwrap();
    let (scheme, rest) = url.split_once("://").unwrap();
    let host = rest.split_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{role}@{host}").into()
}

fn run_as(env: &Env, role: &str, args: &[&str]) -> std::process::Output {
    alumni_at(env.dir.path(), &as_role(env, role), args)
        .output()
        .unwrap()
}

fn works(env: &Env, role: &str, args: &[&str]) -> String {
    let output = run_as(env, role, args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "{role}: alumni {args:?} failed: {stderr}"
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Refused with exit 1, nothing printed on stdout, the database as it was;
/// gives stderr.
fn refused_as(env: &Env, role: &str, args: &[&str]) -> String {
    let before = env.snapshot();
    let output = run_as(env, role, args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{role}: alumni {args:?}: {stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(env.snapshot(), before, "{role}: alumni {args:?} changed it");
    assert!(!stderr.contains("permission denied"), "{stderr}");
    stderr
}

pub(super) fn grant(env: &Env, user: &str, level: &str) {
    common::stderr(env, &["db", "grant", user, level]);
}

#[test]
fn a_reader_reads_and_may_not_write_on_postgres() {
    if !on_postgres() {
        return;
    }
    let env = common::roster();
    let roles = Roles::new(&env, &["r"]);
    let r = roles.name(0);
    grant(&env, r, "reader");
    assert!(works(&env, r, &["list"]).contains("00123"));
    works(&env, r, &["export", "roster", "--format", "json"]);
    let roster = common::fixture("merge_roster.csv");
    let said = refused_as(&env, r, &["import", roster.to_str().unwrap()]);
    assert!(
        said.contains(&format!(
            "your database role {r} (reader) may not run `alumni import`; \
             an admin can give it more with `alumni db grant {r} editor`"
        )),
        "{said}"
    );
    let said = refused_as(&env, r, &CONTACT);
    assert!(said.contains("may not run `alumni contact add`"), "{said}");
    let mut ja = CONTACT.to_vec();
    ja.push("--lang");
    ja.push("ja");
    let said = refused_as(&env, r, &ja);
    assert!(
        said.contains(&format!("データベースのロール {r}(reader)")),
        "{said}"
    );
    works(&env, r, &["show", "00123"]);
    works(&env, r, &["kpi"]);
}

#[test]
fn an_editor_imports_and_adds_and_may_not_forget_or_configure_on_postgres() {
    if !on_postgres() {
        return;
    }
    let env = common::roster();
    let roles = Roles::new(&env, &["e"]);
    let e = roles.name(0);
    grant(&env, e, "editor");
    let roster = common::fixture("merge_roster.csv");
    works(&env, e, &["import", roster.to_str().unwrap()]);
    works(&env, e, &CONTACT);
    assert_eq!(env.query::<i64>("SELECT count(*) FROM contacts"), 1);
    let said = refused_as(&env, e, &["forget", "00123", "--yes"]);
    assert!(
        said.contains(&format!(
            "your database role {e} (editor) may not run `alumni forget`; \
             an admin can give it more with `alumni db grant {e} admin`"
        )),
        "{said}"
    );
    let said = refused_as(&env, e, &["config", "set", "fiscal-year-start", "4"]);
    assert!(said.contains("may not run `alumni config set`"), "{said}");
    let said = refused_as(&env, e, &["db", "grant", e, "admin"]);
    assert!(said.contains("may not run `alumni db grant`"), "{said}");
}

#[test]
fn an_admin_forgets_and_a_revoked_role_reads_nothing_on_postgres() {
    if !on_postgres() {
        return;
    }
    let env = common::roster();
    let roles = Roles::new(&env, &["a"]);
    let a = roles.name(0);
    grant(&env, a, "reader");
    // Idempotent, and a role has one level: the last given.
    grant(&env, a, "admin");
    grant(&env, a, "admin");
    works(&env, a, &["config", "set", "fiscal-year-start", "4"]);
    common::stderr(&env, &["db", "grant", a, "--revoke"]);
    let said = refused_as(&env, a, &["list"]);
    assert!(
        said.contains(&format!(
            "your database role {a} (no access) may not run `alumni list`"
        )),
        "{said}"
    );
    assert_eq!(common::audit_details(&env, "db grant").len(), 4);
    grant(&env, a, "admin");
    works(&env, a, &["forget", "00123", "--yes"]);
    assert_eq!(common::audit_details(&env, "forget").len(), 1);
}

#[test]
fn a_missing_user_is_refused_on_postgres() {
    if !on_postgres() {
        return;
    }
    let env = common::roster();
    let _roles = Roles::new(&env, &[]);
    let missing = format!("{}_nobody", schema(&env));
    let said = common::refused_unchanged(&env, &["db", "grant", &missing, "reader"], 1);
    assert!(
        said.contains(&format!("CREATE ROLE \"{missing}\" LOGIN PASSWORD '…'")),
        "{said}"
    );
}

#[test]
fn with_no_groups_everyone_connected_is_an_admin_on_postgres() {
    if !on_postgres() {
        return;
    }
    let env = common::roster();
    let roles = Roles::new(&env, &["x"]);
    let x = roles.name(0);
    // Nobody ran db grant: the role has the table privileges it was given
    // by hand, and alumni does not stand in its way.
    server()
        .execute_batch(&format!(
            "GRANT USAGE ON SCHEMA \"{s}\" TO \"{x}\"; GRANT ALL ON ALL TABLES IN SCHEMA \"{s}\" TO \"{x}\"",
            s = schema(&env)
        ))
        .unwrap();
    works(&env, x, &["config", "set", "fiscal-year-start", "4"]);
}

#[test]
fn grant_is_refused_on_sqlite() {
    if on_postgres() {
        return;
    }
    let env = common::roster();
    let said = refused(&env, &["db", "grant", "hr1", "reader"], 2);
    assert!(
        said.contains("on SQLite, the file's permissions decide who may read and write it"),
        "{said}"
    );
}
