//! How an imported row updates a stored alumnus without losing anything:
//! an empty cell never erases, a value set by hand is kept, tags are joined
//! and notes appended.

use crate::domain::rules::{RehireSource, Rules, apply_rule};
use crate::domain::{Alumnus, Field, FieldValues};

/// The result of merging a row into what is stored.
#[derive(Debug, PartialEq, Eq)]
pub struct Merged {
    pub values: FieldValues,
    pub rehire_source: Option<RehireSource>,
    /// Fields whose stored value changes.
    pub changed: Vec<Field>,
    /// Fields the row would have changed but that were set by hand.
    pub kept: Vec<Field>,
}

/// Merges an imported row's values into `stored`.
pub fn merge(stored: &Alumnus, incoming: &FieldValues, rules: &Rules) -> Merged {
    let mut values = stored.values.clone();
    let mut rehire_source = stored.rehire_source;
    let mut kept = Vec::new();
    for field in Field::ALL {
        let Some(new) = &incoming[field.index()] else {
            continue; // an empty cell never erases
        };
        let slot = &mut values[field.index()];
        let by_hand = stored.manual_fields & field.bit() != 0
            || (field == Field::RehireEligible && rehire_source == Some(RehireSource::Manual));
        let merged = match field {
            Field::Tags => join_tags(slot.as_deref(), new),
            Field::Notes => append_note(slot.as_deref(), new),
            _ => new.clone(),
        };
        if slot.as_deref() == Some(merged.as_str()) {
            continue;
        }
        if by_hand && !matches!(field, Field::Tags | Field::Notes) {
            kept.push(field);
            continue;
        }
        *slot = Some(merged);
        if field == Field::RehireEligible {
            rehire_source = Some(RehireSource::Imported);
        }
    }
    apply_rule(&mut values, &mut rehire_source, rules);
    let changed = Field::ALL
        .into_iter()
        .filter(|f| values[f.index()] != stored.values[f.index()])
        .collect();
    Merged {
        values,
        rehire_source,
        changed,
        kept,
    }
}

fn join_tags(stored: Option<&str>, new: &str) -> String {
    let mut tags: Vec<&str> = stored.map(|s| s.split(',').collect()).unwrap_or_default();
    for tag in new.split(',') {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags.join(",")
}

/// Notes from a file are added below what is stored, once.
fn append_note(stored: Option<&str>, new: &str) -> String {
    match stored {
        None => new.to_string(),
        Some(old) if old.contains(new) => old.to_string(),
        Some(old) => format!("{old}\n{new}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Consent;

    fn alumnus(values: &[(Field, &str)]) -> Alumnus {
        let mut all: FieldValues = Default::default();
        for (field, value) in values {
            all[field.index()] = Some(value.to_string());
        }
        Alumnus {
            id: 1,
            values: all,
            rehire_source: None,
            consent: Consent::Unknown,
            consent_date: None,
            consent_purpose: None,
            manual_fields: 0,
            erased_at: None,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    fn row(values: &[(Field, &str)]) -> FieldValues {
        alumnus(values).values
    }

    #[test]
    fn an_empty_cell_never_erases() {
        let stored = alumnus(&[(Field::Name, "山田 太郎"), (Field::Department, "営業部")]);
        let merged = merge(&stored, &row(&[(Field::Name, "山田 太郎")]), &Rules::new());
        assert_eq!(merged.values, stored.values);
        assert!(merged.changed.is_empty());
    }

    #[test]
    fn a_new_value_replaces_the_stored_one() {
        let stored = alumnus(&[(Field::Department, "営業部")]);
        let merged = merge(
            &stored,
            &row(&[(Field::Department, "開発部")]),
            &Rules::new(),
        );
        assert_eq!(
            merged.values[Field::Department.index()].as_deref(),
            Some("開発部")
        );
        assert_eq!(merged.changed, [Field::Department]);
    }

    #[test]
    fn a_value_set_by_hand_is_kept() {
        let mut stored = alumnus(&[(Field::CurrentCompany, "株式会社ABC")]);
        stored.manual_fields = Field::CurrentCompany.bit();
        let merged = merge(
            &stored,
            &row(&[(Field::CurrentCompany, "旧社名")]),
            &Rules::new(),
        );
        assert_eq!(
            merged.values[Field::CurrentCompany.index()].as_deref(),
            Some("株式会社ABC")
        );
        assert_eq!(merged.kept, [Field::CurrentCompany]);
        assert!(merged.changed.is_empty());
    }

    #[test]
    fn eligibility_set_by_hand_is_kept() {
        let mut stored = alumnus(&[(Field::RehireEligible, "no")]);
        stored.rehire_source = Some(RehireSource::Manual);
        let merged = merge(
            &stored,
            &row(&[(Field::RehireEligible, "yes")]),
            &Rules::new(),
        );
        assert_eq!(
            merged.values[Field::RehireEligible.index()].as_deref(),
            Some("no")
        );
        assert_eq!(merged.rehire_source, Some(RehireSource::Manual));
    }

    #[test]
    fn notes_are_appended_once() {
        let stored = alumnus(&[(Field::Notes, "面談済み")]);
        let once = merge(
            &stored,
            &row(&[(Field::Notes, "2024年に連絡")]),
            &Rules::new(),
        );
        assert_eq!(
            once.values[Field::Notes.index()].as_deref(),
            Some("面談済み\n2024年に連絡")
        );
        let mut again = stored.clone();
        again.values = once.values;
        let twice = merge(
            &again,
            &row(&[(Field::Notes, "2024年に連絡")]),
            &Rules::new(),
        );
        assert!(twice.changed.is_empty());
    }

    #[test]
    fn tags_are_joined() {
        let stored = alumnus(&[(Field::Tags, "vip,営業")]);
        let merged = merge(&stored, &row(&[(Field::Tags, "営業,OB会")]), &Rules::new());
        assert_eq!(
            merged.values[Field::Tags.index()].as_deref(),
            Some("vip,営業,OB会")
        );
    }

    #[test]
    fn a_rule_fills_eligibility_nobody_stated() {
        let rules = Rules::from([("懲戒".to_string(), "no".to_string())]);
        let stored = alumnus(&[(Field::Name, "X"), (Field::RehireEligible, "unknown")]);
        let merged = merge(&stored, &row(&[(Field::LeaveReason, "懲戒")]), &rules);
        assert_eq!(
            merged.values[Field::RehireEligible.index()].as_deref(),
            Some("no")
        );
        assert_eq!(merged.rehire_source, Some(RehireSource::Rule));
    }

    #[test]
    fn a_rule_never_overrides_the_file() {
        let rules = Rules::from([("懲戒".to_string(), "no".to_string())]);
        let stored = alumnus(&[(Field::Name, "X")]);
        let incoming = row(&[
            (Field::LeaveReason, "懲戒"),
            (Field::RehireEligible, "review"),
        ]);
        let merged = merge(&stored, &incoming, &rules);
        assert_eq!(
            merged.values[Field::RehireEligible.index()].as_deref(),
            Some("review")
        );
        assert_eq!(merged.rehire_source, Some(RehireSource::Imported));
    }
}
