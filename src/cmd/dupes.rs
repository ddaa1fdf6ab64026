//! `alumni dupes`: records that are likely one person, to review and merge.
//! Pairs are written as they are found; a block of more records than one
//! person has (a switchboard's phone, a very common name) is one `group`
//! row that says how to list them, instead of every pair of them.

use anyhow::Result;
use serde_json::json;

use super::{Context, listing};
use crate::cli::people::DupesArgs;
use crate::db::people::{self, LARGEST_BLOCK, Likely, Shared};
use crate::export::{Column, Listed, Listing};
use crate::i18n::tr;

/// Likely duplicates as a listing; the column names are also its JSON
/// keys. `kind` is `pair` or `group`; a group's row names the first of
/// its records, how many there are (`records`), and all their `ids` (in
/// CSV and JSON; a table leaves them out).
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
        Column::shown("kind"),
        Column::shown("records"),
        Column::hidden("ids"),
    ],
);

pub fn run(context: &Context, args: DupesArgs) -> Result<()> {
    let conn = context.reader()?;
    let mut writer = listing::start(&DUPES, &args.output)?;
    let (mut pairs, mut groups) = (0u64, 0u64);
    people::likely_duplicates(&conn, LARGEST_BLOCK, |found| {
        let row = match found {
            Likely::Pair {
                first,
                second,
                reason,
            } => {
                pairs += 1;
                json!({
                    "id": first.id,
                    "employee_id": first.employee_id,
                    "name": first.name,
                    "email": first.email,
                    "other_id": second.id,
                    "other_employee_id": second.employee_id,
                    "other_name": second.name,
                    "other_email": second.email,
                    "reason": reason,
                    "kind": "pair",
                    "records": 2,
                    "ids": [first.id, second.id],
                })
            }
            Likely::Group { shared, value, ids } => {
                groups += 1;
                json!({
                    "id": ids[0],
                    "reason": group_reason(shared, value, ids.len()),
                    "kind": "group",
                    "records": ids.len(),
                    "ids": ids,
                })
            }
        };
        writer.write(Listed::new(row))
    })?;
    listing::end(writer)?;
    if groups > 0 {
        context.term.say(&tr!(
            "dupes-groups",
            groups = groups,
            largest = LARGEST_BLOCK
        ));
    }
    if pairs > 0 {
        context.term.say(&format!(
            "{pairs} likely duplicates; to join two records: alumni merge KEEP OTHER"
        ));
    }
    Ok(())
}

/// What a group row says: how many share which value, and where to see
/// them. A shared phone is a line, not a person (a switchboard): the ids
/// show whose record to correct. A shared name has a search that lists them.
fn group_reason(shared: Shared, value: &str, records: usize) -> String {
    match shared {
        Shared::Phone => tr!("dupes-group-phone", records = records, value = value),
        Shared::Email => tr!("dupes-group-email", records = records, value = value),
        Shared::Name => {
            let search = format!("alumni search '{}'", value.replace('\'', "'\\''"));
            tr!(
                "dupes-group-name",
                records = records,
                value = value,
                search = search
            )
        }
    }
}
