//! `alumni merge KEEP OTHER`: join two records of one person, keeping all
//! history and every email, phone and employee ID, after showing the
//! values that conflict and a confirmation on a terminal (`--yes`
//! otherwise); and `alumni merge --undo ID`, which puts them back.

use anyhow::Result;

use crate::i18n::tr;

use super::{Context, hand};
use crate::cli::people::MergeArgs;
use crate::db::{Audit, Change, alumni, merges, people};
use crate::domain::fold;
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
            Failure::Usage(tr!("merge-same-record", keep = keep_ref, other = other_ref)).into(),
        );
    }
    if !args.force && two_people(&keep, &other) {
        return Err(Failure::BadData(tr!(
            "merge-two-people",
            keep = format!("#{} {}", keep.id, described(&keep)),
            other = format!("#{} {}", other.id, described(&other))
        ))
        .into());
    }
    if let Some(table) = conflicts(&keep, &other) {
        eprintln!("{}\n{table}", tr!("merge-conflicts-title"));
    }
    let question = tr!(
        "merge-question",
        other = other.display_name(),
        other_id = other.id,
        keep = keep.display_name(),
        keep_id = keep.id
    );
    // Asked before the write transaction begins: a person deciding must
    // not hold the database's write lock.
    if !context.term.confirm(&question, args.yes)? {
        context.term.say(&tr!("merge-nothing"));
        return Ok(());
    }
    let said = db.write("merge", |tx| {
        // The two records confirmed, read again inside the transaction:
        // if another command changed either meanwhile, what was confirmed
        // is not what would be merged.
        let shown = (keep, other);
        let keep = alumni::living(tx, &format!("#{}", shown.0.id))?;
        let other = alumni::living(tx, &format!("#{}", shown.1.id))?;
        hand::unchanged_since_shown(&shown.0, &keep)?;
        hand::unchanged_since_shown(&shown.1, &other)?;
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
        let said = tr!(
            "merge-done",
            other_id = other.id,
            keep_id = keep.id,
            merge = done.id
        );
        Ok(Change::audited(said, Audit::new(Some(keep.id), detail)))
    })?;
    context.term.say(&said);
    Ok(())
}

fn undo(context: &Context, merge: i64, yes: bool) -> Result<()> {
    let mut db = context.db()?;
    let (kept, other) = merges::parties(&db, merge)?;
    let question = tr!(
        "merge-undo-question",
        merge = merge,
        other_id = other,
        keep_id = kept
    );
    if !context.term.confirm(&question, yes)? {
        context.term.say(&tr!("merge-nothing-undone"));
        return Ok(());
    }
    let said = db.write("merge undo", |tx| {
        let (kept, other) = merges::undo(tx, merge)?;
        let detail = format!("merge {merge} undone: #{other} restored beside #{kept}");
        let said = tr!(
            "merge-undone",
            merge = merge,
            other_id = other,
            keep_id = kept
        );
        Ok(
            Change::audited(said, Audit::new(Some(kept), detail.clone()))
                .and(Audit::new(Some(other), detail)),
        )
    })?;
    context.term.say(&said);
    Ok(())
}

/// Whether two records look like two people: their names differ, and
/// their readings do not show them to be one (they differ, or one is
/// missing). A name missing on either side is no difference.
/// Names and readings are compared folded, as `search` and `dupes` compare
/// them (variant kanji, kana and width alike).
fn two_people(keep: &Alumnus, other: &Alumnus) -> bool {
    let folded = |a: &Alumnus, field| {
        let folded = a.get(field).map(fold::text).unwrap_or_default();
        (!folded.is_empty()).then_some(folded)
    };
    let name = |a: &Alumnus| folded(a, Field::Name);
    let reading = |a: &Alumnus| folded(a, Field::NameKana);
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
    table.set_header([
        tr!("merge-field"),
        tr!("merge-kept"),
        tr!("merge-other"),
        tr!("merge-result"),
    ]);
    let ja = crate::i18n::current() == crate::i18n::Lang::Ja;
    let mut any = false;
    for field in Field::ALL {
        let (Some(mine), Some(theirs)) = (keep.get(field), other.get(field)) else {
            continue;
        };
        if mine == theirs {
            continue;
        }
        let result = match field {
            Field::Email => tr!("merge-second-email", mine = mine, theirs = theirs),
            Field::Phone => tr!("merge-second-phone", mine = mine, theirs = theirs),
            Field::EmployeeId => tr!("merge-alias", mine = mine, theirs = theirs),
            _ => merged.get(field).unwrap_or_default().to_string(),
        };
        let name = if ja { field.label_ja() } else { field.column() };
        table.add_row([name, mine, theirs, &result]);
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
        // One name in old and new kanji is one name.
        let watanabe = person(Some("渡辺 一郎"), None);
        assert!(!two_people(&watanabe, &person(Some("渡邊　一郎"), None)));
    }
}
