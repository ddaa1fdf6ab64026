//! `alumni list` and `alumni search TEXT`: the roster, filtered; and the
//! roster as a listing, which `alumni show` and `alumni export roster`
//! write too.

use anyhow::Result;
use serde_json::{Map, Value, json};

use super::{Context, listing};
use crate::cli::{ListArgs, RosterFilterArgs};
use crate::db::alumni::{self, Filter};
use crate::domain::normalize;
use crate::domain::{Alumnus, EmploymentType, Field, LeaveType, Rehire};
use crate::error::Failure;
use crate::export::{Cell, Column, Listing, Row};

pub fn run(context: &Context, text: Option<String>, args: &ListArgs) -> Result<()> {
    let filter = Filter {
        text: not_empty(text.as_deref(), "the search text")?,
        // One past the limit: enough to know there are more, without
        // reading the rest of a large roster.
        limit: args.output.limit.map(|n| n.saturating_add(1)),
        ..roster_filter(&args.filter)?
    };
    let mut db = context.reader()?;
    let roster = roster();
    let mut writer = listing::start(&roster, &args.output)?;
    // Rows go to the writer one at a time as the database gives them:
    // the table, like CSV and JSON, prints them as they come. One read
    // transaction: one snapshot, and on a server a cursor that streams.
    db.read(|tx| alumni::for_each(tx, &filter, |alumnus| writer.write(AlumnusRow(alumnus))))?;
    listing::finish(writer, listing::Given::UpToLimit)?;
    Ok(())
}

/// The fields a roster table shows: enough to tell people apart at a glance.
const TABLE_FIELDS: [Field; 7] = [
    Field::EmployeeId,
    Field::Name,
    Field::Email,
    Field::Department,
    Field::LeaveDate,
    Field::RehireEligible,
    Field::CurrentCompany,
];

/// The roster as a listing: the id, every field, the origin of the rehire
/// eligibility, consent and the record's times; a table shows the id (as
/// `#`) and [`TABLE_FIELDS`].
pub(super) fn roster() -> Listing {
    // On a narrow screen the id, the name and the email stay longest.
    let mut columns = vec![Column::headed("id", "#").keep(8)];
    columns.extend(Field::ALL.iter().map(|f| match f {
        Field::Name => Column::shown(f.column()).keep(9),
        Field::Email => Column::shown(f.column()).keep(7),
        f if TABLE_FIELDS.contains(f) => Column::shown(f.column()),
        f => Column::hidden(f.column()),
    }));
    columns.extend(["rehire_source", "consent"].map(Column::hidden));
    columns.extend(["created_at", "updated_at"].map(|c| Column::hidden(c).timestamp()));
    Listing::of("Roster", "alumni", columns)
}

/// An alumnus under [`roster`]'s columns; as JSON, [`to_json`].
pub(super) struct AlumnusRow(pub Alumnus);

impl Row for AlumnusRow {
    fn cells(&self, _: &[Column]) -> Vec<Cell> {
        let alumnus = &self.0;
        let mut cells = vec![Cell::Int(alumnus.id)];
        cells.extend(
            Field::ALL
                .iter()
                .map(|f| Cell::text(alumnus.get(*f).unwrap_or(""))),
        );
        cells.extend([
            Cell::text(
                alumnus
                    .rehire_source
                    .map_or_else(String::new, |s| s.to_string()),
            ),
            Cell::text(alumnus.consent.to_string()),
            Cell::text(alumnus.created_at.clone()),
            Cell::text(alumnus.updated_at.clone()),
        ]);
        cells
    }

    fn into_json(self, _: &[Column]) -> Value {
        to_json(&self.0)
    }
}

/// An alumnus as JSON, with the data model's field names: tags as a list,
/// and consent's date and purpose besides the roster's columns.
pub(super) fn to_json(alumnus: &Alumnus) -> Value {
    let mut object = Map::new();
    object.insert("id".into(), json!(alumnus.id));
    for field in Field::ALL {
        let value = match (field, alumnus.get(field)) {
            (Field::Tags, Some(tags)) => json!(tags.split(',').collect::<Vec<_>>()),
            (Field::Tags, None) => json!([]),
            (_, value) => json!(value),
        };
        object.insert(field.column().into(), value);
    }
    object.insert("rehire_source".into(), json!(alumnus.rehire_source));
    object.insert("consent".into(), json!(alumnus.consent));
    object.insert("consent_date".into(), json!(alumnus.consent_date));
    object.insert("consent_purpose".into(), json!(alumnus.consent_purpose));
    object.insert("created_at".into(), json!(alumnus.created_at));
    object.insert("updated_at".into(), json!(alumnus.updated_at));
    Value::Object(object)
}

/// The filter the roster flags ask for, shared by `list` and `export`.
pub(super) fn roster_filter(args: &RosterFilterArgs) -> Result<Filter> {
    let rehire = match &args.rehire {
        Some(value) => Some(
            Rehire::parse(&normalize::text(value).unwrap_or_default())
                .ok_or_else(|| {
                    Failure::Usage(format!(
                        "--rehire {value:?}: use yes, review, no or unknown"
                    ))
                })?
                .as_str()
                .to_string(),
        ),
        None => None,
    };
    // Stored text is normalized; so is what is looked for.
    Ok(Filter {
        department: not_empty(args.department.as_deref(), "--department")?,
        left_in: args.left_in,
        rehire,
        tag: not_empty(args.tag.as_deref(), "--tag")?,
        consent: args.consent,
        employment_type: named(
            args.employment_type.as_deref(),
            "--employment-type",
            EmploymentType::named,
            EmploymentType::ALL
                .iter()
                .map(|t| (t.as_str(), t.label_ja())),
        )?,
        leave_type: named(
            args.leave_type.as_deref(),
            "--leave-type",
            LeaveType::named,
            LeaveType::ALL.iter().map(|t| (t.as_str(), t.label_ja())),
        )?,
        company: not_empty(args.company.as_deref(), "--company")?,
        current_only: args.current_only,
        text: None,
        limit: None,
    })
}

/// A filter on one of a fixed set of values, named by its stored text or its
/// Japanese label; anything else is refused with the choices.
fn named<T>(
    value: Option<&str>,
    flag: &str,
    parse: impl Fn(&str) -> Option<T>,
    choices: impl Iterator<Item = (&'static str, &'static str)>,
) -> Result<Option<T>> {
    let Some(raw) = not_empty(value, flag)? else {
        return Ok(None);
    };
    parse(&raw).map(Some).ok_or_else(|| {
        let choices: Vec<String> = choices.map(|(v, ja)| format!("{v} ({ja})")).collect();
        Failure::Usage(format!("{flag} {raw:?}: use {}", choices.join(", "))).into()
    })
}

/// A filter value, normalized like stored text. An empty one is refused: a
/// script's empty `--department "$DEPT"` must not list everyone.
pub(super) fn not_empty(value: Option<&str>, what: &str) -> Result<Option<String>> {
    match value {
        None => Ok(None),
        Some(raw) => normalize::text(raw)
            .map(Some)
            .ok_or_else(|| Failure::Usage(format!("{what} is empty")).into()),
    }
}
