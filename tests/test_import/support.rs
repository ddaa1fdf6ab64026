//! What the tests of fixtures/import/ share: the path of a fixture, the
//! roster read back through `alumni export roster --format json`, and a
//! refusal that must leave the database file byte for byte as it was.

use std::collections::BTreeMap;
use std::fs;

use serde_json::{Map, Value};

use crate::common::{Env, fixture, refused_unchanged, stdout};

/// The path of a file in fixtures/import/, as an argument.
pub fn file(name: &str) -> String {
    fixture(&format!("import/{name}")).display().to_string()
}

/// The roster as `alumni export roster --format json --out -` writes it.
pub fn exported(env: &Env) -> Vec<Map<String, Value>> {
    let text = stdout(env, &["export", "roster", "--format", "json", "--out", "-"]);
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("the export is not a JSON array of objects ({e}): {text}"))
}

/// One exported field of every alumnus, by employee ID.
pub fn field_by_id(env: &Env, field: &str) -> BTreeMap<String, Value> {
    exported(env)
        .into_iter()
        .map(|person| {
            let id = person["employee_id"].as_str().unwrap_or("").to_string();
            (id, person[field].clone())
        })
        .collect()
}

/// The employee IDs stored, sorted.
pub fn employee_ids(env: &Env) -> Vec<String> {
    field_by_id(env, "employee_id").into_keys().collect()
}

/// An import that must be refused as bad data (exit 65): every table as it
/// was, and the database file the same bytes. Returns its stderr.
pub fn refused_bytes_unchanged(env: &Env, args: &[&str]) -> String {
    let bytes = |env: &Env| match &env.url {
        // PostgreSQL has no file: every table as it was is all there is.
        Some(_) => Vec::new(),
        None => fs::read(&env.db).expect("the database file exists"),
    };
    let before = bytes(env);
    let stderr = refused_unchanged(env, args, 65);
    let after = bytes(env);
    assert!(
        before == after,
        "alumni {args:?} changed the database file's bytes"
    );
    stderr
}

/// Every value stored in every table, as text: what a PostgreSQL database
/// keeps, where there is no file to read the bytes of.
pub fn stored_text(env: &Env) -> String {
    use alumni::db::sql::ValueRef;
    let conn = env.conn();
    let tables: Vec<String> = conn
        .prepare(conn.pick(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                match row.get_ref(i).unwrap() {
                    ValueRef::Text(b) | ValueRef::Blob(b) => {
                        out.push_str(&String::from_utf8_lossy(b))
                    }
                    ValueRef::Integer(v) => out.push_str(&v.to_string()),
                    ValueRef::Real(v) => out.push_str(&v.to_string()),
                    ValueRef::Null => {}
                }
                out.push('\n');
            }
        }
    }
    out
}

/// A database that already holds people, so that a refused import has
/// something to leave alone.
pub fn filled() -> Env {
    let env = Env::new();
    env.import(&["roster_utf8_bom.csv"]);
    env
}
