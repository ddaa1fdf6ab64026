//! `alumni merge KEEP OTHER`: join two records of one person, keeping all
//! history and every email, phone and employee ID, after showing the
//! values that conflict and a confirmation on a terminal (`--yes`
//! otherwise); and `alumni merge --undo ID`, which puts them back.

use anyhow::Result;

use super::Context;
use crate::cli::people::MergeArgs;
use crate::db::{Audit, Change, alumni, merges, people};
use crate::domain::normalize::{katakana, key};
use crate::domain::{Alumnus, Field};
use crate::error::Failure;
use crate::output::new_table;

pub fn run(context: &Context, args: MergeArgs) -> Result<()> {
    if let Some(merge) = args.undo {
        return undo(context, merge, args.yes);
    }
    let (Some(keep_ref), Some(other_ref)) = (&args.keep, &args.other) else {
        return Err(
            Failure::Usage("name the record to keep and the one to merge into it".into()).into(),
        );
    };
    let mut db = context.db()?;
    let keep = alumni::living(&db, keep_ref)?;
    let other = alumni::living(&db, other_ref)?;
    if keep.id == other.id {
        return Err(
            Failure::Usage(format!("{keep_ref} and {other_ref} are the same record")).into(),
        );
    }
    if !args.force && two_people(&keep, &other) {
        return Err(Failure::BadData(format!(
            "#{} {} and #{} {} have different names and readings, so they look like two people; \
             nothing merged (give --force to merge them anyway)",
            keep.id,
            described(&keep),
            other.id,
            described(&other)
        ))
        .into());
    }
    if let Some(table) = conflicts(&keep, &other) {
        eprintln!("{CONFLICTS_TITLE}\n{table}");
    }
    let question = format!(
        "merge {} (#{}) into {} (#{}), and remove #{}?",
        other.display_name(),
        other.id,
        keep.display_name(),
        keep.id,
        other.id
    );
    // Asked before the write transaction begins: a person deciding must
    // not hold the database's write lock.
    if !context.term.confirm(&question, args.yes)? {
        context.term.say("nothing merged");
        return Ok(());
    }
    let said = db.write("merge", |tx| {
        // The two records confirmed, read again inside the transaction.
        let keep = alumni::living(tx, &format!("#{}", keep.id))?;
        let other = alumni::living(tx, &format!("#{}", other.id))?;
        let done = merges::merge(tx, &keep, &other)?;
        let moved = &done.moved;
        let fields: Vec<&str> = moved.fields.iter().map(|f| f.column()).collect();
        let detail = format!(
            "merge {}: merged #{} into #{}: fields {}; {} contacts, {} applications, {} referrals, {} attendance, {} partners",
            done.id,
            other.id,
            keep.id,
            if fields.is_empty() {
                "none".into()
            } else {
                fields.join(", ")
            },
            moved.contacts,
            moved.applications,
            moved.referrals,
            moved.attendance,
            moved.partners
        );
        let said = format!(
            "merged #{} into #{} (merge {}; `alumni merge --undo {}` takes it back)",
            other.id, keep.id, done.id, done.id
        );
        Ok(Change::audited(said, Audit::new(Some(keep.id), detail)))
    })?;
    context.term.say(&said);
    Ok(())
}

fn undo(context: &Context, merge: i64, yes: bool) -> Result<()> {
    let mut db = context.db()?;
    let (kept, other) = merges::parties(&db, merge)?;
    let question = format!("undo merge {merge}, putting #{other} back beside #{kept}?");
    if !context.term.confirm(&question, yes)? {
        context.term.say("nothing undone");
        return Ok(());
    }
    let said = db.write("merge undo", |tx| {
        let (kept, other) = merges::undo(tx, merge)?;
        let detail = format!("merge {merge} undone: #{other} restored beside #{kept}");
        let said = format!("undid merge {merge}: #{other} is back beside #{kept}");
        Ok(
            Change::audited(said, Audit::new(Some(kept), detail.clone()))
                .and(Audit::new(Some(other), detail)),
        )
    })?;
    context.term.say(&said);
    Ok(())
}

/// The heading of the conflicts table.
const CONFLICTS_TITLE: &str = "values that differ (field, kept, other, result):";

/// Whether two records look like two people: their names differ, and
/// their readings do not show them to be one (they differ, or one is
/// missing). A name missing on either side is no difference.
fn two_people(keep: &Alumnus, other: &Alumnus) -> bool {
    let name = |a: &Alumnus| a.get(Field::Name).and_then(key);
    let reading = |a: &Alumnus| a.get(Field::NameKana).and_then(key).map(|k| katakana(&k));
    let names_differ = matches!((name(keep), name(other)), (Some(a), Some(b)) if a != b);
    let same_reading = matches!((reading(keep), reading(other)), (Some(a), Some(b)) if a == b);
    names_differ && !same_reading
}

/// "山田 太郎 (ヤマダ タロウ, 00123)": a record as the refusal names it.
fn described(a: &Alumnus) -> String {
    let parts: Vec<&str> = [Field::NameKana, Field::EmployeeId]
        .into_iter()
        .filter_map(|f| a.get(f))
        .collect();
    let name = a.get(Field::Name).unwrap_or("(no name)");
    if parts.is_empty() {
        name.to_string()
    } else {
        format!("{name} ({})", parts.join(", "))
    }
}

/// The fields both records hold with different values, side by side with
/// what the merge makes of them; `None` when there are none.
fn conflicts(keep: &Alumnus, other: &Alumnus) -> Option<String> {
    let (merged, _) = people::merged(keep, other);
    let mut table = new_table();
    table.set_header(["field", "kept", "other", "result"]);
    let mut any = false;
    for field in Field::ALL {
        let (Some(mine), Some(theirs)) = (keep.get(field), other.get(field)) else {
            continue;
        };
        if mine == theirs {
            continue;
        }
        let result = match field {
            Field::Email => format!("{mine} primary, {theirs} second email"),
            Field::Phone => format!("{mine} primary, {theirs} second phone"),
            Field::EmployeeId => format!("{mine}, with {theirs} as an alias"),
            _ => merged.get(field).unwrap_or_default().to_string(),
        };
        table.add_row([field.column(), mine, theirs, &result]);
        any = true;
    }
    any.then(|| table.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: Option<&str>, kana: Option<&str>) -> Alumnus {
        let mut values: crate::domain::FieldValues = Default::default();
        values[Field::Name.index()] = name.map(String::from);
        values[Field::NameKana.index()] = kana.map(String::from);
        Alumnus {
            id: 1,
            values,
            rehire_source: None,
            consent: crate::domain::Consent::Unknown,
            consent_date: None,
            consent_purpose: None,
            manual_fields: 0,
            erased_at: None,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn two_people_need_different_names_and_no_shared_reading() {
        let taro = person(Some("山田 太郎"), Some("ヤマダ タロウ"));
        assert!(!two_people(&taro, &person(Some("山田太郎"), None)));
        assert!(!two_people(
            &taro,
            &person(Some("山田 太朗"), Some("やまだたろう"))
        ));
        assert!(!two_people(&taro, &person(None, Some("サトウ ハナコ"))));
        assert!(two_people(
            &taro,
            &person(Some("佐藤 花子"), Some("サトウ ハナコ"))
        ));
        assert!(two_people(&taro, &person(Some("佐藤 花子"), None)));
    }
}
