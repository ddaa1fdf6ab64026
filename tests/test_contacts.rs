//! `alumni contact add|list`, `alumni consent` and `alumni rules`, run as a
//! user would on a database filled from `fixtures/roster.xlsx` (the ten
//! people of fixtures/README.md: 00123 山田 太郎, 00124 佐藤 花子, …; 00127
//! 田中 健太 left for 転職 with no 再雇用可否, 00130 and 00132 left for 転職
//! with 不可 and 可 in the file).
//!
//! Command lines are written as one string split at ASCII spaces, as a
//! shell would; the ideographic space U+3000 stays inside an argument.

use std::collections::HashMap;

use serde_json::Value;

use crate::common::{Env, parse_csv, roster, stderr_of, stdout_of};

mod add;
mod consent;
mod corrections;
mod everywhere;
mod list;
mod opt_out;
mod rules;

/// "contact add 00123 --channel email" → its arguments.
fn argv(line: &str) -> Vec<&str> {
    line.split(' ').filter(|a| !a.is_empty()).collect()
}

/// Runs `alumni LINE`, insists that it succeeded, and returns its stdout
/// and stderr.
fn run(env: &Env, line: &str) -> (String, String) {
    let output = env.alumni(&argv(line)).output().unwrap();
    assert!(
        output.status.success(),
        "alumni {line} failed ({:?}): {}",
        output.status.code(),
        stderr_of(&output)
    );
    (stdout_of(&output), stderr_of(&output))
}

fn stdout(env: &Env, line: &str) -> String {
    run(env, line).0
}

/// Runs `alumni LINE`, insists on the exit status, that nothing was written
/// to stdout and that the database did not change; returns the stderr.
fn refused(env: &Env, line: &str, code: i32) -> String {
    let before = (env.snapshot(), rules_table(env));
    let output = env.alumni(&argv(line)).output().unwrap();
    let err = stderr_of(&output);
    assert_eq!(output.status.code(), Some(code), "alumni {line}: {err}");
    assert_eq!(stdout_of(&output), "", "alumni {line} wrote data");
    assert_eq!(
        (env.snapshot(), rules_table(env)),
        before,
        "alumni {line} changed the database"
    );
    err
}

/// The rehire rules as `reason=eligibility` lines (the snapshot leaves them out).
fn rules_table(env: &Env) -> String {
    if !env.db_exists() {
        return String::new();
    }
    env.query(
        "SELECT coalesce(string_agg(leave_reason || '=' || rehire_eligible, '\n' ORDER BY leave_reason), '')
         FROM rehire_rules",
    )
}

/// The rows of a listing printed with `--format json`.
fn json_rows(env: &Env, line: &str) -> Vec<serde_json::Map<String, Value>> {
    let text = stdout(env, &format!("{line} --format json"));
    let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let rows = value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {text}"));
    rows.iter()
        .map(|r| r.as_object().unwrap().clone())
        .collect()
}

/// The contact ids `contact list ARGS` prints, in order.
fn listed(env: &Env, args: &str) -> Vec<i64> {
    let text = stdout(env, &format!("contact list {args} --format csv"));
    parse_csv(&text)
        .iter()
        .map(|row| row["id"].parse().unwrap())
        .collect()
}

/// Runs `contact add ARGS` and returns the id it prints.
fn log(env: &Env, args: &str) -> i64 {
    let out = stdout(env, &format!("contact add {args}"));
    out.trim()
        .parse()
        .unwrap_or_else(|e| panic!("{e}: {out:?}"))
}

/// One value of one alumnus, by employee ID (`None` for SQL NULL).
fn column(env: &Env, employee_id: &str, column: &str) -> Option<String> {
    env.query(&format!(
        "SELECT {column} FROM alumni WHERE employee_id = '{employee_id}'"
    ))
}

/// One value of one contact, by id.
fn contact(env: &Env, id: i64, column: &str) -> Option<String> {
    env.query(&format!("SELECT {column} FROM contacts WHERE id = {id}"))
}

/// Today plus `days`, as `YYYY-MM-DD`.
fn day(days: i64) -> String {
    jiff::Zoned::now()
        .date()
        .checked_add(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}
