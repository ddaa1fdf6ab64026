//! Values typed by hand on the command line: checked by the same rules as
//! an imported cell, and marked as set by hand so no import overwrites them.

use crate::db::{Tx, alumni};
use crate::domain::{Field, FieldValues};
use crate::error::Failure;
use crate::i18n::tr;
use crate::import::record;
use crate::ingest::Cell;
use anyhow::Result;

/// Checks and normalizes a value given for `field`; the flag is named in
/// the error ("--leave-date "2024-13-45" is not a date").
pub fn value(field: Field, raw: &str) -> Result<Option<String>> {
    record::value(field, &Cell::Text(raw.to_string()))
        .map_err(|why| Failure::BadData(format!("{} {why}", flag(field))).into())
}

/// The command-line flag that sets a field: `--leave-date`, `--kana` ….
pub fn flag(field: Field) -> String {
    let name = match field {
        Field::NameKana => "kana",
        Field::RehireEligible => "rehire",
        Field::LinkedinUrl => "linkedin",
        other => other.column(),
    };
    format!("--{}", name.replace('_', "-"))
}

/// Refuses an employee ID or email that another alumnus already has.
pub fn check_unique(tx: &Tx<'_>, values: &FieldValues, own_id: Option<i64>) -> Result<()> {
    for field in [Field::EmployeeId, Field::Email] {
        let Some(value) = values[field.index()].as_deref() else {
            continue;
        };
        if let Some(other) = alumni::by_field(tx, field, value)?
            && Some(other.id) != own_id
        {
            return Err(Failure::BadData(format!(
                "{field} {value:?} already belongs to {} (#{})",
                other.display_name(),
                other.id
            ))
            .into());
        }
    }
    Ok(())
}

/// A date typed on the command line, in any form an import accepts
/// (2026-11-02, 2026/11/2, 令和8年11月2日 …), as `YYYY-MM-DD`.
pub fn date(flag: &str, raw: &str) -> Result<String> {
    crate::domain::dates::parse(raw)
        .map(|d| d.to_string())
        .ok_or_else(|| {
            Failure::BadData(crate::i18n::tr!(
                "flag-not-a-date",
                flag = flag,
                value = format!("{raw:?}")
            ))
            .into()
        })
}

/// `--date`, or today when it is not given.
pub fn date_or_today(flag: &str, raw: Option<&str>) -> Result<String> {
    match raw {
        Some(raw) => date(flag, raw),
        None => Ok(today()),
    }
}

/// Today in the local time zone, as `YYYY-MM-DD`.
pub fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

/// Free text typed on the command line, normalized like imported text; an
/// empty value is refused.
pub fn text(flag: &str, raw: &str) -> Result<String> {
    crate::domain::normalize::text(raw)
        .ok_or_else(|| Failure::Usage(format!("{flag} is empty")).into())
}

/// A choice given on the command line, or else picked from a select list
/// on a terminal ("email (メール)" …); without a terminal, a usage error
/// naming the flag.
pub fn choice<T: crate::domain::Choice>(
    term: &crate::term::Terminal,
    given: Option<T>,
    flag: &str,
    prompt: &str,
) -> Result<T> {
    if let Some(value) = given {
        return Ok(value);
    }
    let items: Vec<String> = T::value_variants()
        .iter()
        .map(|v| format!("{} ({})", v.key(), v.label_ja()))
        .collect();
    Ok(T::value_variants()[term.choose(flag, prompt, &items)?])
}

/// Refuses a date after today unless the entry is `planned`; a planned
/// entry must be dated after today. Future work is recorded as planned
/// so that no report counts it as done before it happened.
pub fn check_planned(flag: &str, date: &str, planned: bool) -> Result<()> {
    let today = today();
    if !planned && date > today.as_str() {
        return Err(Failure::BadData(tr!(
            "date-in-future",
            flag = flag,
            date = date,
            today = &today
        ))
        .into());
    }
    if planned && date <= today.as_str() {
        return Err(Failure::BadData(tr!(
            "date-planned-not-future",
            flag = flag,
            date = date,
            today = &today
        ))
        .into());
    }
    Ok(())
}

/// Refuses to go on with a change a person confirmed on the record as it
/// was shown (`shown`) when the record, read again inside the write
/// (`now`), is not that any more: someone else changed it meanwhile, and
/// what was confirmed would overwrite or erase what they did unseen.
pub fn unchanged_since_shown(
    shown: &crate::domain::Alumnus,
    now: &crate::domain::Alumnus,
) -> Result<()> {
    if shown == now {
        return Ok(());
    }
    let fields: Vec<&str> = Field::ALL
        .iter()
        .filter(|f| shown.values[f.index()] != now.values[f.index()])
        .map(|f| f.column())
        .collect();
    let what = if fields.is_empty() {
        tr!("record-changed-bookkeeping")
    } else {
        fields.join(", ")
    };
    anyhow::bail!(tr!(
        "record-changed",
        id = now.id.to_string(),
        fields = what
    ))
}
