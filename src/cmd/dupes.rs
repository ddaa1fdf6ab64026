//! `alumni dupes`: records that are likely one person, to review and merge.

use std::collections::HashMap;

use anyhow::Result;
use serde_json::json;

use super::{Context, listing};
use crate::cli::people::DupesArgs;
use crate::db::{alumni, people};
use crate::domain::{Alumnus, Field};
use crate::export::{Column, Listed, Listing};

/// Pairs of likely duplicates as a listing; the column names are also its
/// JSON keys.
static DUPES: Listing = Listing::fixed(
    "Duplicates",
    "pairs",
    &[
        Column::shown("id"),
        Column::shown("employee_id"),
        Column::shown("name"),
        Column::shown("email"),
        Column::shown("other_id"),
        Column::shown("other_employee_id"),
        Column::shown("other_name"),
        Column::shown("other_email"),
        Column::shown("reason"),
    ],
);

pub fn run(context: &Context, args: DupesArgs) -> Result<()> {
    let conn = context.reader()?;
    let pairs = people::likely_duplicates(&conn)?;
    let mut rows = Vec::with_capacity(pairs.len());
    // One record is often in many pairs (a common name): read it once.
    let mut read: HashMap<i64, Option<Alumnus>> = HashMap::new();
    let mut record = |id: i64| -> Result<Option<Alumnus>> {
        if let Some(found) = read.get(&id) {
            return Ok(found.clone());
        }
        let found = alumni::by_id(&conn, id)?;
        read.insert(id, found.clone());
        Ok(found)
    };
    for pair in &pairs {
        let (Some(a), Some(b)) = (record(pair.first)?, record(pair.second)?) else {
            continue;
        };
        let field = |who: &Alumnus, f: Field| json!(who.get(f));
        rows.push(Listed::new(json!({
            "id": a.id,
            "employee_id": field(&a, Field::EmployeeId),
            "name": field(&a, Field::Name),
            "email": field(&a, Field::Email),
            "other_id": b.id,
            "other_employee_id": field(&b, Field::EmployeeId),
            "other_name": field(&b, Field::Name),
            "other_email": field(&b, Field::Email),
            "reason": pair.reason,
        })));
    }
    listing::print(&DUPES, &args.output, rows)?;
    if !pairs.is_empty() {
        context.term.say(&format!(
            "{} likely duplicates; to join two records: alumni merge KEEP OTHER",
            pairs.len()
        ));
    }
    Ok(())
}
