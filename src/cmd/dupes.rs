//! `alumni dupes`: records that are likely one person, to review and merge.

use anyhow::Result;
use serde_json::json;

use super::Context;
use crate::cli::people::DupesArgs;
use crate::db::{alumni, people};
use crate::domain::Field;
use crate::output::print_listing;

pub fn run(context: &Context, args: DupesArgs) -> Result<()> {
    let conn = context.db()?;
    let pairs = people::likely_duplicates(&conn)?;
    let mut rows = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        let (Some(a), Some(b)) = (
            alumni::by_id(&conn, pair.first)?,
            alumni::by_id(&conn, pair.second)?,
        ) else {
            continue;
        };
        let field = |who: &crate::domain::Alumnus, f: Field| json!(who.get(f));
        rows.push(json!({
            "id": a.id,
            "employee_id": field(&a, Field::EmployeeId),
            "name": field(&a, Field::Name),
            "email": field(&a, Field::Email),
            "other_id": b.id,
            "other_employee_id": field(&b, Field::EmployeeId),
            "other_name": field(&b, Field::Name),
            "other_email": field(&b, Field::Email),
            "reason": pair.reason,
        }));
    }
    print_listing(
        args.format,
        &[
            "id",
            "employee_id",
            "name",
            "email",
            "other_id",
            "other_employee_id",
            "other_name",
            "other_email",
            "reason",
        ],
        &rows,
    )?;
    if !pairs.is_empty() {
        context.term.say(&format!(
            "{} likely duplicates; to join two records: alumni merge KEEP OTHER",
            pairs.len()
        ));
    }
    Ok(())
}
