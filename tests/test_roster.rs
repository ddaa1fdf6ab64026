//! `alumni list`, `search`, `show`, `add` and `edit`, run as a user would
//! on a database filled from `fixtures/roster.xlsx` (the ten people of
//! fixtures/README.md, ids #1-#10 in file order).

use std::collections::HashMap;

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::common::{Env, expected_roster, parse_csv, refused, roster, stderr_of, stdout};

mod add;
mod edit;
mod filters;
mod list;
mod search;
mod search_folding;
mod show;
mod systems;
mod timeline;
mod types;

/// The employee IDs a listing command (`list` or `search` with its
/// arguments) prints, read from its CSV output, in order.
fn employee_ids(env: &Env, args: &[&str]) -> Vec<String> {
    let mut args = args.to_vec();
    args.extend(["--format", "csv"]);
    parse_csv(&stdout(env, &args))
        .into_iter()
        .map(|row| row["employee_id"].clone())
        .collect()
}

/// One value of one alumnus, by employee ID (`None` for SQL NULL).
fn column(env: &Env, employee_id: &str, column: &str) -> Option<String> {
    env.query(&format!(
        "SELECT {column} FROM alumni WHERE employee_id = '{employee_id}'"
    ))
}

/// The data rows of a table: the cells of each line between the borders,
/// trimmed.
fn table_rows(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .filter(|line| line.contains('┆'))
        .map(|line| {
            line.trim_matches('│')
                .split('┆')
                .map(|cell| cell.trim().to_string())
                .collect()
        })
        .collect()
}

fn assert_lines_have_one_display_width(table: &str) {
    let widths: Vec<(usize, &str)> = table
        .lines()
        .map(|line| (UnicodeWidthStr::width(line), line))
        .collect();
    let first = widths[0].0;
    for (width, line) in &widths {
        assert_eq!(*width, first, "this line is out of line:\n{line}\n{table}");
    }
}

/// The fields of the data model that every alumnus has in JSON.
const MODEL_FIELDS: [&str; 21] = [
    "id",
    "employee_id",
    "name",
    "name_kana",
    "email",
    "phone",
    "department",
    "job_title",
    "hire_date",
    "leave_date",
    "leave_reason",
    "rehire_eligible",
    "current_company",
    "current_title",
    "location",
    "linkedin_url",
    "consent",
    "tags",
    "notes",
    "created_at",
    "updated_at",
];
